import { unescapeToken } from '../../contracts/json-pointer.ts';

/**
 * Where each key name is known in a schema for authors (agency.schema.json, the x-caseforms vocabulary), so a key
 * written in the wrong place can be sent to the right one: `receipt` at the top of agency.json belongs under
 * `delivery.routes`. A place is written as authors read it: `delivery.routes`, `providers[]` (each entry of a list),
 * `delivery.routes.*` (each value of a map whose keys the author names).
 */
export type KeyPlaces = ReadonlyMap<string, readonly string[]>;

type Node = Readonly<Record<string, unknown>>;

const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Every declared key of the schema with the places it is declared in. `openKeys` adds keys a map accepts that its
 * schema cannot list (the route names `delivery.routes` knows from the code, such as `receipt`).
 */
export function keyPlaces(schema: object, openKeys: Readonly<Record<string, readonly string[]>> = {}): KeyPlaces {
  const places = new Map<string, string[]>();
  const add = (key: string, place: string): void => {
    const known = places.get(key) ?? [];
    if (!known.includes(place)) places.set(key, [...known, place]);
  };
  const visit = (node: unknown, place: string): void => {
    if (!isNode(node)) return;
    if (isNode(node.properties)) {
      for (const [key, child] of Object.entries(node.properties)) {
        add(key, place);
        visit(child, join(place, key));
      }
    }
    visit(node.items, `${place}[]`);
    visit(node.additionalProperties, join(place, '*'));
    for (const keyword of ['allOf', 'anyOf', 'oneOf'] as const) {
      const branches = node[keyword];
      if (Array.isArray(branches)) for (const branch of branches) visit(branch, place);
    }
    for (const keyword of ['if', 'then', 'else'] as const) visit(node[keyword], place);
  };
  visit(schema, '');
  for (const [place, keys] of Object.entries(openKeys)) for (const key of keys) add(key, place);
  return places;
}

/**
 * The place an ajv error's schema path stands for, in the words of keyPlaces:
 * `#/properties/delivery/properties/routes/additionalProperties` (the error's own keyword) is `delivery.routes`.
 */
export function placeOfSchemaPath(schemaPath: string): string {
  const tokens = schemaPath.replace(/^#\/?/, '').split('/').filter((token) => token !== '');
  tokens.pop(); // the failing keyword itself
  let place = '';
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index]!;
    if (token === 'properties') {
      index += 1;
      place = join(place, unescapeToken(tokens[index] ?? ''));
    } else if (token === 'items') {
      place = `${place}[]`;
    } else if (token === 'additionalProperties') {
      place = join(place, '*');
    }
    // allOf/anyOf/oneOf/if/then/else and their indexes stay at the same place.
  }
  return place;
}

/** "`receipt` belongs under `delivery.routes`", when the key is known in exactly one other place. */
export function misplacedKeyHint(key: string, place: string, places: KeyPlaces): string | undefined {
  const elsewhere = (places.get(key) ?? []).filter((candidate) => candidate !== place);
  if (elsewhere.length !== 1) return undefined;
  const there = (elsewhere[0] as string).replaceAll('*', '<name>');
  if (there === '') return `\`${key}\` belongs at the top level`;
  if (there.endsWith('[]')) return `\`${key}\` belongs in each entry of \`${there.slice(0, -2)}\``;
  return `\`${key}\` belongs under \`${there}\``;
}

const join = (place: string, key: string): string => (place === '' ? key : `${place}.${key}`);

