import { appendPointer, pointerTokens, valueAt } from '../../contracts/json-pointer.ts';

type Json = Record<string, unknown>;

/** An answer a condition can test: a choice's value, a checkbox's true or false, a text. */
export type Answer = string | number | boolean;

/**
 * A field the schema asks only under a condition on one other answer, in the same object:
 * `when` (a JSON Pointer into a submission) is one of `values`, or, without `values`, is answered at all.
 */
export interface ConditionalField {
  readonly pointer: string;
  readonly when: string;
  readonly values?: readonly Answer[];
}

/** A condition the page cannot show, with the schema pointer of where it is written. */
export interface ConditionProblem {
  readonly pointer: string;
  readonly message: string;
}

export interface FormConditions {
  /** One per field (its conditions merged). Outer sections before the sections inside them, so that applying them in order prunes a dropped section's insides too. */
  readonly fields: readonly ConditionalField[];
  readonly problems: readonly ConditionProblem[];
}

const cache = new WeakMap<object, FormConditions>();

/**
 * Which fields a form asks only under a condition, read from the schema once (forms are immutable once loaded).
 *
 * The rule, the same for the page and the server: a field is asked only when its condition holds if the object that
 * declares it
 * - lists it in the `required` of a `then` (or of an `allOf` item's `then`) whose `if` is
 *   `{ properties: { x: { const } | { enum } }, required: [x] }` on a sibling x, or forbids it
 *   (`properties: { field: false }`) in that `if`'s `else`: asked when x is the const or one of the enum;
 * - lists it under a sibling x in `dependentRequired`, or in the `required` of x's `dependentSchemas`: asked once x is
 *   answered (present, as JSON Schema has it);
 * and the object does not also require it unconditionally. Several such rules on one field add up (any holds).
 * Nothing else makes a field conditional: an optional field the schema only constrains under a condition is always asked.
 */
export function formConditions(schema: Readonly<Json>): FormConditions {
  const known = cache.get(schema);
  if (known) return known;
  const found = deriveConditions(schema as Json);
  cache.set(schema, found);
  return found;
}

/**
 * The answers without those to fields whose condition does not hold on the answers themselves: what the server
 * validates and stores. A field is dropped only when the schema asks it under conditions and none holds, so nothing
 * that applies is ever dropped; a condition on an answer that was itself dropped does not hold. Returns the same value
 * when nothing is dropped, else a copy.
 */
export function withoutInapplicable(schema: Readonly<Json>, answers: unknown): { readonly answers: unknown; readonly dropped: readonly string[] } {
  const { fields } = formConditions(schema);
  if (fields.length === 0 || !isObject(answers)) return { answers, dropped: [] };
  let current = answers;
  const dropped: string[] = [];
  for (const field of fields) {
    const parent = valueAt(current, parentOf(field.pointer));
    const name = lastToken(field.pointer);
    if (!isObject(parent) || !Object.hasOwn(parent, name) || holds(field, current)) continue;
    if (current === answers) current = structuredClone(answers);
    delete (valueAt(current, parentOf(field.pointer)) as Json)[name];
    dropped.push(field.pointer);
  }
  return { answers: current, dropped };
}

/** Whether `condition` holds on `answers`: the answer at `when` is present and, if values are given, one of them. */
export function holds(condition: Pick<ConditionalField, 'when' | 'values'>, answers: unknown): boolean {
  const parent = valueAt(answers, parentOf(condition.when));
  const name = lastToken(condition.when);
  if (!isObject(parent) || !Object.hasOwn(parent, name)) return false;
  const answer = parent[name];
  return condition.values === undefined || condition.values.some((value) => value === answer);
}

const SUPPORTED_IF = 'the page can show a section only for `if: { properties: { <field>: { "const": … } or { "enum": [ … ] } }, required: [<field>] }` on one field of the same object';
const BRANCH_WORDS = new Set(['required', 'properties', 'title', 'description', '$comment']);

function deriveConditions(schema: Json): FormConditions {
  const fields: ConditionalField[] = [];
  const problems: ConditionProblem[] = [];
  /** Schema pointers of the `if`, `dependentRequired` and `dependentSchemas` read here; any other is reported. */
  const read = new Set<string>();
  const resolve = (node: Json, at: string): { node: Json; at: string } => {
    if (typeof node.$ref !== 'string' || !node.$ref.startsWith('#')) return { node, at };
    const target = decodeURIComponent(node.$ref.slice(1));
    const found = valueAt(schema, target);
    return isObject(found) ? resolve(found, target) : { node, at };
  };

  const visitObject = (raw: Json, rawAt: string, data: string, inArray: boolean, depth: number): void => {
    if (depth > 32) return; // a recursive $ref: its conditions were read on the way down
    const { node, at } = resolve(raw, rawAt);
    const properties = isObject(node.properties) ? (node.properties as Record<string, unknown>) : {};
    const required = new Set(Array.isArray(node.required) ? (node.required as string[]) : []);
    const local: ConditionalField[] = [];
    /**
     * Fields a refused condition also asks for: never treated as a section (always shown, never dropped), so a form
     * that was not linted can at worst refuse an answer, never lose one that applies.
     */
    const unsure = new Set<string>();
    const named = (branchNode: unknown): string[] => isObject(branchNode) ? [
      ...(Array.isArray(branchNode.required) ? (branchNode.required as unknown[]).filter((name): name is string => typeof name === 'string') : []),
      ...Object.entries(isObject(branchNode.properties) ? branchNode.properties : {}).filter(([, sub]) => sub === false).map(([name]) => name),
    ] : [];
    const problem = (pointer: string, message: string) => problems.push({ pointer, message });

    /** A field named by a condition's branch: declared here, and not asked anyway. */
    const add = (name: string, namedAt: string, when: string, values: readonly Answer[] | undefined) => {
      if (!Object.hasOwn(properties, name)) return problem(namedAt, `"${name}" is not a property of this object: declare it in "properties" so the page can show it`);
      if (required.has(name)) return; // asked whatever the answer: not a section
      local.push({ pointer: appendPointer(data, name), when: appendPointer(data, when), ...(values ? { values } : {}) });
    };
    const decider = (name: string, namedAt: string, checkboxAnswered: boolean): boolean => {
      if (!Object.hasOwn(properties, name)) { problem(namedAt, `"${name}" is not a property of this object: a condition can test only a field beside the section`); return false; }
      const { node: field } = resolve(properties[name] as Json, appendPointer(appendPointer(at, 'properties'), name));
      const type = typeOf(field);
      if (type === 'object' || type === 'array') { problem(namedAt, `"${name}" is a group or a list: a condition can test only a single answer (a choice, a checkbox, a text)`); return false; }
      if (checkboxAnswered && type === 'boolean') { problem(namedAt, `"${name}" is a checkbox, always answered (true or false): use if/then with { "const": true } instead`); return false; }
      return true;
    };
    /** A `then` or a `dependentSchemas` entry: it may require fields and constrain declared ones, nothing else. */
    const branch = (value: unknown, branchAt: string, when: string, values: readonly Answer[] | undefined) => {
      if (!isObject(value)) return problem(branchAt, 'must be an object of "required" and "properties" for the page to show it');
      for (const key of Object.keys(value)) if (!BRANCH_WORDS.has(key)) problem(appendPointer(branchAt, key), `"${key}" under a condition is not shown by the page: a condition's branch may only require fields ("required") and constrain declared ones ("properties")`);
      const props = isObject(value.properties) ? value.properties : {};
      for (const [name, sub] of Object.entries(props)) {
        const subAt = appendPointer(appendPointer(branchAt, 'properties'), name);
        if (sub === false) problem(subAt, `forbidding "${name}" when the condition holds asks it only when it does not; the page cannot say "only if not": forbid it in "else" instead`);
        else if (!Object.hasOwn(properties, name)) problem(subAt, `"${name}" is defined only under a condition: declare it in "properties" too, so the page can show it`);
      }
      (Array.isArray(value.required) ? (value.required as string[]) : []).forEach((name, index) =>
        add(name, appendPointer(appendPointer(branchAt, 'required'), index), when, values));
    };
    const sites = [{ node, at }, ...(Array.isArray(node.allOf) ? (node.allOf as unknown[]).map((item, index) => resolve(item as Json, appendPointer(appendPointer(at, 'allOf'), index))) : [])];
    for (const site of sites) {
      const { node: s, at: sAt } = site;
      if (!isObject(s)) continue;
      if (s.if !== undefined) {
        const ifAt = appendPointer(sAt, 'if');
        read.add(ifAt);
        const test = readIf(s.if);
        if (!test || !decider(test.name, appendPointer(appendPointer(ifAt, 'properties'), test.name), false)) {
          if (!test) problem(ifAt, SUPPORTED_IF);
          for (const name of [...named(s.then), ...named(s.else)]) unsure.add(name);
        } else {
          if (s.then !== undefined) branch(s.then, appendPointer(sAt, 'then'), test.name, test.values);
          if (s.else !== undefined) {
            const elseAt = appendPointer(sAt, 'else');
            const other = isObject(s.else) ? s.else : {};
            for (const key of Object.keys(other)) {
              if (key !== 'properties' && !BRANCH_WORDS.has(key)) problem(appendPointer(elseAt, key), `"${key}" under a condition is not shown by the page`);
            }
            if (Array.isArray(other.required) && other.required.length > 0) {
              problem(appendPointer(elseAt, 'required'), 'the page cannot ask a section "only if not": require these fields in "then" of the opposite condition (an "enum" of the other answers)');
              for (const name of named({ required: other.required })) unsure.add(name);
            }
            for (const [name, sub] of Object.entries(isObject(other.properties) ? other.properties : {})) {
              const subAt = appendPointer(appendPointer(elseAt, 'properties'), name);
              if (sub === false) add(name, subAt, test.name, test.values);
              else if (!Object.hasOwn(properties, name)) problem(subAt, `"${name}" is defined only under a condition: declare it in "properties" too, so the page can show it`);
            }
          }
        }
      }
      if (s.dependentRequired !== undefined) {
        const depAt = appendPointer(sAt, 'dependentRequired');
        read.add(depAt);
        for (const [name, list] of Object.entries(isObject(s.dependentRequired) ? s.dependentRequired : {})) {
          const nameAt = appendPointer(depAt, name);
          if (!decider(name, nameAt, true)) {
            for (const dependent of named({ required: list })) unsure.add(dependent);
            continue;
          }
          (Array.isArray(list) ? (list as string[]) : []).forEach((dependent, index) => add(dependent, appendPointer(nameAt, index), name, undefined));
        }
      }
      if (s.dependentSchemas !== undefined) {
        const depAt = appendPointer(sAt, 'dependentSchemas');
        read.add(depAt);
        for (const [name, sub] of Object.entries(isObject(s.dependentSchemas) ? s.dependentSchemas : {})) {
          const nameAt = appendPointer(depAt, name);
          if (decider(name, nameAt, true)) branch(sub, nameAt, name, undefined);
          else for (const dependent of named(sub)) unsure.add(dependent);
        }
      }
    }

    // One question decides a section: the page says "only if you chose … for …" about one question.
    const deciders = new Map<string, ConditionalField>();
    for (const field of local) {
      const first = deciders.get(field.pointer);
      if (!first) { deciders.set(field.pointer, field); continue; }
      if (first.when !== field.when) {
        if (!unsure.has(lastToken(field.pointer))) problem(at, `"${lastToken(field.pointer)}" is asked under conditions on two questions ("${lastToken(first.when)}" and "${lastToken(field.when)}"): the page can tie a section to one question only`);
        unsure.add(lastToken(field.pointer));
        continue;
      }
      const values = first.values && field.values ? [...new Set([...first.values, ...field.values])] : undefined;
      deciders.set(field.pointer, { pointer: field.pointer, when: field.when, ...(values ? { values } : {}) });
    }
    for (const pointer of [...deciders.keys()]) if (unsure.has(lastToken(pointer))) deciders.delete(pointer);
    if (inArray && deciders.size > 0) {
      problem(at, 'conditions inside a list\'s rows are not shown by the page: move the condition to the object that holds the list');
    } else {
      fields.push(...deciders.values());
    }

    for (const [name, child] of Object.entries(properties)) {
      if (!isObject(child)) continue;
      const childAt = appendPointer(appendPointer(at, 'properties'), name);
      const { node: resolved, at: resolvedAt } = resolve(child, childAt);
      const childData = appendPointer(data, name);
      if (typeOf(resolved) === 'object' || isObject(resolved.properties)) visitObject(resolved, resolvedAt, childData, inArray, depth + 1);
      else if (typeOf(resolved) === 'array' && isObject(resolved.items)) {
        const items = resolve(resolved.items as Json, appendPointer(resolvedAt, 'items'));
        if (typeOf(items.node) === 'object' || isObject(items.node.properties)) visitObject(items.node, items.at, `${childData}/-`, true, depth + 1);
      }
    }
  };

  visitObject(schema, '', '', false, 0);

  // Any other condition (inside anyOf, oneOf, not, a branch, an array's items…) is enforced by the server and
  // invisible on the page: refused, rather than a field shown that the client cannot know applies.
  walkSchema(schema, '', (node, at) => {
    for (const keyword of ['if', 'dependentRequired', 'dependentSchemas'] as const) {
      const keywordAt = appendPointer(at, keyword);
      if (node[keyword] !== undefined && !read.has(keywordAt)) {
        problems.push({ pointer: keywordAt, message: `a condition here is enforced by the server but cannot be shown by the page: conditions belong to an object's own "if"/"then"/"else", "dependentRequired" or "dependentSchemas", or those of an "allOf" item of it` });
      }
    }
  });
  return { fields, problems: dedupe(problems) };
}

function readIf(test: unknown): { name: string; values: readonly Answer[] } | undefined {
  if (!isObject(test) || Object.keys(test).some((key) => key !== 'properties' && key !== 'required')) return undefined;
  const entries = Object.entries(isObject(test.properties) ? test.properties : {});
  if (entries.length !== 1) return undefined;
  const [name, rule] = entries[0]!;
  if (!Array.isArray(test.required) || !test.required.includes(name)) return undefined;
  if (!isObject(rule) || Object.keys(rule).length !== 1) return undefined;
  const values = 'const' in rule ? [rule.const] : Array.isArray(rule.enum) ? rule.enum : undefined;
  if (!values || values.length === 0 || !values.every(isAnswer)) return undefined;
  return { name, values };
}

const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];
const SCHEMA_ONE = ['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains', 'propertyNames', 'unevaluatedItems', 'unevaluatedProperties', 'additionalItems'];
const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];

/** Every subschema of a schema, with its pointer (keywords holding data, such as const and examples, are not entered). */
function walkSchema(node: unknown, at: string, visit: (node: Json, at: string) => void): void {
  if (!isObject(node)) return;
  visit(node, at);
  for (const key of SCHEMA_MAPS) {
    if (isObject(node[key])) for (const [name, child] of Object.entries(node[key])) walkSchema(child, appendPointer(appendPointer(at, key), name), visit);
  }
  for (const key of SCHEMA_ONE) walkSchema(node[key], appendPointer(at, key), visit);
  for (const key of SCHEMA_LISTS) {
    if (Array.isArray(node[key])) (node[key] as unknown[]).forEach((child, index) => walkSchema(child, appendPointer(appendPointer(at, key), index), visit));
  }
}

function typeOf(node: Json): string | undefined {
  if (typeof node.type === 'string') return node.type;
  if (Array.isArray(node.type)) return (node.type as string[]).find((type) => type !== 'null');
  if (typeof node.const === 'boolean') return 'boolean';
  return undefined;
}

function dedupe(problems: ConditionProblem[]): ConditionProblem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.pointer}\n${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function isAnswer(value: unknown): value is Answer {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parentOf(pointer: string): string {
  return pointer.slice(0, pointer.lastIndexOf('/'));
}

function lastToken(pointer: string): string {
  return pointerTokens(pointer).at(-1) ?? '';
}
