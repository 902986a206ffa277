import { closestWord } from './closest-word.ts';
import type { ScoringAnnotation } from './scoring.ts';
import { schemaFields, type SchemaField } from './schema-fields.ts';

type Json = Readonly<Record<string, unknown>>;

/**
 * The keys of a locale file's `forms.<formId>.fields` that name nothing in the form, each with why in plain words and
 * the key the author probably meant: a misspelt pointer would otherwise leave its field in the default language with
 * no word of warning. Keys (pack-labels.ts): a field's pointer, `#<value>` for an option, `:help` or `:<keyword>` for
 * its help or messages (messages are checked in lint-messages.ts), `scores/<id>[#<band>]`, `flags/<id>`.
 */
export function unknownTranslationKeys(schema: Json, scoring: ScoringAnnotation | undefined, keys: readonly string[]): Array<{ readonly key: string; readonly message: string }> {
  const fields = new Map<string, SchemaField>();
  const collect = (field: SchemaField) => {
    if (field.pointer !== '') fields.set(field.pointer, field);
    field.properties?.forEach(collect);
    if (field.items) collect(field.items);
  };
  collect(schemaFields(schema));
  const scores = scoring?.scores ?? [];
  const flags = scoring?.flags ?? [];
  const found: Array<{ key: string; message: string }> = [];
  const unknown = (key: string, what: string, known: readonly string[], prefix = '') => {
    const meant = closestWord(key.slice(prefix.length), known.map((word) => word.slice(prefix.length)));
    found.push({ key, message: `${what}${meant !== undefined ? `: did you mean "${prefix}${meant}"?` : ''}` });
  };
  for (const key of keys) {
    if (key.startsWith('scores/')) {
      const [id = '', band] = key.slice('scores/'.length).split('#', 2);
      const score = scores.find((candidate) => candidate.id === id);
      if (!score) unknown(key, `"${id}" is not a score of this form`, scores.map((candidate) => `scores/${candidate.id}`), 'scores/');
      else if (band !== undefined && !(score.bands ?? []).some((candidate) => candidate.label === band)) {
        unknown(key, `"${band}" is not a band of the score "${id}"`, (score.bands ?? []).map((candidate) => `scores/${id}#${candidate.label}`), `scores/${id}#`);
      }
    } else if (key.startsWith('flags/')) {
      if (!flags.some((flag) => `flags/${flag.id}` === key)) unknown(key, `"${key.slice('flags/'.length)}" is not a risk flag of this form`, flags.map((flag) => `flags/${flag.id}`), 'flags/');
    } else if (key.startsWith('/')) {
      const option = /^(.*?)#(.*)$/.exec(key);
      const pointer = option ? option[1]! : key.replace(/:[A-Za-z]+$/, '');
      const field = fields.get(pointer);
      if (!field) unknown(key, `"${pointer}" is not a field of this form`, [...fields.keys()].map((known) => key.replace(pointer, known)));
      else if (option && !(field.options ?? []).some((choice) => String(choice.value) === option[2])) {
        unknown(key, `"${option[2]}" is not a choice of "${pointer}"`, (field.options ?? []).map((choice) => `${pointer}#${String(choice.value)}`), `${pointer}#`);
      }
    } else {
      found.push({ key, message: 'is not a key translations use: a field\'s pointer ("/givenName", "/needs/-#housing", "/phone:help"), "scores/<id>" or "flags/<id>"' });
    }
  }
  return found;
}
