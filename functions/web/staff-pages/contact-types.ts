import type { ContactType } from '../../domain/cases/case-note.ts';

/** The contact types in the staff pages' words (staff pages are written in English). */
export const CONTACT_TYPE_LABELS: Readonly<Record<ContactType, string>> = {
  phone: 'Phone call',
  'home-visit': 'Home visit',
  'office-visit': 'Office visit',
  email: 'Email',
  letter: 'Letter',
  'collateral-contact': 'Collateral contact',
  'missed-appointment': 'Missed appointment',
};

export const contactTypeLabel = (type: unknown): string => CONTACT_TYPE_LABELS[type as ContactType] ?? String(type);

/** A note's line in the case timeline: its type, never its words. */
export function noteTimelineText(entry: Readonly<Record<string, unknown>>): string {
  return entry.event === 'addendum' ? `Addendum to the ${contactTypeLabel(entry.contactType).toLowerCase()} note` : `${contactTypeLabel(entry.contactType)} noted`;
}
