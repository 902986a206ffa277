import type { Agency } from '../forms/agency.ts';
import type { Form } from '../forms/catalog.ts';
import type { Assessment } from '../forms/scoring.ts';
import { answeredFields } from './answered-fields.ts';
import type { TemplateLibrary } from './templates.ts';

export interface IntakeSummaryInput {
  readonly agency: Agency;
  readonly form: Form;
  readonly caseId: string;
  readonly submissionId: string;
  readonly receivedAt: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly assessment: Assessment;
}

const strings = {
  reference: 'Reference', received: 'Received', formVersion: 'Form version', yes: 'Yes', no: 'No',
  scores: 'Scores', riskFlags: 'Risk flags', supervisorAlerted: 'supervisor alerted',
};

export function intakeSummaryTitle(form: Form): string {
  return `${form.title}: intake summary`;
}

/** The HTML of an intake summary: every answered field under its title, in the agency's time zone. */
export function renderIntakeSummaryHtml(templates: TemplateLibrary, input: IntakeSummaryInput): string {
  const { agency, form } = input;
  const receivedAt = new Intl.DateTimeFormat('en', { year: 'numeric', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZone: agency.timeZone, timeZoneName: 'short' })
    .format(new Date(input.receivedAt));
  return templates.template(agency.id, 'intake-summary')({
    lang: 'en',
    title: intakeSummaryTitle(form),
    agency,
    strings,
    caseId: input.caseId,
    receivedAt,
    formVersion: form.version,
    fields: answeredFields(form.schema, input.data, strings),
    scores: input.assessment.scores,
    flags: input.assessment.flags,
  });
}
