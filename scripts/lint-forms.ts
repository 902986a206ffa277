// `npm run lint:forms [formsDir] [templatesDir]`: every problem in the agency packs as `file:line:column /json/pointer message`.
import { join, resolve } from 'node:path';
import { formatProblem, lintForms } from '../functions/domain/forms/lint.ts';

const root = resolve(import.meta.dirname, '..');
const formsDir = resolve(process.argv[2] ?? join(root, 'form-schemas'));
const templatesDir = resolve(process.argv[3] ?? join(root, 'templates'));
const problems = lintForms(formsDir, templatesDir);
for (const problem of problems) console.log(formatProblem(problem));
console.log(problems.length === 0 ? 'lint:forms: no problems' : `lint:forms: ${problems.length} problem(s)`);
process.exit(problems.length === 0 ? 0 : 1);
