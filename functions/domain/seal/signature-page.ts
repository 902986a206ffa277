import type { Agency } from '../forms/agency.ts';
import { brandColorOf } from '../forms/brand.ts';
import { directionOf } from '../forms/text-direction.ts';
import type { TemplateLibrary } from '../documents/templates.ts';
import type { SignatureEvidence } from '../signatures/evidence.ts';
import type { SignerRole } from '../signatures/signature-plan.ts';

/** The words of the signature page live under this key in templates/<folder>/locales/<locale>.json. */
export const SIGNATURE_PAGE = 'signaturePage';

export interface SignaturePageInput {
  readonly agency: Agency;
  /** The document's language: the page is written in it, whatever language each signer saw. */
  readonly locale: string;
  readonly documentTitle: string;
  readonly signers: readonly SignatureEvidence[];
  /**
   * Optional signers who were asked and gave nothing before the seal: the page says so, so a reader of the sealed file
   * knows the acknowledgement was sought, not forgotten.
   */
  readonly notSigned: readonly SignerRole[];
  readonly sealedAt: Date;
}

/**
 * The HTML of the page appended to a signed document (templates/default/signature-page.hbs): per signer, who they
 * are, what they stated, how and when they signed, how they were identified, from where, the consent they accepted
 * and the SHA-256 of what they saw. Intent and consent are printed in the language the signer was shown them in.
 */
export function renderSignaturePageHtml(templates: TemplateLibrary, input: SignaturePageInput): string {
  const { agency, locale } = input;
  const strings = templates.strings(agency.id, SIGNATURE_PAGE, locale) ?? templates.strings(agency.id, SIGNATURE_PAGE, 'en') ?? {};
  const word = (path: string, fill: Readonly<Record<string, string>> = {}): string | undefined => {
    let value: unknown = strings;
    for (const part of path.split('.')) value = (value as Record<string, unknown> | undefined)?.[part];
    return typeof value === 'string' ? value.replace(/\{(\w+)\}/g, (match, name: string) => fill[name] ?? match) : undefined;
  };
  const time = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'long', timeZone: agency.timeZone });
  return templates.template(agency.id, 'signature-page')({
    lang: locale,
    dir: directionOf(locale),
    title: word('title') ?? 'Signatures',
    documentTitle: input.documentTitle,
    isolatedTitle: isolated(input.documentTitle),
    agency,
    brandColor: brandColorOf(agency),
    strings,
    sealedAt: time.format(input.sealedAt),
    signers: input.signers.map((evidence) => ({
      ...evidence,
      role: word(`roles.${evidence.signerRole}`) ?? evidence.signerRole,
      method: word(`methods.${evidence.method}`) ?? evidence.method,
      signedAt: time.format(new Date(evidence.signedAt)),
      identifiedBy: identification(evidence.identifiedBy, word),
    })),
    notSigned: input.notSigned.map((role) => word('notSigned', { role: word(`roles.${role}`) ?? role }) ?? role),
  });
}

/**
 * A value set inside a sentence keeps its own direction (U+2068 FIRST STRONG ISOLATE … U+2069 POP DIRECTIONAL
 * ISOLATE, `<bdi>` in plain text): an address or a Latin title in an Arabic sentence neither reorders nor moves.
 */
const isolated = (value: string): string => `\u2068${value}\u2069`;

/** `link-and-code: <masked address>` / `staff-session: <staff id>` in words; anything else as recorded. */
function identification(identifiedBy: string, word: (path: string, fill: Readonly<Record<string, string>>) => string | undefined): string {
  const [, kind, detail] = /^(link-and-code|staff-session): (.+)$/.exec(identifiedBy) ?? [];
  if (kind === 'link-and-code' && detail) return word('identified.linkAndCode', { address: isolated(detail) }) ?? identifiedBy;
  if (kind === 'staff-session' && detail) return word('identified.staffSession', { staff: isolated(detail) }) ?? identifiedBy;
  return identifiedBy;
}
