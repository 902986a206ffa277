import { jsonPositions, offsetToPosition, type Position } from './json-positions.ts';

interface Located {
  readonly file: string;
  readonly pointer: string;
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
}

/**
 * Each problem with the line and column of its pointer in its file's text, so an editor can jump there. A file with
 * no text (missing) has no position; one that is not JSON has the position the parser stopped at.
 */
export function withPositions<T extends Located>(problems: readonly T[], textOf: (file: string) => string | undefined): T[] {
  const locators = new Map<string, ((pointer: string) => Position) | undefined>();
  const locatorOf = (file: string): ((pointer: string) => Position) | undefined => {
    if (!locators.has(file)) locators.set(file, locator(textOf(file)));
    return locators.get(file);
  };
  return problems.map((problem) => {
    const position = syntaxErrorPosition(problem, textOf(problem.file)) ?? locatorOf(problem.file)?.(problem.pointer);
    return position ? { ...problem, ...position } : problem;
  });
}

function locator(text: string | undefined): ((pointer: string) => Position) | undefined {
  if (text === undefined) return undefined;
  try {
    JSON.parse(text);
  } catch {
    return undefined;
  }
  return jsonPositions(text);
}

/** Node's JSON.parse says "… at position N" (its only way of saying where). */
function syntaxErrorPosition(problem: Located, text: string | undefined): Position | undefined {
  const offset = /is not valid JSON: .* at position (\d+)/.exec(problem.message)?.[1];
  if (offset === undefined || text === undefined) return undefined;
  return offsetToPosition(text)(Number(offset));
}
