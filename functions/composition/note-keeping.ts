import { DynamoNoteStore } from '../adapters/aws/note-store.ts';
import type { Config } from '../contracts/config.ts';
import type { FormCatalog } from '../domain/forms/catalog.ts';
import { servingCatalog } from './serving-catalog.ts';

/** What the functions that save notes and list follow-ups work with: the agencies (time zones), and the note store. */
export function noteKeeping(config: Config): { readonly catalog: FormCatalog; readonly noteStore: DynamoNoteStore } {
  return { catalog: servingCatalog(config), noteStore: new DynamoNoteStore(config.tableName) };
}
