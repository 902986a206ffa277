import type { FollowUp } from '../../domain/cases/follow-ups.ts';
import { html, type SafeHtml } from '../public-pages/html.ts';
import type { Words } from './staff-words.ts';

/**
 * "Mark done" beside a note's follow-up on My follow-ups: a plain form post (no script), so it works as every other
 * staff post does. A review date has none: it moves with the next review.
 */
export function followUpDoneForm(agencyId: string, item: FollowUp, words: Words<'staffFollowUps'>): SafeHtml | undefined {
  if (item.kind !== 'note' || !item.noteId) return undefined;
  const action = `/staff/${agencyId}/cases/${item.caseId}/notes/${item.noteId}/follow-up-done`;
  return html`<form method="post" action="${action}"><button type="submit">${words.t('markDone')}<span class="visually-hidden"> (${item.due})</span></button></form>`;
}

/** What the list says after a post sent the browser back to it. */
export function followUpDoneNotice(query: Readonly<Record<string, string | undefined>> | undefined, words: Words<'staffFollowUps'>): SafeHtml | undefined {
  const result = query?.followUp;
  if (result !== 'done' && result !== 'already-done') return undefined;
  return html`<div class="notice" role="status"><p>${result === 'done' ? words.t('notice.done') : words.t('notice.alreadyDone')}</p></div>`;
}
