// `npx tsx scripts/precompile-validators.ts [--forms <dir>] [--out <dir>] [--strict]`: writes the ajv standalone
// validators (functions/domain/forms/validator-codegen.ts). --strict: exit 1 when a schema does not compile; by default it
// is reported and left to the runtime, which refuses that form.
import { relative, resolve } from 'node:path';
import { defaultFormsDir, defaultOutDir, indexModule, precompileValidators } from '../functions/domain/forms/validator-codegen.ts';

function argument(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at === -1 ? undefined : process.argv[at + 1];
}

const formsDir = resolve(argument('--forms') ?? defaultFormsDir);
const outDir = resolve(argument('--out') ?? defaultOutDir);
const started = performance.now();
const { entries, problems } = precompileValidators(formsDir, outDir);
for (const problem of problems) console.warn(`precompile-validators: warning: ${problem}`);
const took = Math.round(performance.now() - started);
console.log(`precompile-validators: ${entries.length} schemas from ${relative(process.cwd(), formsDir) || '.'} -> ${relative(process.cwd(), outDir)}/${indexModule} (${took} ms)`);
if (problems.length > 0 && process.argv.includes('--strict')) process.exit(1);
