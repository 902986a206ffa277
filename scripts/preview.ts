// `[PREVIEW_LOCALE=es] npm run preview -- <agencyId> <documentType> [submission.json]`: renders a document from the example of the
// form that produces it (or from the given submission) and writes the PDF and a PNG of page 1 to .local/preview/.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { localDate } from '../functions/domain/cases/notice-period.ts';
import { documentLocale, localizedTitle, renderDocumentHtml, type CaseContext } from '../functions/domain/documents/document-view.ts';
import { PdfRenderer } from '../functions/adapters/chromium/pdf-renderer.ts';
import { TemplateLibrary } from '../functions/domain/documents/templates.ts';
import { loadCatalog, type Form } from '../functions/domain/forms/catalog.ts';
import { fullName, identityOf } from '../functions/domain/forms/identity.ts';
import { packLabels } from '../functions/domain/forms/pack-labels.ts';
import { declaredScoring } from '../functions/domain/outcomes/declared-scoring.ts';
import { scoreTrends } from '../functions/domain/outcomes/score-trends.ts';
import { writeFontConfig } from '../local/fonts.ts';

const root = resolve(import.meta.dirname, '..');
const [agencyId, documentType, submissionFile] = process.argv.slice(2);
if (!agencyId || !documentType) {
  console.error('usage: npm run preview -- <agencyId> <documentType> [submission.json]');
  process.exit(2);
}
const catalog = loadCatalog(join(root, 'form-schemas'));
const agency = catalog.agency(agencyId);
const form = [...(catalog.pack(agencyId)?.forms.values() ?? [])].find((candidate) => candidate.documents.includes(documentType));
if (!agency || !form) {
  console.error(`No form of agency "${agencyId}" produces "${documentType}" (x-caseforms.documents).`);
  process.exit(2);
}
const data = submissionFile ? JSON.parse(readFileSync(submissionFile, 'utf8')) : (form.schema.examples as Record<string, unknown>[])[0]!;
const now = new Date();
// A case around the document, made of the pack's own examples: the intake's client and the assessment's findings.
const forms = [...catalog.pack(agencyId)!.forms.values()];
const example = (candidate: Form) => (candidate.schema.examples as Record<string, unknown>[])[0]!;
const intakeForm = forms.find((candidate) => candidate.access !== 'staff' && candidate.identity !== undefined);
const assessmentForm = forms.find((candidate) => candidate.transitions.some((transition) => transition.to === 'assessed'));
// Each example of a scored form is one of its assessments, four weeks apart and the last one today: a trend to draw.
const DAY_MS = 86_400_000;
const history = forms.flatMap((candidate) => (candidate.schema.examples as Record<string, unknown>[]).map((answers, index, all) => ({
  formId: candidate.formId, receivedAt: new Date(now.getTime() - (all.length - 1 - index) * 28 * DAY_MS).toISOString(), scores: candidate.score(answers).scores,
})));
const caseContext: CaseContext = {
  clientName: intakeForm && fullName(identityOf(intakeForm.identity, example(intakeForm))),
  clientLanguage: process.env.PREVIEW_LOCALE,
  caseManagerEmail: 'case.manager@example.org',
  assessment: assessmentForm && { formId: assessmentForm.formId, title: assessmentForm.title, on: localDate(now, agency.timeZone), schema: assessmentForm.schema, answers: example(assessmentForm) },
  scores: forms.flatMap((candidate) => candidate.score(example(candidate)).scores.map((score) => ({ ...score, formId: candidate.formId, instrument: candidate.title, on: localDate(now, agency.timeZone) }))),
  trends: scoreTrends(history, (formId) => declaredScoring(catalog.form(agencyId, formId))),
};
const templates = new TemplateLibrary(join(root, 'templates'));
const locale = documentLocale(templates, agency, documentType, caseContext.clientLanguage);
const labels = packLabels((one) => catalog.translations(agencyId, one), locale);
const html = renderDocumentHtml(templates, {
  caseContext,
  locale,
  labels,
  documentType, agency, form, caseId: '00000000-0000-4000-8000-000000000000', submissionId: '00000000-0000-4000-8000-000000000001',
  receivedAt: now.toISOString(), data, assessment: form.score(data), noticeDate: localDate(now, agency.timeZone),
});

process.env.FONTCONFIG_FILE = writeFontConfig(join(root, '.local'));
const renderer = new PdfRenderer();
const title = localizedTitle(templates, { agency, form, documentType, locale, labels });
const pdf = await renderer.render(html, {
  footer: [agency.name, title, 'preview'], paperSize: agency.branding?.paperSize ?? 'A4', metadata: { title, author: agency.name, language: locale },
});
await renderer.close();
const outDir = join(root, '.local', 'preview');
mkdirSync(outDir, { recursive: true });
const base = join(outDir, `${agencyId}-${documentType}`);
writeFileSync(`${base}.pdf`, pdf);
execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', `${base}.pdf`, base]);
console.log(`${base}.pdf\n${base}.png`);
