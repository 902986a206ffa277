import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../functions/contracts/roles.ts';
import { keys } from '../../functions/contracts/table-design.ts';
import { matchKeys } from '../../functions/domain/people/possible-match.ts';
import { tableItems } from '../../local/aws-readback.ts';
import type { LocalStack } from '../../local/stack.ts';
import { formsDirWithHarbor } from '../support/harbor-pack.ts';
import { browse, signIn, type CookieJar } from '../support/staff-session.ts';
import { demoExample, startTestStack } from '../support/test-stack.ts';
import { openCase } from '../support/open-case.ts';
import { harborExample } from '../support/case-entries.ts';

// Issue 20 part 7: one person, many cases. An intake that looks like an earlier client's (same date of birth and a
// similar name, the same email or phone) shows that case on its page as a possible match; another agency's never does.
// Through the real local stack, with the demo pack (given and family names) and Harbor (fullName, bornOn).
let stack: LocalStack;
const jars = new Map<string, CookieJar>();

beforeAll(async () => { stack = await startTestStack({ formsDir: formsDirWithHarbor(), documentWorker: false }); });
afterAll(async () => { await stack?.stop(); });

const intake = (agencyId: string, body: Record<string, unknown>) => openCase(stack, agencyId, body);

async function casePage(agencyId: string, caseId: string, role: Role = 'supervisor'): Promise<string> {
  const jarKey = `${agencyId}/${role}`;
  if (!jars.has(jarKey)) jars.set(jarKey, (await signIn(stack, role, { agencyId })).jar);
  const response = await browse(stack, jars.get(jarKey)!, `/staff/${agencyId}/cases/${caseId}`);
  expect(response.status).toBe(200);
  return response.text();
}

/** The "Possible matches" part of a case page, or an empty string when it has none. */
const matchesSection = (page: string) => /<section aria-labelledby="possible-matches">[\s\S]*?<\/section>/.exec(page)?.[0] ?? '';

describe('the demo pack: given and family names', () => {
  it('files each case under hashed keys, and shows a second intake of the same person as a possible match', async () => {
    const first = await intake('demo', { ...demoExample(), givenName: 'Jose', familyName: 'Pena', dateOfBirth: '1980-04-02', contact: { ...(demoExample().contact as object), email: 'first@example.org', phone: '+1 514 555 0101' } });
    const again = await intake('demo', { ...demoExample(), givenName: 'José', familyName: 'Peña', dateOfBirth: '1980-04-02', contact: { ...(demoExample().contact as object), email: 'again@example.org', phone: '+1 514 555 0102' } });
    const namesake = await intake('demo', { ...demoExample(), givenName: 'Jose', familyName: 'Robertson', dateOfBirth: '1980-04-02', contact: { ...(demoExample().contact as object), email: 'other@example.org', phone: '+1 514 555 0103' } });

    // Read back: the first case is filed under its date of birth, email and phone, hashed, never in the clear.
    const items = await tableItems(stack.resources.tableName);
    const filed = items.filter((item) => item.type === 'match-key' && item.caseId === first);
    expect(filed.map((item) => item.pk).sort()).toEqual(matchKeys('demo', { dateOfBirth: '1980-04-02', email: 'first@example.org', phone: '+1 514 555 0101' }).map((key) => keys.matchKey('demo', key)).sort());
    expect(JSON.stringify(filed)).not.toMatch(/1980-04-02|first@example|5550101|Pena/);

    const section = matchesSection(await casePage('demo', again));
    expect(section).toContain(`/staff/demo/cases/${first}`);
    expect(section).toContain('<bdi dir="auto">Jose Pena</bdi>');
    expect(section).toContain('Same date of birth and a similar name.');
    // Same birthday, another family name: not the same person.
    expect(section).not.toContain(namesake);
    // The earlier case shows the later one too, and a case manager reading the case sees it as well.
    expect(matchesSection(await casePage('demo', first, 'case-manager'))).toContain(`/staff/demo/cases/${again}`);
    expect(matchesSection(await casePage('demo', namesake))).toBe('');
  });

  it('matches on the same email address alone, whatever its case', async () => {
    const first = await intake('demo', { ...demoExample(), givenName: 'Kim', familyName: 'Lee', dateOfBirth: '1970-01-01', contact: { ...(demoExample().contact as object), email: 'kim.lee@example.org', phone: '+1 514 555 0201' } });
    const later = await intake('demo', { ...demoExample(), givenName: 'Kimberly', familyName: 'Park', dateOfBirth: '1971-02-02', contact: { ...(demoExample().contact as object), email: 'Kim.Lee@Example.org', phone: '+1 514 555 0202' } });
    const section = matchesSection(await casePage('demo', later));
    expect(section).toContain(`/staff/demo/cases/${first}`);
    expect(section).toContain('Same email address.');
  });
});

describe('the Harbor pack: one name field, bornOn', () => {
  it('matches its own fields, by name and birth date and by phone, and never a demo case', async () => {
    const demoTwin = await intake('demo', { ...demoExample(), givenName: 'Awa', familyName: 'Diallo', dateOfBirth: '1992-06-30', contact: { ...(demoExample().contact as object), email: 'awa@example.org', phone: '+1 514 555 0301' } });
    const first = await intake('harbor', { ...harborExample(), fullName: 'Awa Diallo', bornOn: '1992-06-30', phone: '+1 438 555 0311' });
    const again = await intake('harbor', { ...harborExample(), fullName: 'Awa Diallô', bornOn: '1992-06-30', phone: '+1 438 555 0312' });
    const samePhone = await intake('harbor', { ...harborExample(), fullName: 'A. Sow', bornOn: '1960-01-01', phone: '438-555-0311' });

    const section = matchesSection(await casePage('harbor', again));
    expect(section).toContain(`/staff/harbor/cases/${first}`);
    expect(section).toContain('Same date of birth and a similar name.');
    expect(section).not.toContain(demoTwin);
    expect(section).not.toContain(samePhone);
    const byPhone = matchesSection(await casePage('harbor', samePhone));
    expect(byPhone).toContain(`/staff/harbor/cases/${first}`);
    expect(byPhone).toContain('Same phone number.');
    expect(matchesSection(await casePage('demo', demoTwin))).not.toContain(first);
  });
});
