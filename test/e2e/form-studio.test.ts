import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formVersion } from '../../functions/domain/forms/catalog.ts';
import { packVersion, readPackDir } from '../../functions/domain/forms/pack-files.ts';
import { itemsOfType, tableItems } from '../../local/aws-readback.ts';
import type { LocalStack } from '../../local/stack.ts';
import { formsDirWithHarbor, harborApiKeyHeader } from '../support/harbor-pack.ts';
import { browse, postForm, signIn, type CookieJar } from '../support/staff-session.ts';
import { post, startTestStack } from '../support/test-stack.ts';
import { waitFor } from '../support/wait.ts';
import { packStore } from '../../functions/composition/pack-store.ts';

// Harbor, the second agency (en + fr), changes its intake in the studio: no developer, no restart.
const formsDir = mkdtempSync(join(tmpdir(), 'caseforms-studio-'));
cpSync(formsDirWithHarbor(), formsDir, { recursive: true });
const intakeFile = join(formsDir, 'harbor', 'forms', 'intake.json');
const repositoryIntake = readFileSync(intakeFile, 'utf8');
const resourcePrefix = `studio-${randomBytes(3).toString('hex')}`;
const STUDIO = '/staff/harbor/studio';
const SUBMIT = '/agencies/harbor/forms/intake/submissions';

let stack: LocalStack;
let admin: CookieJar;
beforeAll(async () => {
  stack = await startTestStack({ formsDir, resourcePrefix });
  admin = (await signIn(stack, 'agency-admin', { agencyId: 'harbor', email: 'admin@harbor.caseforms.test' })).jar;
});
afterAll(async () => { await stack?.stop(); });

const page = async (jar: CookieJar, path: string) => {
  const response = await browse(stack, jar, path);
  return { status: response.status, text: await response.text(), location: response.headers.get('location') };
};
const revisionIn = (html: string) => /name="revision" value="(\d+)"/.exec(html)![1]!;
const intakeWith = (change: (schema: Record<string, any>) => void) => {
  const schema = JSON.parse(repositoryIntake) as Record<string, any>;
  change(schema);
  return `${JSON.stringify(schema, null, 2)}\n`;
};
const withReferral = intakeWith((schema) => {
  schema.properties.referredBy = { title: 'Who referred you to us?', type: 'string', maxLength: 200 };
  schema.examples = schema.examples.map((example: object) => ({ ...example, referredBy: 'A neighbour' }));
});
const example = (extra: Record<string, unknown> = {}) => JSON.stringify({ ...JSON.parse(repositoryIntake).examples[0], ...extra });
const liveIntakeVersion = async () => (await fetch(`${stack.url}/agencies/harbor/forms/intake`)).headers.get('etag')?.replaceAll('"', '');
/**
 * Whether the submit route (its own function, refreshing its packs on its own clock) takes the studio's new question
 * yet: a body with only that answer is refused either way (required answers are missing), and names `referredBy` only
 * while the version served does not know it. Nothing is stored.
 */
const submitKnowsReferral = async (): Promise<boolean> => {
  const probe = await post(stack, SUBMIT, { body: JSON.stringify({ referredBy: 'A neighbour' }), headers: harborApiKeyHeader });
  expect(probe.status).toBe(422);
  return !JSON.stringify(probe.json).includes('referredBy');
};

describe('the form studio', () => {
  it('is for agency admins only, and starts from the deployed pack', async () => {
    const manager = (await signIn(stack, 'case-manager', { agencyId: 'harbor' })).jar;
    expect((await page(manager, STUDIO)).status).toBe(403);
    const demoAdmin = (await signIn(stack, 'agency-admin', { agencyId: 'demo' })).jar;
    expect((await page(demoAdmin, STUDIO)).status).toBe(404);
    const home = await page(admin, STUDIO);
    expect(home.status).toBe(200);
    expect(home.text).toContain(`Version ${packVersion(readPackDir(join(formsDir, 'harbor')))}, as deployed from the repository.`);
    expect(home.text).toContain('There is no draft');
    expect(home.text).toContain('Deployed from the repository');
    expect(home.text).toContain('forms/intake.json');
  });

  it('lists every problem of a broken draft with its file, line and column, and refuses to publish it', async () => {
    const editor = await page(admin, `${STUDIO}/file?path=forms/intake.json`);
    expect(editor.text).toContain('No draft yet');
    const broken = withReferral.replace('"title": "Who referred you to us?"', '"titel": "Who referred you to us?"').replace('"maxLength": 200', '"maxLenght": 200');
    const saved = await postForm(stack, admin, `${STUDIO}/draft`, { action: 'save', path: 'forms/intake.json', revision: revisionIn(editor.text), text: broken.replaceAll('\n', '\r\n') });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`${STUDIO}/file?path=forms%2Fintake.json&saved=1`);
    const home = await page(admin, STUDIO);
    const line = broken.split('\n').findIndex((text) => text.includes('"titel"')) + 1;
    expect(home.text).toContain(`forms/intake.json, line ${line}, column`);
    expect(home.text).toMatch(/titel.*did you mean &#96;title&#96;/);
    expect(home.text).toMatch(/maxLenght.*did you mean &#96;maxLength&#96;/);
    expect(home.text).toMatch(/\d+ problems? must be fixed/);
    const refused = await postForm(stack, admin, `${STUDIO}/publish`, { action: 'publish', revision: revisionIn(home.text) });
    expect(refused.status).toBe(422);
    const words = await refused.text();
    expect(words).toContain('Nothing was published');
    expect(words).toContain(`forms/intake.json, line ${line}`);
    expect(await liveIntakeVersion()).toBe(formVersion(repositoryIntake));
  });

  it('never lets a second admin overwrite the first one\'s save', async () => {
    const other = (await signIn(stack, 'agency-admin', { agencyId: 'harbor', email: 'second@harbor.caseforms.test' })).jar;
    const mine = await page(admin, `${STUDIO}/file?path=forms/intake.json`);
    const theirs = await page(other, `${STUDIO}/file?path=forms/intake.json`);
    expect(revisionIn(mine.text)).toBe(revisionIn(theirs.text));
    expect((await postForm(stack, admin, `${STUDIO}/draft`, { action: 'save', path: 'forms/intake.json', revision: revisionIn(mine.text), text: withReferral })).status).toBe(303);
    const late = await postForm(stack, other, `${STUDIO}/draft`, { action: 'save', path: 'forms/intake.json', revision: revisionIn(theirs.text), text: '{"their": "text"}' });
    expect(late.status).toBe(409);
    const conflict = await late.text();
    expect(conflict).toContain('admin@harbor.caseforms.test saved the draft');
    expect(conflict).toContain('{&quot;their&quot;: &quot;text&quot;}');
    expect((await page(admin, `${STUDIO}/file?path=forms/intake.json`)).text).toContain('Who referred you to us?');
  });

  it('refuses a post from another site, and a file a pack cannot hold', async () => {
    const editor = await page(admin, `${STUDIO}/file?path=forms/intake.json`);
    expect((await postForm(stack, admin, `${STUDIO}/draft`, { action: 'discard', revision: revisionIn(editor.text) }, 'https://elsewhere.example')).status).toBe(403);
    expect((await postForm(stack, admin, `${STUDIO}/draft`, { action: 'save', path: '../../etc/passwd', revision: revisionIn(editor.text), text: '{}' })).status).toBe(422);
    expect((await page(admin, `${STUDIO}/file?path=README.md`)).status).toBe(404);
  });

  let publishedVersion = '';
  let firstSubmission = '';
  it('publishes the fixed draft: live within the refresh, pinned on what was submitted, in the history with who', async () => {
    // The linter asks for the new question's French words (Harbor's clients read the page in French too).
    const untranslated = await page(admin, STUDIO);
    expect(untranslated.text).toMatch(/locales\/fr\.json, line \d+, column \d+<\/a> <code>\/forms\/intake\/fields\/~1referredBy<\/code> <span lang="en">missing translation of &quot;Who referred you to us\?&quot;/);
    const french = await page(admin, `${STUDIO}/file?path=locales/fr.json`);
    const translations = JSON.parse(readFileSync(join(formsDir, 'harbor', 'locales', 'fr.json'), 'utf8'));
    translations.forms.intake.fields['/referredBy'] = 'Qui vous a orienté vers nous ?';
    expect((await postForm(stack, admin, `${STUDIO}/draft`, { action: 'save', path: 'locales/fr.json', revision: revisionIn(french.text), text: JSON.stringify(translations, null, 2) })).status).toBe(303);
    const home = await page(admin, STUDIO);
    expect(home.text).toContain('No problems found');
    expect(home.text).toContain('Changed since the live version: forms/intake.json, locales/fr.json.');
    const published = await postForm(stack, admin, `${STUDIO}/publish`, { action: 'publish', revision: revisionIn(home.text) });
    expect(published.status).toBe(303);
    publishedVersion = /published=([0-9a-f]{16})/.exec(published.headers.get('location')!)![1]!;
    await waitFor(async () => (await liveIntakeVersion()) === formVersion(withReferral) || undefined, 10_000, 'the published intake to be served');
    await waitFor(async () => (await submitKnowsReferral()) || undefined, 10_000, 'the published intake to be validated on submit');
    const accepted = await post(stack, SUBMIT, { body: example({ referredBy: 'A neighbour' }), headers: harborApiKeyHeader });
    expect(accepted.status).toBe(201);
    firstSubmission = (accepted.json as { id: string }).id;
    const after = await page(admin, `${STUDIO}?published=${publishedVersion}`);
    expect(after.text).toContain(`Version ${publishedVersion} is live.`);
    expect(after.text).toContain('There is no draft');
    expect(after.text).toMatch(/Published from the studio<\/td><td><code>[0-9a-f]{16}<\/code> \(live\)<\/td><td>admin@harbor\.caseforms\.test/);
    const diff = await page(admin, `${STUDIO}/diff?from=${packVersion(readPackDir(join(formsDir, 'harbor')))}&to=${publishedVersion}`);
    expect(diff.text).toMatch(/Questions added<\/h3><ul class="diff-added"><li><code>\/referredBy<\/code> Who referred you to us\?/);
  });

  it('rolls back to the deployed version: old form served again, the first submission keeps its version', async () => {
    const repositoryVersion = packVersion(readPackDir(join(formsDir, 'harbor')));
    const rolledBack = await postForm(stack, admin, `${STUDIO}/publish`, { action: 'rollback', version: repositoryVersion });
    expect(rolledBack.status).toBe(303);
    await waitFor(async () => (await liveIntakeVersion()) === formVersion(repositoryIntake) || undefined, 10_000, 'the rolled-back intake to be served');
    await waitFor(async () => !(await submitKnowsReferral()) || undefined, 10_000, 'the rolled-back intake to be validated on submit');
    const refused = await post(stack, SUBMIT, { body: example({ referredBy: 'A neighbour' }), headers: harborApiKeyHeader });
    expect(refused.status).toBe(422);
    expect((await post(stack, SUBMIT, { body: example(), headers: harborApiKeyHeader })).status).toBe(201);
    const submissions = itemsOfType(await tableItems(stack.resources.tableName), 'submission');
    expect(submissions.find((item) => item.submissionId === firstSubmission)).toMatchObject({ formVersion: formVersion(withReferral) });
    expect((await page(admin, STUDIO)).text).toContain('Rolled back');
    expect((await postForm(stack, admin, `${STUDIO}/publish`, { action: 'rollback', version: '0123456789abcdef' })).status).toBe(404);
  });

  it('keeps the studio\'s version live when a deploy brings a changed repository pack, and says so', async () => {
    await stack.stop();
    writeFileSync(intakeFile, intakeWith((schema) => { schema.title = 'Harbor intake (repository edit)'; }));
    stack = await startTestStack({ formsDir, resourcePrefix });
    expect(stack.deployedPacks.get('harbor')).toBe('kept-studio');
    admin = (await signIn(stack, 'agency-admin', { agencyId: 'harbor', email: 'admin@harbor.caseforms.test' })).jar;
    expect(await liveIntakeVersion()).toBe(formVersion(repositoryIntake));
    expect((await page(admin, STUDIO)).text).toContain('Deployed from the repository, not made live');
  });

  it('isolates a stored version\'s broken form: the rest of the agency serves, and the admin sees which file is out', async () => {
    // A version that never passed the linter (written to storage directly, as a bad restore would): the intake's
    // pattern could backtrack for ever, which the loader refuses for that form alone.
    const store = packStore(stack.resources);
    const [pointer] = await store.livePointers(['harbor']);
    const files = new Map(readPackDir(join(formsDir, 'harbor')));
    files.set('forms/intake.json', intakeWith((schema) => { schema.properties.phone.pattern = '^(a+)+$'; }));
    const version = packVersion(files);
    await store.storePack('harbor', version, files);
    const at = new Date().toISOString();
    expect(await store.changeLive({ pointer: { agencyId: 'harbor', version, source: 'studio', at, by: 'restore' }, event: { agencyId: 'harbor', action: 'publish', version, previous: pointer!.version, at, by: 'restore' }, expectedLive: pointer!.version })).toBe('changed');
    await waitFor(async () => ((await fetch(`${stack.url}/intake/harbor/intake`)).status === 503) || undefined, 10_000, 'the broken intake to be refused');
    expect((await fetch(`${stack.url}/agencies/harbor/forms/care-plan`)).status).not.toBe(503);
    // Each function follows the pointer within its own refresh: the studio's too.
    const home = await waitFor(async () => {
      const studio = await page(admin, STUDIO);
      return studio.text.includes('Not in service') ? studio : undefined;
    }, 10_000, 'the studio to list the broken form');
    expect(home.text).toContain(`packs/harbor/${version}/forms/intake.json`);
  });
});
