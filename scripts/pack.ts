// `npm run pack -- unpack <file.json> [formsDir]`: writes a pack downloaded from the form studio into
// `form-schemas/<agency>/` (the round trip to the repository). Pack files the download no longer has are removed;
// anything else in the folder (a README) is left alone.
// `npm run pack -- bundle <agency> [formsDir]`: the same JSON file made from `form-schemas/<agency>/`, on stdout, to
// upload in the studio.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { isPlainId } from '../functions/contracts/ids.ts';
import { readPackDir } from '../functions/domain/forms/pack-files.ts';
import { packJsonText, readPackJson } from '../functions/domain/studio/pack-json.ts';

const root = resolve(import.meta.dirname, '..');
const [command, subject, dir] = process.argv.slice(2);
const formsDir = resolve(dir ?? join(root, 'form-schemas'));

function fail(message: string): never {
  console.error(`pack: ${message}`);
  process.exit(1);
}

const refusals = {
  'not-json': 'the file is not JSON',
  'not-a-pack': 'the file is JSON but not a pack ({ "agency": "<id>", "files": { "<path>": "<text>" } })',
  'other-agency': 'unreachable: no agency is expected',
  'not-pack-files': 'the file holds paths a pack cannot hold',
} as const;

if (command === 'unpack' && subject) {
  const pack = readPackJson(readFileSync(resolve(subject), 'utf8'));
  if (pack.refusal) fail(`${subject}: ${refusals[pack.refusal]}${pack.refusal === 'not-pack-files' ? `: ${pack.paths.join(', ')}` : ''}`);
  const target = join(formsDir, pack.agency);
  const before = existsSync(target) ? readPackDir(target) : new Map<string, string>();
  for (const path of before.keys()) if (!pack.files.has(path)) rmSync(join(target, path));
  for (const [path, text] of pack.files) {
    mkdirSync(dirname(join(target, path)), { recursive: true });
    writeFileSync(join(target, path), text);
  }
  const removed = [...before.keys()].filter((path) => !pack.files.has(path));
  const changed = [...pack.files].filter(([path, text]) => before.get(path) !== text).map(([path]) => path);
  console.log(`pack: ${target}: ${changed.length} file(s) written${changed.length > 0 ? ` (${changed.join(', ')})` : ''}, ${removed.length} removed${removed.length > 0 ? ` (${removed.join(', ')})` : ''}`);
} else if (command === 'bundle' && isPlainId(subject)) {
  const files = readPackDir(join(formsDir, subject));
  if (files.size === 0) fail(`${join(formsDir, subject)} holds no pack files`);
  process.stdout.write(packJsonText(subject, files));
} else {
  fail('usage: npm run pack -- unpack <file.json> [formsDir] | npm run pack -- bundle <agency> [formsDir]');
}
