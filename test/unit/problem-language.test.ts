import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { join } from 'node:path';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../functions/web/http/json-body.ts';
import { phrase, problemPhrases, wordPhrase, type PhraseKey } from '../../functions/web/http/problem-phrases/index.ts';
import { problemTypes, type ProblemKind } from '../../functions/web/http/problem.ts';
import { projectRoot } from '../../local/stack.ts';
import { apiEvent } from '../support/api-event.ts';
import { formsDirWithHarbor, harborApiKeyHeader } from '../support/harbor-pack.ts';

// Problem answers in the client's language: Harbor (English and French), through the real submit handler.
const s3 = mockClient(S3Client);
const dynamo = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
let handler: (event: unknown, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

beforeAll(async () => {
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'unit', AWS_SECRET_ACCESS_KEY: 'unit',
    TABLE_NAME: 'table', BUCKET_NAME: 'bucket', DOCUMENT_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/documents',
    FORMS_DIR: formsDirWithHarbor(), TEMPLATES_DIR: join(projectRoot, 'templates'),
  });
  handler = (await import('../../functions/handlers/submit.ts')).handler as never;
});

beforeEach(() => {
  s3.reset(); dynamo.reset(); sqs.reset();
  s3.on(PutObjectCommand).resolves({});
  dynamo.on(GetCommand).resolves({});
  dynamo.on(TransactWriteCommand).resolves({});
  sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
});

interface Answer {
  readonly status: number;
  readonly language: string | undefined;
  readonly body: { title: string; detail: string; errors: Array<{ pointer: string; message: string }> };
}

async function post(options: { agencyId?: string; formId?: string; body: string; language?: string; headers?: Record<string, string> }): Promise<Answer> {
  const { agencyId = 'harbor', formId = 'intake' } = options;
  const headers = { ...(agencyId === 'harbor' ? harborApiKeyHeader : {}), ...(options.language ? { 'accept-language': options.language } : {}), ...options.headers };
  const response = await handler(apiEvent('POST', `/agencies/${agencyId}/forms/${formId}/submissions`, { agencyId, formId }, { body: options.body, headers }), {} as Context);
  return { status: response.statusCode!, language: response.headers?.['Content-Language'] as string | undefined, body: JSON.parse(response.body!) };
}

const harborAnswers = {
  fullName: '', language: 'fr', phone: 'appelez-moi', assistanceType: 'repairs', householdSize: 40, consent: false,
};

describe('problem answers in the language Accept-Language prefers among the agency\'s', () => {
  it('a 422 names each failing field in French, in plain words', async () => {
    const answer = await post({ body: JSON.stringify(harborAnswers), language: 'fr-CA,fr;q=0.9,en;q=0.5' });
    expect(answer.status).toBe(422);
    expect(answer.language).toBe('fr');
    expect(answer.body.title).toBe('Des réponses sont à corriger');
    expect(answer.body.detail).toBe('4 champs sont à corriger.');
    expect(answer.body.errors).toEqual(expect.arrayContaining([
      { pointer: '/fullName', message: 'Nom complet : ce champ est obligatoire' },
      { pointer: '/phone', message: 'Numéro de téléphone : saisissez un numéro où un conseiller peut vous appeler, avec des chiffres, des espaces et + ( ) -' },
      { pointer: '/householdSize', message: 'Personnes dans votre logement : pour plus de 20 personnes, appelez-nous plutôt' },
      { pointer: '/consent', message: "J'accepte que Harbor Tenant Aid me contacte au sujet de ma demande : cochez cette case pour continuer" },
    ]));
    expect(answer.body.errors).toHaveLength(4);
  });

  it('the same 422 in English for a language the agency does not serve (its default)', async () => {
    const answer = await post({ body: JSON.stringify(harborAnswers), language: 'es' });
    expect(answer.language).toBe('en');
    expect(answer.body.title).toBe('Validation failed');
    expect(answer.body.errors).toContainEqual({ pointer: '/fullName', message: 'Full name: please fill this in' });
  });

  it.each([
    ['malformed JSON', { body: '{"fullName": ' }, 400, 'Requête mal formée', "Le contenu n'est pas du JSON valide."],
    ['not an object', { body: '[1, 2]' }, 400, 'Requête mal formée', "Envoyez les réponses sous la forme d'un seul objet JSON."],
    ['a forbidden key', { body: '{"a": {"__proto__": 1}}' }, 400, 'Requête mal formée', 'La clé "__proto__" n\'est pas autorisée.'],
    ['the wrong media type', { body: '{}', headers: { 'content-type': 'text/plain' } }, 415, 'Type de contenu non pris en charge', 'Envoyez le contenu en application/json (reçu : "text/plain").'],
    ['too large', { body: JSON.stringify({ fullName: 'x'.repeat(MAX_BODY_BYTES) }) }, 413, 'Contenu trop volumineux', `Le contenu fait ${MAX_BODY_BYTES + 15} octets ; la limite est de ${MAX_BODY_BYTES} octets.`],
    ['a malformed Idempotency-Key', { body: JSON.stringify(harborAnswers), headers: { 'idempotency-key': 'no spaces allowed' } }, 400, 'Requête mal formée', expect.stringMatching(/^Envoyez un en-tête Idempotency-Key de 1 à 128 caractères/)],
    ['an unknown form', { formId: 'no-such-form', body: '{}' }, 404, 'Introuvable', "Ce formulaire public n'existe pas."],
  ])('%s: title and detail in French', async (_, request, status, title, detail) => {
    const answer = await post({ ...request, language: 'fr' });
    expect(answer).toMatchObject({ status, language: 'fr', body: { title, detail } });
    for (const error of answer.body.errors) expect(error.message).not.toMatch(/\b(is|must|the|key)\b/);
  });

  it('an unknown agency answers in the language asked for, among those caseforms speaks', async () => {
    const answer = await post({ agencyId: 'nobody', body: '{}', language: 'ar' });
    expect(answer).toMatchObject({ status: 404, language: 'ar', body: { title: 'غير موجود', detail: 'لا يوجد نموذج عام كهذا.' } });
  });

  it('without Accept-Language, the agency\'s default language', async () => {
    const answer = await post({ body: '{"fullName": ' });
    expect(answer).toMatchObject({ status: 400, language: 'en', body: { title: 'Malformed request', detail: expect.stringMatching(/^The body is not valid JSON: /) } });
  });
});

describe('the problem catalog', () => {
  const english = problemPhrases.en!;
  const sample = (key: PhraseKey) => {
    const args: Partial<Record<PhraseKey, unknown[]>> = {
      sendJson: ['text/plain'], tooLarge: [10, 20], notJson: [], tooDeep: [32], forbiddenKey: ['__proto__'], rolesRequired: ['supervisor'], formRolesRequired: ['legal-hold', 'supervisor, agency-admin'],
      fieldsNeedAttention: [3], illegalMove: ['active', 'intake'], noticeTooShort: [14, '2026-12-20'], noticeTooShortField: ['Services end on', '2026-12-20', '2026-12-06', 14],
      noticeNotDeliveredField: ['Served otherwise'], servedBeforeNotice: ['2026-12-06'], servedBeforeNoticeField: ['Served on', '2026-12-06'],
      notYet: ['2026-12-06'], notYetField: ['Ended on', '2026-12-06'], completionTooEarly: ['2026-12-20', '2026-12-06'], completionTooEarlyField: ['Ended on', '2026-12-20'],
      completionBeforeEarliest: ['2026-12-20'], completionBeforeEarliestField: ['Ended on', '2026-12-20'],
      uploadTypeNotTaken: [['application/pdf', 'image/jpeg']], uploadBytesNotTaken: [['application/pdf', 'image/png']], uploadNameTooLong: [200], uploadTooLarge: [10],
      noteDurationInvalid: [1440], noteContactedTooLong: [200], noteNarrativeTooLong: [10000], noteFollowUpPast: ['2026-12-06'], addendumTextTooLong: [10000],
    };
    return { key, args: (args[key] ?? []) } as never;
  };

  it.each(Object.keys(problemPhrases).filter((locale) => locale !== 'en'))('%s words every title and phrase itself, not in English', (locale) => {
    const phrases = problemPhrases[locale]!;
    for (const kind of Object.keys(problemTypes) as ProblemKind[]) expect(phrases.titles[kind], kind).not.toBe(english.titles[kind]);
    for (const key of Object.keys(english.texts) as PhraseKey[]) expect(wordPhrase(sample(key), locale), key).not.toBe(wordPhrase(sample(key), 'en'));
  });

  it('English titles are the problem types\' own', () => {
    for (const kind of Object.keys(problemTypes) as ProblemKind[]) expect(english.titles[kind]).toBe(problemTypes[kind].title);
  });

  it('the notice-period rule in French names the field and the dates', () => {
    expect(wordPhrase(phrase('noticeTooShortField', 'Fin des services le', '2026-12-20', '2026-12-06', 14), 'fr'))
      .toBe('Fin des services le : choisissez le 20 décembre 2026 ou une date ultérieure, car le client doit recevoir au moins 14 jours de préavis à partir du 6 décembre 2026');
    expect(wordPhrase(phrase('noticeTooShort', 14, '2026-12-20'), 'fr')).toBe("Le client doit recevoir un préavis d'au moins 14 jours : les services peuvent prendre fin le 20 décembre 2026 au plus tôt.");
    expect(wordPhrase(phrase('noticeNotDeliveredField', 'Remis autrement'), 'fr')).toMatch(/^Remis autrement : indiquez comment l'avis est parvenu au client/);
  });
});
