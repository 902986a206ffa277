import { appendPointer, pointerTokens } from '../../contracts/json-pointer.ts';

/** A place in a text file as editors count it: both from 1, the column in UTF-16 code units. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/**
 * Where each JSON pointer of a document sits in its text: an object member at its key (where the author wrote the
 * name), an array item or the root at its value. The text must be valid JSON (JSON.parse has accepted it); there is
 * no library for this in the project, so this scanner walks the text once.
 */
export function jsonPositions(text: string): (pointer: string) => Position {
  const offsets = new Map<string, number>();
  let at = 0;

  const skipSpace = (): void => {
    while (at < text.length && ' \t\r\n'.includes(text[at]!)) at += 1;
  };
  const skipString = (): string => {
    const start = at;
    at += 1;
    while (text[at] !== '"') at += text[at] === '\\' ? 2 : 1;
    at += 1;
    return JSON.parse(text.slice(start, at)) as string;
  };
  const value = (pointer: string): void => {
    skipSpace();
    const char = text[at];
    if (char === '{') {
      at += 1;
      skipSpace();
      while (text[at] !== '}') {
        skipSpace();
        const keyAt = at;
        const child = appendPointer(pointer, skipString());
        offsets.set(child, keyAt);
        skipSpace();
        at += 1; // the colon
        value(child);
        skipSpace();
        if (text[at] === ',') at += 1;
        skipSpace();
      }
      at += 1;
    } else if (char === '[') {
      at += 1;
      skipSpace();
      for (let index = 0; text[at] !== ']'; index += 1) {
        skipSpace();
        const child = appendPointer(pointer, index);
        offsets.set(child, at);
        value(child);
        skipSpace();
        if (text[at] === ',') at += 1;
        skipSpace();
      }
      at += 1;
    } else if (char === '"') {
      skipString();
    } else {
      while (at < text.length && !',]} \t\r\n'.includes(text[at]!)) at += 1;
    }
  };

  skipSpace();
  offsets.set('', at);
  value('');
  const toPosition = offsetToPosition(text);
  // A pointer to something absent (a missing required key) is shown at its nearest present ancestor.
  return (pointer) => {
    let tokens = pointerTokens(pointer);
    for (;;) {
      const found = offsets.get(tokens.reduce<string>((joined, token) => appendPointer(joined, token), ''));
      if (found !== undefined) return toPosition(found);
      tokens = tokens.slice(0, -1);
    }
  };
}

/** Line and column of a character offset in the text. */
export function offsetToPosition(text: string): (offset: number) => Position {
  const lineStarts = [0];
  for (let index = 0; index < text.length; index += 1) if (text[index] === '\n') lineStarts.push(index + 1);
  return (offset) => {
    let line = 0;
    while (line + 1 < lineStarts.length && lineStarts[line + 1]! <= offset) line += 1;
    return { line: line + 1, column: offset - lineStarts[line]! + 1 };
  };
}
