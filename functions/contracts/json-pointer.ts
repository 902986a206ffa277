/** RFC 6901: `~` and `/` inside a reference token are escaped as `~0` and `~1`. */
export function appendPointer(pointer: string, token: string | number): string {
  return `${pointer}/${String(token).replaceAll('~', '~0').replaceAll('/', '~1')}`;
}

/** One reference token unescaped (RFC 6901: `~1` is `/`, then `~0` is `~`): `a~1b` → `a/b`. */
export const unescapeToken = (raw: string): string => raw.replaceAll('~1', '/').replaceAll('~0', '~');

/** The reference tokens of an RFC 6901 pointer, unescaped: `/a~1b/c` → `['a/b', 'c']`; `''` → `[]`. */
export function pointerTokens(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map(unescapeToken);
}

/** The value at an RFC 6901 pointer, or undefined when the path does not exist. */
export function valueAt(document: unknown, pointer: string): unknown {
  let current: unknown = document;
  for (const token of pointerTokens(pointer)) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, token)) return undefined;
    current = (current as Record<string, unknown>)[token];
  }
  return current;
}
