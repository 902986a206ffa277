import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packStore } from '../../functions/composition/pack-store.ts';
import { repositoryPacks } from '../../functions/composition/serving-catalog.ts';
import { saveDraft } from '../../functions/domain/studio/studio-draft.ts';
import type { LocalStack } from '../../local/stack.ts';
import { tableItems } from '../../local/aws-readback.ts';
import { launchTestBrowser, expectAccessible, type TestBrowser } from '../support/browser.ts';
import { formsDirWithHarbor } from '../support/harbor-pack.ts';
import { pdffonts, pdftotext } from '../support/pdf-tools.ts';
import { browse, postForm, signIn, type CookieJar } from '../support/staff-session.ts';
import { mailboxOf } from '../support/mailbox.ts';
import { startTestStack } from '../support/test-stack.ts';

// Issue 21 part 3: an agency admin previews the agency's draft before anyone sees it: the intake page in each of the
// agency's languages, a check of answers against the draft, each document as a PDF from the form's example, and the
// emails. Harbor (a second pack, en + fr) gets a draft with a new question; nothing a preview does is stored or sent.
const PREVIEW = '/staff/harbor/studio/preview/intake';
const NEW_QUESTION = { en: 'When did your tenancy start?', fr: 'Depuis quand êtes-vous locataire ?' };
// The banner is in the staff pages' language, which `?lang=` sets (and keeps) as on every staff page.
const BANNER = { en: 'Preview of the draft: nothing you send here is stored', fr: 'Aperçu du brouillon : rien de ce que vous envoyez ici' };
let stack: LocalStack;
let admin: CookieJar;

beforeAll(async () => {
  const formsDir = formsDirWithHarbor();
  stack = await startTestStack({ formsDir });
  const repository = repositoryPacks(formsDir).get('harbor')!;
  const files = new Map(repository);
  const intake = JSON.parse(files.get('forms/intake.json')!);
  intake.properties.tenancyStart = { type: 'string', format: 'date', title: NEW_QUESTION.en };
  intake.examples[0].tenancyStart = '2019-03-01';
  files.set('forms/intake.json', JSON.stringify(intake, null, 2));
  const french = JSON.parse(files.get('locales/fr.json')!);
  french.forms.intake.fields['/tenancyStart'] = NEW_QUESTION.fr;
  files.set('locales/fr.json', JSON.stringify(french, null, 2));
  const saved = await saveDraft(packStore(stack.resources), 'harbor', repository, {
    change: { kind: 'replace', files }, expectedRevision: 0, by: 'studio-preview-test', at: new Date(),
  });
  expect(saved.outcome).toBe('saved');
  admin = (await signIn(stack, 'agency-admin', { agencyId: 'harbor' })).jar;
}, 300_000);
afterAll(async () => { await stack?.stop(); });

/** Every item of the table but the sign-ins' own records (each request renews its session): what a preview must not add to. */
const storedItems = async () => (await tableItems(stack.resources.tableName))
  .filter((item) => item.type !== 'staff-session').map((item) => `${String(item.pk)} ${String(item.sk)}`).sort();
const mailbox = () => mailboxOf(stack);
const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

describe('the preview of a draft intake page', () => {
  it('shows the draft\'s new question in French and in English, which the live page does not, and posts only to the preview', async () => {
    for (const locale of ['fr', 'en'] as const) {
      const response = await browse(stack, admin, `${PREVIEW}?lang=${locale}`);
      const page = await response.text();
      expect(response.status, page).toBe(200);
      expect(response.headers.get('content-language')).toBe(locale);
      expect(page).toContain(NEW_QUESTION[locale]);
      expect(page).toContain(BANNER[locale]);
      // Its form posts to the preview check, and nothing on it posts to the intake.
      expect(page).toContain(`<form method="post" action="${PREVIEW}"`);
      expect(page).not.toMatch(/action="\/intake\//);
      // Links to each of the agency's languages, and to the document and the emails.
      expect(page).toContain(`href="${PREVIEW}?lang=fr"`);
      expect(page).toContain(`href="${PREVIEW}?lang=en"`);
      expect(page).toContain(`href="${PREVIEW}/documents/intake-summary?lang=${locale}"`);
      expect(page).toContain(`href="${PREVIEW}/emails?lang=${locale}"`);

      // The policy still holds: every inline style and script on the page is one the policy names by its hash.
      const policy = response.headers.get('content-security-policy')!;
      expect(policy).toContain("form-action 'self'");
      const styleSrc = /style-src ([^;]+)/.exec(policy)![1]!;
      const scriptSrc = /script-src ([^;]+)/.exec(policy)![1]!;
      const styles = [...page.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((match) => match[1]!);
      const scripts = [...page.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => match[1]!);
      expect(styles.length).toBeGreaterThanOrEqual(2);
      for (const style of styles) expect(styleSrc).toContain(sha256(style));
      for (const script of scripts) expect(scriptSrc).toContain(sha256(script));

      const live = await (await fetch(`${stack.url}/intake/harbor/intake?lang=${locale}`)).text();
      expect(live).not.toContain(NEW_QUESTION[locale]);
    }
  });

  it('refuses a bad answer in French words and accepts a good one, storing nothing and queueing nothing', async () => {
    expect((await browse(stack, admin, `${PREVIEW}?lang=en`)).status).toBe(200);
    const before = await storedItems();
    const answers = {
      _lang: 'fr', '/fullName': 'Lucie Ngata', '/language': 'fr', '/phone': 'pas de numéro', '/assistanceType': 'repairs', '/consent': 'true', '/tenancyStart': '2019-03-01',
    };
    const refused = await postForm(stack, admin, PREVIEW, answers);
    const refusedPage = await refused.text();
    expect(refused.status, refusedPage).toBe(422);
    expect(refusedPage).toContain('saisissez un numéro où un conseiller peut vous appeler');
    expect(refusedPage).toContain('These answers would be refused');
    // The answers come back as typed, the new question's too.
    expect(refusedPage).toContain('value="2019-03-01"');

    const accepted = await postForm(stack, admin, PREVIEW, { ...answers, '/phone': '+1 555 0177' });
    const acceptedPage = await accepted.text();
    expect(accepted.status, acceptedPage).toBe(200);
    expect(acceptedPage).toContain('These answers would be accepted');
    expect(acceptedPage).not.toContain('id="error-summary"');

    // Nothing of the check reached the table: no case, no submission, no idempotency record, no outbox job.
    const after = await storedItems();
    expect(after).toEqual(before);
    expect(after.filter((key) => key.startsWith('AGENCY#harbor#CASE') || key.includes('IDEMPOTENCY'))).toEqual([]);

    // A post from another site's page is refused.
    expect((await postForm(stack, admin, PREVIEW, answers, 'https://elsewhere.example')).status).toBe(403);
  });

  it('is for the agency\'s admins: a case manager gets 403, another agency\'s admin 404', async () => {
    const caseManager = (await signIn(stack, 'case-manager', { agencyId: 'harbor' })).jar;
    expect((await browse(stack, caseManager, PREVIEW)).status).toBe(403);
    expect((await browse(stack, caseManager, `${PREVIEW}/documents/intake-summary`)).status).toBe(403);
    expect((await postForm(stack, caseManager, PREVIEW, { '/fullName': 'x' })).status).toBe(403);
    const demoAdmin = (await signIn(stack, 'agency-admin', { agencyId: 'demo' })).jar;
    expect((await browse(stack, demoAdmin, PREVIEW)).status).toBe(404);
    expect((await browse(stack, demoAdmin, `${PREVIEW}/emails`)).status).toBe(404);
    // A form the draft does not have, and a document the form does not make.
    expect((await browse(stack, admin, '/staff/harbor/studio/preview/no-such-form')).status).toBe(404);
    expect((await browse(stack, admin, `${PREVIEW}/documents/care-plan`)).status).toBe(404);
  });
});

describe('the preview of a draft\'s documents and emails', () => {
  it('renders the intake summary from the form\'s example through the worker\'s renderer, marked PREVIEW, with embedded fonts', async () => {
    const before = await storedItems();
    const response = await browse(stack, admin, `${PREVIEW}/documents/intake-summary?lang=en`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await response.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdftotext(pdf);
    expect(text).toContain('PREVIEW');
    expect(text).toContain('Lucie Ngata');
    // The draft's own question, answered by its example: the document is the draft's, not the live pack's.
    expect(text).toContain(NEW_QUESTION.en);
    expect(pdffonts(pdf)).toMatch(/NotoSans-Regular\s+CID TrueType\s+Identity-H\s+yes/);
    expect(pdffonts(pdf)).not.toMatch(/Type 3/);
    // Nothing was stored: no document record, no case.
    expect(await storedItems()).toEqual(before);
  }, 120_000);

  it('lists the emails each route would send, written by the delivery code, and sends none', async () => {
    const before = (await mailbox()).length;
    const intake = await browse(stack, admin, `${PREVIEW}/emails?lang=fr`);
    const intakePage = await intake.text();
    expect(intake.status, intakePage).toBe(200);
    // Harbor routes the intake summary to its intake inbox, attached.
    expect(intakePage).toContain('intake@harbor.caseforms.test');
    expect(intakePage).toContain('avec le PDF en pièce jointe');
    expect(intakePage).toContain('intake-summary-00000000.pdf');

    // A staff form's documents too: the care plan goes to the case manager, the client (in the language previewed)
    // and the legal-aid provider (in French, its own language), each as the delivery code words it.
    const plan = await browse(stack, admin, '/staff/harbor/studio/preview/care-plan/emails?lang=fr');
    const planPage = await plan.text();
    expect(plan.status, planPage).toBe(200);
    expect(planPage).toContain('Partenaire : Portland Legal Aid');
    expect(planPage).toContain('partagé par Harbor Tenant Aid');
    expect(planPage).toContain('Un courrier de Harbor Tenant Aid');
    expect(planPage).toContain('Le conseiller du dossier');

    // Give a worker that would send something the time to do it: the mailbox must stay as it was.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect((await mailbox()).length).toBe(before);
  });
});

describe('the preview pages at 360 px', () => {
  let chrome: TestBrowser;
  beforeAll(async () => { chrome = await launchTestBrowser(); }, 120_000);
  afterAll(async () => { await chrome?.close(); });

  it('have no WCAG 2.1 AA violations: the page in French and in English, after a refused check, and the emails', async () => {
    const page = await chrome.browser.newPage();
    try {
      await page.setCookie(...[...admin.cookies].map(([name, value]) => ({ name, value, url: stack.url })));
      for (const path of [`${PREVIEW}?lang=fr`, `${PREVIEW}?lang=en`, `${PREVIEW}/emails?lang=fr`, '/staff/harbor/studio/preview/care-plan/emails?lang=en']) {
        const response = await page.goto(`${stack.url}${path}`, { waitUntil: 'load' });
        expect(response!.status(), path).toBe(200);
        await expectAccessible(chrome.browser, page, path);
      }
      // Sending the French page empty: the errors, as the browser shows them.
      await page.goto(`${stack.url}${PREVIEW}?lang=fr`, { waitUntil: 'load' });
      const [checked] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('form#form-start button.primary')]);
      expect(checked!.status()).toBe(422);
      expect(await page.$eval('[role="status"]', (e) => e.textContent)).toContain('Ces réponses seraient refusées');
      await expectAccessible(chrome.browser, page, 'the preview after a refused check');
    } finally {
      await page.close();
    }
  }, 300_000);
});
