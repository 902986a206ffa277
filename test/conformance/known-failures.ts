/**
 * JSON Schema Test Suite (draft 2020-12, required part) cases that caseforms' validator fails, as `createAjv()`
 * in functions/domain/forms/validator.ts configures it. json-schema-test-suite.test.ts asserts that each one STILL fails,
 * and fails the way `fails` says: when one starts passing (an ajv upgrade, a configuration change), that test
 * fails and asks for the entry to be removed.
 *
 * The service keeps ajv's strict mode only where it catches an author's mistake (strict: true with strictTypes and
 * strictTuples off, allowUnionTypes on): unknown keywords and formats, and keywords that would be ignored or could
 * never pass, are refused at compile time. Some suite schemas are written that way on purpose (lone "if", lone
 * "minContains", "$anchor", which ajv does not declare as a keyword). A refused schema fails loudly when the form pack
 * loads; it never validates wrongly. Where strict mode hides a second, real difference, `hiding()` names it too:
 * that is what would fail with strict mode off. The rest (`wrong`, `throws`) are ajv's own limits, listed per test.
 */
export interface KnownFailure {
  /** Suite file under tests/draft2020-12/, e.g. 'ref.json'. */
  readonly file: string;
  /** The test group's description. */
  readonly group: string;
  /** The test's description; left out only when the group's schema is refused, which fails every test of the group. */
  readonly test?: string;
  /** refused: the schema does not compile. wrong: validate() returns the opposite answer. throws: validate() throws. */
  readonly fails: 'refused' | 'wrong' | 'throws';
  /** One line: why. */
  readonly reason: string;
}

// Strict mode (strict: true, i.e. strictSchema). These refuse the schema; they say nothing about validation results.
const UNKNOWN_FORMAT =
  'strict mode refuses a "format" ajv-formats does not implement (idn-email, idn-hostname, iri, iri-reference) as unknown';
const LONE_IF_THEN_ELSE = 'strict mode refuses "if" without "then"/"else", and "then"/"else" without "if", as ignored keywords';
const CONTAINS_LIMIT_ALONE = 'strict mode refuses "minContains"/"maxContains" without "contains" as ignored keywords';
const MIN_CONTAINS_ABOVE_MAX =
  'strict mode refuses "minContains" > "maxContains" as always invalid; the suite expects it to compile';
const MIN_CONTAINS_ZERO = 'strict mode refuses "minContains": 0 without "maxContains", which leaves "contains" ignored';
const MATCHING_PROPERTIES =
  'strict mode refuses a "properties" name that a "patternProperties" pattern also matches (allowMatchingProperties is off)';

// ajv itself, whatever the options.
const EMPTY_ENUM = 'ajv refuses an empty "enum" at compile time; the suite expects it to compile and reject every value';
const DYNAMIC_REF_FRAGMENT = 'ajv supports "$dynamicRef" only as a bare "#anchor" fragment; this one has a URI part';
const REF_COMPILE_LOOP = 'ajv overflows the stack while compiling these nested $id/$ref resolutions';
const DYNAMIC_REF_RESOLUTION =
  'ajv resolves "$dynamicRef" to a resource root or a root-level $dynamicAnchor, not to the anchor in $defs the spec picks';
const DYNAMIC_REF_LOOP = 'ajv\'s "$dynamicRef" falls back to the root of its own resource and recurses until the stack overflows';
const CONTAINS_EVALUATES_ALL =
  'ajv\'s unevaluatedItems counts every item as evaluated wherever "contains" runs (even in a failed "if"), not just the matches';
const MIN_CONTAINS_ZERO_EVALUATES_NONE =
  'ajv skips "contains" when "minContains" is 0 without "maxContains", so unevaluatedItems sees none of its matches as evaluated';
const LONE_IF_EVALUATES_NONE =
  'ajv skips an "if" without "then"/"else", so unevaluatedItems/Properties never see what it evaluated';
const ITEMS_IN_ANY_OF =
  'ajv\'s unevaluatedItems takes the true that "items" in an anyOf branch leaves as index 1, and checks nothing if the branch failed';
const IF_EVALUATED_REVERSED =
  'ajv counts the properties "if" evaluated only when "if" fails and "else" runs, the reverse of what the spec says';
const PROTO_PROPERTY =
  'ajv drops a "__proto__" entry from "properties" (allSchemaProperties), so that property is never validated';
const VOCABULARY = 'ajv ignores the "$vocabulary" of a custom meta-schema and still applies the validation vocabulary';

// The service's own choice.
const FORMAT_ASSERTED = 'ajv-formats asserts "format", as the service wants; the 2020-12 default is annotation only';

/** `first` is why it fails today; `second` is why it would still fail with strict mode off. */
function hiding(first: string, second: string): string {
  return `${first}; beneath that (strict: false): ${second}`;
}

export const knownFailures: readonly KnownFailure[] = [
  { file: 'dynamicRef.json', group: 'A $dynamicRef to a $dynamicAnchor in the same schema resource behaves like a normal $ref to an $anchor', test: 'An array of strings is valid', fails: 'wrong', reason: DYNAMIC_REF_RESOLUTION },
  { file: 'dynamicRef.json', group: 'A $dynamicRef to an $anchor in the same schema resource behaves like a normal $ref to an $anchor', test: 'An array of strings is valid', fails: 'wrong', reason: DYNAMIC_REF_RESOLUTION },
  { file: 'dynamicRef.json', group: 'A $dynamicRef resolves to the first $dynamicAnchor still in scope that is encountered when the schema is evaluated', test: 'An array of strings is valid', fails: 'wrong', reason: DYNAMIC_REF_RESOLUTION },
  { file: 'dynamicRef.json', group: 'A $dynamicRef without anchor in fragment behaves identical to $ref', test: 'An array of numbers is valid', fails: 'wrong', reason: DYNAMIC_REF_RESOLUTION },
  { file: 'dynamicRef.json', group: 'A $dynamicRef with intermediate scopes that don\'t include a matching $dynamicAnchor does not affect dynamic scope resolution', test: 'An array of strings is valid', fails: 'wrong', reason: DYNAMIC_REF_RESOLUTION },
  { file: 'dynamicRef.json', group: 'An $anchor with the same name as a $dynamicAnchor is not used for dynamic scope resolution', test: 'Any array is valid', fails: 'wrong', reason: DYNAMIC_REF_RESOLUTION },
  { file: 'dynamicRef.json', group: 'A $dynamicRef without a matching $dynamicAnchor in the same schema resource behaves like a normal $ref to $anchor', test: 'Any array is valid', fails: 'wrong', reason: DYNAMIC_REF_RESOLUTION },
  { file: 'dynamicRef.json', group: 'A $dynamicRef with a non-matching $dynamicAnchor in the same schema resource behaves like a normal $ref to $anchor', test: 'Any array is valid', fails: 'wrong', reason: DYNAMIC_REF_RESOLUTION },
  { file: 'dynamicRef.json', group: 'A $dynamicRef that initially resolves to a schema with a matching $dynamicAnchor resolves to the first $dynamicAnchor in the dynamic scope', fails: 'refused', reason: DYNAMIC_REF_FRAGMENT },
  { file: 'dynamicRef.json', group: 'A $dynamicRef that initially resolves to a schema without a matching $dynamicAnchor behaves like a normal $ref to $anchor', fails: 'refused', reason: DYNAMIC_REF_FRAGMENT },
  { file: 'dynamicRef.json', group: 'multiple dynamic paths to the $dynamicRef keyword', test: 'number list with string values', fails: 'wrong', reason: DYNAMIC_REF_RESOLUTION },
  { file: 'dynamicRef.json', group: 'multiple dynamic paths to the $dynamicRef keyword', test: 'string list with number values', fails: 'wrong', reason: DYNAMIC_REF_RESOLUTION },
  { file: 'dynamicRef.json', group: 'after leaving a dynamic scope, it is not used by a $dynamicRef', fails: 'refused', reason: DYNAMIC_REF_FRAGMENT },
  { file: 'dynamicRef.json', group: 'tests for implementation dynamic anchor and reference link', test: 'correct extended schema', fails: 'wrong', reason: DYNAMIC_REF_RESOLUTION },
  { file: 'dynamicRef.json', group: '$ref and $dynamicAnchor are independent of order - $defs first', test: 'correct extended schema', fails: 'wrong', reason: DYNAMIC_REF_RESOLUTION },
  { file: 'dynamicRef.json', group: '$ref and $dynamicAnchor are independent of order - $ref first', test: 'correct extended schema', fails: 'wrong', reason: DYNAMIC_REF_RESOLUTION },
  { file: 'dynamicRef.json', group: '$ref to $dynamicRef finds detached $dynamicAnchor', test: 'number is valid', fails: 'throws', reason: DYNAMIC_REF_LOOP },
  { file: 'dynamicRef.json', group: '$ref to $dynamicRef finds detached $dynamicAnchor', test: 'non-number is invalid', fails: 'throws', reason: DYNAMIC_REF_LOOP },
  { file: 'dynamicRef.json', group: '$dynamicRef points to a boolean schema', test: 'follow $dynamicRef to a false schema', fails: 'wrong', reason: DYNAMIC_REF_RESOLUTION },
  { file: 'dynamicRef.json', group: '$dynamicRef skips over intermediate resources - direct reference', test: 'integer property passes', fails: 'wrong', reason: DYNAMIC_REF_RESOLUTION },
  { file: 'dynamicRef.json', group: '$dynamicRef avoids the root of each schema, but scopes are still registered', test: 'data is sufficient for schema at second#/$defs/length', fails: 'throws', reason: DYNAMIC_REF_LOOP },
  { file: 'dynamicRef.json', group: '$dynamicRef avoids the root of each schema, but scopes are still registered', test: 'data is not sufficient for schema at second#/$defs/length', fails: 'throws', reason: DYNAMIC_REF_LOOP },
  { file: 'enum.json', group: 'empty enum', fails: 'refused', reason: EMPTY_ENUM },
  { file: 'format.json', group: 'email format', test: 'invalid email string is only an annotation by default', fails: 'wrong', reason: FORMAT_ASSERTED },
  { file: 'format.json', group: 'idn-email format', fails: 'refused', reason: UNKNOWN_FORMAT },
  { file: 'format.json', group: 'regex format', test: 'invalid regex string is only an annotation by default', fails: 'wrong', reason: FORMAT_ASSERTED },
  { file: 'format.json', group: 'ipv4 format', test: 'invalid ipv4 string is only an annotation by default', fails: 'wrong', reason: FORMAT_ASSERTED },
  { file: 'format.json', group: 'ipv6 format', test: 'invalid ipv6 string is only an annotation by default', fails: 'wrong', reason: FORMAT_ASSERTED },
  { file: 'format.json', group: 'idn-hostname format', fails: 'refused', reason: UNKNOWN_FORMAT },
  { file: 'format.json', group: 'hostname format', test: 'invalid hostname string is only an annotation by default', fails: 'wrong', reason: FORMAT_ASSERTED },
  { file: 'format.json', group: 'date format', test: 'invalid date string is only an annotation by default', fails: 'wrong', reason: FORMAT_ASSERTED },
  { file: 'format.json', group: 'date-time format', test: 'invalid date-time string is only an annotation by default', fails: 'wrong', reason: FORMAT_ASSERTED },
  { file: 'format.json', group: 'time format', test: 'invalid time string is only an annotation by default', fails: 'wrong', reason: FORMAT_ASSERTED },
  { file: 'format.json', group: 'json-pointer format', test: 'invalid json-pointer string is only an annotation by default', fails: 'wrong', reason: FORMAT_ASSERTED },
  { file: 'format.json', group: 'relative-json-pointer format', test: 'invalid relative-json-pointer string is only an annotation by default', fails: 'wrong', reason: FORMAT_ASSERTED },
  { file: 'format.json', group: 'iri format', fails: 'refused', reason: UNKNOWN_FORMAT },
  { file: 'format.json', group: 'iri-reference format', fails: 'refused', reason: UNKNOWN_FORMAT },
  { file: 'format.json', group: 'uri format', test: 'invalid uri string is only an annotation by default', fails: 'wrong', reason: FORMAT_ASSERTED },
  { file: 'format.json', group: 'uri-reference format', test: 'invalid uri-reference string is only an annotation by default', fails: 'wrong', reason: FORMAT_ASSERTED },
  { file: 'format.json', group: 'uri-template format', test: 'invalid uri-template string is only an annotation by default', fails: 'wrong', reason: FORMAT_ASSERTED },
  { file: 'format.json', group: 'uuid format', test: 'invalid uuid string is only an annotation by default', fails: 'wrong', reason: FORMAT_ASSERTED },
  { file: 'format.json', group: 'duration format', test: 'invalid duration string is only an annotation by default', fails: 'wrong', reason: FORMAT_ASSERTED },
  { file: 'if-then-else.json', group: 'ignore if without then or else', fails: 'refused', reason: LONE_IF_THEN_ELSE },
  { file: 'if-then-else.json', group: 'ignore then without if', fails: 'refused', reason: LONE_IF_THEN_ELSE },
  { file: 'if-then-else.json', group: 'ignore else without if', fails: 'refused', reason: LONE_IF_THEN_ELSE },
  { file: 'if-then-else.json', group: 'non-interference across combined schemas', fails: 'refused', reason: LONE_IF_THEN_ELSE },
  { file: 'maxContains.json', group: 'maxContains without contains is ignored', fails: 'refused', reason: CONTAINS_LIMIT_ALONE },
  { file: 'minContains.json', group: 'minContains without contains is ignored', fails: 'refused', reason: CONTAINS_LIMIT_ALONE },
  { file: 'minContains.json', group: 'maxContains < minContains', fails: 'refused', reason: MIN_CONTAINS_ABOVE_MAX },
  { file: 'minContains.json', group: 'minContains = 0', fails: 'refused', reason: MIN_CONTAINS_ZERO },
  { file: 'properties.json', group: 'properties, patternProperties, additionalProperties interaction', fails: 'refused', reason: MATCHING_PROPERTIES },
  { file: 'properties.json', group: 'properties whose names are Javascript object property names', test: '__proto__ not valid', fails: 'wrong', reason: PROTO_PROPERTY },
  { file: 'ref.json', group: 'refs with relative uris and defs', fails: 'refused', reason: REF_COMPILE_LOOP },
  { file: 'ref.json', group: 'relative refs with absolute uris and defs', fails: 'refused', reason: REF_COMPILE_LOOP },
  { file: 'ref.json', group: 'URN ref with nested pointer ref', fails: 'refused', reason: REF_COMPILE_LOOP },
  { file: 'ref.json', group: 'ref to if', fails: 'refused', reason: LONE_IF_THEN_ELSE },
  { file: 'ref.json', group: 'ref to then', fails: 'refused', reason: LONE_IF_THEN_ELSE },
  { file: 'ref.json', group: 'ref to else', fails: 'refused', reason: LONE_IF_THEN_ELSE },
  { file: 'unevaluatedItems.json', group: 'unevaluatedItems with nested items', test: 'with no additional items', fails: 'wrong', reason: ITEMS_IN_ANY_OF },
  { file: 'unevaluatedItems.json', group: 'unevaluatedItems with nested items', test: 'with invalid additional item', fails: 'wrong', reason: ITEMS_IN_ANY_OF },
  { file: 'unevaluatedItems.json', group: 'unevaluatedItems with $dynamicRef', test: 'with no unevaluated items', fails: 'throws', reason: DYNAMIC_REF_LOOP },
  { file: 'unevaluatedItems.json', group: 'unevaluatedItems with $dynamicRef', test: 'with unevaluated items', fails: 'throws', reason: DYNAMIC_REF_LOOP },
  { file: 'unevaluatedItems.json', group: 'unevaluatedItems depends on adjacent contains', test: 'contains passes, second item is not evaluated', fails: 'wrong', reason: CONTAINS_EVALUATES_ALL },
  { file: 'unevaluatedItems.json', group: 'unevaluatedItems depends on multiple nested contains', test: '7 not evaluated, fails unevaluatedItems', fails: 'wrong', reason: CONTAINS_EVALUATES_ALL },
  { file: 'unevaluatedItems.json', group: 'unevaluatedItems and contains interact to control item dependency relationship', fails: 'refused', reason: hiding(LONE_IF_THEN_ELSE, CONTAINS_EVALUATES_ALL) },
  { file: 'unevaluatedItems.json', group: 'unevaluatedItems with minContains = 0', fails: 'refused', reason: hiding(MIN_CONTAINS_ZERO, MIN_CONTAINS_ZERO_EVALUATES_NONE) },
  { file: 'unevaluatedItems.json', group: 'unevaluatedItems can see annotations from if without then and else', fails: 'refused', reason: hiding(LONE_IF_THEN_ELSE, LONE_IF_EVALUATES_NONE) },
  { file: 'unevaluatedProperties.json', group: 'unevaluatedProperties with if/then/else, then not defined', test: 'when if is true and has no unevaluated properties', fails: 'wrong', reason: IF_EVALUATED_REVERSED },
  { file: 'unevaluatedProperties.json', group: 'unevaluatedProperties with if/then/else, then not defined', test: 'when if is false and has unevaluated properties', fails: 'wrong', reason: IF_EVALUATED_REVERSED },
  { file: 'unevaluatedProperties.json', group: 'unevaluatedProperties with $dynamicRef', test: 'with no unevaluated properties', fails: 'throws', reason: DYNAMIC_REF_LOOP },
  { file: 'unevaluatedProperties.json', group: 'unevaluatedProperties with $dynamicRef', test: 'with unevaluated properties', fails: 'throws', reason: DYNAMIC_REF_LOOP },
  { file: 'unevaluatedProperties.json', group: 'unevaluatedProperties can see annotations from if without then and else', fails: 'refused', reason: hiding(LONE_IF_THEN_ELSE, LONE_IF_EVALUATES_NONE) },
  { file: 'vocabulary.json', group: 'schema that uses custom metaschema with with no validation vocabulary', test: 'no validation: invalid number, but it still validates', fails: 'wrong', reason: VOCABULARY },
];
