import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../functions/contracts/table-design.ts';
import { devSubject } from '../../local/dev-issuer.ts';
import type { MailboxMessage } from '../../local/mailbox.ts';
import type { LocalStack } from '../../local/stack.ts';
import { tableItems } from '../../local/aws-readback.ts';
import { formsDirWithHarbor, harborApiKeyHeader } from '../support/harbor-pack.ts';
import { mailboxOf } from '../support/mailbox.ts';
import { submitStaffForm } from '../support/staff-api.ts';
import { bearer, staffToken } from '../support/staff-tokens.ts';
import { browse, postForm, signIn } from '../support/staff-session.ts';
import { demoExample, post, startTestStack, SUBMIT_PATH } from '../support/test-stack.ts';
import { waitFor } from '../support/wait.ts';

// Issue 20 part 5: a supervisor assigns or reassigns case managers (one case or many), the case list counts each
// case manager's open cases, every change is audited, the new case manager is emailed, and the links sent to the
// old one stop opening. The case managers are the ones each pack lists in staff.json (demo's shipped list; Harbor's
// in test/fixtures/packs/harbor).
const DEMO = { casey: 'case-manager@demo.caseforms.test', jordan: 'jordan.lee@demo.caseforms.test', supervisor: 'supervisor@demo.caseforms.test' };
const HARBOR = { lea: 'lea@harbor.example', noe: 'noe@harbor.example', sam: 'sam@harbor.example' };
let stack: LocalStack;
beforeAll(async () => { stack = await startTestStack({ formsDir: formsDirWithHarbor() }); }, 300_000);
afterAll(async () => { await stack?.stop(); });

const mailbox = () => mailboxOf(stack);
const reference = (caseId: string) => caseId.slice(0, 8);

async function api(method: 'GET' | 'POST', path: string, token: string, body?: unknown, language?: string) {
  const response = await fetch(`${stack.url}${path}`, {
    method, headers: { ...bearer(token), ...(body ? { 'content-type': 'application/json' } : {}), ...(language ? { 'accept-language': language } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as Record<string, any> };
}

async function staffForm(agencyId: string, token: string, caseId: string, formId: string, body: unknown) {
  const answer = await submitStaffForm(stack, token, agencyId, caseId, formId, body);
  expect(answer.status, answer.text).toBe(201);
}

async function storedCase(agencyId: string, caseId: string) {
  return (await tableItems(stack.resources.tableName)).find((item) => item.pk === keys.case(agencyId, caseId) && item.sk === keys.caseRecord())!;
}

async function auditOf(agencyId: string, caseId: string, token: string) {
  return (await api('GET', `/agencies/${agencyId}/cases/${caseId}/audit`, token)).body.records as Array<Record<string, unknown>>;
}

/** The mail to `address` about the case, once sent. */
const mailTo = (address: string, caseId: string, what: (mail: MailboxMessage) => boolean = () => true) => waitFor(async () =>
  (await mailbox()).find((mail) => mail.to.includes(address) && (mail.subject + mail.text).includes(reference(caseId)) && what(mail)), 60_000, `mail to ${address}`);

const linkIn = (mail: MailboxMessage) => /^(http:\/\/\S+\/links\/[A-Za-z0-9_-]{43})$/m.exec(mail.text)?.[1];

describe('assigning cases (demo, through the API)', () => {
  it('reassigns a case: the new case manager is on the record and emailed the reference only, the change is audited, the old case manager\'s link stops opening', async () => {
    const casey = await staffToken('demo', ['case-manager'], DEMO.casey);
    const supervisor = await staffToken('demo', ['supervisor'], DEMO.supervisor);
    const example = demoExample();
    const intake = { ...example, contact: { phone: '+1 555 0142', email: `client-${randomBytes(4).toString('hex')}@example.org`, emailIsSafe: true } };
    const caseId = ((await post(stack, SUBMIT_PATH, { body: JSON.stringify(intake) })).json as { caseId: string }).caseId;
    await staffForm('demo', casey, caseId, 'assessment', demoExample('assessment'));
    await staffForm('demo', casey, caseId, 'care-plan', demoExample('care-plan'));
    // Casey became the case manager by working the case, and was sent the care plan's link.
    expect(await storedCase('demo', caseId)).toMatchObject({ caseManager: devSubject(DEMO.casey), caseManagerEmail: DEMO.casey });
    const caseyLink = linkIn(await mailTo(DEMO.casey, caseId, (mail) => linkIn(mail) !== undefined))!;
    expect((await fetch(caseyLink)).status).toBe(200);

    // A case manager cannot hand cases on.
    const refused = await api('POST', '/agencies/demo/assignments', casey, { caseManager: devSubject(DEMO.jordan), cases: [{ caseId }] });
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toBe('This needs one of the roles: supervisor, agency-admin.');
    // Only a case manager of the pack's list.
    const unlisted = await api('POST', '/agencies/demo/assignments', supervisor, { caseManager: devSubject('someone@else.example'), cases: [{ caseId }] });
    expect(unlisted.status).toBe(422);
    expect(unlisted.body.errors).toEqual([expect.objectContaining({ pointer: '/caseManager', message: 'Choose a case manager from the agency\'s staff list.' })]);

    const before = await storedCase('demo', caseId);
    const assigned = await api('POST', '/agencies/demo/assignments', supervisor, { caseManager: devSubject(DEMO.jordan), cases: [{ caseId, version: before.version }] });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
    expect(assigned.body).toEqual({ caseManager: devSubject(DEMO.jordan), results: [{ caseId, outcome: 'assigned', version: Number(before.version) + 1 }] });

    const after = await storedCase('demo', caseId);
    expect(after).toMatchObject({
      caseManager: devSubject(DEMO.jordan), caseManagerEmail: DEMO.jordan, version: Number(before.version) + 1, state: before.state,
      agencyManager: keys.agencyManager('demo', devSubject(DEMO.jordan)), agencyOpenManager: keys.agencyManager('demo', devSubject(DEMO.jordan)),
    });
    const audit = await auditOf('demo', caseId, supervisor);
    expect(audit.filter((record) => record.action === 'case-assigned')).toEqual([expect.objectContaining({
      actor: devSubject(DEMO.supervisor), roles: ['supervisor'], from: devSubject(DEMO.casey), to: devSubject(DEMO.jordan), target: after.assignmentId,
    })]);

    // Jordan is told, with the case reference and nothing about the client.
    const notice = await mailTo(DEMO.jordan, caseId);
    expect(notice.subject).toBe(`Case assigned to you · case ${reference(caseId)}`);
    expect(notice.tags).toMatchObject({ 'caseforms-recipient': 'case-manager', 'caseforms-document': `${after.assignmentId}-case-assigned` });
    for (const personal of [String(example.givenName), String(example.familyName), intake.contact.email, intake.contact.phone]) expect(notice.subject + notice.text).not.toContain(personal);
    expect(notice.attachments).toEqual([]);

    // Casey's link no longer opens, and the refusal is audited with its reason.
    expect((await fetch(caseyLink)).status).toBe(410);
    expect((await auditOf('demo', caseId, supervisor)).filter((record) => record.action === 'open-link-refused'))
      .toEqual([expect.objectContaining({ actor: 'link:case-manager', reason: 'case-reassigned' })]);

    // The version the supervisor saw is stale now: a conflict, nothing overwritten.
    const stale = await api('POST', '/agencies/demo/assignments', supervisor, { caseManager: devSubject(DEMO.casey), cases: [{ caseId, version: before.version }] });
    expect(stale.status).toBe(409);
    expect(stale.body.results).toEqual([{ caseId, outcome: 'stale', state: after.state, version: after.version }]);
    expect((await storedCase('demo', caseId)).caseManager).toBe(devSubject(DEMO.jordan));
  }, 600_000);
});

describe('assigning cases (Harbor, French staff, in the pages)', () => {
  const intake = async () => {
    const response = await fetch(`${stack.url}/agencies/harbor/forms/intake/submissions`, {
      method: 'POST', headers: { ...harborApiKeyHeader, 'content-type': 'application/json' },
      body: JSON.stringify({ fullName: 'Lucie Ngata', language: 'fr', phone: '+1 555 0177', email: `lucie-${randomBytes(4).toString('hex')}@example.org`, emailIsSafe: true, assistanceType: 'repairs', householdSize: 2, consent: true }),
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { caseId: string }).caseId;
  };
  const caseloadOf = (page: string, name: string) => Number(new RegExp(`>${name}</a></th><td>(\\d+)</td>`).exec(page)?.[1]);

  it('refuses a case manager in French, reports per case in French, counts caseloads after reassignment and after a case ends', async () => {
    const lea = await staffToken('harbor', ['case-manager'], HARBOR.lea);
    const noe = await staffToken('harbor', ['case-manager'], HARBOR.noe);
    const sam = await staffToken('harbor', ['supervisor'], HARBOR.sam);
    const [a, b, c] = [await intake(), await intake(), await intake()];
    for (const caseId of [a, b, c]) await staffForm('harbor', lea, caseId, 'assessment', { assessedOn: '2026-12-01', tenure: 'lease', summary: 'Lease dispute.' });
    await staffForm('harbor', lea, c, 'care-plan', { goals: [{ goal: 'Repairs', kind: 'repairs', targetDate: '2027-02-01' }], reviewOn: '2030-02-01' });
    await staffForm('harbor', lea, c, 'discharge', { closedOn: '2026-12-05', outcome: 'stayed-housed', summary: 'Repairs done.' });

    const forbidden = await api('POST', '/agencies/harbor/assignments', lea, { caseManager: devSubject(HARBOR.noe), cases: [{ caseId: a }] }, 'fr');
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toMatchObject({ title: 'Interdit', detail: 'Il faut l\'un de ces rôles : supervisor, agency-admin.' });

    const bVersion = Number((await storedCase('harbor', b)).version);
    const mixed = await api('POST', '/agencies/harbor/assignments', sam, { caseManager: devSubject(HARBOR.noe), cases: [{ caseId: a }, { caseId: b, version: bVersion - 1 }, { caseId: c }] }, 'fr');
    expect(mixed.status).toBe(409);
    expect(mixed.body).toMatchObject({ title: 'Conflit', detail: '2 dossier(s) sur 3 n\'ont pas été confiés ; les autres l\'ont été. Voyez chaque dossier ci-dessous.' });
    expect(mixed.body.errors).toEqual([
      expect.objectContaining({ pointer: '/cases/1', message: 'Le dossier a changé depuis votre lecture. Rechargez-le et envoyez de nouveau.' }),
      expect.objectContaining({ pointer: '/cases/2', message: 'Ce dossier est clos : il ne peut plus être confié.' }),
    ]);
    expect(mixed.body.results.map((result: { outcome: string }) => result.outcome)).toEqual(['assigned', 'stale', 'case-ended']);
    expect((await storedCase('harbor', a)).caseManager).toBe(devSubject(HARBOR.noe));
    expect((await storedCase('harbor', b)).caseManager).toBe(devSubject(HARBOR.lea));
    expect((await storedCase('harbor', c)).caseManager).toBe(devSubject(HARBOR.lea));
    await mailTo(HARBOR.noe, a, (mail) => mail.subject.startsWith('Case assigned to you'));

    // The case list, as the supervisor sees it: caseloads count open cases only (c ended), after the reassignment.
    const { jar } = await signIn(stack, 'supervisor', { agencyId: 'harbor', email: HARBOR.sam });
    let list = await (await browse(stack, jar, '/staff/harbor/cases')).text();
    expect(caseloadOf(list, 'Léa Martin')).toBe(1);
    expect(caseloadOf(list, 'Noé Dubois')).toBe(1);
    expect(list).toContain(`<input type="checkbox" id="pick-${b}" name="case" value="${b}" form="assign-cases">`);
    expect(list).not.toContain(`id="pick-${c}"`);

    // The list's form, as the browser sends it without script: b to Noé, at the version the list showed.
    const version = /name="version\.([^"]+)" value="(\d+)"/g;
    const versions = Object.fromEntries([...list.matchAll(version)].map((match) => [match[1]!, match[2]!]));
    const crossSite = await postForm(stack, jar, '/staff/harbor/assignments', { from: 'list', caseManager: devSubject(HARBOR.noe), case: b, [`version.${b}`]: versions[b]! }, 'https://evil.example');
    expect(crossSite.status).toBe(403);
    const sent = await postForm(stack, jar, '/staff/harbor/assignments', { from: 'list', caseManager: devSubject(HARBOR.noe), case: b, [`version.${b}`]: versions[b]! });
    expect(sent.status).toBe(200);
    expect(await sent.text()).toContain('1 case assigned to Noé Dubois.');
    expect((await storedCase('harbor', b)).caseManager).toBe(devSubject(HARBOR.noe));
    list = await (await browse(stack, jar, '/staff/harbor/cases')).text();
    expect(caseloadOf(list, 'Léa Martin')).toBe(0);
    expect(caseloadOf(list, 'Noé Dubois')).toBe(2);
    // Sent again from the same (old) list: the case changed since, so a conflict page, nothing written.
    const again = await postForm(stack, jar, '/staff/harbor/assignments', { from: 'list', caseManager: devSubject(HARBOR.lea), case: b, [`version.${b}`]: versions[b]! });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('Not assigned: the case changed since the list was shown');
    expect((await storedCase('harbor', b)).caseManager).toBe(devSubject(HARBOR.noe));

    // A case that ends leaves its case manager's caseload.
    await staffForm('harbor', noe, a, 'care-plan', { goals: [{ goal: 'Repairs', kind: 'repairs', targetDate: '2027-02-01' }], reviewOn: '2030-02-01' });
    await staffForm('harbor', noe, a, 'discharge', { closedOn: '2026-12-05', outcome: 'stayed-housed', summary: 'Repairs done.' });
    list = await (await browse(stack, jar, '/staff/harbor/cases')).text();
    expect(caseloadOf(list, 'Noé Dubois')).toBe(1);

    // The case page: the supervisor assigns from it and comes back to it; a case manager is offered no such control.
    const casePage = await (await browse(stack, jar, `/staff/harbor/cases/${b}`)).text();
    expect(casePage).toContain('<h2 id="assign-heading">Case manager</h2>');
    const fromCase = await postForm(stack, jar, '/staff/harbor/assignments', { from: 'case', case: b, [`version.${b}`]: String((await storedCase('harbor', b)).version), caseManager: devSubject(HARBOR.lea) });
    expect(fromCase.status).toBe(303);
    expect(fromCase.headers.get('location')).toBe(`/staff/harbor/cases/${b}?assigned=1`);
    expect((await storedCase('harbor', b)).caseManager).toBe(devSubject(HARBOR.lea));
    expect((await auditOf('harbor', b, sam)).filter((record) => record.action === 'case-assigned').map((record) => [record.from, record.to])).toEqual([
      [devSubject(HARBOR.lea), devSubject(HARBOR.noe)], [devSubject(HARBOR.noe), devSubject(HARBOR.lea)],
    ]);

    const manager = await signIn(stack, 'case-manager', { agencyId: 'harbor', email: HARBOR.lea });
    expect(await (await browse(stack, manager.jar, `/staff/harbor/cases/${b}`)).text()).not.toContain('assign-heading');
    const managerList = await (await browse(stack, manager.jar, '/staff/harbor/cases')).text();
    expect(managerList).not.toContain('form="assign-cases"');
    const managerPost = await postForm(stack, manager.jar, '/staff/harbor/assignments', { from: 'case', case: b, caseManager: devSubject(HARBOR.noe) });
    expect(managerPost.status).toBe(403);
    expect((await storedCase('harbor', b)).caseManager).toBe(devSubject(HARBOR.lea));
  }, 600_000);
});
