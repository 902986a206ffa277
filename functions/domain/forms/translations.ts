import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One locale file of an agency pack: `form-schemas/<agency>/locales/<locale>.json`. */
export interface Translations {
  readonly forms?: Readonly<Record<string, { readonly title?: string; readonly description?: string; readonly fields?: Readonly<Record<string, string>> }>>;
}

export function loadTranslations(packDir: string): ReadonlyMap<string, Translations> {
  const dir = join(packDir, 'locales');
  const translations = new Map<string, Translations>();
  if (!existsSync(dir)) return translations;
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.json'))) {
    translations.set(file.slice(0, -'.json'.length), JSON.parse(readFileSync(join(dir, file), 'utf8')) as Translations);
  }
  return translations;
}
