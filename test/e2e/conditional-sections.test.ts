import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack.ts';
import { itemsOfType, tableItems } from '../../local/aws-readback.ts';
import { axeViolations, describeViolations, launchTestBrowser, type TestBrowser } from '../support/browser.ts';
import { formsDirWithHarbor, harborApiKeyHeader } from '../support/harbor-pack.ts';
import { hiddenFields, postForm, browse, signIn } from '../support/staff-session.ts';
import { bearer, staffToken } from '../support/staff-tokens.ts';
import { post, startTestStack } from '../support/test-stack.ts';

// Harbor's intake asks "About the eviction" only if the client chose "An eviction or notice to leave", and inside it
// the hearing date only for a court summons: shown and hidden by the page's script, said in words without it, and
// ignored by the server when it does not apply (answers to it are dropped, never refused and never stored).
const PAGE = '/intake/harbor/intake';
let stack: LocalStack;

beforeAll(async () => {
  const formsDir = formsDirWithHarbor();
  // Harbor's staff assessment, with a section of its own: the lease's end date, asked only for a written lease.
  const file = join(formsDir, 'harbor', 'forms', 'assessment.json');
  const assessment = JSON.parse(readFileSync(file, 'utf8'));
  assessment.properties.leaseEndsOn = { title: 'Lease ends on', type: 'string', format: 'date' };
  assessment.if = { properties: { tenure: { const: 'lease' } }, required: ['tenure'] };
  assessment.then = { required: ['leaseEndsOn'] };
  writeFileSync(file, JSON.stringify(assessment));
  stack = await startTestStack({ formsDir });
});
afterAll(async () => { await stack?.stop(); });

const base = { fullName: 'Tomás Peña', language: 'en', phone: '555 0100 22', consent: true };
/** An eviction section begun and left: a court summons with no hearing date, which would be refused if it applied. */
const leftBehind = { noticeReceivedOn: '2026-11-28', noticeKind: 'court-summons' };

/** The answers stored for the case a receipt or a confirmation names: its raw submission in the bucket. */
async function storedAnswers(caseIdPrefix: string, formId = 'intake'): Promise<Record<string, unknown>> {
  const items = await tableItems(stack.resources.tableName);
  const found = itemsOfType(items, 'case').filter((item) => String(item.caseId).startsWith(caseIdPrefix));
  expect(found).toHaveLength(1);
  const submission = itemsOfType(items, 'submission').find((item) => item.caseId === found[0]!.caseId && item.formId === formId)!;
  const raw = await new S3Client({ forcePathStyle: true }).send(new GetObjectCommand({ Bucket: stack.resources.bucketName, Key: String(submission.rawKey) }));
  return JSON.parse(await raw.Body!.transformToString('utf8')) as Record<string, unknown>;
}

async function sendPage(fields: ReadonlyArray<[string, string]>, path = PAGE) {
  const response = await fetch(`${stack.url}${path}`, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: stack.url },
    body: new URLSearchParams([...fields]).toString(),
  });
  return { status: response.status, text: await response.text() };
}

const pageFields = (assistanceType: string, token: string): Array<[string, string]> => [
  ['_token', token], ['_lang', 'en'], ['_hp', ''],
  ['/fullName', base.fullName], ['/language', 'en'], ['/phone', base.phone], ['/email', ''], ['/assistanceType', assistanceType],
  ['/eviction/noticeReceivedOn', leftBehind.noticeReceivedOn], ['/eviction/noticeKind', leftBehind.noticeKind], ['/eviction/hearingDate', ''],
  ['/householdSize', ''], ['/consent', 'true'],
];

describe('without JavaScript', () => {
  it('shows every section, each saying which answer it belongs to', async () => {
    const page = await (await fetch(`${stack.url}${PAGE}`)).text();
    expect(page).toContain('Only if you chose “An eviction or notice to leave” for: What do you need help with?');
    expect(page).toContain('Only if you chose “A court summons” for: What kind of notice?');
    expect(page).not.toMatch(/<fieldset[^>]* hidden/);
  });

  it('accepts a post with the eviction section filled but "repairs" chosen, and stores the answers without it', async () => {
    const sent = await sendPage(pageFields('repairs', 'harbor-repairs-0001-token'));
    expect(sent.status, sent.text.slice(0, 2000)).toBe(201);
    const reference = /class="reference">[^<]*<strong dir="ltr">([0-9a-f]{8})</.exec(sent.text)![1]!;
    expect(await storedAnswers(reference)).toEqual({ ...base, assistanceType: 'repairs' });
  });

  it('still refuses what the section asks when it applies: the hearing date of a court summons', async () => {
    const sent = await sendPage(pageFields('eviction', 'harbor-eviction-0001-token'));
    expect(sent.status).toBe(422);
    expect(sent.text).toMatch(/<a href="#f--eviction--hearingDate">[^<]*Hearing date/);
  });

  it('checks inline as it sends: no error about a section that does not apply', async () => {
    const checked = async (assistanceType: string) => {
      const response = await sendPage(pageFields(assistanceType, 'x'), `${PAGE}/check`);
      return (JSON.parse(response.text) as { errors: Array<{ pointer: string }> }).errors.map((error) => error.pointer);
    };
    expect(await checked('repairs')).toEqual([]);
    expect(await checked('eviction')).toEqual(['/eviction/hearingDate']);
  });
});

describe('the JSON API', () => {
  it('drops answers to a section that does not apply before validating, stores none of them, and replays the same body', async () => {
    const body = JSON.stringify({ ...base, assistanceType: 'deposit', eviction: leftBehind });
    const first = await post(stack, '/agencies/harbor/forms/intake/submissions', { body, idempotencyKey: 'harbor-deposit-0001', headers: harborApiKeyHeader });
    expect(first.status, first.text).toBe(201);
    expect(await storedAnswers(String(first.json!.caseId))).toEqual({ ...base, assistanceType: 'deposit' });
    const again = await post(stack, '/agencies/harbor/forms/intake/submissions', { body, idempotencyKey: 'harbor-deposit-0001', headers: harborApiKeyHeader });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.json!.caseId).toBe(first.json!.caseId);
  });
});

describe('staff forms', () => {
  const newCase = async () => {
    const created = await post(stack, '/agencies/harbor/forms/intake/submissions', { body: JSON.stringify({ ...base, assistanceType: 'repairs' }), headers: harborApiKeyHeader });
    return String(created.json!.caseId);
  };
  const assessment = { assessedOn: '2026-12-01', tenure: 'none', summary: 'No written agreement.' };

  it('from the staff page: a section that does not apply is saved without its answers', async () => {
    const caseId = await newCase();
    const { jar } = await signIn(stack, 'case-manager', { agencyId: 'harbor' });
    const path = `/staff/harbor/cases/${caseId}/forms/assessment`;
    const page = await (await browse(stack, jar, path)).text();
    expect(page).toContain('Only if you chose “Written lease” for: Kind of tenancy');
    const saved = await postForm(stack, jar, path, {
      ...hiddenFields(page), '/assessedOn': assessment.assessedOn, '/tenure': assessment.tenure, '/summary': assessment.summary, '/leaseEndsOn': '2027-06-30',
    });
    expect(saved.status, await saved.clone().text()).toBe(303);
    expect(await storedAnswers(caseId, 'assessment')).toEqual(assessment);
  });

  it('from the staff API: the same', async () => {
    const caseId = await newCase();
    const token = await staffToken('harbor', ['case-manager']);
    const response = await fetch(`${stack.url}/agencies/harbor/cases/${caseId}/forms/assessment/submissions`, {
      method: 'POST', headers: { ...bearer(token), 'content-type': 'application/json' }, body: JSON.stringify({ ...assessment, leaseEndsOn: '2027-06-30' }),
    });
    expect(response.status, await response.text()).toBe(201);
    expect(await storedAnswers(caseId, 'assessment')).toEqual(assessment);
  });
});

describe('with JavaScript, in a browser', () => {
  let chrome: TestBrowser;
  beforeAll(async () => { chrome = await launchTestBrowser(); });
  afterAll(async () => { await chrome?.close(); });

  /** A section as a client meets it: hidden or shown, and whether anything in it would be sent. */
  const section = (page: Page, id: string) => page.evaluate(`(() => {
    const box = document.getElementById('${id}').closest('.field') || document.getElementById('${id}');
    const controls = [box, ...box.querySelectorAll('input,select,textarea')].filter((e) => e.matches('input,select,textarea'));
    return { hidden: box.hidden, shown: box.getBoundingClientRect().height > 0, sent: controls.some((e) => !e.disabled) };
  })()`) as Promise<{ hidden: boolean; shown: boolean; sent: boolean }>;
  const sentNames = (page: Page) => page.evaluate(`[...new FormData(document.getElementById('form-start')).keys()].filter((name) => name.startsWith('/eviction'))`) as Promise<string[]>;
  const announced = (page: Page) => page.$eval('#condition-status', (e) => e.textContent) as Promise<string>;
  const hidden = { hidden: true, shown: false, sent: false };
  const shown = { hidden: false, shown: true, sent: true };

  async function expectNoViolations(page: Page, what: string): Promise<void> {
    // axe reads a copy of the page as it stands (its source cannot run under the page's CSP).
    const copy = await chrome.browser.newPage();
    try {
      await copy.setBypassCSP(true);
      await copy.setContent(await page.content(), { waitUntil: 'load' });
      const violations = await axeViolations(copy);
      expect(violations, `axe found WCAG 2.1 AA violations on ${what}:\n${describeViolations(violations)}`).toEqual([]);
    } finally {
      await copy.close();
    }
  }

  it('hides the eviction section for "repairs", shows it for an eviction, and the hearing date only for a court summons', async () => {
    const page = await chrome.browser.newPage();
    try {
      await page.goto(`${stack.url}${PAGE}`, { waitUntil: 'load' });
      expect(await section(page, 'f--eviction')).toEqual(hidden);
      await expectNoViolations(page, 'the Harbor intake with nothing chosen');

      await page.click('label[for="f--assistanceType-1"]'); // Repairs the landlord will not make
      expect(await section(page, 'f--eviction')).toEqual(hidden);
      expect(await sentNames(page)).toEqual([]);

      await page.click('label[for="f--assistanceType-0"]'); // An eviction or notice to leave
      expect(await section(page, 'f--eviction')).toEqual(shown);
      expect(await announced(page)).toBe('Now asked: About the eviction');
      // Inside it, the hearing date waits for its own answer.
      expect(await section(page, 'f--eviction--hearingDate')).toEqual(hidden);
      await page.click('label[for="f--eviction--noticeKind-2"]'); // A court summons
      expect(await section(page, 'f--eviction--hearingDate')).toEqual(shown);
      expect(await announced(page)).toBe('Now asked: Hearing date');
      await expectNoViolations(page, 'the Harbor intake with the eviction section and the hearing date shown');

      await page.click('label[for="f--eviction--noticeKind-0"]'); // A no-cause notice
      expect(await section(page, 'f--eviction--hearingDate')).toEqual(hidden);

      // Back to repairs: the section and everything in it hidden, nothing of it sent, the page never reloaded.
      await page.click('label[for="f--eviction--noticeKind-2"]');
      await page.click('label[for="f--assistanceType-1"]');
      expect(await section(page, 'f--eviction')).toEqual(hidden);
      expect(await section(page, 'f--eviction--hearingDate')).toEqual(hidden);
      expect(await announced(page)).toBe('No longer asked: About the eviction No longer asked: Hearing date');
      expect(await sentNames(page)).toEqual([]);
      await expectNoViolations(page, 'the Harbor intake with the eviction section hidden again');
    } finally {
      await page.close();
    }
  });

  it('asks whether email is safe once an email address is typed', async () => {
    const page = await chrome.browser.newPage();
    try {
      await page.goto(`${stack.url}${PAGE}`, { waitUntil: 'load' });
      expect(await section(page, 'f--emailIsSafe')).toEqual(hidden);
      await page.type('#f--email', 'tomas@example.org');
      expect(await section(page, 'f--emailIsSafe')).toEqual(shown);
    } finally {
      await page.close();
    }
  });
});
