import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../functions/contracts/table-design.ts';
import { linkTokenHash } from '../../functions/domain/delivery/secure-link.ts';
import type { LocalStack } from '../../local/stack.ts';
import { tableItems } from '../../local/aws-readback.ts';
import { formsDirWithHarbor, harborApiKeyHeader } from '../support/harbor-pack.ts';
import { confirmCode } from '../support/link-code.ts';
import { mailboxOf } from '../support/mailbox.ts';
import { submitStaffForm } from '../support/staff-api.ts';
import { bearer, staffToken } from '../support/staff-tokens.ts';
import { demoExample, post, startTestStack, SUBMIT_PATH } from '../support/test-stack.ts';
import { restoreClock, setClock } from '../support/test-clock.ts';
import { waitFor } from '../support/wait.ts';

// Issue 19: a secure link is taken back when consent is withdrawn or the case ends, lives as long as its agency
// says (Harbor: 1 hour here; demo: the default, 24), and every opening, served or refused, is audited with the
// address and user agent it came from.
const USER_AGENT = 'caseforms-e2e/1.0 (link revocation)';
let stack: LocalStack;
const tokens: Record<string, { cm: string; sup: string }> = {};
beforeAll(async () => {
  const formsDir = formsDirWithHarbor();
  const harborAgency = join(formsDir, 'harbor', 'agency.json');
  const harbor = JSON.parse(readFileSync(harborAgency, 'utf8'));
  writeFileSync(harborAgency, JSON.stringify({ ...harbor, delivery: { ...harbor.delivery, linkValidHours: 1 } }, null, 2));
  stack = await startTestStack({ formsDir });
  tokens.demo = { cm: await staffToken('demo', ['case-manager'], 'cm.rivera@demo.example'), sup: await staffToken('demo', ['supervisor'], 'sup@demo.example') };
  tokens.harbor = { cm: await staffToken('harbor', ['case-manager'], 'lea@harbor.example'), sup: await staffToken('harbor', ['supervisor'], 'sam@harbor.example') };
});
afterAll(async () => { restoreClock(); await stack?.stop(); });

async function submit(agencyId: string, caseId: string, formId: string, body: unknown) {
  const answer = await submitStaffForm(stack, tokens[agencyId]!.cm, agencyId, caseId, formId, body);
  expect(answer.status, answer.text).toBe(201);
}

const mailbox = () => mailboxOf(stack);

/** The secure link in the mail to `address` about the case, once it has been sent. */
async function linkTo(agencyId: string, address: string, caseId: string): Promise<string> {
  const pattern = new RegExp(`^(http://\\S+/agencies/${agencyId}/links/[A-Za-z0-9_-]{43})$`, 'm');
  return waitFor(async () => {
    const mail = (await mailbox()).find((m) => m.to.includes(address) && (m.subject.includes(caseId.slice(0, 8)) || m.text.includes(caseId.slice(0, 8))) && pattern.test(m.text));
    return mail ? pattern.exec(mail.text)![1]! : undefined;
  }, 60_000, `a link to ${address}`);
}

const open = (link: string, headers: Record<string, string> = {}) => fetch(link, { headers: { 'user-agent': USER_AGENT, ...headers } });

async function auditOf(agencyId: string, caseId: string) {
  const response = await fetch(`${stack.url}/agencies/${agencyId}/cases/${caseId}/audit`, { headers: bearer(tokens[agencyId]!.sup) });
  return ((await response.json()) as { records: Array<Record<string, unknown>> }).records;
}

async function expectRefusedPage(response: Response, words: RegExp) {
  expect(response.status).toBe(410);
  expect(response.headers.get('content-type')).toMatch(/^text\/html/);
  expect(response.headers.get('cache-control')).toBe('no-store');
  const page = await response.text();
  expect(page).toMatch(/^<!doctype html>/i);
  expect(page).toMatch(words);
  expect(page).not.toContain('%PDF');
}

describe('a secure link is taken back', () => {
  it('when the client withdraws consent from the provider it went to; the case manager\'s link still opens; every opening audited with address and user agent', async () => {
    const email = `client-${randomBytes(4).toString('hex')}@example.org`;
    const intake = { ...demoExample(), contact: { phone: '+1 555 0142', email, emailIsSafe: true } };
    const caseId = ((await post(stack, SUBMIT_PATH, { body: JSON.stringify(intake) })).json as { caseId: string }).caseId;
    await submit('demo', caseId, 'assessment', demoExample('assessment'));
    await submit('demo', caseId, 'release-of-information', { ...demoExample('release-of-information'), providers: ['northside-clinic'] });
    await submit('demo', caseId, 'care-plan', demoExample('care-plan'));
    const providerLink = await linkTo('demo', 'referrals@northside.caseforms.test', caseId);
    const managerLink = await linkTo('demo', 'cm.rivera@demo.example', caseId);

    // The agency sets no lifetime: links live the default 24 hours (72 before).
    const stored = (await tableItems(stack.resources.tableName)).find((item) => item.pk === keys.link('demo', linkTokenHash(providerLink.split('/').pop()!)));
    expect(Date.parse(String(stored!.validUntil)) - Date.parse(String(stored!.createdAt))).toBe(24 * 3_600_000);

    // A provider's link asks for a one-time code first (link-code.test.ts); once withdrawn, even a confirmed browser is refused.
    const cookie = await confirmCode(stack, providerLink, 'referrals@northside.caseforms.test', { 'user-agent': USER_AGENT });
    expect((await open(providerLink, { cookie })).status).toBe(200);
    await submit('demo', caseId, 'release-of-information', { ...demoExample('release-of-information'), providers: [] });
    await expectRefusedPage(await open(providerLink, { cookie }), /no longer/i);
    expect((await open(managerLink)).status).toBe(200);

    const records = await auditOf('demo', caseId);
    const opened = records.filter((r) => r.action === 'open-link');
    expect(opened).toHaveLength(2);
    for (const record of opened) expect(record).toMatchObject({ sourceAddress: expect.stringMatching(/^(::ffff:)?127\.0\.0\.1$|^::1$/), userAgent: USER_AGENT });
    expect(opened.map((r) => r.actor).sort()).toEqual(['link:case-manager', 'link:provider-northside-clinic']);
    const refused = records.filter((r) => r.action === 'open-link-refused');
    expect(refused).toEqual([expect.objectContaining({
      actor: 'link:provider-northside-clinic', reason: 'consent-withdrawn', userAgent: USER_AGENT, sourceAddress: expect.any(String), target: expect.stringMatching(/-care-plan$/),
    })]);
  });

  it('when the case closes (Harbor), and after the agency\'s own lifetime (Harbor: 1 hour), each refusal audited', async () => {
    const intake = async (email: string) => {
      const response = await fetch(`${stack.url}/agencies/harbor/forms/intake/submissions`, {
        method: 'POST', headers: { ...harborApiKeyHeader, 'content-type': 'application/json' },
        body: JSON.stringify({ fullName: 'Lucie Ngata', language: 'en', phone: '+1 555 0177', email, emailIsSafe: true, assistanceType: 'repairs', householdSize: 2, consent: true }),
      });
      expect(response.status, await response.clone().text()).toBe(201);
      return ((await response.json()) as { caseId: string }).caseId;
    };
    const planned = async () => {
      const caseId = await intake(`lucie-${randomBytes(4).toString('hex')}@example.org`);
      await submit('harbor', caseId, 'assessment', { assessedOn: '2026-12-01', tenure: 'lease', summary: 'Lease dispute.' });
      await submit('harbor', caseId, 'care-plan', { goals: [{ goal: 'Repairs', kind: 'repairs', targetDate: '2027-02-01' }], reviewOn: '2030-02-01' });
      return { caseId, link: await linkTo('harbor', 'lea@harbor.example', caseId) };
    };

    const closing = await planned();
    expect((await open(closing.link)).status).toBe(200);
    await submit('harbor', closing.caseId, 'discharge', { closedOn: '2026-12-05', outcome: 'stayed-housed', summary: 'Repairs done.' });
    await expectRefusedPage(await open(closing.link), /closed/i);
    // The discharge summary the closing form produced is sent after the case ended: its link opens.
    const dischargeLink = await waitFor(async () => {
      const mail = (await mailbox()).find((m) => m.to.includes('lea@harbor.example') && (m.subject + m.text).includes(closing.caseId.slice(0, 8)) && /links\//.test(m.text) && !m.text.includes(closing.link));
      return mail ? /^(http:\/\/\S+\/links\/[A-Za-z0-9_-]{43})$/m.exec(mail.text)?.[1] : undefined;
    }, 60_000, 'the discharge summary link');
    expect((await open(dischargeLink)).status).toBe(200);
    // In the language the opener's browser asks for, among Harbor's.
    const french = await open(closing.link, { 'accept-language': 'fr' });
    expect(french.headers.get('content-language')).toBe('fr');
    await expectRefusedPage(french, /clos|fermé/i);
    const closedAudit = await auditOf('harbor', closing.caseId);
    expect(closedAudit.filter((r) => r.action === 'open-link')).toEqual([
      expect.objectContaining({ actor: 'link:case-manager', userAgent: USER_AGENT, sourceAddress: expect.any(String) }),
      expect.objectContaining({ actor: 'link:case-manager', target: expect.stringMatching(/-discharge-summary$/), userAgent: USER_AGENT }),
    ]);
    expect(closedAudit.filter((r) => r.action === 'open-link-refused')).toEqual([
      expect.objectContaining({ reason: 'case-ended', userAgent: USER_AGENT }), expect.objectContaining({ reason: 'case-ended', userAgent: USER_AGENT }),
    ]);

    const lapsing = await planned();
    expect((await open(lapsing.link)).status).toBe(200);
    setClock(new Date(Date.now() + 61 * 60_000));
    try {
      const expired = await open(lapsing.link);
      expect(expired.status).toBe(410);
    } finally {
      restoreClock();
    }
    const lapsedAudit = await auditOf('harbor', lapsing.caseId);
    expect(lapsedAudit.filter((r) => r.action === 'open-link-refused')).toEqual([expect.objectContaining({ reason: 'expired', userAgent: USER_AGENT, sourceAddress: expect.any(String) })]);
  });
});
