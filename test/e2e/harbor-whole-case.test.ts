import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, localDate } from '../../functions/domain/cases/notice-period.ts';
import type { LocalStack } from '../../local/stack.ts';
import { formsDirWithHarbor, harborApiKeyHeader } from '../support/harbor-pack.ts';
import { mailboxOf } from '../support/mailbox.ts';
import { pdftotext } from '../support/pdf-tools.ts';
import { clientAddressVerified } from '../support/client-address.ts';
import { browse, signIn as signInAtPages } from '../support/staff-session.ts';
import { readCase, submitStaffForm } from '../support/staff-api.ts';
import { bearer, staffToken } from '../support/staff-tokens.ts';
import { middayUtc, restoreClock, setClock } from '../support/test-clock.ts';
import { startTestStack } from '../support/test-stack.ts';
import { waitFor } from '../support/wait.ts';

// A whole case in a pack nobody wrote the code for (test/fixtures/packs/harbor): its own forms, French and English,
// a choice-conditional section, a scored staff instrument with a risk rule, its own lifecycle field names, 14 days'
// notice on Pacific time.
const PORTLAND = 'America/Los_Angeles';
let stack: LocalStack;
let advocate: string;
let supervisor: string;
const signIn = async () => {
  advocate = await staffToken('harbor', ['case-manager'], 'lea@harbor.example');
  supervisor = await staffToken('harbor', ['supervisor'], 'sam@harbor.example');
};
beforeAll(async () => {
  stack = await startTestStack({ formsDir: formsDirWithHarbor() });
  await signIn();
});
afterAll(async () => { await stack?.stop(); });

async function intake(body: unknown, language: string) {
  const response = await fetch(`${stack.url}/agencies/harbor/forms/intake/submissions`, {
    method: 'POST', headers: { ...harborApiKeyHeader, 'content-type': 'application/json', 'accept-language': language }, body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, json: (await response.json()) as Record<string, any> };
}

const submit = (caseId: string, formId: string, body: unknown) => submitStaffForm(stack, advocate, 'harbor', caseId, formId, body);

/** Staff work on `date` (noon in Portland), signed in that day. */
async function on<T>(date: string, work: () => Promise<T>): Promise<T> {
  setClock(middayUtc(date));
  try {
    await signIn();
    return await work();
  } finally {
    restoreClock();
    await signIn();
  }
}

const caseOf = (caseId: string) => readCase(stack, supervisor, 'harbor', caseId);

/** The PDF the client was emailed (attached: the route says so), as the client's reader shows its text. */
async function clientPdf(address: string, seen: number): Promise<string> {
  const mail = await waitFor(async () => {
    const messages = await mailboxOf(stack);
    return messages.filter((message) => message.to.includes(address) && message.attachments.length > 0)[seen];
  }, 60_000, `email ${seen + 1} to the client`);
  const attachment = mail.attachments[0]!;
  const url = attachment.url.startsWith('http') ? attachment.url : `${stack.url}${attachment.url}`;
  return pdftotext(Buffer.from(await (await fetch(url)).arrayBuffer())).replace(/\s+/g, ' ');
}

const lucie = {
  fullName: 'Lucie Ngata', language: 'fr', phone: '+1 555 0177', email: 'lucie@example.org', emailIsSafe: true,
  assistanceType: 'eviction', eviction: { noticeReceivedOn: '2026-11-28', noticeKind: 'court-summons', hearingDate: '2027-01-12' },
  householdSize: 3, consent: true,
};

describe('Harbor Tenant Aid, a whole case', () => {
  let caseId: string;

  it('takes a French intake, refusing a wrong one field by field in French', async () => {
    const refused = await intake({ ...lucie, phone: 'appelez-moi', eviction: { noticeReceivedOn: '2026-11-28', noticeKind: 'court-summons' } }, 'fr');
    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-language')).toBe('fr');
    expect(refused.json.errors.map((error: { pointer: string }) => error.pointer).sort()).toEqual(['/eviction/hearingDate', '/phone']);
    expect(JSON.stringify(refused.json.errors)).toMatch(/Numéro de téléphone/);
    expect(JSON.stringify(refused.json.errors)).toMatch(/Date de l'audience/);

    const accepted = await intake(lucie, 'fr');
    expect(accepted.status).toBe(201);
    caseId = accepted.json.caseId;
    // Lucie's address is hers (staff saw her): the documents below go to it (test/e2e/client-address-verification.test.ts).
    await clientAddressVerified(stack, 'harbor', caseId, lucie.email);
  });

  it('records the instrument\'s risk flag on the case, shows it on the case page and audits it', async () => {
    expect((await submit(caseId, 'assessment', { assessedOn: '2026-12-01', tenure: 'month-to-month', summary: 'Court date set.' })).status).toBe(201);
    const scored = await submit(caseId, 'housing-stability', { rentLate: 2, utilitiesOff: 1, overcrowded: 2, fearOfLosingHome: 3 });
    expect(scored.status).toBe(201);
    const view = await caseOf(caseId);
    expect(view.case.riskFlags).toEqual(['imminent-homelessness']);
    expect(view.riskFlags).toEqual([expect.objectContaining({ flag: expect.objectContaining({ id: 'imminent-homelessness' }), status: expect.any(String) })]);

    const { jar } = await signInAtPages(stack, 'case-manager', { agencyId: 'harbor', email: 'lea@harbor.example' });
    const page = await (await browse(stack, jar, `/staff/harbor/cases/${caseId}`)).text();
    expect(page).toMatch(/Risk flags<\/dt><dd>Fears losing their home always/);
    const { records } = (await (await fetch(`${stack.url}/agencies/harbor/cases/${caseId}/audit`, { headers: bearer(supervisor) })).json()) as { records: Array<{ action: string; target: string }> };
    expect(records.some((record) => record.action === 'raise-risk-flag' && record.target.startsWith('imminent-homelessness/'))).toBe(true);
  });

  it('sends the client a care plan in French, the choices by their French titles', async () => {
    const plan = { goals: [{ goal: 'Garder le logement', kind: 'stay-housed', targetDate: '2027-01-12' }], representation: true, reviewOn: '2030-02-01' };
    expect((await submit(caseId, 'care-plan', plan)).status).toBe(201);
    const text = await clientPdf('lucie@example.org', 0);
    expect(text).toContain('Rester dans le logement');
    expect(text).toContain('Représentation juridique prévue');
    expect(text).not.toMatch(/stay-housed|Goals|Target date/);
  });

  it('refuses to end services before the effective date and ends them on it', async () => {
    expect((await submit(caseId, 'service-start', { startedOn: '2026-12-02' })).status).toBe(201);
    const endsOn = addDays(localDate(new Date(), PORTLAND), 14);
    const notice = { endsOn, reasonCategory: 'resolved', reason: "L'audience a été annulée.", appealRights: 'Écrivez-nous sous 30 jours.', appealBy: addDays(endsOn, 30) };
    expect((await submit(caseId, 'termination', notice)).status).toBe(201);
    expect((await caseOf(caseId)).case.reviewDueAt).toBeUndefined();
    await waitFor(async () => ((await caseOf(caseId)).deliveries as Array<{ recipient: string; documentId: string }>)
      .some((delivery) => delivery.recipient === 'client' && delivery.documentId.endsWith('-termination-notice')) || undefined, 60_000, 'the notice to the client');
    expect(await stack.publishSesEvents()).toBeGreaterThan(0);
    expect((await caseOf(caseId)).termination).toMatchObject({ effectiveDate: endsOn, earliestCompletion: endsOn, servedBy: 'email' });

    const dayBefore = addDays(endsOn, -1);
    const early = await on(dayBefore, () => submit(caseId, 'termination-complete', { endedOn: dayBefore }));
    expect(early.status).toBe(409);
    expect(early.json).toMatchObject({ earliestCompletion: endsOn, errors: [{ pointer: '/endedOn', message: expect.stringContaining('at the earliest') }] });
    expect((await caseOf(caseId)).case.state).toBe('termination-pending');

    const done = await on(endsOn, () => submit(caseId, 'termination-complete', { endedOn: endsOn }));
    // On that day the termination's own schedule may complete it first (the local schedule runner reads the test's
    // clock): staff's completion is then refused because the case has ended. Either way it ends on the effective date.
    if (done.status === 409) expect(done.json).toMatchObject({ currentState: 'terminated' });
    else expect([done.status, done.json.state]).toEqual([201, 'terminated']);
    expect((await caseOf(caseId)).case.state).toBe('terminated');
  });

  it('completes a termination by itself on its earliest day, as the agency chose (autoCompleteTermination), recorded as the service', async () => {
    const other = await intake({ ...lucie, email: 'lucie.auto@example.org' }, 'fr');
    const id = other.json.caseId as string;
    await clientAddressVerified(stack, 'harbor', id, 'lucie.auto@example.org');
    expect((await submit(id, 'assessment', { assessedOn: '2026-12-01', tenure: 'lease', summary: 'Lease dispute.' })).status).toBe(201);
    expect((await submit(id, 'care-plan', { goals: [{ goal: 'Repairs', kind: 'repairs', targetDate: '2027-02-01' }], reviewOn: '2030-02-01' })).status).toBe(201);
    expect((await submit(id, 'service-start', { startedOn: '2026-12-02' })).status).toBe(201);
    const endsOn = addDays(localDate(new Date(), PORTLAND), 14);
    expect((await submit(id, 'termination', { endsOn, reasonCategory: 'resolved', reason: 'Réparations faites.', appealRights: 'Écrivez-nous.', appealBy: addDays(endsOn, 30) })).status).toBe(201);
    await waitFor(async () => ((await caseOf(id)).deliveries as Array<{ recipient: string; documentId: string }>)
      .some((delivery) => delivery.recipient === 'client' && delivery.documentId.endsWith('-termination-notice')) || undefined, 60_000, 'the notice to the client');
    await stack.publishSesEvents();

    // The day before, the schedule has not come: nothing ends.
    const dayBefore = addDays(endsOn, -1);
    await on(dayBefore, async () => { await stack.fireSchedulesDue(new Date()); });
    expect((await caseOf(id)).case.state).toBe('termination-pending');
    const ended = await on(endsOn, () => waitFor(async () => {
      await stack.fireSchedulesDue(new Date());
      const view = await caseOf(id);
      return view.case.state === 'terminated' ? view : undefined;
    }, 60_000, 'the automatic completion'));
    expect(ended.submissions).toContainEqual(expect.objectContaining({ formId: 'termination-complete', submittedBy: 'caseforms:auto-termination' }));
    const { records } = (await (await fetch(`${stack.url}/agencies/harbor/cases/${id}/audit`, { headers: bearer(supervisor) })).json()) as { records: Array<{ action: string; actor: string }> };
    expect(records).toContainEqual(expect.objectContaining({ action: 'submit-form', actor: 'caseforms:auto-termination' }));
  });

  it('closes another case with a discharge summary in the client\'s language', async () => {
    const other = await intake({ ...lucie, email: 'lucie.n@example.org', assistanceType: 'repairs', eviction: undefined }, 'fr');
    expect(other.status).toBe(201);
    await clientAddressVerified(stack, 'harbor', other.json.caseId, 'lucie.n@example.org');
    expect((await submit(other.json.caseId, 'discharge', { closedOn: '2026-12-05', outcome: 'stayed-housed', summary: 'Réparations faites.' })).status).toBe(201);
    const text = await clientPdf('lucie.n@example.org', 0);
    expect(text).toContain('Resté dans le logement');
    expect(text).not.toContain('stayed-housed');
  });
});
