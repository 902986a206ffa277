import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../functions/contracts/roles.ts';
import { addDays, localDate } from '../../functions/domain/cases/notice-period.ts';
import { tableItems } from '../../local/aws-readback.ts';
import type { LocalStack } from '../../local/stack.ts';
import { formsDirWithHarbor, harborApiKeyHeader, harborPackDir } from '../support/harbor-pack.ts';
import { browse, postForm, signIn } from '../support/staff-session.ts';
import { bearer, staffToken } from '../support/staff-tokens.ts';
import { middayUtc, restoreClock, setClock } from '../support/test-clock.ts';
import { demoExample, post, startTestStack } from '../support/test-stack.ts';

// Issue 20 parts 3 and 4 through the real local stack, for the demo pack and Harbor (a second pack, en+fr, another
// time zone): notes saved once and final, addenda beside them, audit entries, the notes CSV, and "my follow-ups".
type Agency = 'demo' | 'harbor';
const packs = {
  demo: { timeZone: 'America/Chicago', reviewField: 'reviewDate', otherLanguage: 'es', otherWords: 'Relato: escriba lo que ocurrió', followUps: ['<h1>Mis seguimientos</h1>', 'Revisión del caso', 'Seguimiento de una nota de visita a domicilio'] },
  harbor: { timeZone: 'America/Los_Angeles', reviewField: 'reviewOn', otherLanguage: 'fr', otherWords: "Compte rendu : écrivez ce qui s'est passé", followUps: ['<h1>Mes suivis</h1>', 'Révision du dossier', 'Suivi d’une note « visite à domicile »'] },
} as const;

let stack: LocalStack;
const tokens = new Map<string, string>();
beforeAll(async () => { stack = await startTestStack({ formsDir: formsDirWithHarbor() }); });
afterAll(async () => { await stack?.stop(); });
afterEach(restoreClock);

const emailOf = (agencyId: Agency, role: Role, who = '') => `${role}${who}@${agencyId}.example`;
async function token(agencyId: Agency, role: Role, who = ''): Promise<string> {
  const key = `${agencyId}/${role}/${who}`;
  if (!tokens.has(key)) tokens.set(key, await staffToken(agencyId, [role], emailOf(agencyId, role, who)));
  return tokens.get(key)!;
}

const example = (agencyId: Agency, formId: string): Record<string, unknown> => (agencyId === 'demo'
  ? demoExample(formId)
  : structuredClone(JSON.parse(readFileSync(join(harborPackDir, 'forms', `${formId}.json`), 'utf8')).examples[0]));

async function api(agencyId: Agency, role: Role, path: string, body?: unknown, { language, who = '' }: { language?: string; who?: string } = {}) {
  const response = await fetch(`${stack.url}/agencies/${agencyId}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { ...bearer(await token(agencyId, role, who)), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(language ? { 'accept-language': language } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, headers: response.headers, json: (await response.json()) as Record<string, any> };
}

/** A case taken on by a case manager (`who`), with a care plan whose review is due on `reviewOn`. */
async function managedCase(agencyId: Agency, reviewOn: string, who = ''): Promise<string> {
  const intake = await post(stack, `/agencies/${agencyId}/forms/intake/submissions`, { body: JSON.stringify(example(agencyId, 'intake')), headers: agencyId === 'harbor' ? harborApiKeyHeader : {} });
  expect(intake.status).toBe(201);
  const caseId = (intake.json as { caseId: string }).caseId;
  expect((await api(agencyId, 'case-manager', `/cases/${caseId}/forms/assessment/submissions`, example(agencyId, 'assessment'), { who })).status).toBe(201);
  const plan = { ...example(agencyId, 'care-plan'), [packs[agencyId].reviewField]: reviewOn };
  expect((await api(agencyId, 'case-manager', `/cases/${caseId}/forms/care-plan/submissions`, plan, { who })).status).toBe(201);
  return caseId;
}

const today = (agencyId: Agency) => localDate(new Date(), packs[agencyId].timeZone);
const note = (agencyId: Agency, fields: Record<string, unknown> = {}) => ({
  contactType: 'home-visit', contactedAt: `${today(agencyId)}T00:05`, durationMinutes: 45, contactedPerson: 'Client and sister', narrative: 'Visited at home; discussed the plan.', ...fields,
});

describe.each(['demo', 'harbor'] as const)('%s: case notes and contacts', (agencyId) => {
  const pack = packs[agencyId];

  it('saves a note once: the same note id again is refused (409) and the stored note keeps its first words', async () => {
    const caseId = await managedCase(agencyId, addDays(today(agencyId), 30));
    const noteId = `note-${agencyId}-once`;
    const saved = await api(agencyId, 'intake-worker', `/cases/${caseId}/notes`, note(agencyId, { noteId, narrative: 'First words.' }));
    expect(saved.status).toBe(201);
    expect(saved.json.note).toMatchObject({ noteId, contactType: 'home-visit', durationMinutes: 45, narrative: 'First words.' });

    const again = await api(agencyId, 'case-manager', `/cases/${caseId}/notes`, note(agencyId, { noteId, narrative: 'Other words.' }));
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ type: 'urn:caseforms:problem:conflict', noteId });

    const stored = (await tableItems(stack.resources.tableName)).filter((item) => item.type === 'note' && item.noteId === noteId);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ narrative: 'First words.', sk: `NOTE#${noteId}`, contactedAt: expect.stringMatching(/Z$/) });
    const read = await api(agencyId, 'agency-admin', `/cases/${caseId}/notes`);
    expect(read.status).toBe(200);
    expect(read.json.notes.map((n: { narrative: string }) => n.narrative)).toEqual(['First words.']);
  });

  it('an addendum keeps the original: the note reads as saved, the addendum under it with its author and time; both are audited by id', async () => {
    const caseId = await managedCase(agencyId, addDays(today(agencyId), 30));
    const noteId = `note-${agencyId}-addenda`;
    expect((await api(agencyId, 'case-manager', `/cases/${caseId}/notes`, note(agencyId, { noteId, narrative: 'Duration was 45 minutes. AUDIT-MARKER' }))).status).toBe(201);
    const before = (await api(agencyId, 'case-manager', `/cases/${caseId}/notes`)).json.notes[0];

    const added = await api(agencyId, 'supervisor', `/cases/${caseId}/notes/${noteId}/addenda`, { text: 'Correction: 30 minutes.' });
    expect(added.status).toBe(201);
    const after = (await api(agencyId, 'case-manager', `/cases/${caseId}/notes`)).json.notes[0];
    const { addenda: beforeAddenda, ...original } = before;
    expect(beforeAddenda).toEqual([]);
    expect(after).toMatchObject(original);
    expect(after.addenda).toEqual([expect.objectContaining({ text: 'Correction: 30 minutes.', authorEmail: emailOf(agencyId, 'supervisor'), noteId, recordedAt: expect.any(String) })]);
    expect((await api(agencyId, 'case-manager', `/cases/${caseId}/notes/no-such-note/addenda`, { text: 'x' })).status).toBe(404);

    const audit = await api(agencyId, 'supervisor', `/cases/${caseId}/audit`);
    const actions = audit.json.records.map((record: { action: string; target?: string }) => `${record.action}:${record.target ?? ''}`);
    expect(actions).toContain(`note-added:${noteId}`);
    expect(actions).toContain(`addendum-added:${noteId}/${added.json.addendum.addendumId}`);
    expect(JSON.stringify(audit.json)).not.toContain('AUDIT-MARKER');

    const timeline = (await api(agencyId, 'case-manager', `/cases/${caseId}`)).json.timeline;
    expect(timeline).toEqual(expect.arrayContaining([
      expect.objectContaining({ event: 'note', noteId, contactType: 'home-visit' }),
      expect.objectContaining({ event: 'addendum', noteId }),
    ]));
  });

  it(`refuses an invalid note with each field named in the staff member's language (${pack.otherLanguage}), 422 not 500, and saves nothing`, async () => {
    const caseId = await managedCase(agencyId, addDays(today(agencyId), 30));
    const notesBefore = (await tableItems(stack.resources.tableName)).filter((item) => item.type === 'note').length;
    const refused = await api(agencyId, 'case-manager', `/cases/${caseId}/notes`, { contactType: 'fax', contactedAt: '2999-01-01T10:00', durationMinutes: 2000, narrative: ' ', followUpOn: '2001-01-01' }, { language: pack.otherLanguage });
    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-language')).toBe(pack.otherLanguage);
    expect(refused.json.errors.map((error: { pointer: string }) => error.pointer)).toEqual(['/contactType', '/contactedAt', '/durationMinutes', '/narrative', '/followUpOn']);
    expect(refused.json.errors.map((error: { message: string }) => error.message)).toContain(pack.otherWords);
    expect((await tableItems(stack.resources.tableName)).filter((item) => item.type === 'note').length).toBe(notesBefore);
    // Not JSON at all: a 4xx in words too.
    expect((await api(agencyId, 'case-manager', `/cases/${caseId}/notes`, ['not', 'an', 'object'])).status).toBe(400);
  });

  it('lets case workers write notes and an agency admin only read them', async () => {
    const caseId = await managedCase(agencyId, addDays(today(agencyId), 30));
    expect((await api(agencyId, 'agency-admin', `/cases/${caseId}/notes`, note(agencyId))).status).toBe(403);
    expect((await api(agencyId, 'agency-admin', `/cases/${caseId}/notes`)).status).toBe(200);
    expect((await api(agencyId, 'case-manager', '/cases/00000000-0000-4000-8000-000000000000/notes', note(agencyId))).status).toBe(404);
  });

  it('"my follow-ups" buckets notes\' follow-up dates and review dates into overdue, today and this week on the agency\'s clock', async () => {
    const who = `-followups-${agencyId}`;
    const start = today(agencyId);
    // The review is due five days from now; notes ask to follow up in one, three, eight and twelve days.
    const caseId = await managedCase(agencyId, addDays(start, 5), who);
    const ids: Record<number, string> = {};
    for (const days of [1, 3, 8, 12]) {
      const saved = await api(agencyId, 'intake-worker', `/cases/${caseId}/notes`, note(agencyId, { followUpOn: addDays(start, days) }));
      expect(saved.status).toBe(201);
      ids[days] = saved.json.note.noteId;
      // The follow-up is the case manager's, not the intake worker's who wrote it.
      expect(saved.json.note.followUpOwner).toBeDefined();
    }
    // Three days on: the first is overdue, the second due today, the review and the eight-day one this week.
    setClock(middayUtc(addDays(start, 3)));
    tokens.clear(); // minted on the moved clock, or they would have expired three days ago
    const mine = await api(agencyId, 'case-manager', '/follow-ups', undefined, { who });
    expect(mine.status).toBe(200);
    expect(mine.json.today).toBe(addDays(start, 3));
    const shape = (items: Array<{ kind: string; due: string; noteId?: string; caseId: string }>) => items.map((item) => [item.kind, item.due, item.noteId ?? item.caseId]);
    expect(shape(mine.json.overdue)).toEqual([['note', addDays(start, 1), ids[1]]]);
    expect(shape(mine.json.dueToday)).toEqual([['note', addDays(start, 3), ids[3]]]);
    expect(shape(mine.json.thisWeek)).toEqual([['review', addDays(start, 5), caseId], ['note', addDays(start, 8), ids[8]]]);
    expect(JSON.stringify(mine.json)).not.toContain('discussed the plan');
    // Another case manager's list has none of them; the intake worker who wrote them has none either.
    const others = await api(agencyId, 'case-manager', '/follow-ups', undefined, { who: '-someone-else' });
    expect([...others.json.overdue, ...others.json.dueToday, ...others.json.thisWeek].filter((item: { caseId: string }) => item.caseId === caseId)).toEqual([]);
    const author = await api(agencyId, 'intake-worker', '/follow-ups');
    expect([...author.json.overdue, ...author.json.dueToday, ...author.json.thisWeek].filter((item: { caseId: string }) => item.caseId === caseId)).toEqual([]);

    // The page shows the same buckets, to the case manager signed in.
    const { jar } = await signIn(stack, 'case-manager', { agencyId, email: emailOf(agencyId, 'case-manager', who) });
    const page = await browse(stack, jar, `/staff/${agencyId}/follow-ups`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const section = (id: string) => html.slice(html.indexOf(`id="${id}"`), html.indexOf('</table>', html.indexOf(`id="${id}"`)));
    expect(section('overdue')).toContain(`#note-${ids[1]}`);
    expect(section('due-today')).toContain(`#note-${ids[3]}`);
    expect(section('this-week')).toContain('Case review');
    expect(html).not.toContain(`#note-${ids[12]}`);
    // Picked in the language switcher: the page's own words, review and contact types in the agency's other language.
    const translated = await (await browse(stack, jar, `/staff/${agencyId}/follow-ups?lang=${pack.otherLanguage}`)).text();
    expect(translated).toContain(`<html lang="${pack.otherLanguage}" dir="ltr">`);
    for (const words of pack.followUps) expect(translated).toContain(words);
    for (const english of ['My follow-ups', 'Case review', 'Overdue', 'Follow-up of a']) expect(translated).not.toContain(english);
  });

  it('the case page adds a note and an addendum without script, shows refusals in the staff member\'s language, and the notes CSV holds them', async () => {
    const caseId = await managedCase(agencyId, addDays(today(agencyId), 30));
    const { jar } = await signIn(stack, 'case-manager', { agencyId, email: emailOf(agencyId, 'case-manager') });
    const casePath = `/staff/${agencyId}/cases/${caseId}`;
    const first = await (await browse(stack, jar, casePath)).text();
    expect(first).toContain('Notes and contacts');
    const noteId = /<input type="hidden" name="noteId" value="([^"]+)">/.exec(first)![1]!;

    const fields = { noteId, contactType: 'phone', contactedAt: `${today(agencyId)}T00:10`, durationMinutes: '10', contactedPerson: 'Landlord', narrative: '=HYPERLINK("http://evil.example","x") PAGE-MARKER', followUpOn: '' };
    const refused = await postForm(stack, jar, `${casePath}/notes`, { ...fields, narrative: '' }, stack.url);
    expect(refused.status).toBe(422);
    const refusedHtml = await refused.text();
    expect(refusedHtml).toContain('Narrative: write what happened');

    const saved = await postForm(stack, jar, `${casePath}/notes`, fields);
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`${casePath}?note=saved#note-${noteId}`);
    const twice = await postForm(stack, jar, `${casePath}/notes`, { ...fields, narrative: 'changed' });
    expect(twice.headers.get('location')).toBe(`${casePath}?note=already-saved#note-${noteId}`);
    // Another site's page cannot make the browser save a note.
    expect((await postForm(stack, jar, `${casePath}/notes`, { ...fields, noteId: 'cross-site-1' }, 'https://evil.example')).status).toBe(403);

    const added = await postForm(stack, jar, `${casePath}/notes/${noteId}/addenda`, { addendumId: `add-${agencyId}-page`, text: 'Landlord called back.' });
    expect(added.status).toBe(303);
    const shown = await (await browse(stack, jar, `${casePath}?note=addendum-saved`)).text();
    expect(shown).toContain('Addendum saved.');
    expect(shown).toContain('PAGE-MARKER');
    expect(shown).toContain('Landlord called back.');
    expect(shown).toContain('Phone call noted');

    // A staff member reading in another language sees the refusal in it.
    const otherLanguage = await browse(stack, jar, `${casePath}/notes`, { method: 'POST', headers: { origin: stack.url, 'content-type': 'application/x-www-form-urlencoded', 'accept-language': pack.otherLanguage }, body: new URLSearchParams({ ...fields, noteId: `lang-${agencyId}-1`, narrative: '' }) });
    expect(otherLanguage.status).toBe(422);
    expect(await otherLanguage.text()).toContain(pack.otherWords.replace("'", '&#39;'));

    // The supervisor's notes export: the note, formula-neutralized, and its addendum, each a row; the export is audited.
    const supervisor = await signIn(stack, 'supervisor', { agencyId });
    const csv = await browse(stack, supervisor.jar, `/staff/${agencyId}/exports/notes`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the UTF-8 byte order mark spreadsheets need
    const rows = bytes.subarray(3).toString('utf8').split('\r\n');
    expect(rows[0]).toBe('case_id,note_id,record,addendum_id,contact_type,contacted_at,duration_minutes,contacted_person,text,follow_up_on,author,recorded_at');
    const noteRow = rows.find((row) => row.includes(noteId) && row.includes(',note,'))!;
    expect(noteRow).toContain(`"'=HYPERLINK(""http://evil.example"",""x"") PAGE-MARKER"`);
    expect(rows.some((row) => row.includes(noteId) && row.includes(',addendum,') && row.includes('Landlord called back.'))).toBe(true);
    const audit = await api(agencyId, 'supervisor', `/cases/${caseId}/audit`);
    expect(audit.json.records.map((record: { action: string }) => record.action)).toContain('export-notes');
    // A case manager may not export.
    expect((await browse(stack, jar, `/staff/${agencyId}/exports/notes`)).status).toBe(403);
  });
});
