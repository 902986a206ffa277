import type { StaffMember } from '../../contracts/staff-claims.ts';
import { PAGE_STYLE } from '../public-pages/page-style.ts';
import { html, SafeHtml } from '../public-pages/html.ts';
import { INTAKE_SCRIPT } from '../public-pages/intake-script.ts';
import { STAFF_STYLE } from './staff-style.ts';
import { brandStyle } from '../public-pages/brand-style.ts';
import { NOTE_WRITERS } from '../../contracts/roles.ts';
import { ENGLISH, type StaffLanguage } from './staff-words.ts';
import { caseWords } from './case-words.ts';
import type { LanguageChoice } from '../public-pages/intake-page-html.ts';

/** Where in the staff pages a page is: its link in the bar is marked current. */
export type StaffSection = 'cases' | 'follow-ups' | 'exports' | 'studio' | undefined;


export interface StaffChrome {
  readonly agencyName: string;
  /** Absent on sign-in and error pages shown to no one signed in. */
  readonly staff?: StaffMember;
  readonly current?: StaffSection;
  /** The agency's colour (#rrggbb) for the bar and accents; absent before sign-in, where no agency is known. */
  readonly brandColor?: string;
  /** The reader's language (staff/staff-locale.ts); English where none is known yet (before sign-in). */
  readonly language?: StaffLanguage;
  /** The agency's languages to switch to: on pages reached by a link (GET), not on answers to a form post. */
  readonly languages?: readonly LanguageChoice[];
}

export const canExport = (staff: StaffMember) => staff.roles.includes('supervisor');
/** Agency admins change the agency's forms in the studio. */
export const canEditForms = (staff: StaffMember) => staff.roles.includes('agency-admin');
/** Follow-ups are kept by the staff who write notes (contracts/roles.ts). */
const keepsFollowUps = (staff: StaffMember) => staff.roles.some((role) => NOTE_WRITERS.includes(role));

/** The bar on every staff page: the agency, where to go, who is signed in, and signing out. */
export function staffHeader(chrome: StaffChrome): SafeHtml {
  const { staff } = chrome;
  const language = chrome.language ?? ENGLISH;
  const words = language.words('staff');
  const roles = caseWords(language, undefined);
  const link = (section: StaffSection, href: string, label: string) =>
    html`<li><a href="${href}"${section === chrome.current ? new SafeHtml(' aria-current="page"') : undefined}>${label}</a></li>`;
  return html`<a class="skip" href="#main">${words.t('skipLink')}</a>
<header class="site">
<p class="agency">${chrome.agencyName}</p>
${chrome.languages && chrome.languages.length > 1 ? html`<nav aria-label="${words.t('language')}"><ul class="languages">${chrome.languages.map((choice) =>
    choice.locale === language.locale
      ? html`<li><span aria-current="true" lang="${choice.locale}">${choice.name}</span></li>`
      : html`<li><a href="${choice.href}" hreflang="${choice.locale}" lang="${choice.locale}">${choice.name}</a></li>`)}</ul></nav>` : undefined}
${staff ? html`<nav aria-label="${words.t('nav')}"><ul class="staff-nav">${link('cases', `/staff/${staff.agencyId}/cases`, words.t('nav.cases'))}${keepsFollowUps(staff) ? link('follow-ups', `/staff/${staff.agencyId}/follow-ups`, words.t('nav.followUps')) : undefined}${canExport(staff) ? link('exports', `/staff/${staff.agencyId}/exports`, words.t('nav.exports')) : undefined}${canEditForms(staff) ? link('studio', `/staff/${staff.agencyId}/studio`, words.t('nav.studio')) : undefined}</ul></nav>
<div class="who"><span>${words.t('signedInAs', { who: staff.email ?? staff.subject, roles: staff.roles.map((role) => roles.role(role)).join(', ') })}</span><form method="post" action="/staff/sign-out"><button type="submit">${words.t('signOut')}</button></form></div>` : undefined}
</header>`;
}

/** A whole staff page: both inline style blocks (each allowed by its hash) and no script. */
/**
 * A staff page. `intakeScript`: the page takes files in place with the forms' script (intake-script.ts: the signing
 * page's paper scan), which the staff pages' policy allows by its hash.
 */
export function staffDocument(title: string, chrome: StaffChrome, main: SafeHtml, options: { readonly intakeScript?: boolean } = {}): string {
  const language = chrome.language ?? ENGLISH;
  return html`<!doctype html>
<html lang="${language.locale}" dir="${language.dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · ${chrome.agencyName}</title>
<style>${new SafeHtml(PAGE_STYLE)}</style>
<style>${new SafeHtml(STAFF_STYLE)}</style>
${chrome.brandColor ? html`<style>${new SafeHtml(brandStyle(chrome.brandColor))}</style>` : undefined}
</head>
<body>
${staffHeader(chrome)}
<main id="main" class="wide">
${main}
</main>
${options.intakeScript ? html`<script>${new SafeHtml(INTAKE_SCRIPT)}</script>` : undefined}
</body>
</html>
`.text;
}

/** A refusal or a short notice: a heading and one sentence, with a way back. */
export function staffMessagePage(chrome: StaffChrome, title: string, message: string, back?: { href: string; label: string }): string {
  return staffDocument(title, chrome, html`<h1>${title}</h1>
<p>${message}</p>
${back ? html`<p><a href="${back.href}">${back.label}</a></p>` : undefined}`);
}
