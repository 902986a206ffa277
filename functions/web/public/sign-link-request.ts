import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { linkPassHash } from '../../domain/delivery/link-code.ts';
import type { AuditRecord } from '../../domain/cases/case-record.ts';
import type { SignConsent } from '../../domain/delivery/secure-link.ts';
import type { TemplateLibrary } from '../../domain/documents/templates.ts';
import type { Agency } from '../../domain/forms/agency.ts';
import { clientSigningStep, clientSigns, notePaperRequest, type ClientSigningRefusal } from '../../domain/signatures/client-signing.ts';
import type { SigningStore, SigningJobKind } from '../../domain/signatures/signing-store.ts';
import { readyToSeal, type SigningRecord } from '../../domain/signatures/signing.ts';
import { htmlResponse } from '../http/page-responses.ts';
import { phrase, wordPhrase } from '../http/problem-phrases/index.ts';
import type { HttpResponse } from '../http/responses.ts';
import { fill } from '../public-pages/html.ts';
import { linkRefusedPageHtml } from '../public-pages/link-refused-page.ts';
import { consentPageHtml, readPageHtml, signMessagePageHtml, type ConsentWords, type SignPageFrame } from '../public-pages/sign-pages.ts';
import type { FormBodyEvent } from '../http/form-body.ts';
import { Problem } from '../http/problem.ts';
import { linkCodePage, linkPassOf, linkPath } from './link-code-responses.ts';
import { openerOf } from './opener.ts';
import type { StandingLink } from './secure-link-request.ts';

/** What a signing link's pages read and write besides the link itself. */
export interface SignLinkPorts {
  readonly signings: Pick<SigningStore, 'findSigning' | 'saveSigning'>;
  recordSignConsent(agencyId: string, tokenHash: string, consent: SignConsent): Promise<boolean>;
  recordAccess(audit: AuditRecord): Promise<void>;
  readonly templates: TemplateLibrary;
}

/** The phrases of a signing link's pages (problem-phrases: sign*). */
type SignPhrase = 'signRefusedTitle' | 'signUsed' | 'signPaperChosen' | 'signSuperseded' | 'signClosed' | 'signAlreadySigned' | 'signNotYourTurn'
  | 'signNotASignLink' | 'signNoConsent' | 'signNoName' | 'signNoIntent' | 'signChoiceUnknown';

/** The page's words for a refusal, and its status: a link that is done with is Gone, one that is early a Conflict. */
const REFUSALS: Readonly<Record<ClientSigningRefusal, { readonly phrase: SignPhrase; readonly status: number }>> = {
  used: { phrase: 'signUsed', status: 410 },
  'paper-chosen': { phrase: 'signPaperChosen', status: 410 },
  superseded: { phrase: 'signSuperseded', status: 410 },
  sealed: { phrase: 'signClosed', status: 410 },
  declined: { phrase: 'signClosed', status: 410 },
  closed: { phrase: 'signClosed', status: 410 },
  'already-done': { phrase: 'signAlreadySigned', status: 410 },
  'out-of-order': { phrase: 'signNotYourTurn', status: 409 },
  'not-a-signer': { phrase: 'signNotASignLink', status: 404 },
  'not-a-sign-link': { phrase: 'signNotASignLink', status: 404 },
  'no-consent': { phrase: 'signNoConsent', status: 409 },
  'no-intent': { phrase: 'signNoIntent', status: 400 },
  'no-name': { phrase: 'signNoName', status: 400 },
  'no-reason': { phrase: 'signNotASignLink', status: 400 },
  'no-upload': { phrase: 'signNotASignLink', status: 400 },
  'not-ready': { phrase: 'signNotYourTurn', status: 409 },
};

/** A signing link's words in its client's language: the language of the mail that carried it. */
class SignWords {
  readonly locale: string;
  private readonly section: Readonly<Record<string, unknown>>;
  private readonly values: Readonly<Record<string, string>>;

  constructor(templates: TemplateLibrary, agency: Agency, locale: string | undefined, documentType: string) {
    this.locale = locale && agency.locales.includes(locale) ? locale : agency.defaultLocale;
    const strings = (section: string) => templates.strings(agency.id, section, this.locale) ?? templates.strings(agency.id, section, agency.defaultLocale) ?? {};
    this.section = strings('signing');
    const title = strings(documentType).title;
    // A title made of the form's own (`{form}`) needs the form: a document signed is named by its type then.
    const document = typeof title === 'string' && !title.includes('{form}') ? title : documentType;
    this.values = { agency: agency.name, phone: agency.contact.phone, document };
  }

  say(key: string): string {
    const text = this.section[key];
    return fill(typeof text === 'string' ? text : key, this.values);
  }

  intent(intent: string): string {
    const intents = this.section.intent as Readonly<Record<string, string>> | undefined;
    return fill(intents?.[intent] ?? intent, this.values);
  }

  phrase(key: SignPhrase): string {
    return wordPhrase(phrase(key), this.locale);
  }

  consent(): ConsentWords {
    return {
      title: this.say('consentTitle'),
      paragraphs: ['consentLead', 'consentWhat', 'consentPaper', 'consentWithdraw', 'consentCopy'].map((key) => this.say(key)),
      agree: this.say('agree'), paper: this.say('paper'),
    };
  }
}

/** The consent's full text as the page shows it: what the evidence of an electronic signature keeps. */
const consentText = (words: ConsentWords) => [words.title, ...words.paragraphs].join('\n\n');

/** What every handler of a signing link starts from: the link that stands, its record, its words. */
interface SignContext {
  readonly standing: StandingLink;
  readonly ports: SignLinkPorts;
  readonly stored: { readonly record: SigningRecord; readonly version: number } | undefined;
  readonly words: SignWords;
  readonly frame: SignPageFrame;
}

async function signContext(standing: StandingLink, ports: SignLinkPorts): Promise<SignContext> {
  const { agency, link, token } = standing;
  const stored = await ports.signings.findSigning(agency.id, link.caseId, link.documentId);
  const words = new SignWords(ports.templates, agency, link.codeLocale, stored?.record.documentType ?? '');
  return { standing, ports, stored, words, frame: { locale: words.locale, agencyName: agency.name, agencyPhone: agency.contact.phone, linkPath: linkPath(agency.id, token) } };
}

const page = (context: SignContext, status: number, body: string): HttpResponse =>
  htmlResponse(status, body, { 'Content-Language': context.words.locale, 'Referrer-Policy': 'no-referrer' });

/** A refusal: audited with its reason, answered with a page saying why and whom to call. Nothing is changed. */
async function refuse(context: SignContext, refusal: ClientSigningRefusal): Promise<HttpResponse> {
  const { standing, ports, words, frame } = context;
  await ports.recordAccess({ ...standing.audit, action: 'sign-refused', reason: refusal });
  const { phrase: key, status } = REFUSALS[refusal];
  return page(context, status, linkRefusedPageHtml({
    locale: words.locale, title: words.phrase('signRefusedTitle'), message: words.phrase(key), agencyName: frame.agencyName, agencyPhone: frame.agencyPhone,
  }));
}

function readWords(context: SignContext, record: SigningRecord) {
  const { words } = context;
  const intent = record.steps.find((step) => step.role === 'client')?.intent ?? 'agree';
  return {
    title: words.say('readTitle'), lead: words.say('readLead'), openDocument: words.say('openDocument'), intent: words.intent(intent),
    nameLabel: words.say('nameLabel'), nameHint: words.say('nameHint'), sign: words.say('sign'), paper: words.say('paper'),
  };
}

/** GET of a signing link once its code is confirmed: the consent page, then the document and the sign form. */
export async function signLinkPage(standing: StandingLink, ports: SignLinkPorts): Promise<HttpResponse> {
  const context = await signContext(standing, ports);
  const step = clientSigningStep(standing.link, context.stored?.record);
  if ('refusal' in step) return refuse(context, step.refusal);
  await ports.recordAccess({ ...standing.audit, action: 'open-sign-link' });
  if (step.page === 'consent') return page(context, 200, consentPageHtml(context.frame, context.words.consent()));
  return page(context, 200, readPageHtml(context.frame, readWords(context, step.record)));
}

const seeLink = (context: SignContext): HttpResponse => ({ statusCode: 303, headers: { Location: context.frame.linkPath, 'Cache-Control': 'no-store' } });

/**
 * POST …/consent (`choice=agree|paper`): agreeing keeps the consent's text as shown and goes on to the document;
 * paper (first, or after agreeing: a withdrawal) is final for the link; the signing record (which staff see) and the
 * case's audit trail show it.
 */
export async function signLinkConsent(standing: StandingLink, ports: SignLinkPorts, choice: string | null, now: Date): Promise<HttpResponse> {
  const context = await signContext(standing, ports);
  const step = clientSigningStep(standing.link, context.stored?.record);
  if ('refusal' in step) return refuse(context, step.refusal);
  const { agency, tokenHash, audit } = standing;
  const { words, frame } = context;
  if (choice === 'agree') {
    if (step.page === 'read') return seeLink(context);
    const consent: SignConsent = { choice: 'agree', at: now.toISOString(), consentText: consentText(words.consent()), locale: words.locale };
    if (!(await ports.recordSignConsent(agency.id, tokenHash, consent))) return refuse(context, 'used');
    await ports.recordAccess({ ...audit, action: 'consent-to-sign' });
    return seeLink(context);
  }
  if (choice === 'paper') {
    if (!(await ports.recordSignConsent(agency.id, tokenHash, { choice: 'paper', at: now.toISOString() }))) return refuse(context, 'used');
    await notePaperRequest(ports.signings, { agencyId: agency.id, caseId: standing.link.caseId, documentId: standing.link.documentId },
      { ...audit, action: 'withdraw-consent', reason: step.page === 'read' ? 'withdrawn' : 'paper-requested' }, (audited) => ports.recordAccess(audited));
    return page(context, 200, signMessagePageHtml(frame, words.say('paperTitle'), words.say('paperDone')));
  }
  return page(context, 400, consentPageHtml(frame, words.consent(), words.phrase('signChoiceUnknown')));
}

/**
 * POST …/sign (`intent=yes`, `name=…`): the client's signature on the document the token names (anything else in
 * the body is ignored), with the link marked used in the same transaction. The record goes on to be sealed when the
 * client was the last one it waited for.
 */
export async function signLinkSign(
  event: APIGatewayProxyEventV2, standing: StandingLink, ports: SignLinkPorts, sent: { readonly name: string | null; readonly intent: string | null }, now: Date,
): Promise<HttpResponse> {
  const { agency, link, tokenHash, audit } = standing;
  // A change that lost a race with another (a staff signature) is judged again on the record as it is then.
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const context = await signContext(standing, ports);
    const { stored } = context;
    const step = clientSigningStep(link, stored?.record);
    if ('refusal' in step || stored === undefined) return refuse(context, 'refusal' in step ? step.refusal : 'not-a-sign-link');
    const shown = readWords(context, step.record);
    const opener = openerOf(event);
    const signed = clientSigns(link, stored.record, {
      typedName: sent.name ?? '', intentTicked: sent.intent === 'yes', intentText: shown.intent, signedAt: now.toISOString(),
      sourceAddress: opener.sourceAddress, userAgent: opener.userAgent,
    });
    if ('refusal' in signed) {
      if (signed.refusal !== 'no-intent' && signed.refusal !== 'no-name') return refuse(context, signed.refusal);
      await ports.recordAccess({ ...audit, action: 'sign-refused', reason: signed.refusal });
      return page(context, 400, readPageHtml(context.frame, shown, { field: signed.refusal === 'no-intent' ? 'intent' : 'name', message: context.words.phrase(REFUSALS[signed.refusal].phrase) }));
    }
    const jobs: SigningJobKind[] = readyToSeal(signed.record) ? ['seal-document'] : [];
    const saved = await ports.signings.saveSigning(agency.id, link.caseId, {
      record: signed.record, version: stored.version, audit: { ...audit, action: 'sign-document' }, jobs, usedLinkTokenHash: tokenHash,
    });
    if (saved === 'link-used') return refuse(context, 'used');
    if (saved === 'saved') {
      const { words, frame } = context;
      return page(context, 200, signMessagePageHtml(frame, words.say('doneTitle'), words.say('done'), words.say('doneCopy')));
    }
  }
  throw new Error('signing record kept changing');
}

/** Whether a post to a link is an answer of a signing link's pages (…/{answer}) rather than its code. */
export const isSignLinkPost = (event: APIGatewayProxyEventV2): boolean => event.pathParameters?.answer !== undefined;

/**
 * POST …/links/{token}/consent and …/sign (the route's `{answer}`; any other is 404): taken only from the browser that confirmed the link's one-time code (its
 * pass cookie); any other gets the code page. A link that is no signing link has no such answers.
 */
export async function signLinkPost(
  event: FormBodyEvent, standing: StandingLink, ports: SignLinkPorts,
  codes: { passValid(agencyId: string, tokenHash: string, passHash: string, now: Date): Promise<boolean> }, now: Date,
): Promise<HttpResponse> {
  const { agency, token, tokenHash, link } = standing;
  const answer = event.pathParameters?.answer;
  if (link.purpose !== 'sign' || link.codeTo === undefined || (answer !== 'consent' && answer !== 'sign')) throw new Problem('notFound', phrase('linkUnknown'));
  const pass = linkPassOf(event);
  if (pass === undefined || !(await codes.passValid(agency.id, tokenHash, linkPassHash(pass), now))) return linkCodePage(event, agency, token, { status: 403, step: 'ask' });
  const params = event.formBody.params;
  return answer === 'consent'
    ? signLinkConsent(standing, ports, params.get('choice'), now)
    : signLinkSign(event, standing, ports, { name: params.get('name'), intent: params.get('intent') }, now);
}
