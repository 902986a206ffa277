import type { CaseContext, DocumentInput } from '../../functions/domain/documents/document-view.ts';
import type { AgencyPack, Form, FormCatalog } from '../../functions/domain/forms/catalog.ts';
import { fullName, identityOf } from '../../functions/domain/forms/identity.ts';
import { packLabels } from '../../functions/domain/forms/pack-labels.ts';
import { declaredScoring } from '../../functions/domain/outcomes/declared-scoring.ts';
import { scoreTrends } from '../../functions/domain/outcomes/score-trends.ts';

/**
 * Every document a pack's forms produce, made from the forms' own examples, as the document worker would render it
 * for a case built of the same examples (the intake's client, the assessment's findings, every scored form's
 * scores). Tests render these in any locale.
 */
export interface PackDocument {
  readonly formId: string;
  readonly documentType: string;
  readonly input: (locale: string) => DocumentInput;
}

const examples = (form: Form) => (form.schema.examples ?? []) as Array<Record<string, unknown>>;

export function packDocuments(catalog: FormCatalog, pack: AgencyPack): PackDocument[] {
  const { agency } = pack;
  const forms = [...pack.forms.values()];
  const intake = forms.find((form) => form.access !== 'staff' && form.identity !== undefined);
  const assessed = forms.find((form) => form.transitions.some((transition) => transition.to === 'assessed'));
  const scored = forms.filter((form) => examples(form).some((answers) => form.score(answers).scores.length > 0));
  const history = scored.flatMap((form) => examples(form).map((answers, index) => ({
    formId: form.formId, receivedAt: `2026-0${index + 1}-05T20:00:00.000Z`, scores: form.score(answers).scores,
  })));
  const caseContext = (clientLanguage: string): CaseContext => ({
    clientName: intake && fullName(identityOf(intake.identity, examples(intake)[0]!)),
    clientLanguage,
    caseManagerEmail: 'lee@example.org',
    assessment: assessed && { formId: assessed.formId, title: assessed.title, on: '2026-12-01', schema: assessed.schema, answers: examples(assessed)[0]! },
    scores: scored.flatMap((form) => form.score(examples(form)[0]!).scores.map((score) => ({ ...score, formId: form.formId, instrument: form.title, on: '2026-12-02' }))),
    trends: scoreTrends(history, (formId) => declaredScoring(catalog.form(agency.id, formId))),
  });
  return forms.flatMap((form) => form.documents.map((documentType) => ({
    formId: form.formId,
    documentType,
    input: (locale: string): DocumentInput => {
      const data = examples(form)[0]!;
      return {
        documentType, locale, agency, form, data,
        labels: packLabels((one) => catalog.translations(agency.id, one), locale),
        caseContext: caseContext(locale),
        caseId: '7d1e5a60-0000-4000-8000-000000000042', submissionId: '7d1e5a60-0000-4000-8000-000000000043',
        receivedAt: '2026-12-03T17:00:00.000Z', assessment: form.score(data), noticeDate: '2026-12-03',
      };
    },
  })));
}
