import type { SigningRecord, SignerStep } from '../../domain/signatures/signing.ts';
import { signedDocumentId } from '../../domain/signatures/sealed-copy.ts';
import { readyToSeal, turnRefusal } from '../../domain/signatures/signing.ts';
import { html, type SafeHtml } from '../public-pages/html.ts';
import type { CaseWords } from './case-words.ts';
import { agencyClock } from './local-time.ts';
import type { StaffLanguage, Words } from './staff-words.ts';

type SigningWords = Words<'staffSigning'>;

/** What a signing record is shown with: the reader's words and clock, and the case's documents by id (for "replaced by"). */
export interface SigningReading {
  readonly language: StaffLanguage;
  readonly named: CaseWords;
  readonly timeZone: string;
  readonly documents: ReadonlyMap<string, { readonly documentType: string; readonly createdAt: string }>;
  /** `/staff/<agency>/cases/<case>`. */
  readonly caseHref: string;
}

/**
 * "Signatures" on the case page: each document that is signed before it is final, its state, each signer's step in
 * words, and a link to its signing page; a sealed one links its final PDF through the audited document route and
 * shows that PDF's SHA-256, the hash the document routes check its bytes against before serving them.
 */
export function signaturesSection(records: readonly SigningRecord[], reading: SigningReading): SafeHtml {
  const words = reading.language.words('staffSigning');
  const heading = html`<h2 id="signatures">${words.t('heading')}</h2>`;
  if (records.length === 0) return html`<section aria-labelledby="signatures">${heading}<p>${words.t('none')}</p></section>`;
  return html`<section aria-labelledby="signatures">${heading}
${records.map((record) => {
    const label = documentLabel(record, reading);
    return html`<h3><a href="${reading.caseHref}/signatures/${record.documentId}">${words.t('open', label)}</a></h3>
<p>${stateLine(record, reading)}${record.state === 'sealed' ? html` <a href="${reading.caseHref}/documents/${signedDocumentId(record.documentId)}">${words.t('finalPdf')}</a>` : undefined}</p>
${record.sealedSha256 !== undefined ? html`<dl class="facts"><dt>${words.t('fingerprint')}</dt><dd><code>${record.sealedSha256}</code></dd></dl>` : undefined}
${paperRequestLine(record, reading)}
${stepList(record, reading)}`;
  })}
</section>`;
}

/** The document's title and date, as the case page's Documents table names it. */
export function documentLabel(record: SigningRecord, reading: SigningReading): { document: string; date: string } {
  return { document: reading.named.documentType(record.documentType), date: agencyClock(record.createdAt, reading.timeZone) };
}

/** Where the record stands, in a sentence. */
export function stateLine(record: SigningRecord, reading: SigningReading): string {
  const words = reading.language.words('staffSigning');
  switch (record.state) {
    case 'awaiting': return words.t(readyToSeal(record) ? 'state.sealing' : 'state.awaiting');
    case 'sealed': return words.t('state.sealed');
    case 'declined': return words.t('state.declined');
    case 'superseded': {
      const by = record.supersededBy === undefined ? undefined : reading.documents.get(record.supersededBy);
      return by
        ? words.t('state.superseded', { document: reading.named.documentType(by.documentType), date: agencyClock(by.createdAt, reading.timeZone) })
        : words.t('state.supersededUnknown');
    }
  }
}

/** "The client asked for a paper copy on …", once they did from their signing link (signing.ts askedForPaper). */
export function paperRequestLine(record: SigningRecord, reading: SigningReading): SafeHtml | undefined {
  if (record.paperRequestedAt === undefined) return undefined;
  return html`<p class="paper-requested">${reading.language.words('staffSigning').t('paperRequested', { date: agencyClock(record.paperRequestedAt, reading.timeZone) })}</p>`;
}

/** Each signer in signing order, in words: waiting, signed by whom and when, on paper, declined and why, not signed. */
export function stepList(record: SigningRecord, reading: SigningReading): SafeHtml {
  const words = reading.language.words('staffSigning');
  return html`<ol>${record.steps.map((step) => html`<li>${sentence(stepText(record, step, reading, words), reading.language.locale)}${step.optional ? html` ${words.t('step.optional')}` : undefined}</li>`)}</ol>`;
}

/** A line that starts with a role's word ("superviseur : …") starts with a capital, in the reader's language. */
const sentence = (text: string, locale: string): string => text.charAt(0).toLocaleUpperCase(locale) + text.slice(1);

function stepText(record: SigningRecord, step: SignerStep, reading: SigningReading, words: SigningWords): string {
  const role = reading.named.role(step.role);
  const when = step.evidence ? agencyClock(step.evidence.signedAt, reading.timeZone) : '';
  switch (step.status) {
    case 'signed': return words.t('step.signed', { role, name: step.evidence?.signerName ?? '', date: when });
    case 'paper': return words.t('step.paper', { role, name: step.evidence?.signerName ?? '', date: when });
    case 'declined': return words.t('step.declined', { role, reason: step.reason ?? '' });
    case 'not-signed': return words.t('step.not-signed', { role });
    case 'pending': {
      // Their turn: every required signer before them is in (signing.ts's order rule).
      if (record.state !== 'awaiting') return words.t('step.not-signed', { role });
      return words.t(turnRefusal(record, step.role) === 'out-of-order' ? 'step.later' : 'step.pending', { role });
    }
  }
}
