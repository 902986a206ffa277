import { describe, expect, it } from 'vitest';
import type { StaffMember } from '../../functions/contracts/staff-claims.ts';
import type { CaseView } from '../../functions/domain/cases/case-view.ts';
import { renderCasePage, type CasePage } from '../../functions/web/staff-pages/case-page.ts';
import type { AnswerReading } from '../../functions/web/staff-pages/case-answers.ts';
import { untranslated } from '../../functions/domain/forms/pack-labels.ts';
import { renderCaseList, type CaseListPage } from '../../functions/web/staff-pages/case-list-page.ts';
import { personLinksSection } from '../../functions/web/staff-pages/person-links-section.ts';
import { staffLanguage, ENGLISH } from '../../functions/web/staff-pages/staff-words.ts';
import { TemplateLibrary } from '../../functions/domain/documents/templates.ts';
import { outcomesOf } from '../../functions/web/staff-pages/case-outcomes.ts';
import { STAFF_STYLE } from '../../functions/web/staff-pages/staff-style.ts';

const manager: StaffMember = { subject: 'sub-1', agencyId: 'demo', roles: ['case-manager'], email: 'cm@demo.test' };
const supervisor: StaffMember = { ...manager, subject: 'sub-2', roles: ['supervisor'] };
const CASE_ID = '0b6f9c2e-1d2a-4b3c-8e4f-5a6b7c8d9e0f';
const hostile = '<img src=x onerror=alert(1)>{{constructor}}';

function view(overrides: Partial<CaseView> = {}): CaseView {
  return {
    case: { agencyId: 'demo', caseId: CASE_ID, state: 'active', version: 4, createdAt: '2026-11-01T10:00:00.000Z', updatedAt: '2026-11-02T10:00:00.000Z', caseManager: 'sub-1' },
    submissions: [
      { submissionId: 'b0000000-0000-4000-8000-000000000002', formId: 'phq-9', receivedAt: '2026-11-02T10:00:00.000Z', channel: 'staff', scores: [{ id: 'total', title: 'PHQ-9 total', value: 11, band: 'Moderate' }], flags: [] },
      { submissionId: 'b0000000-0000-4000-8000-000000000001', formId: 'intake', receivedAt: '2026-11-01T10:00:00.000Z', channel: 'public' },
    ],
    documents: [{ documentId: 'b0000000-0000-4000-8000-000000000001-intake-summary', documentType: 'intake-summary', bytes: 2048, createdAt: '2026-11-01T10:00:05.000Z' }],
    deliveries: [{ documentId: 'b0000000-0000-4000-8000-000000000001-intake-summary', recipient: hostile, status: 'withheld', reason: hostile }],
    jobs: [],
    riskFlags: [],
    notes: [],
    files: [],
    timeline: [{ at: '2026-11-01T10:00:00.000Z', event: 'submission', formId: 'intake', transition: { from: 'intake', to: 'intake' } }],
    allowedMoves: [{ formId: 'review', to: 'under-review' }, { formId: 'phq-9', to: null }],
    clientAddress: { state: 'unverified' },
    ...overrides,
  };
}

const reading: AnswerReading = { locale: 'en', labels: () => untranslated, yes: 'Yes', no: 'No', writtenIn: () => 'en' };
const page = (staff: StaffMember, overrides: Partial<CaseView> = {}, more: Partial<CasePage> = {}) => renderCasePage({
  chrome: { agencyName: 'Agency <b>', staff }, view: view(overrides), formTitles: { intake: 'Request', 'phq-9': 'PHQ-9', review: 'Case review' }, offeredForms: staff.roles.includes('case-manager') ? ['review', 'phq-9'] : staff.roles.includes('intake-worker') ? ['phq-9'] : [], outcomes: undefined,
  identity: undefined, today: '2026-12-06', answers: { entries: [], reading }, ...more,
});

describe('the case page', () => {
  it('escapes whatever the stored items hold', () => {
    const html = page(manager);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src&#61;x onerror&#61;alert(1)&gt;');
    expect(html).toContain('Agency &lt;b&gt;');
  });

  it('names the case manager: you, by name from the staff list, by email, or in words when unknown', () => {
    const fact = (html: string) => /<dt>Case manager<\/dt><dd>([^<]*)<\/dd>/.exec(html)?.[1];
    const other = (caseManagerEmail?: string) => ({ case: { ...view().case, caseManager: 'sub-9', ...(caseManagerEmail ? { caseManagerEmail } : {}) } });
    expect(fact(page(manager))).toBe('You');
    expect(fact(page(manager, other('ana@demo.test'), { caseManagers: [{ id: 'sub-9', name: 'Ana Ruiz', email: 'ana@demo.test', roles: ['case-manager'] }] }))).toBe('Ana Ruiz');
    expect(fact(page(manager, other('ana@demo.test')))).toBe('ana@demo.test');
    expect(fact(page(manager, other()))).toBe('Another case manager');
  });

  it('lists submissions oldest first, and says a case moved only when it did', () => {
    const html = page(manager);
    expect(html.indexOf('<td>Request</td>')).toBeLessThan(html.indexOf('<td>PHQ-9</td>'));
    expect(html).toContain('PHQ-9 total: 11 (Moderate)');
    expect(html).toContain('Request received</li>');
  });

  it('lists deliveries in the order their documents were made, alerts without a document last', () => {
    const html = page(manager, {
      documents: [
        { documentId: 'd2-care-plan', documentType: 'care-plan', createdAt: '2026-11-03T10:00:00.000Z' },
        { documentId: 'd1-intake-summary', documentType: 'intake-summary', createdAt: '2026-11-01T10:00:00.000Z' },
      ],
      deliveries: [
        { documentId: 'd9-risk-alert', recipient: 'supervisor', status: 'sent' },
        { documentId: 'd2-care-plan', recipient: 'case-manager', status: 'sent' },
        { documentId: 'd1-intake-summary', recipient: 'agency-inbox', status: 'sent' },
      ],
    });
    // Each recipient by its role in words, never its id.
    const rows = [...html.matchAll(/<td>(The agency&#39;s inbox|The case manager|Supervisors)<\/td>/g)].map((match) => match[1]);
    expect(rows).toEqual(['The agency&#39;s inbox', 'The case manager', 'Supervisors']);
    expect(html).not.toMatch(/<td>(agency-inbox|case-manager|supervisor)<\/td>/);
  });

  it('names documents and risk flags in words, not by their ids', () => {
    const html = page(manager, {
      submissions: [{ submissionId: 's1', formId: 'phq-9', receivedAt: '2026-11-02T10:00:00.000Z', channel: 'staff', flags: [{ id: 'self-harm-risk', title: 'Thoughts of self-harm', alertSupervisor: true, showCrisisResources: true }] }],
      // As the stores record it: the raised flag itself, with its title.
      riskFlags: [{ submissionId: 's1', flag: { id: 'self-harm-risk', title: 'Thoughts of self-harm', alertSupervisor: true, showCrisisResources: true }, status: 'alert-pending' }],
      documents: [{ documentId: 'd2-care-plan', documentType: 'care-plan', createdAt: '2026-11-03T10:00:00.000Z' }],
    });
    expect(html).toContain('Thoughts of self-harm (supervisor alert pending)');
    expect(html).toContain('<td>Care plan</td>');
    expect(html).not.toMatch(/>self-harm-risk|<td>care-plan<\/td>/);
  });

  it('links the moves allowed now for those who may submit, and only names them for others', () => {
    expect(page(manager)).toContain(`href="/staff/demo/cases/${CASE_ID}/forms/review"`);
    const admin = page({ ...manager, roles: ['agency-admin'] });
    expect(admin).not.toContain('/forms/review"');
    expect(admin).toContain('Your role cannot submit them.');
  });

  it('offers only the forms the user\'s roles may fill in, and names the others as needing another role', () => {
    const intakeWorker = page({ ...manager, roles: ['intake-worker'] });
    expect(intakeWorker).toContain(`href="/staff/demo/cases/${CASE_ID}/forms/phq-9"`);
    expect(intakeWorker).not.toContain('/forms/review"');
    expect(intakeWorker).toContain('Also possible now, by another role: Case review.');
  });

  it('offers FHIR exports to supervisors only', () => {
    expect(page(supervisor)).toContain('/fhir"');
    expect(page(manager)).not.toContain('/fhir"');
  });
});

describe('the case page in the reader\'s language', () => {
  const templates = new TemplateLibrary('templates');
  const providers = [{ id: 'northside-clinic', name: 'Northside Family Clinic' }];
  const translated = (locale: string, staff: StaffMember = manager) => page(staff, {
    documents: [{ documentId: 'd2-care-plan', documentType: 'care-plan', bytes: 3000, createdAt: '2026-11-03T10:00:00.000Z' }],
    deliveries: [
      { documentId: 'd2-care-plan', recipient: 'provider-northside-clinic', status: 'withheld', reason: 'no-consent' },
      { documentId: 'd2-care-plan', recipient: 'client', status: 'held', reason: 'address-unverified' },
    ],
    riskFlags: [{ submissionId: 'b0000000-0000-4000-8000-000000000002', flag: { id: 'self-harm-risk', title: 'Thoughts of self-harm', alertSupervisor: true, showCrisisResources: true }, status: 'alerted' }],
    timeline: [
      { at: '2026-11-01T10:00:00.000Z', event: 'submission', formId: 'intake', transition: { from: 'intake', to: 'assessed' } },
      { at: '2026-11-03T10:00:00.000Z', event: 'document', documentType: 'care-plan' },
      { at: '2026-11-03T10:01:00.000Z', event: 'delivery', documentId: 'd2-care-plan', recipient: 'provider-northside-clinic' },
    ],
  }, { chrome: { agencyName: 'Demo', staff, language: staffLanguage(templates, 'demo', locale) }, agency: { providers } });

  it('in Spanish: documents, recipients (a provider by its name), states, moves and the page\'s own words', () => {
    const html = translated('es');
    expect(html).toContain('<html lang="es" dir="ltr">');
    expect(html).toContain('<title>Caso 0b6f9c2e · Demo</title>');
    expect(html).toContain('<td>Plan de atención</td>');
    expect(html).toContain('<td>Proveedor: Northside Family Clinic</td>');
    expect(html).toContain('<span class="status-withheld">no enviado</span>');
    expect(html).toContain('<td>el cliente no ha dado su consentimiento para este proveedor</td>');
    expect(html).toContain('<dt>Estado</dt><dd>Activo</dd>');
    expect(html).toContain('<span aria-hidden="true"> → En revisión</span>');
    expect(html).toContain('Request recibido; el caso pasó de Admisión a Evaluado');
    expect(html).toContain('Plan de atención enviado a Proveedor: Northside Family Clinic');
    expect(html).toContain('Thoughts of self-harm (se avisó a supervisión)');
    expect(html).toContain('<h2 id="deliveries">Envíos</h2>');
    expect(html).toContain('<h2 id="submissions">Formularios recibidos</h2>');
    expect(html).toContain('<td>3 KB</td>');
    for (const english of ['Deliveries', 'Timeline', 'Next steps', 'Submissions', 'None yet', 'Care plan', 'provider-northside-clinic', 'Email address not verified', '>Active<', 'received']) {
      expect(html, english).not.toContain(english);
    }
  });

  it('in Arabic: right to left, with the same facts in Arabic words', () => {
    const html = translated('ar');
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toContain('<td>خطة الرعاية</td>');
    expect(html).toContain('<td>مقدم الخدمة: Northside Family Clinic</td>');
    expect(html).toContain('<dt>الوضع</dt><dd>نشطة</dd>');
    expect(html).toContain('<h2 id="timeline">التسلسل الزمني</h2>');
    expect(html).not.toMatch(/Deliveries|Timeline|Next steps/);
  });

  it('the same page in English by default', () => {
    const html = page(manager, {}, { chrome: { agencyName: 'Demo', staff: manager, language: ENGLISH } });
    expect(html).toContain('<h2 id="deliveries">Deliveries</h2>');
    expect(html).toContain('<span aria-hidden="true"> → Under review</span>');
  });

  it('outcomes in Spanish: headings, dates and the pack\'s own score title and band', () => {
    const submissions = [
      { formId: 'phq-9', receivedAt: '2026-11-02T10:00:00.000Z', scores: [{ id: 'total', title: 'PHQ-9 total', value: 11, band: 'Moderate' }] },
      { formId: 'phq-9', receivedAt: '2026-11-20T10:00:00.000Z', scores: [{ id: 'total', title: 'PHQ-9 total', value: 6, band: 'Mild' }] },
    ];
    const labels = () => (key: string) => ({ 'scores/total': 'PHQ-9 puntuación total', 'scores/total#Mild': 'Leve' } as Record<string, string>)[key];
    const html = outcomesOf(submissions, [], { timeZone: 'America/New_York' }, staffLanguage(templates, 'demo', 'es'), labels)!.text;
    expect(html).toContain('<caption class="visually-hidden">PHQ-9 puntuación total por fecha</caption>');
    expect(html).toContain('<th scope="col">Fecha</th><th scope="col">Puntuación</th><th scope="col">Nivel</th>');
    expect(html).toContain('<td>20 nov 2026</td><td>6</td><td>Leve</td>');
    expect(html).not.toMatch(/by date|>Score<|>Band<|Nov 20/);
  });

  it('"Same person" in Spanish and Arabic: states, counts by the locale\'s plural rules, reasons', () => {
    const other = { ...view().case, caseId: 'c0000000-0000-4000-8000-000000000001', state: 'closed' as const };
    const section = (locale: string, documents: number) => personLinksSection({
      staff: supervisor, caseId: CASE_ID, language: staffLanguage(templates, 'demo', locale),
      linked: [{ case: other, documents, latestScores: [] }],
      matches: [{ case: { ...other, caseId: 'c0000000-0000-4000-8000-000000000002' }, reason: 'phone' }],
    })!.text;
    const spanish = section('es', 1);
    expect(spanish).toContain('<h2 id="person">Misma persona</h2>');
    expect(spanish).toMatch(/caso c0000000<\/a> — Cerrado, abierto el 2026-11-01, actualizado el 2026-11-02; 1 documento; sin puntuaciones\./);
    expect(spanish).toContain('Mismo número de teléfono.');
    expect(spanish).not.toMatch(/Same person|Linked cases|Possible matches|opened/);
    expect(section('ar', 2)).toContain('مستندان');
    expect(section('en', 0)).toContain('— Closed, opened 2026-11-01, updated 2026-11-02; 0 documents; no scores.');
  });
});

describe('the case list', () => {
  it('keeps the filters chosen, and names each case\'s case manager with a link to their caseload', () => {
    const html = renderCaseList({
      chrome: { agencyName: 'A', staff: manager }, agency: { riskFlags: [], timeZone: 'UTC' }, filters: { state: 'active', mine: true }, problems: ['"x" is not a case state.'], nextHref: '/staff/demo/cases?cursor=abc', today: '2026-12-06',
      csvHref: '/staff/demo/exports/case-list?state=active&mine=1',
      cases: [view().case, { ...view().case, caseId: 'c0000000-0000-4000-8000-000000000001', caseManager: 'sub-9', caseManagerEmail: 'ana@demo.test' }, { ...view().case, caseId: 'c0000000-0000-4000-8000-000000000002', caseManager: undefined }],
    });
    expect(html).toContain('<option value="active" selected>Active</option>');
    expect(html).toContain('id="mine" name="mine" value="1" checked');
    expect(html).toContain('href="/staff/demo/cases?caseManager&#61;sub-1">You<');
    expect(html).toContain('href="/staff/demo/cases?caseManager&#61;sub-9">ana@demo.test<');
    expect(html).toContain('<td>Unassigned</td>');
    expect(html).toContain('role="alert"');
    expect(html).toContain('href="/staff/demo/cases?cursor&#61;abc"');
    expect(html).toContain('href="/staff/demo/exports/case-list?state&#61;active&amp;mine&#61;1">Download these cases as CSV<');
  });

  const templates = new TemplateLibrary('templates');
  const harborStaff: StaffMember = { ...manager, agencyId: 'harbor' };
  const listIn = (staff: StaffMember, locale: string, filters: CaseListPage['filters'] = {}) => renderCaseList({
    chrome: { agencyName: 'A', staff, language: staffLanguage(templates, staff.agencyId, locale) }, agency: { riskFlags: [], timeZone: 'UTC' }, filters, problems: [], nextHref: undefined, today: '2026-12-06',
    csvHref: undefined, cases: [view().case, { ...view().case, caseId: 'c0000000-0000-4000-8000-000000000001' }, { ...view().case, caseId: 'c0000000-0000-4000-8000-000000000002' }],
  });
  const caption = (html: string) => /<caption>([^<]*)<\/caption>/.exec(html)?.[1];

  it('captions the table with the count and the order joined as the locale joins them (Arabic with its own comma)', () => {
    expect(caption(listIn(manager, 'ar'))).toBe('3 حالات، الأحدث أولًا');
    expect(caption(listIn(manager, 'ar', { reviewDueBy: '2026-12-31' }))).toBe('3 حالات، الأقرب مراجعةً أولًا');
    expect(caption(listIn(manager, 'en'))).toBe('3 cases, newest first');
    // Harbor, the second pack, reads the default templates' French.
    expect(caption(listIn(harborStaff, 'fr'))).toBe('3 dossiers, les plus récents d’abord');
  });

  it('describes the search field with its hint, below its label, for screen readers too', () => {
    for (const [staff, locale, hint] of [[manager, 'ar', 'الاسم أو الرقم المرجعي أو رقم الهاتف أو البريد الإلكتروني'], [harborStaff, 'fr', 'Nom, référence, téléphone ou adresse e-mail']] as const) {
      const field = /<div class="field search">(.*?)<\/div>/s.exec(listIn(staff, locale))?.[1];
      expect(field).toMatch(new RegExp(`^<label for="q">[^<]+</label><p class="help" id="q-hint">${hint}</p><input type="search" id="q" [^>]*aria-describedby="q-hint"`));
    }
    // The search box is a block of its own, as the other fields are, so the hint never runs into it on one line.
    expect(STAFF_STYLE).toMatch(/input\[type=search\][^{]*\{display:block;/);
  });
});
