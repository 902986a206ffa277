import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packVersion, readPackDir } from '../../functions/domain/forms/pack-files.ts';
import { packStore } from '../../functions/composition/pack-store.ts';
import type { LocalStack } from '../../local/stack.ts';
import { formsDirWithHarbor } from '../support/harbor-pack.ts';
import { browse, signIn, type CookieJar } from '../support/staff-session.ts';
import { startTestStack } from '../support/test-stack.ts';

// Harbor (en + fr) takes its whole pack out of the studio as one file, changes it, puts it back, and a developer
// writes it into the repository: the round trip of issue 21, through the real local stack.
const projectRoot = join(import.meta.dirname, '..', '..');
const formsDir = mkdtempSync(join(tmpdir(), 'caseforms-packio-'));
cpSync(formsDirWithHarbor(), formsDir, { recursive: true });
const repositoryFiles = readPackDir(join(formsDir, 'harbor'));
const STUDIO = '/staff/harbor/studio';

interface PackFile { agency: string; version: string; files: Record<string, string> }

let stack: LocalStack;
let admin: CookieJar;
beforeAll(async () => {
  stack = await startTestStack({ formsDir, resourcePrefix: `packio-${randomBytes(3).toString('hex')}` });
  admin = (await signIn(stack, 'agency-admin', { agencyId: 'harbor', email: 'admin@harbor.caseforms.test' })).jar;
});
afterAll(async () => { await stack?.stop(); });

const download = (jar: CookieJar, version: string) => browse(stack, jar, `${STUDIO}/pack?version=${version}`);
/** The upload form's post as a browser sends it: multipart, the file in `pack`, from the stack's own page. */
const upload = (jar: CookieJar, text: string | Uint8Array, revision: string, headers: Record<string, string> = {}) => {
  const form = new FormData();
  form.set('revision', revision);
  form.set('pack', new Blob([text], { type: 'application/json' }), 'harbor-pack.json');
  return browse(stack, jar, `${STUDIO}/upload`, { method: 'POST', headers: { origin: stack.url, ...headers }, body: form });
};
const draftNow = () => packStore(stack.resources).readDraft('harbor');
const packJson = (files: Record<string, string>, agency = 'harbor') => JSON.stringify({ agency, version: 'anything', files });

describe('the studio\'s whole-pack download and upload', () => {
  let live: PackFile;
  let changed: Record<string, string>;

  it('downloads the live version as one JSON file with exactly the repository\'s files', async () => {
    const response = await download(admin, 'live');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const version = packVersion(repositoryFiles);
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="harbor-pack-${version}.json"`);
    live = await response.json() as PackFile;
    expect(live.agency).toBe('harbor');
    expect(live.version).toBe(version);
    expect(new Map(Object.entries(live.files))).toEqual(repositoryFiles);
    // The same version by its hash; and no draft yet to download.
    expect(await (await download(admin, version)).json()).toEqual(live);
    expect((await download(admin, 'draft')).status).toBe(404);
    expect((await download(admin, '../../demo')).status).toBe(404);
  });

  it('offers the download and the upload form on the studio home', async () => {
    const home = await (await browse(stack, admin, STUDIO)).text();
    expect(home).toContain(`href="${STUDIO}/pack?version&#61;live" download>Download the live version (${live.version})</a>`);
    expect(home).not.toContain(`href="${STUDIO}/pack?version&#61;draft"`);
    expect(home).toMatch(/<form method="post" action="\/staff\/harbor\/studio\/upload" enctype="multipart\/form-data"><input type="hidden" name="revision" value="0">/);
    expect(home).toContain('<label for="pack-file">Pack file (.json)</label>');
    expect(home).toContain('accept=".json,application/json"');
    expect(home).toContain('at most 256 KB');
  });

  it('takes the file back changed into the draft, which the editor and the next download show', async () => {
    const intake = JSON.parse(live.files['forms/intake.json']!) as { properties: Record<string, { title: string }> };
    intake.properties.phone!.title = 'Best phone number to reach you';
    changed = { ...live.files, 'forms/intake.json': `${JSON.stringify(intake, null, 2)}\n` };
    const response = await upload(admin, packJson(changed), '0');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`${STUDIO}?uploaded=1`);

    const draft = await draftNow();
    expect(draft?.revision).toBe(1);
    expect(draft?.by).toBe('admin@harbor.caseforms.test');
    expect(draft?.version).toBe(packVersion(new Map(Object.entries(changed))));
    expect(await packStore(stack.resources).readPack('harbor', draft!.version)).toEqual(new Map(Object.entries(changed)));

    const home = await (await browse(stack, admin, `${STUDIO}?uploaded=1`)).text();
    expect(home).toContain('The pack was uploaded to the draft (revision 1).');
    expect(home).toContain('Changed since the live version: forms/intake.json.');
    expect(home).toContain(`href="${STUDIO}/pack?version&#61;draft" download>Download the draft (revision 1)</a>`);
    const editor = await (await browse(stack, admin, `${STUDIO}/file?path=forms/intake.json`)).text();
    expect(editor).toContain('Best phone number to reach you');

    const again = await download(admin, 'draft');
    expect(again.headers.get('content-disposition')).toBe(`attachment; filename="harbor-pack-${draft!.version}.json"`);
    expect((await again.json() as PackFile).files).toEqual(changed);
  });

  it('is written into form-schemas/<agency>/ by npm run pack -- unpack, and made again by bundle', async () => {
    const downloaded = await (await download(admin, 'draft')).text();
    const repository = mkdtempSync(join(tmpdir(), 'caseforms-unpack-'));
    cpSync(join(formsDir, 'harbor'), join(repository, 'harbor'), { recursive: true });
    // A pack file the download no longer has goes; a file that is not part of a pack stays.
    writeFileSync(join(repository, 'harbor', 'forms', 'retired.json'), '{}\n');
    writeFileSync(join(repository, 'harbor', 'README.md'), 'Harbor\n');
    const file = join(repository, 'harbor-pack.json');
    writeFileSync(file, downloaded);
    const script = join(projectRoot, 'scripts', 'pack.ts');
    const tsx = join(projectRoot, 'node_modules', '.bin', 'tsx');
    const said = execFileSync(tsx, [script, 'unpack', file, repository], { encoding: 'utf8' });
    expect(said).toContain('1 file(s) written (forms/intake.json), 1 removed (forms/retired.json)');
    expect(readPackDir(join(repository, 'harbor'))).toEqual(new Map(Object.entries(changed)));
    expect(existsSync(join(repository, 'harbor', 'README.md'))).toBe(true);
    expect(execFileSync(tsx, [script, 'bundle', 'harbor', repository], { encoding: 'utf8' })).toBe(downloaded);
  });

  describe('refuses, in plain words and changing nothing', () => {
    const unchanged = async () => {
      const draft = await draftNow();
      expect(draft?.revision).toBe(1);
      expect(draft?.version).toBe(packVersion(new Map(Object.entries(changed))));
    };
    const refused = async (response: Response, status: number, words: string) => {
      expect(response.status).toBe(status);
      const text = await response.text();
      expect(text).toContain(words);
      expect(text).not.toMatch(/schema|SyntaxError|JSON\.parse|undefined/);
      await unchanged();
      return text;
    };

    it('a file that is not JSON', async () => {
      await refused(await upload(admin, 'agency: harbor\nfiles: []\n', '1'), 422, 'This file is not JSON, so it cannot be a pack.');
      await refused(await upload(admin, new Uint8Array([0xff, 0xfe, 0x00, 0x7b]), '1'), 422, 'This file is not JSON');
    });

    it('JSON that is not a pack, or has no file at all', async () => {
      await refused(await upload(admin, JSON.stringify({ agency: 'harbor', files: { 'agency.json': { id: 'harbor' } } }), '1'), 422, 'This file is JSON, but not a pack');
      await refused(await upload(admin, '', '1'), 400, 'No file was sent.');
    });

    it('another agency\'s pack', async () => {
      await refused(await upload(admin, packJson({ 'agency.json': '{}\n' }, 'demo'), '1'), 422, 'This file is the pack of another agency (demo), not of yours.');
    });

    it('a path outside the pack, or a file a pack cannot hold', async () => {
      await refused(await upload(admin, packJson({ ...changed, '../x': 'x' }), '1'), 422, 'This file holds files a pack cannot hold: ../x.');
      await refused(await upload(admin, packJson({ ...changed, 'README.md': '# Harbor' }), '1'), 422, 'cannot hold: README.md.');
      await refused(await upload(admin, packJson({ ...changed, 'forms/../../agency.json': '{}' }), '1'), 422, 'forms/../../agency.json');
    });

    it('a post that is not the upload form', async () => {
      const urlEncoded = await browse(stack, admin, `${STUDIO}/upload`, { method: 'POST', headers: { origin: stack.url, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ revision: '1', pack: packJson(changed) }) });
      await refused(urlEncoded, 415, 'This page only accepts the studio&#39;s own forms.');
    });

    it('a file over the 256 KB limit', async () => {
      const big = packJson({ ...changed, 'locales/fr.json': JSON.stringify({ padding: 'x'.repeat(300 * 1024) }) });
      await refused(await upload(admin, big, '1'), 413, 'The file is larger than 256 KB');
    });

    it('an upload on top of a draft someone saved since (409)', async () => {
      await refused(await upload(admin, packJson(changed), '0'), 409, 'Nothing of yours was uploaded.');
    });

    it('a post from another site\'s page (403), and anyone but an agency admin (403)', async () => {
      await refused(await upload(admin, packJson(changed), '1', { origin: 'https://elsewhere.example' }), 403, 'This request came from another site');
      const manager = (await signIn(stack, 'case-manager', { agencyId: 'harbor' })).jar;
      expect((await download(manager, 'live')).status).toBe(403);
      await refused(await upload(manager, packJson(changed), '1'), 403, 'This page needs one of the roles: agency admin.');
    });

    it('in the admin\'s language', async () => {
      const text = await refused(await upload(admin, packJson({ 'agency.json': '{}\n' }, 'demo'), '1', { 'accept-language': 'fr' }), 422,
        'Ce fichier est le paquet d&#39;une autre agence (demo), pas de la vôtre. Rien n&#39;a été modifié.');
      expect(text).toContain('<html lang="fr"');
    });
  });
});
