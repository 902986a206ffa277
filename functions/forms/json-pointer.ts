/** RFC 6901: `~` and `/` inside a reference token are escaped as `~0` and `~1`. */
export function appendPointer(pointer: string, token: string | number): string {
  return `${pointer}/${String(token).replaceAll('~', '~0').replaceAll('/', '~1')}`;
}
