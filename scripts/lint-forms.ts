// `npm run lint:forms [formsDir] [templatesDir]`: every problem in the agency packs as `file:line:column /json/pointer message`.
// Warnings are printed too, but only errors fail the command (as only errors refuse a publish).
import { join, resolve } from 'node:path';
import { formatProblem, lintForms, refusesPack } from '../functions/domain/forms/lint.ts';

const root = resolve(import.meta.dirname, '..');
const formsDir = resolve(process.argv[2] ?? join(root, 'form-schemas'));
const templatesDir = resolve(process.argv[3] ?? join(root, 'templates'));
const problems = lintForms(formsDir, templatesDir);
for (const problem of problems) console.log(formatProblem(problem));
const errors = problems.filter((problem) => problem.severity === 'error').length;
const warnings = problems.length - errors;
console.log(`lint:forms: ${errors === 0 ? 'no problems' : `${errors} problem(s)`}${warnings > 0 ? `, ${warnings} warning(s)` : ''}`);
process.exit(refusesPack(problems) ? 1 : 0);
