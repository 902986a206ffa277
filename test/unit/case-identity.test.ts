import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog, type Form } from '../../functions/domain/forms/catalog.ts';
import { declaredIdentity, emailIsSafe, fullName, identityOf } from '../../functions/domain/forms/identity.ts';
import { packLabels } from '../../functions/domain/forms/pack-labels.ts';
import { caseIdentity, submissionAnswers, type SubmissionAnswers } from '../../functions/domain/cases/submission-answers.ts';
import type { CaseRecord } from '../../functions/domain/cases/case-record.ts';
import type { StaffMember } from '../../functions/contracts/staff-claims.ts';
import { renderCasePage } from '../../functions/web/staff-pages/case-page.ts';
import { renderCaseList } from '../../functions/web/staff-pages/case-list-page.ts';
import { ageOn } from '../../functions/web/staff-pages/client-facts.ts';
import { formsDirWithHarbor } from '../support/harbor-pack.ts';

const catalog = loadCatalog(formsDirWithHarbor());
const form = (agencyId: string, formId: string): Form => catalog.form(agencyId, formId)!;
const example = (f: Form, index = 0) => (f.schema.examples as Array<Record<string, unknown>>)[index]!;
const problemsOf = (schema: Record<string, unknown>, value: unknown) => {
  const result = declaredIdentity(schema, value, 'public');
  return 'problems' in result ? result.problems : [];
};

const staff: StaffMember = { subject: 'sub-1', agencyId: 'demo', roles: ['case-manager'], email: 'cm@demo.test' };
const CASE_ID = '0b6f9c2e-1d2a-4b3c-8e4f-5a6b7c8d9e0f';
const record = (identity?: CaseRecord['identity']): CaseRecord => ({
  agencyId: 'demo', caseId: CASE_ID, state: 'intake', version: 1, createdAt: '2026-11-01T10:00:00.000Z', updatedAt: '2026-11-01T10:00:00.000Z', ...(identity ? { identity } : {}),
});

describe('x-caseforms.identity', () => {
  it('each shipped pack maps its own fields: the demo two name parts and a nested phone, Harbor one name and a preferred one', () => {
    expect(form('demo', 'intake').identity).toEqual({
      givenName: '/givenName', familyName: '/familyName', dateOfBirth: '/dateOfBirth', language: '/preferredLanguage',
      phone: '/contact/phone', email: '/contact/email', address: '/contact/address', emailIsSafe: '/contact/emailIsSafe',
    });
    expect(form('harbor', 'intake').identity).toEqual({ name: '/fullName', preferredName: '/knownAs', dateOfBirth: '/bornOn', language: '/language', phone: '/phone', email: '/email', emailIsSafe: '/emailIsSafe' });
  });

  it('refuses, in plain words, unknown facts, pointers to nothing, lists, groups, a date of birth that is no date, and a missing or doubled name', () => {
    const schema = form('demo', 'intake').schema;
    expect(problemsOf(schema, { givenName: '/givenName', nickname: '/givenName' })).toEqual([
      { at: '/nickname', message: '"nickname" is not an identity fact caseforms knows: use name, givenName, familyName, preferredName, dateOfBirth, language, phone, email, address' },
    ]);
    expect(problemsOf(schema, { name: '/fullName' })).toEqual([{ at: '/name', message: '"/fullName" is not a field of this form' }]);
    expect(problemsOf(schema, { name: '/givenName', phone: '/dependents' })).toEqual([{ at: '/phone', message: '"/dependents" is a list: point at one answer' }]);
    expect(problemsOf(schema, { name: '/givenName', phone: '/contact' })).toEqual([{ at: '/phone', message: '"/contact" is a group of fields: point at the one answer that holds the phone' }]);
    expect(problemsOf(schema, { name: '/givenName', dateOfBirth: '/familyName' })).toEqual([{ at: '/dateOfBirth', message: '"/familyName" is not a date field ("format": "date"): a date of birth must be one' }]);
    expect(problemsOf(schema, { name: '/givenName', emailIsSafe: '/contact/email' })).toEqual([{ at: '/emailIsSafe', message: '"/contact/email" is not a yes-or-no field ("type": "boolean"): the client says yes or no to email being safe' }]);
    expect(problemsOf(schema, { name: '/givenName', familyName: '/familyName' })[0]?.message).toMatch(/^names the client twice/);
    expect(problemsOf(schema, { phone: '/contact/phone' })).toEqual([{ at: '', message: 'must say where the client\'s name is: "name", or "givenName" and "familyName" (a form a client sends opens a case, named by it)' }]);
    // A staff form may update a few facts without the name (new contact details).
    expect(declaredIdentity(schema, { phone: '/contact/phone' }, 'staff')).toEqual({ identity: { phone: '/contact/phone' } });
    expect(problemsOf(schema, ['/givenName'])[0]?.message).toMatch(/^must map identity facts/);
    expect(problemsOf(schema, { name: 'givenName' })[0]?.message).toBe('must be the JSON Pointer of an answer, such as "/givenName" or "/contact/phone"');
  });

  it('copies what a submission answers, trimmed, leaving out what it does not, and joins an address given as a group', () => {
    expect(identityOf(form('demo', 'intake').identity, example(form('demo', 'intake')))).toEqual({
      givenName: 'Zoë', familyName: 'Núñez-Øberg', dateOfBirth: '1984-03-09', language: 'es', phone: '+1 555 0142', email: 'zoe@example.org', address: '12 Elm Court, Springfield',
    });
    expect(identityOf(form('harbor', 'intake').identity, { ...example(form('harbor', 'intake'), 1), fullName: '  Tomás Peña ' })).toEqual({ name: 'Tomás Peña', language: 'en', phone: '555 0100 22', email: 'tomas@example.org' });
    expect(identityOf({ name: '/n', address: '/home' }, { n: 'A', home: { street: '12 Rue Verte', town: 'Montréal', unit: '' } })).toEqual({ name: 'A', address: '12 Rue Verte, Montréal' });
    expect(identityOf(undefined, { a: 1 })).toBeUndefined();
    // Whether email is safe is the client's word on reaching them, not a fact about them: never copied to the case.
    expect(identityOf({ name: '/n', emailIsSafe: '/safe' }, { n: 'A', safe: true })).toEqual({ name: 'A' });
    expect(emailIsSafe({ emailIsSafe: '/safe' }, { safe: true })).toBe(true);
    expect(emailIsSafe({ emailIsSafe: '/safe' }, { safe: 'true' })).toBe(false);
    expect(emailIsSafe({ name: '/n' }, { n: 'A' })).toBe(false);
    expect(fullName({ givenName: 'Zoë', familyName: 'Núñez' })).toBe('Zoë Núñez');
    expect(fullName({ name: 'Lucie Ngata', givenName: 'x' })).toBe('Lucie Ngata');
  });

  it('counts an age in whole years to the agency\'s day', () => {
    expect(ageOn('1984-03-09', '2026-03-08')).toBe(41);
    expect(ageOn('1984-03-09', '2026-03-09')).toBe(42);
  });
});

describe('who a case is about, on the staff pages', () => {
  const reading = { locale: 'en', labels: packLabels((locale) => catalog.translations('demo', locale), 'en'), yes: 'Yes', no: 'No', writtenIn: () => 'en' };
  const page = (identity: CaseRecord['identity'], entries: readonly SubmissionAnswers[] = []) => renderCasePage({
    chrome: { agencyName: 'Agency', staff }, formTitles: { intake: 'Request for services', 'phq-9': 'PHQ-9' }, offeredForms: [], outcomes: undefined,
    view: { case: record(identity), submissions: [], documents: [], deliveries: [], jobs: [], riskFlags: [], timeline: [], allowedMoves: [], clientAddress: { state: 'unverified' }, notes: [], files: [] },
    identity, today: '2026-12-06', answers: { entries, reading },
  });

  it('escapes a hostile name and shows any script, each name isolated in its own direction', () => {
    const hostile = page({ name: '<script>alert(1)</script>', preferredName: '"><img src=x onerror=alert(2)>' });
    expect(hostile).not.toContain('<script>alert');
    expect(hostile).not.toContain('<img');
    expect(hostile).toContain('<h1><bdi dir="auto">&lt;script&gt;alert(1)&lt;/script&gt;</bdi> <span class="case-ref">· case 0b6f9c2e</span></h1>');
    const arabic = page({ givenName: 'أمل', familyName: 'الحداد', preferredName: '小明', dateOfBirth: '1990-12-07', language: 'ar', phone: '+1 555 0199', email: 'amal@example.org', address: '4 Cedar Lane' });
    expect(arabic).toContain('<bdi dir="auto">أمل الحداد</bdi>');
    expect(arabic).toContain('<dt>Preferred name</dt><dd><bdi dir="auto">小明</bdi></dd>');
    expect(arabic).toContain('<dt>Date of birth</dt><dd>December 7, 1990 (age 35)</dd>');
    expect(arabic).toContain('<dt>Language</dt><dd>Arabic</dd>');
    expect(arabic).toContain('<dt>Address</dt><dd><bdi dir="auto">4 Cedar Lane</bdi></dd>');
  });

  it('a case with no identity keeps its reference as its heading', () => {
    expect(page(undefined)).toContain('<h1>Case 0b6f9c2e</h1>');
  });

  it('lists each case by its client\'s name, preferred name and key facts, and an older case by its reference', () => {
    const html = renderCaseList({
      chrome: { agencyName: 'A', staff }, agency: { riskFlags: [], timeZone: 'UTC' }, filters: {}, problems: [], nextHref: undefined, csvHref: '/staff/demo/exports/case-list', today: '2026-12-06',
      cases: [record({ name: 'Lucie <b>Ngata</b>', preferredName: 'Lulu', dateOfBirth: '1988-04-02', language: 'fr' }), { ...record(), caseId: 'c0000000-0000-4000-8000-000000000001' }],
    });
    expect(html).toContain(`<a href="/staff/demo/cases/${CASE_ID}"><bdi dir="auto">Lucie &lt;b&gt;Ngata&lt;/b&gt;</bdi> <span class="preferred">(goes by <bdi dir="auto">Lulu</bdi>)</span></a><span class="client-facts">Born April 2, 1988 (age 38) · French</span>`);
    expect(html).toContain('<a href="/staff/demo/cases/c0000000-0000-4000-8000-000000000001">Case c0000000</a>');
  });

  it('shows every submission\'s answers in words: titles, choice titles, groups, lists, scores with their bands', () => {
    const intake = form('demo', 'intake');
    const phq9 = form('demo', 'phq-9');
    const html = page(undefined, [
      { submission: { formId: 'intake', receivedAt: '2026-11-01T10:00:00.000Z', channel: 'public' }, form: intake, answers: example(intake) },
      { submission: { formId: 'phq-9', receivedAt: '2026-11-02T10:00:00.000Z', channel: 'staff', scores: [{ id: 'total', title: 'PHQ-9 total', value: 7, band: 'Mild' }] }, form: phq9, answers: example(phq9) },
      { submission: { formId: 'phq-9', receivedAt: '2026-11-03T10:00:00.000Z', channel: 'staff' }, form: undefined, answers: undefined },
    ]);
    expect(html).toContain('<details class="submission"><summary>Request for services, received 2026-11-01 10:00</summary>');
    expect(html).toContain('<dt>Preferred language</dt><dd>Español</dd>');
    expect(html).toContain('<dt>What do you need help with?</dt><dd>Housing and Food</dd>');
    expect(html).toMatch(/<dt>How can we reach you\?<\/dt><dd><dl class="answers"><dt>Phone<\/dt><dd><span lang="en" dir="auto">\+1 555 0142<\/span><\/dd>/);
    expect(html).toMatch(/<dt>People who depend on you<\/dt><dd><ol><li><dl class="answers"><dt>Name<\/dt><dd><span lang="en" dir="auto">Mateo Núñez<\/span>/);
    expect(html).toContain('<li><strong>PHQ-9 total: 7</strong> (Mild)</li>');
    expect(html).toContain('<dt>Little interest or pleasure in doing things</dt><dd>Several days (1)</dd>');
    expect(html).toContain('These answers cannot be shown right now');
  });

  it('shows a second pack\'s answers under its own titles in the reader\'s language, a section that did not apply left out', async () => {
    const harbor = form('harbor', 'intake');
    // Stored before such answers were dropped on submit: an eviction section although the client chose repairs.
    const stored = { ...example(harbor, 1), eviction: { noticeReceivedOn: '2026-11-28', noticeKind: 'no-cause' } };
    const entries = await submissionAnswers({
      readRaw: async (key) => { expect(key).toBe(`agencies/harbor/cases/${CASE_ID}/submissions/s1.json`); return Buffer.from(JSON.stringify(stored)); },
      form: async (agencyId, formId, version) => (version === harbor.version ? catalog.form(agencyId, formId) : undefined),
    }, { case: { ...record(), agencyId: 'harbor' }, submissions: [{ submissionId: 's1', formId: 'intake', formVersion: harbor.version, receivedAt: '2026-11-01T10:00:00.000Z', channel: 'public' }] });
    expect(entries[0]?.answers).toEqual(example(harbor, 1));
    const french = { locale: 'fr', labels: packLabels((locale) => catalog.translations('harbor', locale), 'fr'), yes: 'Oui', no: 'Non', writtenIn: () => 'fr' };
    const html = renderCasePage({
      chrome: { agencyName: 'Harbor', staff: { ...staff, agencyId: 'harbor' } }, formTitles: { intake: 'Ask for help' }, offeredForms: [], outcomes: undefined,
      view: { case: { ...record(), agencyId: 'harbor' }, submissions: [], documents: [], deliveries: [], jobs: [], riskFlags: [], timeline: [], allowedMoves: [], clientAddress: { state: 'unverified' }, notes: [], files: [] },
      identity: { name: 'Lucie Ngata', preferredName: 'Lulu' }, today: '2026-12-06',
      answers: { entries, reading: french },
    });
    expect(html).toContain('<div lang="fr">');
    expect(html).toContain('<dt>Nom complet</dt><dd><span lang="fr" dir="auto">Tomás Peña</span></dd>');
    expect(html).toContain('<dt>Pouvons-nous vous écrire par e-mail ?</dt><dd>Oui</dd>');
    expect(html).toContain('<dt>De quoi avez-vous besoin ?</dt><dd>Des réparations que le propriétaire refuse</dd>');
    expect(html).not.toContain('2026-11-28');
  });

  it('a case opened before identity was recorded is named from its intake\'s answers', () => {
    const intake = form('harbor', 'intake');
    const entries: SubmissionAnswers[] = [
      { submission: { formId: 'intake', channel: 'public' }, form: intake, answers: example(intake) },
    ];
    expect(caseIdentity({ case: record() }, entries)).toEqual({ name: 'Lucie Ngata', preferredName: 'Lulu', dateOfBirth: '1988-04-02', language: 'fr', phone: '+1 555 0177' });
    expect(caseIdentity({ case: record({ name: 'On record' }) }, entries)).toEqual({ name: 'On record' });
    expect(caseIdentity({ case: record() }, [])).toBeUndefined();
  });
});
