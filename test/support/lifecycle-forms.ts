/**
 * The least a pack's forms must let staff do (form-schemas/README.md, "The lifecycle minimum"), as four small staff
 * forms: move a case from intake to active, close it from any open state, issue a termination notice and complete
 * it. Tests that write a pack of their own add these, so their own forms are all that lint talks about.
 */
const form = (title: string, annotation: object, properties: Record<string, object>, example: object) => ({
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title,
  'x-caseforms': { access: 'staff', ...annotation },
  type: 'object',
  additionalProperties: false,
  required: Object.keys(example),
  properties,
  examples: [example],
});

const date = (title: string) => ({ title, type: 'string', format: 'date' });

export const LIFECYCLE_FORMS: Readonly<Record<string, object>> = {
  progress: form('Progress', {
    transitions: [{ from: ['intake'], to: 'assessed' }, { from: ['assessed'], to: 'planned' }, { from: ['planned'], to: 'active' }],
  }, { on: date('Date') }, { on: '2026-03-02' }),
  close: form('Close the case', {
    transitions: [{ from: ['intake', 'assessed', 'planned', 'active', 'under-review'], to: 'closed' }],
  }, { on: date('Closed on') }, { on: '2026-03-02' }),
  'end-services': form('End services', {
    noticePeriod: { effectiveDate: '/effectiveDate' },
    transitions: [{ from: ['active', 'under-review'], to: 'termination-pending' }],
  }, { effectiveDate: date('Services end on') }, { effectiveDate: '2026-04-02' }),
  'services-ended': form('Services ended', {
    completesNotice: { document: 'termination-notice', otherChannel: '/otherChannel', completedOn: '/completedOn', servedOn: '/otherChannel/servedOn' },
    transitions: [{ from: ['termination-pending'], to: 'terminated' }],
  }, {
    completedOn: date('Ended on'),
    otherChannel: { title: 'Notice served otherwise', type: 'object', properties: { servedOn: date('Served on') } },
  }, { completedOn: '2026-04-02' }),
};

/** The same forms as pack files (`forms/<id>.json`), for lintPack. */
export const lifecycleFormFiles = (): Array<[string, string]> =>
  Object.entries(LIFECYCLE_FORMS).map(([formId, schema]) => [`forms/${formId}.json`, JSON.stringify(schema, null, 2)]);
