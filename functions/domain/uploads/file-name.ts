/** The longest file name kept: long enough for any name a phone or scanner gives, short enough for a case page line. */
export const MAX_FILE_NAME_LENGTH = 200;

export type FileNameRefusal = 'missing' | 'path' | 'control' | 'too-long';

/**
 * Characters a name must not carry: C0/C1 controls (a newline splits a header or a log line), and the bidirectional
 * overrides and isolates that make `invoice‮fdp.exe` read as `invoiceexe.pdf`.
 */
const UNSAFE_CHARACTERS = /[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
/** Folder parts: either separator, or `..` anywhere (a name such as `a..pdf` is rare, and refusing it is simpler than being clever). */
const PATH_PARTS = /[/\\]|\.\./;

/**
 * The name a client's device gave a file, as caseforms keeps it (Unicode NFC), or why it is refused. A name is only
 * shown to staff and offered as the download's name; it never becomes a key or a path, and is refused rather than
 * cleaned so the client sees what was wrong and nothing is stored under a name they did not choose.
 */
export function checkFileName(name: unknown): { readonly name: string } | { readonly refused: FileNameRefusal } {
  if (typeof name !== 'string' || name.trim() === '') return { refused: 'missing' };
  const normalized = name.normalize('NFC');
  if (UNSAFE_CHARACTERS.test(normalized)) return { refused: 'control' };
  if (PATH_PARTS.test(normalized) || normalized === '.') return { refused: 'path' };
  if ([...normalized].length > MAX_FILE_NAME_LENGTH) return { refused: 'too-long' };
  return { name: normalized };
}
