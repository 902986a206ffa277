import { describe, expect, it } from 'vitest';
import type { StaffMember } from '../../functions/contracts/staff-claims.ts';
import type { CaseView } from '../../functions/domain/cases/case-view.ts';
import { renderCasePage, type CasePage } from '../../functions/web/staff-pages/case-page.ts';
import type { AnswerReading } from '../../functions/web/staff-pages/case-answers.ts';
import { untranslated } from '../../functions/domain/forms/pack-labels.ts';
import { renderCaseList } from '../../functions/web/staff-pages/case-list-page.ts';

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
    timeline: [{ at: '2026-11-01T10:00:00.000Z', event: 'submission', formId: 'intake', transition: { from: 'intake', to: 'intake' } }],
    allowedMoves: [{ formId: 'review', to: 'under-review' }, { formId: 'phq-9', to: null }],
    clientAddress: { state: 'unverified' },
    ...overrides,
  };
}

const reading: AnswerReading = { locale: 'en', labels: () => untranslated, yes: 'Yes', no: 'No', writtenIn: () => 'en' };
const page = (staff: StaffMember, overrides: Partial<CaseView> = {}, more: Partial<CasePage> = {}) => renderCasePage({
  agencyName: 'Agency <b>', staff, view: view(overrides), formTitles: { intake: 'Request', 'phq-9': 'PHQ-9', review: 'Case review' }, offeredForms: staff.roles.includes('case-manager') ? ['review', 'phq-9'] : staff.roles.includes('intake-worker') ? ['phq-9'] : [], outcomes: undefined,
  identity: undefined, today: '2026-12-06', answers: { entries: [], reading }, ...more,
});

describe('the case page', () => {
  it('escapes whatever the stored items hold', () => {
    const html = page(manager);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src&#61;x onerror&#61;alert(1)&gt;');
    expect(html).toContain('Agency &lt;b&gt;');
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
    const rows = [...html.matchAll(/<td>(agency-inbox|case-manager|supervisor)<\/td>/g)].map((match) => match[1]);
    expect(rows).toEqual(['agency-inbox', 'case-manager', 'supervisor']);
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

describe('the case list', () => {
  it('keeps the filters chosen, and names each case\'s case manager with a link to their caseload', () => {
    const html = renderCaseList({
      agencyName: 'A', staff: manager, filters: { state: 'active', mine: true }, agency: { riskFlags: [], timeZone: 'UTC' }, problems: ['"x" is not a case state.'], nextHref: '/staff/demo/cases?cursor=abc', today: '2026-12-06',
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
});
