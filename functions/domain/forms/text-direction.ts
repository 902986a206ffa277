/** Languages written right to left, among those an agency may serve. */
const RIGHT_TO_LEFT = new Set(['ar', 'he', 'fa', 'ur', 'ps', 'yi', 'dv', 'ckb']);

/** The writing direction of a locale (`ar`, `ar-EG`, `fa-IR`…): for a page's, a document's or a message's `dir`. */
export function directionOf(locale: string): 'ltr' | 'rtl' {
  return RIGHT_TO_LEFT.has(locale.split('-')[0]!.toLowerCase()) ? 'rtl' : 'ltr';
}
