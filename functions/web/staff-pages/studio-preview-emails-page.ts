import type { StaffMember } from '../../contracts/staff-claims.ts';
import { directionOf } from '../../domain/forms/text-direction.ts';
import { html, type SafeHtml } from '../public-pages/html.ts';
import { nativeName } from '../public-pages/page-language.ts';
import { staffDocument, type StaffChrome } from './staff-layout.ts';
import { ENGLISH, type Words } from './staff-words.ts';
import type { PreviewDelivery, PreviewDocumentEmails } from './studio-preview-emails.ts';

export interface PreviewEmailsPage {
  readonly chrome: StaffChrome & { readonly staff: StaffMember };
  readonly formTitle: string;
  /** The form's preview page, in the language being previewed. */
  readonly backHref: string;
  readonly documents: readonly PreviewDocumentEmails[];
}

/** Every email the form's documents would send, one recipient after another, as each would read it. */
export function renderPreviewEmailsPage(page: PreviewEmailsPage): string {
  const words = (page.chrome.language ?? ENGLISH).words('staffStudioPreview');
  const title = words.t('emails.title', { form: page.formTitle });
  return staffDocument(title, page.chrome, html`<p class="notice"><strong>${words.t('banner.title')}</strong></p>
<p><a href="${page.backHref}">${words.t('emails.back')}</a></p>
<h1>${title}</h1>
<p>${words.t('emails.intro')}</p>
${page.documents.length === 0 ? html`<p>${words.t('emails.none')}</p>` : html`<p>${words.t('emails.assumed')}</p>
${page.documents.map((document) => html`<section aria-labelledby="doc-${document.documentType}"><h2 id="doc-${document.documentType}">${document.title}</h2>
${document.deliveries.map((delivery) => deliverySection(words, delivery))}</section>`)}`}`);
}

function deliverySection(words: Words<'staffStudioPreview'>, delivery: PreviewDelivery): SafeHtml {
  const { to } = delivery;
  const who = to.kind === 'provider'
    ? words.t('emails.recipient.provider', { name: to.name ?? to.recipient })
    : words.maybe(`emails.recipient.${to.recipient}`) ?? to.recipient;
  if (!('message' in delivery)) {
    const reason = words.maybe(`emails.reason.${to.status === 'withheld' ? to.reason : ''}`) ?? words.t('emails.reason.other', { reason: to.status === 'withheld' ? to.reason : '' });
    return html`<h3>${who}</h3><p class="status-withheld">${words.t('emails.withheld', { reason })}</p>`;
  }
  const { message } = delivery;
  return html`<h3>${who} (${to.method === 'link' ? words.t('emails.method.link') : words.t('emails.method.attachment')})</h3>
<dl class="facts">
<dt>${words.t('emails.to')}</dt><dd dir="ltr">${message.to.join(', ')}</dd>
<dt>${words.t('emails.language')}</dt><dd>${nativeName(to.locale)}</dd>
<dt>${words.t('emails.subject')}</dt><dd lang="${to.locale}" dir="${directionOf(to.locale)}">${message.subject}</dd>
${message.attachments.length > 0 ? html`<dt>${words.t('emails.attachments')}</dt><dd dir="ltr">${message.attachments.map((attachment) => attachment.filename).join(', ')}</dd>` : undefined}
</dl>
<div class="notice" lang="${to.locale}" dir="${directionOf(to.locale)}">${message.text.trim().split(/\n\n/).map((paragraph) => html`<p class="narrative">${paragraph}</p>`)}</div>`;
}
