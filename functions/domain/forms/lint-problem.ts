/**
 * One problem in a pack, printed as `file:line:column /json/pointer message` (no line for a file that is missing).
 * `file` is the path inside the pack (`forms/intake.json`) from lintPack, and from the repository's root
 * (`form-schemas/demo/forms/intake.json`) from lintForms. An error refuses the pack (lint:forms fails, a publish is
 * refused); a warning is printed and refuses nothing: the pack works, but something in it can never happen.
 */
export interface LintProblem {
  readonly severity: 'error' | 'warning';
  readonly file: string;
  readonly pointer: string;
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
}

export function formatProblem(problem: LintProblem): string {
  const place = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}:${problem.column ?? 1}`;
  return `${place} ${problem.pointer || '/'} ${problem.severity === 'warning' ? 'warning: ' : ''}${problem.message}`;
}

/** Whether the problems refuse the pack: any error does, warnings alone do not. */
export const refusesPack = (problems: readonly LintProblem[]): boolean => problems.some((problem) => problem.severity === 'error');

/** How each check reports: the file inside the pack, the pointer, the words. Returns undefined for `return report(…)`. */
export type Report = (file: string, pointer: string, message: string) => undefined;

/** A list of problems, with a Report for errors and one for warnings that fill it. */
export function problemList(): { problems: LintProblem[]; report: Report; warn: Report } {
  const problems: LintProblem[] = [];
  const reporter = (severity: LintProblem['severity']): Report => (file, pointer, message) => {
    problems.push({ severity, file, pointer, message });
    return undefined;
  };
  return { problems, report: reporter('error'), warn: reporter('warning') };
}

type Json = Record<string, unknown>;

/** A file's text as a JSON object, or undefined with the reason reported at the file. */
export function parseJsonObject(file: string, text: string, report: Report): Json | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Json;
    return report(file, '', 'must be a JSON object');
  } catch (error) {
    return report(file, '', `is not valid JSON: ${(error as Error).message}`);
  }
}
