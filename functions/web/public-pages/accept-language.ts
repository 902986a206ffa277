/**
 * Picks the locale to answer in from an Accept-Language header (RFC 9110 §12.5.4): the client's preferences in
 * q order, each matched exactly, then by its base language, against the locales the agency offers.
 */
export function negotiateLocale(header: string | undefined, offered: readonly string[], fallback: string): string {
  const preferences = (header ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...parameters] = part.trim().split(';').map((piece) => piece.trim());
      const q = Number(parameters.find((p) => p.startsWith('q='))?.slice(2) ?? '1');
      return { tag: tag.toLowerCase(), q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((preference) => preference.tag !== '' && preference.tag !== '*' && preference.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of preferences) {
    const exact = offered.find((locale) => locale.toLowerCase() === tag);
    if (exact) return exact;
    const base = offered.find((locale) => locale.toLowerCase() === tag.split('-')[0]);
    if (base) return base;
  }
  return fallback;
}
