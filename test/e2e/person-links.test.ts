import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../functions/contracts/roles.ts';
import { keys } from '../../functions/contracts/table-design.ts';
import { tableItems } from '../../local/aws-readback.ts';
import type { LocalStack } from '../../local/stack.ts';
import { formsDirWithHarbor } from '../support/harbor-pack.ts';
import { browse, postForm, signIn, type CookieJar } from '../support/staff-session.ts';
import { demoExample, startTestStack } from '../support/test-stack.ts';
import { openCase } from '../support/open-case.ts';
import { harborExample } from '../support/case-entries.ts';

// Issue 20 part 7: a supervisor links cases as one person's (never automatically), and may unlink them; both sides
// are audited. Through the real local stack, with Harbor (fullName, bornOn) and the demo pack (joining three cases).
let stack: LocalStack;
const jars = new Map<string, CookieJar>();

beforeAll(async () => { stack = await startTestStack({ formsDir: formsDirWithHarbor(), documentWorker: false }); });
afterAll(async () => { await stack?.stop(); });

const intake = (agencyId: string, body: Record<string, unknown>) => openCase(stack, agencyId, body);

async function jar(agencyId: string, role: Role): Promise<CookieJar> {
  const key = `${agencyId}/${role}`;
  if (!jars.has(key)) jars.set(key, (await signIn(stack, role, { agencyId })).jar);
  return jars.get(key)!;
}

async function casePage(agencyId: string, caseId: string): Promise<string> {
  const response = await browse(stack, await jar(agencyId, 'supervisor'), `/staff/${agencyId}/cases/${caseId}`);
  expect(response.status).toBe(200);
  return response.text();
}

const linkedSection = (page: string) => /<h3>Linked cases<\/h3>[\s\S]*?<\/ul>/.exec(page)?.[0] ?? '';

async function stored(caseId: string): Promise<Record<string, unknown>> {
  return (await tableItems(stack.resources.tableName)).find((item) => item.type === 'case' && item.caseId === caseId)!;
}

async function audits(agencyId: string, caseId: string, action: string): Promise<Array<Record<string, unknown>>> {
  return (await tableItems(stack.resources.tableName)).filter((item) => item.pk === keys.audit(agencyId, caseId) && item.action === action);
}

describe('Harbor: a supervisor links two cases of one person and unlinks them', () => {
  it('refuses a case manager, links for a supervisor (both pages show each other), and unlinks, audited on both', async () => {
    const first = await intake('harbor', { ...harborExample(), fullName: 'Lucie Ngata', bornOn: '1988-04-02', phone: '+1 438 555 0401' });
    const again = await intake('harbor', { ...harborExample(), fullName: 'Lucie Ngatá', bornOn: '1988-04-02', phone: '+1 438 555 0402' });
    const path = `/staff/harbor/cases/${again}/person`;
    const page = await casePage('harbor', again);
    expect(page).toContain(`<input type="hidden" name="otherCaseId" value="${first}">`);

    // A case manager may see the match but not link: 403, nothing stored.
    const refused = await postForm(stack, await jar('harbor', 'case-manager'), path, { action: 'link', otherCaseId: first });
    expect(refused.status).toBe(403);
    // From another site, even a supervisor's browser: refused.
    expect((await postForm(stack, await jar('harbor', 'supervisor'), path, { action: 'link', otherCaseId: first }, 'https://evil.example')).status).toBe(403);
    expect((await stored(again)).personId).toBeUndefined();

    const linked = await postForm(stack, await jar('harbor', 'supervisor'), path, { action: 'link', otherCaseId: first });
    expect(linked.status).toBe(303);
    const [a, b] = [await stored(first), await stored(again)];
    expect(a.personId).toEqual(expect.any(String));
    expect(b.personId).toBe(a.personId);
    expect(b.version).toBe(2);
    expect(linkedSection(await casePage('harbor', again))).toContain(`/staff/harbor/cases/${first}`);
    expect(linkedSection(await casePage('harbor', first))).toContain(`/staff/harbor/cases/${again}`);
    expect(linkedSection(await casePage('harbor', first))).toMatch(/Intake, opened \d{4}-\d{2}-\d{2}, updated \d{4}-\d{2}-\d{2}; 0 documents; /);
    expect(await audits('harbor', first, 'person-linked')).toEqual([expect.objectContaining({ target: again, roles: ['supervisor'] })]);
    expect(await audits('harbor', again, 'person-linked')).toEqual([expect.objectContaining({ target: first, roles: ['supervisor'] })]);

    const unlinked = await postForm(stack, await jar('harbor', 'supervisor'), path, { action: 'unlink' });
    expect(unlinked.status).toBe(303);
    expect((await stored(again)).personId).toBeUndefined();
    expect(linkedSection(await casePage('harbor', first))).toBe('');
    expect(await audits('harbor', again, 'person-unlinked')).toEqual([expect.objectContaining({ target: first })]);
    expect(await audits('harbor', first, 'person-unlinked')).toEqual([expect.objectContaining({ target: again })]);
    // Still a possible match: unlinking does not hide it.
    expect(await casePage('harbor', again)).toContain(`<input type="hidden" name="otherCaseId" value="${first}">`);
  });
});

describe('the demo pack: linking to a case already linked joins all three', () => {
  it('gives A, B and C one person', async () => {
    const person = { givenName: 'Jose', familyName: 'Pena', dateOfBirth: '1980-04-02' };
    const [a, b, c] = [await intake('demo', { ...demoExample(), ...person }), await intake('demo', { ...demoExample(), ...person }), await intake('demo', { ...demoExample(), ...person })];
    const supervisor = await jar('demo', 'supervisor');
    expect((await postForm(stack, supervisor, `/staff/demo/cases/${b}/person`, { action: 'link', otherCaseId: c })).status).toBe(303);
    expect((await postForm(stack, supervisor, `/staff/demo/cases/${a}/person`, { action: 'link', otherCaseId: b })).status).toBe(303);
    const ids = new Set([(await stored(a)).personId, (await stored(b)).personId, (await stored(c)).personId]);
    expect(ids.size).toBe(1);
    const section = linkedSection(await casePage('demo', c));
    expect(section).toContain(`/staff/demo/cases/${a}`);
    expect(section).toContain(`/staff/demo/cases/${b}`);
  });
});
