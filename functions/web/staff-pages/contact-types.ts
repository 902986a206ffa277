import { CONTACT_TYPES, type ContactType } from '../../domain/cases/case-note.ts';
import type { StaffLanguage } from './staff-words.ts';

/** A contact type (phone, home visit …) in the reader's words; a type no locale names is shown as stored. */
export function contactTypeLabel(type: unknown, language: StaffLanguage): string {
  return (CONTACT_TYPES as readonly unknown[]).includes(type) ? language.words('staffNotes').t(`contact.${type as ContactType}`) : String(type);
}

/** The same in the middle of a sentence ("Addendum to the phone call note"). */
export const contactTypeInSentence = (type: unknown, language: StaffLanguage): string => contactTypeLabel(type, language).toLocaleLowerCase(language.locale);

/** A note's line in the case timeline: its type, never its words. */
export function noteTimelineText(entry: Readonly<Record<string, unknown>>, language: StaffLanguage): string {
  const words = language.words('staffNotes');
  return entry.event === 'addendum'
    ? words.t('timeline.addendum', { kind: contactTypeInSentence(entry.contactType, language) })
    : words.t('timeline.noted', { type: contactTypeLabel(entry.contactType, language) });
}
