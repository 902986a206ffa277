import { calendarDate } from '../../functions/domain/forms/calendar-date.ts';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, localDate } from '../../functions/domain/cases/notice-period.ts';
import type { LocalStack } from '../../local/stack.ts';
import { formsDirWithHarbor, harborApiKeyHeader } from '../support/harbor-pack.ts';
import { submitStaffForm } from '../support/staff-api.ts';
import { staffToken } from '../support/staff-tokens.ts';
import { startTestStack } from '../support/test-stack.ts';

// A pack the code was not written for (Harbor Tenant Aid: English and French): its intake page and its API answer
// errors in the client's language and in plain words, naming each failing field.
const formsDir = formsDirWithHarbor();
let stack: LocalStack;
const PAGE = '/intake/harbor/intake';
const API = '/agencies/harbor/forms/intake/submissions';

beforeAll(async () => { stack = await startTestStack({ formsDir }); });
afterAll(async () => {
  await stack?.stop();
  rmSync(formsDir, { recursive: true, force: true });
});

const escaped = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;').replaceAll('`', '&#96;').replaceAll('=', '&#61;');

async function sendPage(lang: string, fields: ReadonlyArray<[string, string]>) {
  const page = await (await fetch(`${stack.url}${PAGE}?lang=${lang}`)).text();
  const token = /name="_token" value="([^"]+)"/.exec(page)![1]!;
  const response = await fetch(`${stack.url}${PAGE}`, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: stack.url },
    body: new URLSearchParams([['_token', token], ['_lang', lang], ['_hp', ''], ...fields]).toString(),
  });
  return { status: response.status, language: response.headers.get('content-language'), text: await response.text() };
}

const wrongAnswers: Array<[string, string]> = [
  ['/fullName', ''], ['/language', 'fr'], ['/phone', 'appelez-moi'], ['/assistanceType', 'repairs'], ['/householdSize', '40'],
];

describe('Harbor\'s intake page, sent with wrong answers', () => {
  it('in French: every failing field, French titles, plain French words', async () => {
    const sent = await sendPage('fr', wrongAnswers);
    expect(sent.status).toBe(422);
    expect(sent.language).toBe('fr');
    for (const message of [
      'Nom complet : ce champ est obligatoire',
      'Numéro de téléphone : saisissez un numéro où un conseiller peut vous appeler, avec des chiffres, des espaces et + ( ) -',
      'Personnes dans votre logement : pour plus de 20 personnes, appelez-nous plutôt',
      "J'accepte que Harbor Tenant Aid me contacte au sujet de ma demande : cochez cette case pour continuer",
    ]) expect(sent.text).toContain(escaped(message));
    expect(sent.text).not.toMatch(/\bmust\b|pattern|\^\[/);
  });

  it('in English: the same fields in plain English', async () => {
    const sent = await sendPage('en', wrongAnswers);
    expect(sent.status).toBe(422);
    for (const message of [
      'Full name: please fill this in',
      'Phone number: enter a number where an advocate can call you, using digits, spaces and + ( ) -',
      'People in your home: for more than 20 people, call us instead',
    ]) expect(sent.text).toContain(escaped(message));
    expect(sent.text).not.toMatch(/\bmust\b|pattern|\^\[/);
  });

  it('the inline check answers in the page\'s language', async () => {
    const response = await fetch(`${stack.url}${PAGE}/check`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: stack.url },
      body: new URLSearchParams([['_lang', 'fr'], ...wrongAnswers]).toString(),
    });
    const { errors } = (await response.json()) as { errors: Array<{ pointer: string; message: string }> };
    expect(errors).toContainEqual({ pointer: '/householdSize', message: 'Personnes dans votre logement : pour plus de 20 personnes, appelez-nous plutôt' });
  });
});

describe('Harbor\'s API: 4xx problem bodies in the language Accept-Language prefers', () => {
  const post = async (body: string, language: string) => {
    const response = await fetch(`${stack.url}${API}`, { method: 'POST', headers: { ...harborApiKeyHeader, 'content-type': 'application/json', 'accept-language': language }, body });
    return { status: response.status, language: response.headers.get('content-language'), problem: (await response.json()) as { title: string; detail: string; errors: Array<{ pointer: string; message: string }> } };
  };

  it('a 422 names each failing field, in French', async () => {
    const answer = await post(JSON.stringify({ fullName: 'Lucie', language: 'fr', phone: '12', assistanceType: 'eviction', consent: true, eviction: { noticeReceivedOn: 'hier', noticeKind: 'court-summons' } }), 'fr');
    expect(answer).toMatchObject({ status: 422, language: 'fr', problem: { title: 'Des réponses sont à corriger', detail: '3 champs sont à corriger.' } });
    expect(answer.problem.errors.sort((a, b) => a.pointer.localeCompare(b.pointer))).toEqual([
      { pointer: '/eviction/hearingDate', message: "Date de l'audience : ce champ est obligatoire" },
      { pointer: '/eviction/noticeReceivedOn', message: "Quand avez-vous reçu l'avis ? : saisissez une date, par exemple 2026-03-31" },
      { pointer: '/phone', message: 'Numéro de téléphone : saisissez un numéro où un conseiller peut vous appeler, avec des chiffres, des espaces et + ( ) -' },
    ]);
  });

  it('malformed JSON, in French and in English', async () => {
    expect(await post('{"fullName": ', 'fr')).toMatchObject({ status: 400, language: 'fr', problem: { title: 'Requête mal formée', detail: "Le contenu n'est pas du JSON valide." } });
    expect(await post('{"fullName": ', 'en-GB')).toMatchObject({ status: 400, language: 'en', problem: { title: 'Malformed request' } });
  });
});

describe('Harbor\'s notice-period rule (14 days, Pacific time), answered in the staff member\'s language', () => {
  const example = (formId: string) => (JSON.parse(readFileSync(join(formsDir, 'harbor', 'forms', `${formId}.json`), 'utf8')) as { examples: Array<Record<string, unknown>> }).examples[0]!;

  it('a termination too soon names the effective date field and the earliest date, in French', async () => {
    const token = await staffToken('harbor', ['case-manager'], 'ana@harbor.example');
    const submit = (caseId: string, formId: string, body: unknown, language = 'en') => submitStaffForm(stack, token, 'harbor', caseId, formId, body, { 'accept-language': language });
    const intake = await fetch(`${stack.url}${API}`, { method: 'POST', headers: { ...harborApiKeyHeader, 'content-type': 'application/json' }, body: JSON.stringify(example('intake')) });
    const { caseId } = (await intake.json()) as { caseId: string };
    for (const formId of ['assessment', 'care-plan', 'service-start']) expect((await submit(caseId, formId, example(formId))).status).toBe(201);

    const noticeDate = localDate(new Date(), 'America/Los_Angeles');
    const earliest = addDays(noticeDate, 14);
    const early = await submit(caseId, 'termination', { ...example('termination'), endsOn: addDays(earliest, -1) }, 'fr');
    expect(early.status).toBe(422);
    expect(early.headers.get('content-language')).toBe('fr');
    expect(early.json).toMatchObject({
      title: 'Des réponses sont à corriger',
      detail: `Le client doit recevoir un préavis d'au moins 14 jours : les services peuvent prendre fin le ${calendarDate(earliest, 'fr')} au plus tôt.`,
      errors: [{ pointer: '/endsOn', message: `Fin des services le : choisissez le ${calendarDate(earliest, 'fr')} ou une date ultérieure, car le client doit recevoir au moins 14 jours de préavis à partir du ${calendarDate(noticeDate, 'fr')}` }],
    });
  });
});
