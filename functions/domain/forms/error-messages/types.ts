/**
 * caseforms' own words for every way an answer can fail validation, in one language. Each text says what to do,
 * in words a client knows: never a regex, a JSON type name or "schema". The field's title goes in front of it
 * (`joinTitle`); a pack's own message for a field (x-caseforms `errors`) replaces the text, never the title.
 */
export interface ErrorMessages {
  /** How a field's title and a text about it are joined: "Phone: …", "Téléphone : …". */
  readonly joinTitle: (title: string, text: string) => string;
  readonly required: string;
  readonly type: {
    readonly string: string;
    readonly integer: string;
    readonly number: string;
    readonly boolean: string;
    readonly object: string;
    readonly array: string;
    readonly null: string;
  };
  /** enum, and a oneOf/anyOf whose branches are all `const` (coded answers). */
  readonly chooseOption: string;
  /** A `const` other than `true`. */
  readonly chooseGivenOption: string;
  /** `const: true`: a box to tick, such as a consent. */
  readonly tickBox: string;
  /** A oneOf/anyOf of other shapes: the branches' own errors contradict each other, so one message stands for them. */
  readonly answerOneWay: string;
  readonly notAccepted: string;
  /** A property the form does not define (additionalProperties, unevaluatedProperties, a `false` schema). */
  readonly notAsked: string;
  /** A `pattern` without the pack's own message. */
  readonly wrongShape: string;
  /** A `pattern` on a field shown as a telephone (widget `tel`). */
  readonly phone: string;
  readonly format: {
    readonly date: string;
    readonly 'date-time': string;
    readonly time: string;
    readonly email: string;
    readonly uri: string;
  };
  readonly minLength: (limit: number) => string;
  readonly maxLength: (limit: number) => string;
  readonly minimum: (limit: number) => string;
  readonly maximum: (limit: number) => string;
  readonly exclusiveMinimum: (limit: number) => string;
  readonly exclusiveMaximum: (limit: number) => string;
  readonly multipleOf: (step: number) => string;
  /** One or more of a list (minItems 1). */
  readonly atLeastOne: string;
  readonly minItems: (limit: number) => string;
  readonly maxItems: (limit: number) => string;
  readonly uniqueItems: string;
  /** Anything else: a keyword no pack uses today. */
  readonly checkAnswer: string;
  /** A file question's upload ids, checked when the form is sent (domain/uploads/upload-links.ts). */
  readonly upload: {
    /** Not a file received for this question of this form (never sent, expired, refused, or another agency's or form's). */
    readonly notFound: string;
    /** Already part of another submission. */
    readonly alreadySent: string;
    /** The malware scan found something in it. */
    readonly infected: string;
    readonly twice: string;
    /** More files in one submission than one commit can link. */
    readonly tooManyInForm: (limit: number) => string;
  };
}
