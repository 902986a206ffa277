import { CASEFORMS_KEYWORD } from './ajv-options.ts';
import { appendPointer } from '../../contracts/json-pointer.ts';

/**
 * Patterns that cannot hang the validator. Ajv runs a form's `pattern`s and `patternProperties` keys with the
 * platform's backtracking engine (`new RegExp(p, "u")`); no linear-time engine ships with the service (ajv's
 * `code.regExp` wants the native `re2`). So a pack may only use patterns this check accepts.
 *
 * The rule: inside every repetition that can run more than once (`*`, `+`, `{2,}`, `{1,5}`, …), the engine must never
 * have two ways to go on with the same next character. Concretely, for every choice point inside the repeated part
 * (an alternation `a|b`, an optional or variable-count part `x?`, `x*`, `x{1,3}`), the characters each way can start
 * with must not overlap, counting what follows the choice inside the repetition and the start of the repetition's
 * next round. A pattern that meets the rule never matches one string in two ways inside a loop, which is what makes
 * backtracking exponential (`^(a+)+$`, `^(\w|\d)+$`, `^(\s*\w+)*$`, `^(.*a){12}$`).
 *
 * Alternatives of bounded length that start alike but part within a few characters, counting what may follow them
 * (`(25[0-5]|2[0-4]\d|1\d\d|\d\d?)\.`, `(a|ab)+`), are no conflict: the wrong one fails within those characters.
 *
 * Limits, honestly: the rule is stricter than needed for optional parts (`^(\d?\d\.)+$` is refused though it is
 * safe: write `^((\d|\d\d)\.)+$`, which the alternatives rule accepts); lookarounds are ignored (they only narrow a match, and the engine never backtracks into them) but
 * their own repetitions are checked; a back-reference counts as any character. It does not refuse polynomial
 * backtracking outside loops (`^[^@\s]+@[^@\s]+\.[^@\s]+$` takes time quadratic in the answer's length, about 3 s
 * for 40,000 characters): only the 256 KB body limit bounds that, since ajv (allErrors) runs a pattern even on an
 * answer over its `maxLength`. `\p{…}` classes are exact: the first one costs about 200 ms, once per process.
 */

export interface PatternProblem {
  readonly pointer: string;
  readonly pattern: string;
  readonly message: string;
}

/** Every pattern of a schema (`pattern` values and `patternProperties` keys) that can take exponential time. */
export function unsafePatterns(schema: unknown): PatternProblem[] {
  const problems: PatternProblem[] = [];
  const visit = (pattern: string, pointer: string) => {
    const why = exponentialRisk(pattern);
    if (why !== undefined) problems.push({ pointer, pattern, message: `this pattern can take exponential time on some answers: "${pattern}" (${why}); rewrite it so that each character can be matched only one way` });
  };
  walkSchema(schema, '', visit);
  // Risk flags' `when` schemas are compiled by ajv too (scoring.ts).
  const flags = (schema as { [CASEFORMS_KEYWORD]?: { scoring?: { flags?: unknown } } } | null)?.[CASEFORMS_KEYWORD]?.scoring?.flags;
  if (Array.isArray(flags)) flags.forEach((flag: { when?: unknown }, index) => walkSchema(flag?.when, `/${CASEFORMS_KEYWORD}/scoring/flags/${index}/when`, visit));
  return problems;
}

/** Why the pattern can backtrack exponentially, or undefined when it cannot (by the rule above). */
export function exponentialRisk(pattern: string): string | undefined {
  try {
    new RegExp(pattern, 'u');
  } catch {
    return undefined; // not a pattern at all: ajv refuses the schema and says why
  }
  let tree: Node;
  try {
    tree = new Parser(pattern).parse();
  } catch (error) {
    return `it could not be checked: ${(error as Error).message}`;
  }
  return findConflict(tree);
}

// Schema walking: the keywords whose values are schemas, so data (const, enum, examples, default) is never read.
const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];
const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const SCHEMAS = ['not', 'if', 'then', 'else', 'items', 'additionalProperties', 'unevaluatedProperties', 'unevaluatedItems', 'contains', 'propertyNames', 'additionalItems'];

function walkSchema(node: unknown, pointer: string, visit: (pattern: string, pointer: string) => void): void {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return;
  const schema = node as Record<string, unknown>;
  if (typeof schema.pattern === 'string') visit(schema.pattern, appendPointer(pointer, 'pattern'));
  const patternProperties = schema.patternProperties;
  if (typeof patternProperties === 'object' && patternProperties !== null) {
    for (const key of Object.keys(patternProperties)) visit(key, appendPointer(appendPointer(pointer, 'patternProperties'), key));
  }
  for (const keyword of SCHEMA_MAPS) {
    const map = schema[keyword];
    if (typeof map === 'object' && map !== null && !Array.isArray(map)) {
      for (const [name, child] of Object.entries(map)) walkSchema(child, appendPointer(appendPointer(pointer, keyword), name), visit);
    }
  }
  for (const keyword of SCHEMA_LISTS) {
    const list = schema[keyword];
    if (Array.isArray(list)) list.forEach((child, index) => walkSchema(child, appendPointer(appendPointer(pointer, keyword), index), visit));
  }
  for (const keyword of SCHEMAS) {
    if (keyword in schema) walkSchema(schema[keyword], appendPointer(pointer, keyword), visit);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Character sets: sorted, disjoint, inclusive code point ranges.

type Ranges = ReadonlyArray<readonly [number, number]>;
const MAX = 0x10ffff;
const NONE: Ranges = [];
const ANY: Ranges = [[0, MAX]];

function union(...sets: Ranges[]): Ranges {
  const all = sets.flat().slice().sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [lo, hi] of all) {
    const last = merged[merged.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else merged.push([lo, hi]);
  }
  return merged;
}

function complement(set: Ranges): Ranges {
  const result: Array<[number, number]> = [];
  let next = 0;
  for (const [lo, hi] of union(set)) {
    if (lo > next) result.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX) result.push([next, MAX]);
  return result;
}

function overlap(a: Ranges, b: Ranges): number | undefined {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i]![0], b[j]![0]);
    if (lo <= Math.min(a[i]![1], b[j]![1])) return lo;
    if (a[i]![1] < b[j]![1]) i++;
    else j++;
  }
  return undefined;
}

const chars = (text: string): Ranges => union([...text].map((c) => [c.codePointAt(0)!, c.codePointAt(0)!] as const));
const DIGIT: Ranges = [[0x30, 0x39]];
const WORD: Ranges = union(DIGIT, [[0x41, 0x5a], [0x61, 0x7a]], chars('_'));
const SPACE: Ranges = union(chars('\t\n\v\f\r \u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff'), [[0x2000, 0x200a]]);
const LINE_TERMINATORS = chars('\n\r\u2028\u2029');
const DOT = complement(LINE_TERMINATORS);

const propertyCache = new Map<string, Ranges>();
let everyCodePoint: string | undefined;
/** Code unit index in `everyCodePoint` → code point: the BMP without surrogates, then two units per astral one. */
const codePointAt = (index: number): number => (index < 0xd800 ? index : index < 0xf800 ? index + 0x800 : 0x10000 + (index - 0xf800) / 2);

/** A `\p{…}` class, computed once per process by letting the engine scan a string of every code point. */
function property(name: string): Ranges {
  let set = propertyCache.get(name);
  if (!set) {
    if (everyCodePoint === undefined) {
      const units = new Uint16Array(0xf800 + 2 * 0x100000);
      for (let index = 0; index < 0xf800; index++) units[index] = index < 0xd800 ? index : index + 0x800;
      for (let offset = 0; offset < 0x100000; offset++) {
        units[0xf800 + 2 * offset] = 0xd800 + (offset >> 10);
        units[0xf800 + 2 * offset + 1] = 0xdc00 + (offset & 0x3ff);
      }
      everyCodePoint = Buffer.from(units.buffer).toString('utf16le');
    }
    const ranges: Array<[number, number]> = [];
    for (const match of everyCodePoint.matchAll(new RegExp(`\\p{${name}}+`, 'gu'))) {
      const lo = codePointAt(match.index);
      const hi = codePointAt(match.index + match[0].length) - 1;
      ranges.push([lo, hi]);
    }
    set = union(ranges);
    propertyCache.set(name, set);
  }
  return set;
}

// ---------------------------------------------------------------------------------------------------------------
// The syntax tree of a `u`-mode ECMAScript pattern, only as detailed as the check needs.

type Node =
  | { readonly kind: 'char'; readonly set: Ranges }
  | { readonly kind: 'seq'; readonly items: readonly Node[] }
  | { readonly kind: 'alt'; readonly options: readonly Node[] }
  | { readonly kind: 'repeat'; readonly body: Node; readonly min: number; readonly max: number; readonly source: string }
  | { readonly kind: 'look'; readonly body: Node }
  | { readonly kind: 'assert' }
  | { readonly kind: 'backref' };

class Parser {
  private at = 0;
  constructor(private readonly text: string) {}

  parse(): Node {
    const node = this.alternation();
    if (this.at < this.text.length) throw new Error(`unexpected "${this.text[this.at]}" at ${this.at}`);
    return node;
  }

  private peek(): string | undefined {
    return this.text[this.at];
  }

  private eat(expected: string): boolean {
    if (this.text.startsWith(expected, this.at)) {
      this.at += expected.length;
      return true;
    }
    return false;
  }

  private alternation(): Node {
    const options = [this.sequence()];
    while (this.eat('|')) options.push(this.sequence());
    return options.length === 1 ? options[0]! : { kind: 'alt', options };
  }

  private sequence(): Node {
    const items: Node[] = [];
    while (this.at < this.text.length && this.peek() !== '|' && this.peek() !== ')') {
      const start = this.at;
      const atom = this.atom();
      items.push(this.quantified(atom, start));
    }
    return items.length === 1 ? items[0]! : { kind: 'seq', items };
  }

  private quantified(atom: Node, start: number): Node {
    let min: number;
    let max: number;
    const c = this.peek();
    if (c === '*') [min, max] = [0, Infinity];
    else if (c === '+') [min, max] = [1, Infinity];
    else if (c === '?') [min, max] = [0, 1];
    else if (c === '{') {
      const match = /^\{(\d+)(,(\d*))?\}/.exec(this.text.slice(this.at));
      if (!match) return atom;
      min = Number(match[1]);
      max = match[2] === undefined ? min : match[3] === '' ? Infinity : Number(match[3]);
      this.at += match[0].length - 1;
    } else return atom;
    this.at++;
    this.eat('?');
    return { kind: 'repeat', body: atom, min, max, source: this.text.slice(start, this.at) };
  }

  private atom(): Node {
    const c = this.text[this.at++]!;
    switch (c) {
      case '^':
      case '$':
        return { kind: 'assert' };
      case '.':
        return { kind: 'char', set: DOT };
      case '[':
        return { kind: 'char', set: this.characterClass() };
      case '(':
        return this.group();
      case '\\':
        return this.escape();
      default: {
        const cp = this.text.codePointAt(this.at - 1)!;
        if (cp > 0xffff) this.at++;
        return { kind: 'char', set: [[cp, cp]] };
      }
    }
  }

  private group(): Node {
    let look = false;
    if (this.eat('?')) {
      if (this.eat('=') || this.eat('!') || this.eat('<=') || this.eat('<!')) look = true;
      else if (this.eat(':')) look = false;
      else if (this.eat('<')) this.at = this.text.indexOf('>', this.at) + 1;
      else throw new Error(`unknown group at ${this.at}`);
    }
    const body = this.alternation();
    if (!this.eat(')')) throw new Error('unclosed group');
    return look ? { kind: 'look', body } : body;
  }

  private escape(): Node {
    const c = this.text[this.at]!;
    if (c === 'b' || c === 'B') {
      this.at++;
      return { kind: 'assert' };
    }
    if (/[1-9]/.test(c)) {
      while (/\d/.test(this.peek() ?? '')) this.at++;
      return { kind: 'backref' };
    }
    if (c === 'k') {
      this.at = this.text.indexOf('>', this.at) + 1;
      return { kind: 'backref' };
    }
    return { kind: 'char', set: this.characterEscape() };
  }

  /** After a backslash, in or out of a class: the characters the escape stands for. */
  private characterEscape(): Ranges {
    const c = this.text[this.at++]!;
    switch (c) {
      case 'd': return DIGIT;
      case 'D': return complement(DIGIT);
      case 'w': return WORD;
      case 'W': return complement(WORD);
      case 's': return SPACE;
      case 'S': return complement(SPACE);
      case 'p':
      case 'P': {
        const end = this.text.indexOf('}', this.at);
        const set = property(this.text.slice(this.at + 1, end));
        this.at = end + 1;
        return c === 'p' ? set : complement(set);
      }
      case 't': return chars('\t');
      case 'n': return chars('\n');
      case 'v': return chars('\v');
      case 'f': return chars('\f');
      case 'r': return chars('\r');
      case '0': return [[0, 0]];
      case 'c': {
        const cp = this.text.charCodeAt(this.at++) % 32;
        return [[cp, cp]];
      }
      case 'x': {
        const cp = parseInt(this.text.slice(this.at, this.at + 2), 16);
        this.at += 2;
        return [[cp, cp]];
      }
      case 'u': {
        let cp: number;
        if (this.peek() === '{') {
          const end = this.text.indexOf('}', this.at);
          cp = parseInt(this.text.slice(this.at + 1, end), 16);
          this.at = end + 1;
        } else {
          cp = parseInt(this.text.slice(this.at, this.at + 4), 16);
          this.at += 4;
          const low = /^\\u(d[c-f][0-9a-f]{2})/i.exec(this.text.slice(this.at));
          if (cp >= 0xd800 && cp <= 0xdbff && low) {
            cp = 0x10000 + ((cp - 0xd800) << 10) + (parseInt(low[1]!, 16) - 0xdc00);
            this.at += 6;
          }
        }
        return [[cp, cp]];
      }
      default: {
        const cp = this.text.codePointAt(this.at - 1)!;
        return [[cp, cp]];
      }
    }
  }

  private characterClass(): Ranges {
    const negated = this.eat('^');
    const parts: Ranges[] = [];
    while (!this.eat(']')) {
      if (this.at >= this.text.length) throw new Error('unclosed class');
      const from = this.classAtom();
      if (this.peek() === '-' && this.text[this.at + 1] !== ']' && from.length === 1 && from[0]![0] === from[0]![1]) {
        this.at++;
        const to = this.classAtom();
        parts.push([[from[0]![0], to[0]![1]]]);
      } else parts.push(from);
    }
    const set = union(...parts);
    return negated ? complement(set) : set;
  }

  private classAtom(): Ranges {
    if (this.eat('\\')) {
      if (this.eat('b')) return chars('\b');
      if (this.eat('-')) return chars('-');
      return this.characterEscape();
    }
    const cp = this.text.codePointAt(this.at)!;
    this.at += cp > 0xffff ? 2 : 1;
    return [[cp, cp]];
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The check.

const nullableCache = new WeakMap<Node, boolean>();
function nullable(node: Node): boolean {
  let value = nullableCache.get(node);
  if (value === undefined) {
    switch (node.kind) {
      case 'char': value = false; break;
      case 'seq': value = node.items.every(nullable); break;
      case 'alt': value = node.options.some(nullable); break;
      case 'repeat': value = node.min === 0 || nullable(node.body); break;
      default: value = true;
    }
    nullableCache.set(node, value);
  }
  return value;
}

const firstCache = new WeakMap<Node, Ranges>();
/** The characters a match of the node can start with. */
function first(node: Node): Ranges {
  let value = firstCache.get(node);
  if (value === undefined) {
    switch (node.kind) {
      case 'char': value = node.set; break;
      case 'alt': value = union(...node.options.map(first)); break;
      case 'repeat': value = node.max === 0 ? NONE : first(node.body); break;
      case 'backref': value = ANY; break;
      case 'seq': {
        const sets: Ranges[] = [];
        for (const item of node.items) {
          sets.push(first(item));
          if (!nullable(item)) break;
        }
        value = union(...sets);
        break;
      }
      default: value = NONE;
    }
    firstCache.set(node, value);
  }
  return value;
}

function findConflict(tree: Node): string | undefined {
  for (const loop of loops(tree)) {
    const found = conflictIn(loop.body, first(loop.body));
    if (found !== undefined) return `inside "${loop.source}", ${found}`;
  }
  return undefined;
}

/** Every repetition that can run more than once, lookaround bodies included. */
function* loops(node: Node): Generator<Extract<Node, { kind: 'repeat' }>> {
  switch (node.kind) {
    case 'seq': for (const item of node.items) yield* loops(item); break;
    case 'alt': for (const option of node.options) yield* loops(option); break;
    case 'look': yield* loops(node.body); break;
    case 'repeat':
      if (node.max >= 2) yield node;
      yield* loops(node.body);
      break;
    default:
  }
}

const describe = (cp: number): string => (cp >= 0x21 && cp <= 0x7e ? `"${String.fromCodePoint(cp)}"` : `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`);

/**
 * The first choice point inside a loop's body whose ways can start with the same character, given `follow`: the
 * characters that can come after the node within the loop (the loop's next round included).
 */
function conflictIn(node: Node, follow: Ranges): string | undefined {
  switch (node.kind) {
    case 'seq': {
      let after = follow;
      for (let i = node.items.length - 1; i >= 0; i--) {
        const item = node.items[i]!;
        const found = conflictIn(item, after);
        if (found !== undefined) return found;
        after = nullable(item) ? union(first(item), after) : first(item);
      }
      return undefined;
    }
    case 'alt': {
      const starts = node.options.map((option) => (nullable(option) ? union(first(option), follow) : first(option)));
      for (let i = 0; i < starts.length; i++) {
        for (let j = i + 1; j < starts.length; j++) {
          if (nullable(node.options[i]!) && nullable(node.options[j]!)) return 'two alternatives can both match nothing';
          const shared = overlap(starts[i]!, starts[j]!);
          if (shared !== undefined && !distinguishable(node.options[i]!, node.options[j]!, follow)) return `two alternatives can both start with ${describe(shared)}`;
        }
      }
      for (const option of node.options) {
        const found = conflictIn(option, follow);
        if (found !== undefined) return found;
      }
      return undefined;
    }
    case 'repeat': {
      if (node.max === 0) return undefined;
      if (node.min < node.max) {
        if (nullable(node.body)) return `"${node.source}" can repeat without matching anything`;
        const shared = overlap(first(node.body), follow);
        if (shared !== undefined) return `"${node.source}" can go on or stop at the same ${describe(shared)}`;
      }
      return conflictIn(node.body, node.max >= 2 ? union(first(node.body), follow) : follow);
    }
    default:
      return undefined;
  }
}

/**
 * Two alternatives of bounded length that start alike but part within a few characters (`25[0-5]|2[0-4]\d`, or
 * `25` then a "." that cannot continue `25[0-5]`): the engine tries both, but the wrong one fails within those
 * characters, so the pair is no ambiguity. Compared as every character-set sequence each can match (a few only).
 */
function distinguishable(a: Node, b: Node, follow: Ranges): boolean {
  const left = sequences(a);
  const right = sequences(b);
  if (!left || !right) return false;
  return left.every((x) => right.every((y) => parts(x, y, follow)));
}

function parts(x: readonly Ranges[], y: readonly Ranges[], follow: Ranges): boolean {
  const [shorter, longer] = x.length <= y.length ? [x, y] : [y, x];
  for (let i = 0; i < shorter.length; i++) if (overlap(shorter[i]!, longer[i]!) === undefined) return true;
  // The shorter one has matched: the longer one parts from it if its next character cannot come next anyway.
  return shorter.length < longer.length && overlap(longer[shorter.length]!, follow) === undefined;
}

const MAX_SEQUENCES = 64;
const MAX_LENGTH = 64;

/** Every sequence of character sets the node can match, or undefined when they are unbounded or too many. */
function sequences(node: Node): Array<readonly Ranges[]> | undefined {
  switch (node.kind) {
    case 'char': return [[node.set]];
    case 'alt': {
      const all: Array<readonly Ranges[]> = [];
      for (const option of node.options) {
        const found = sequences(option);
        if (!found || all.length + found.length > MAX_SEQUENCES) return undefined;
        all.push(...found);
      }
      return all;
    }
    case 'seq': {
      let all: Array<readonly Ranges[]> = [[]];
      for (const item of node.items) {
        const found = sequences(item);
        if (!found || all.length * found.length > MAX_SEQUENCES) return undefined;
        all = all.flatMap((prefix) => found.map((rest) => [...prefix, ...rest]));
        if (all.some((sequence) => sequence.length > MAX_LENGTH)) return undefined;
      }
      return all;
    }
    case 'repeat': {
      if (node.max === Infinity) return undefined;
      const body = sequences(node.body);
      if (!body) return undefined;
      let all: Array<readonly Ranges[]> = [];
      let round: Array<readonly Ranges[]> = [[]];
      for (let count = 0; count <= node.max; count++) {
        if (count >= node.min) all.push(...round);
        if (all.length > MAX_SEQUENCES) return undefined;
        round = round.flatMap((prefix) => body.map((rest) => [...prefix, ...rest]));
        if (round.length > MAX_SEQUENCES || round.some((sequence) => sequence.length > MAX_LENGTH)) return undefined;
      }
      return all;
    }
    default:
      // Assertions and lookarounds would only narrow the match; back-references are unbounded.
      return undefined;
  }
}
