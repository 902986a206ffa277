import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jsonPositions, offsetToPosition, type Position } from './json-positions.ts';

interface Located {
  readonly file: string;
  readonly pointer: string;
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
}

/**
 * Each problem with the line and column of its pointer in its file, so an editor can jump there. A file that does
 * not exist has no position; one that is not JSON has the position the parser stopped at.
 */
export function withPositions<T extends Located>(problems: readonly T[], root: string): T[] {
  const locators = new Map<string, ((pointer: string) => Position) | undefined>();
  const locatorOf = (file: string): ((pointer: string) => Position) | undefined => {
    if (!locators.has(file)) locators.set(file, locator(join(root, file)));
    return locators.get(file);
  };
  return problems.map((problem) => {
    const position = syntaxErrorPosition(problem, root) ?? locatorOf(problem.file)?.(problem.pointer);
    return position ? { ...problem, ...position } : problem;
  });
}

function locator(path: string): ((pointer: string) => Position) | undefined {
  if (!existsSync(path)) return undefined;
  const text = readFileSync(path, 'utf8');
  try {
    JSON.parse(text);
  } catch {
    return undefined;
  }
  return jsonPositions(text);
}

/** Node's JSON.parse says "… at position N" (its only way of saying where). */
function syntaxErrorPosition(problem: Located, root: string): Position | undefined {
  const offset = /is not valid JSON: .* at position (\d+)/.exec(problem.message)?.[1];
  if (offset === undefined) return undefined;
  return offsetToPosition(readFileSync(join(root, problem.file), 'utf8'))(Number(offset));
}
