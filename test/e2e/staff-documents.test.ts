import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarDate } from '../../functions/domain/forms/calendar-date.ts';
import { addDays, localDate } from '../../functions/domain/cases/notice-period.ts';
import type { LocalStack } from '../../local/stack.ts';
import { mailboxOf } from '../support/mailbox.ts';
import { pdfinfo, pdftotext } from '../support/pdf-tools.ts';
import { submitStaffForm } from '../support/staff-api.ts';
import { staffToken } from '../support/staff-tokens.ts';
import { demoExample, post, startTestStack, SUBMIT_PATH } from '../support/test-stack.ts';
import { waitFor } from '../support/wait.ts';

let stack: LocalStack;
let token: string;
beforeAll(async () => {
  stack = await startTestStack();
  token = await staffToken('demo', ['case-manager'], 'lee@demo.example');
});
afterAll(async () => { await stack?.stop(); });

const submit = (caseId: string, formId: string, body: unknown) => submitStaffForm(stack, token, 'demo', caseId, formId, body);

async function activeCase(preferredLanguage = 'en'): Promise<string> {
  const intake = { ...demoExample(), preferredLanguage };
  const caseId = ((await post(stack, SUBMIT_PATH, { body: JSON.stringify(intake) })).json as { caseId: string }).caseId;
  for (const formId of ['assessment', 'care-plan', 'service-start']) expect((await submit(caseId, formId, demoExample(formId))).status).toBe(201);
  return caseId;
}

async function documentPdf(caseId: string, titlePart: string): Promise<Buffer> {
  const mail = await waitFor(async () => {
    const messages = await mailboxOf(stack);
    return messages.find((message) => message.subject.includes(caseId.slice(0, 8)) && message.subject.includes(titlePart));
  }, 45_000, `the "${titlePart}" email`);
  // Staff get a secure link, not an attachment: the document is fetched through it as they would.
  const link = /^(http:\/\/\S+\/links\/[A-Za-z0-9_-]{43})$/m.exec(mail.text)?.[1];
  expect(link, mail.text).toBeDefined();
  const response = await fetch(link!);
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

describe('termination notices', () => {
  it('refuse an effective date before the minimum notice, naming the field and the earliest date; accept the boundary day', async () => {
    const caseId = await activeCase();
    const noticeDate = localDate(new Date(), 'America/Chicago');
    const earliest = addDays(noticeDate, 10);

    const early = await submit(caseId, 'termination', { ...demoExample('termination'), effectiveDate: addDays(earliest, -1) });
    expect(early.status).toBe(422);
    expect(early.json).toMatchObject({ earliestEffectiveDate: earliest, noticeDate });
    expect(early.json.errors).toEqual([{ pointer: '/effectiveDate', message: expect.stringContaining(`choose ${calendarDate(earliest, 'en')} or later`) }]);

    const onTime = await submit(caseId, 'termination', { ...demoExample('termination'), effectiveDate: earliest });
    expect(onTime.status).toBe(201);
    expect(onTime.json.state).toBe('termination-pending');

    const text = pdftotext(await documentPdf(caseId, 'Notice of termination')).replace(/\s+/g, ' ');
    expect(text).toContain(`Date of this notice ${long(noticeDate)}`);
    expect(text).toContain(`Services end on ${long(earliest)}`);
    expect(text).toContain('Reason Goals met');
    expect(text).toContain('Your right to appeal');
    expect(text).toContain(`Appeal deadline ${long('2027-03-01')}`);
    expect(text).toContain('Community health center');
    expect(text).toContain('Phone +1 555 0100');
  });
});

const long = (date: string, locale = 'en') =>
  new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));

describe('the termination notice in the client\'s language', () => {
  it('is written in the language the client chose at intake, with that language\'s dates', async () => {
    const caseId = await activeCase('es');
    const effective = addDays(localDate(new Date(), 'America/Chicago'), 30);
    expect((await submit(caseId, 'termination', { ...demoExample('termination'), effectiveDate: effective })).status).toBe(201);
    const pdf = await documentPdf(caseId, 'Notice of termination');
    const text = pdftotext(pdf).replace(/\s+/g, ' ');
    expect(text).toContain('Aviso de terminación de servicios');
    expect(text).toContain(`Los servicios terminan el ${long(effective, 'es')}`);
    expect(text).toContain('Motivo Objetivos alcanzados');
    expect(text).toContain('Su derecho a apelar');
    expect(text).toContain(`Fecha límite para apelar ${long('2027-03-01', 'es')}`);
    expect(pdfinfo(pdf)).toMatch(/Title:\s+Aviso de terminación de servicios/);
    expect(pdf.toString('latin1')).toMatch(/\/Lang \(es\)/);
  });
});

describe("care plans and discharge summaries in the client's language", () => {
  it('are written in Arabic for a client who chose Arabic, the choices by their Arabic titles', async () => {
    const caseId = await activeCase('ar');
    // Staff are emailed in the agency's language; the PDF is the client's.
    const carePlan = await documentPdf(caseId, 'Care plan');
    const text = pdftotext(carePlan).replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').replace(/\s+/g, '');
    for (const expected of ['خطةالرعاية', 'الأهداف', 'السكن', 'توقيعالعميلوالتاريخ']) expect(text, expected).toContain(expected);
    expect(pdftotext(carePlan)).not.toMatch(/Care plan|Goals|Target date|social-support/);
    expect(pdfinfo(carePlan)).toMatch(/Title:\s+خطة الرعاية/);
    expect(carePlan.toString('latin1')).toMatch(/\/Lang \(ar\)/);

    expect((await submit(caseId, 'discharge', demoExample('discharge'))).status).toBe(201);
    const discharge = pdftotext(await documentPdf(caseId, 'Discharge')).replace(/\s+/g, '');
    expect(discharge).toContain('ملخصالخروجوالانتقال');
    expect(discharge).toContain('النتائجمقارنةبالأهداف');
  });
});

describe('care plans and discharge summaries', () => {
  it('render from the staff forms, with goals, review date and metadata', async () => {
    const caseId = await activeCase();
    const pdf = await documentPdf(caseId, 'Care plan');
    const text = pdftotext(pdf).replace(/\s+/g, ' ');
    expect(text).toContain('Client Zoë Núñez-Øberg');
    expect(text).toContain('Case manager lee@demo.example');
    expect(text).toContain('Assessment findings (Needs assessment');
    expect(text).toContain('Summary of findings Housing is the priority need');
    expect(text).toMatch(/Stable .*housing/);
    expect(text).toContain('Signed lease');
    expect(text).toContain('reviewed with you on or before January 15, 2030');
    expect(text).toContain('Client signature and date');
    expect(pdfinfo(pdf)).toMatch(/Title:\s+Care plan/);
    expect(pdfinfo(pdf)).toMatch(/Author:\s+Riverside Community Care \(demo\)/);
    expect(pdfinfo(pdf)).toMatch(/Page size:\s+612 x 792 pts \(letter\)/);
    expect(pdf.toString('latin1')).toMatch(/\/Lang \(en\)/);
    expect(pdfinfo(pdf)).toMatch(/Tagged:\s+yes/);

    expect((await submit(caseId, 'discharge', demoExample('discharge'))).status).toBe(201);
    const discharge = pdftotext(await documentPdf(caseId, 'Discharge')).replace(/\s+/g, ' ');
    expect(discharge).toContain('Outcomes against goals Stable housing achieved.');
  });
});
