import { isPlainId } from '../../contracts/ids.ts';
import { isPackPath, packVersion, type PackFiles } from '../forms/pack-files.ts';

/**
 * A whole pack as one JSON file: `{ agency, version, files: { "agency.json": "…", "forms/intake.json": "…" } }`. The
 * studio downloads and uploads it, and `npm run pack` writes it into `form-schemas/<agency>/` or makes it from there,
 * so a pack round-trips between the studio and the repository without an archive format.
 */
export interface PackJson {
  readonly agency: string;
  readonly version: string;
  readonly files: Readonly<Record<string, string>>;
}

/** The file's text: indented and in path order, so two downloads of one version are the same bytes and diff well. */
export function packJsonText(agency: string, files: PackFiles): string {
  const sorted = Object.fromEntries([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const pack: PackJson = { agency, version: packVersion(files), files: sorted };
  return `${JSON.stringify(pack, null, 2)}\n`;
}

/** Why a file is not a pack to take, each said to the admin in plain words. */
export type PackJsonRefusal =
  | { readonly refusal: 'not-json' }
  | { readonly refusal: 'not-a-pack' }
  | { readonly refusal: 'other-agency'; readonly agency: string }
  | { readonly refusal: 'not-pack-files'; readonly paths: readonly string[] };

export type ReadPackJson = { readonly refusal?: undefined; readonly agency: string; readonly files: PackFiles } | PackJsonRefusal;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads a pack file as the studio and the script take it: JSON of that shape, an agency id (the one expected, when
 * one is), only paths a pack may hold and text contents. The `version` it names is not trusted: the files are
 * hashed again wherever they are stored.
 */
export function readPackJson(text: string, expectedAgency?: string): ReadPackJson {
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return { refusal: 'not-json' };
  }
  if (!isRecord(value) || !isPlainId(value.agency) || !isRecord(value.files)) return { refusal: 'not-a-pack' };
  const entries = Object.entries(value.files);
  if (entries.length === 0 || entries.some(([, contents]) => typeof contents !== 'string')) return { refusal: 'not-a-pack' };
  if (expectedAgency !== undefined && value.agency !== expectedAgency) return { refusal: 'other-agency', agency: value.agency };
  const strange = entries.map(([path]) => path).filter((path) => !isPackPath(path));
  if (strange.length > 0) return { refusal: 'not-pack-files', paths: strange };
  return { agency: value.agency, files: new Map(entries as Array<[string, string]>) };
}
