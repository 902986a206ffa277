import type { ErrorObject } from 'ajv/dist/2020.js';
import { CASEFORMS_KEYWORD } from './ajv-options.ts';
import type { ErrorMessages } from './error-messages/index.ts';

type SchemaNode = Record<string, unknown>;

/** The failing keyword as a pack names it for its own messages: `dependentRequired` is a missing field too. */
export function messageKeyword(error: ErrorObject): string {
  return error.keyword === 'dependentRequired' ? 'required' : error.keyword;
}

/** A oneOf/anyOf whose branches are all `{ const }`: coded answers, where the one thing to do is pick one. */
function isChoice(schema: unknown): boolean {
  return Array.isArray(schema) && schema.every((branch) => typeof branch === 'object' && branch !== null && 'const' in branch);
}

const FORMATS = new Map<string, keyof ErrorMessages['format']>([
  ['date', 'date'], ['date-time', 'date-time'], ['time', 'time'], ['iso-time', 'time'], ['iso-date-time', 'date-time'],
  ['email', 'email'], ['idn-email', 'email'], ['uri', 'uri'], ['url', 'uri'], ['iri', 'uri'],
]);

/**
 * caseforms' default words, in one language, for what an ajv error asks of the client. ajv's own message is never
 * used: it names keywords, JSON types and regexes ("must match pattern \"^[+0-9 ()-]{7,20}$\"").
 */
export function plainText(error: ErrorObject, messages: ErrorMessages): string {
  const params = error.params as Record<string, unknown>;
  const limit = Number(params.limit);
  const parent = (typeof error.parentSchema === 'object' && error.parentSchema !== null ? error.parentSchema : {}) as SchemaNode;
  switch (error.keyword) {
    case 'required':
    case 'dependentRequired':
      return messages.required;
    case 'type': {
      const types = String(params.type).split(',');
      const type = (types.find((name) => name !== 'null') ?? types[0]) as keyof ErrorMessages['type'];
      return messages.type[type] ?? messages.checkAnswer;
    }
    case 'enum':
      return messages.chooseOption;
    case 'const':
      return params.allowedValue === true ? messages.tickBox : messages.chooseGivenOption;
    case 'oneOf':
    case 'anyOf':
      return isChoice(error.schema) ? messages.chooseOption : messages.answerOneWay;
    case 'not':
      return messages.notAccepted;
    case 'false schema':
    case 'additionalProperties':
    case 'unevaluatedProperties':
      return messages.notAsked;
    case 'pattern': {
      const widget = (parent[CASEFORMS_KEYWORD] as { widget?: unknown } | undefined)?.widget;
      return widget === 'tel' ? messages.phone : messages.wrongShape;
    }
    case 'format': {
      const format = FORMATS.get(String(params.format));
      return format ? messages.format[format] : messages.wrongShape;
    }
    case 'minLength':
      return limit <= 1 ? messages.required : messages.minLength(limit);
    case 'maxLength':
      return messages.maxLength(limit);
    case 'minimum':
      return messages.minimum(limit);
    case 'maximum':
      return messages.maximum(limit);
    case 'exclusiveMinimum':
      return messages.exclusiveMinimum(limit);
    case 'exclusiveMaximum':
      return messages.exclusiveMaximum(limit);
    case 'multipleOf':
      return messages.multipleOf(Number(params.multipleOf));
    case 'minItems':
      return limit <= 1 ? messages.atLeastOne : messages.minItems(limit);
    case 'maxItems':
      return messages.maxItems(limit);
    case 'uniqueItems':
      return messages.uniqueItems;
    default:
      return messages.checkAnswer;
  }
}
