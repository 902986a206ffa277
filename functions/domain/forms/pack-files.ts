import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * One agency's pack as its files, by path inside the pack's folder: `agency.json`, `staff.json`, `forms/<id>.json`,
 * `locales/<locale>.json`. The same files whether they come from `form-schemas/<agency>/` in the repository, a
 * studio draft or a published version, so one loader and one linter serve all three.
 */
export type PackFiles = ReadonlyMap<string, string>;

const PACK_PATH = /^(agency\.json|staff\.json|forms\/[^/]+\.json|locales\/[^/]+\.json)$/;

/** A path a pack may hold; anything else (a README, a stray folder) is not part of the pack. */
export const isPackPath = (path: string): boolean => PACK_PATH.test(path);

/** The pack files in a folder (`form-schemas/<agency>`), read as they are. */
export function readPackDir(dir: string): PackFiles {
  const files = new Map<string, string>();
  for (const name of ['agency.json', 'staff.json']) {
    if (existsSync(join(dir, name))) files.set(name, readFileSync(join(dir, name), 'utf8'));
  }
  for (const folder of ['forms', 'locales']) {
    if (!existsSync(join(dir, folder))) continue;
    for (const name of readdirSync(join(dir, folder)).filter((file) => file.endsWith('.json')).sort()) {
      files.set(`${folder}/${name}`, readFileSync(join(dir, folder, name), 'utf8'));
    }
  }
  return files;
}

/** The files of one folder of the pack (`forms`, `locales`), by name without `.json`, in name order. */
export function packFolder(files: PackFiles, folder: 'forms' | 'locales'): Array<readonly [string, string]> {
  const prefix = `${folder}/`;
  return [...files].filter(([path]) => path.startsWith(prefix) && path.endsWith('.json'))
    .map(([path, text]) => [path.slice(prefix.length, -'.json'.length), text] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * A pack version is the hash of its files (paths and contents, in path order), as a form version is the hash of its
 * text: the same files are the same version wherever they were written.
 */
export function packVersion(files: PackFiles): string {
  const hash = createHash('sha256');
  for (const path of [...files.keys()].sort()) hash.update(path).update('\0').update(files.get(path)!).update('\0');
  return hash.digest('hex').slice(0, 16);
}
