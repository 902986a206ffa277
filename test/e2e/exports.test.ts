import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseItem } from '../../functions/adapters/aws/case-item.ts';
import type { Bundle, Observation } from '../../functions/domain/exports/fhir-r4.ts';
import type { LocalStack } from '../../local/stack.ts';
import { itemsOfType, tableItems } from '../../local/aws-readback.ts';
import { fhirR4Validator } from '../support/fhir-validator.ts';
import { formsDirWithHarbor, harborApiKeyHeader } from '../support/harbor-pack.ts';
import { browse, signIn } from '../support/staff-session.ts';
import { bearer, staffToken } from '../support/staff-tokens.ts';
import { demoExample, post, startTestStack } from '../support/test-stack.ts';
import { harborExample } from '../support/case-entries.ts';

// Exports for supervisors and other systems (issue 20 part 9), on the local stack with the demo pack and Harbor: the
// case list as CSV with the list's filters, instrument scores in the submissions CSV, the whole case as a FHIR R4
// Bundle, each checked against what the table holds and the official R4 schema.
let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack({ formsDir: formsDirWithHarbor() });
});
afterAll(async () => { await stack?.stop(); });

const phq9 = { q1: 3, q2: 3, q3: 2, q4: 2, q5: 1, q6: 1, q7: 1, q8: 0, q9: 1 };

/** The CSV records of a download, BOM and header checked; fetch has undone the gzip the function applied. */
async function csvRecords(response: Response): Promise<string[][]> {
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
  expect(response.headers.get('content-encoding')).toBe('gzip');
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
  expect(text.charCodeAt(0)).toBe(0xfeff);
  // Cells here hold no commas, quotes or line breaks except where a test looks for them itself.
  return text.slice(1).trimEnd().split('\r\n').map((line) => line.split(','));
}

async function newCase(agencyId: string, body: unknown): Promise<string> {
  const response = await post(stack, `/agencies/${agencyId}/forms/intake/submissions`, { body: JSON.stringify(body), headers: agencyId === 'harbor' ? harborApiKeyHeader : {} });
  expect(response.status).toBe(201);
  return (response.json as { caseId: string }).caseId;
}

describe('the case list as CSV', () => {
  it('holds every case the list shows with its filters, for whoever may see the list, and the export is audited', async () => {
    const caseIds = [await newCase('demo', demoExample()), await newCase('demo', demoExample())];
    const { jar } = await signIn(stack, 'case-manager');
    const list = await (await browse(stack, jar, '/staff/demo/cases?state=intake')).text();
    const href = /href="([^"]+)">Download these cases as CSV</.exec(list)![1]!.replaceAll('&#61;', '=').replaceAll('&amp;', '&');
    expect(href).toBe('/staff/demo/exports/case-list?state=intake');
    const response = await browse(stack, jar, href);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="demo-cases.csv"');
    const [header, ...rows] = await csvRecords(response);
    expect(header).toEqual(['Reference', 'Case', 'Client', 'Preferred name', 'Date of birth', 'State', 'Case manager', 'Created', 'Updated', 'Review due', 'Risk flags', 'Last contact']);

    const stored = itemsOfType(await tableItems(stack.resources.tableName), 'case').filter((item) => item.agencyId === 'demo' && item.state === 'intake');
    expect(new Set(rows.map((row) => row[1]))).toEqual(new Set(stored.map((item) => item.caseId)));
    for (const caseId of caseIds) {
      const record = stored.find((item) => item.caseId === caseId)!;
      const identity = record.identity as { givenName: string; familyName: string; dateOfBirth: string };
      expect(rows).toContainEqual([caseId.slice(0, 8), caseId, `${identity.givenName} ${identity.familyName}`, '', identity.dateOfBirth, 'intake', '', record.createdAt, record.updatedAt, '', '', '']);
    }
    const audits = itemsOfType(await tableItems(stack.resources.tableName), 'audit').filter((item) => item.action === 'export-case-list');
    expect(audits).toContainEqual(expect.objectContaining({ agencyId: 'demo', caseId: 'agency', target: 'state=intake', roles: ['case-manager'] }));

    const closed = await csvRecords(await browse(stack, jar, '/staff/demo/exports/case-list?state=closed'));
    expect(closed.slice(1).map((row) => row[1])).not.toContain(caseIds[0]);
    const bad = await browse(stack, jar, '/staff/demo/exports/case-list?state=nonsense');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('is not a case state');
  });

  it('exports 500 Harbor cases, five pages of the case index, read as the file is written', async () => {
    const now = new Date().toISOString();
    const ids = Array.from({ length: 500 }, () => randomUUID());
    const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({}));
    // Written straight to the table: the emulator takes ≈ 22 intakes a second, which is not what is under test here.
    // Five pages, not thousands: moto answers an index query by scanning the table in Python, so 2,000 cases took
    // 25–50 s here; 100,000 rows are exported against a paged fake in test/unit/export-streaming.test.ts.
    for (let at = 0; at < ids.length; at += 25) {
      await dynamo.send(new BatchWriteCommand({
        RequestItems: {
          [stack.resources.tableName]: ids.slice(at, at + 25).map((caseId) => ({
            PutRequest: { Item: caseItem({ agencyId: 'harbor', caseId, state: 'under-review', version: 1, createdAt: now, updatedAt: now, riskFlags: ['imminent-homelessness'] }) },
          })),
        },
      }));
    }
    const { jar } = await signIn(stack, 'supervisor', { agencyId: 'harbor' });
    const [, ...rows] = await csvRecords(await browse(stack, jar, '/staff/harbor/exports/case-list?state=under-review'));
    expect(rows).toHaveLength(500);
    expect(new Set(rows.map((row) => row[1]))).toEqual(new Set(ids));
    expect(rows[0]!.slice(2)).toEqual(['', '', '', 'under-review', '', now, now, '', 'imminent-homelessness', '']);
  }, 120_000);
});

describe('instrument scores in the submissions CSV', () => {
  it('gives each PHQ-9 its total and band, as stored with the submission, and still neutralises a formula', async () => {
    const response = await post(stack, '/agencies/demo/forms/phq-9/submissions', { body: JSON.stringify(phq9) });
    const { id: submissionId } = response.json as { id: string };
    await newCase('demo', { ...demoExample(), givenName: '=HYPERLINK("http://x.test","y")' });
    const { jar } = await signIn(stack, 'supervisor');
    const page = await (await browse(stack, jar, '/staff/demo/exports')).text();
    const phqHref = /href="(\/staff\/demo\/exports\/phq-9\/[0-9a-f]{16})"/.exec(page)![1]!;
    const [header, ...rows] = await csvRecords(await browse(stack, jar, phqHref));
    expect(header!.slice(0, 6)).toEqual(['Case', 'Submission', 'Received', 'Channel', 'PHQ-9 total (score)', 'PHQ-9 total (band)']);
    const stored = itemsOfType(await tableItems(stack.resources.tableName), 'submission').find((item) => item.submissionId === submissionId)!;
    expect(stored.scores).toEqual([{ id: 'total', title: 'PHQ-9 total', value: 14, band: 'Moderate' }]);
    expect(rows.find((row) => row[1] === submissionId)!.slice(4, 6)).toEqual(['14', 'Moderate']);

    const intakeHref = /href="(\/staff\/demo\/exports\/intake\/[0-9a-f]{16})"/.exec(page)![1]!;
    const intake = await browse(stack, jar, intakeHref);
    expect(await intake.text()).toContain('"\'=HYPERLINK(""http://x.test"",""y"")"');
  });
});

describe('the whole case as a FHIR R4 Bundle', () => {
  const validator = fhirR4Validator();

  async function bundleOf(agencyId: string, caseId: string): Promise<Bundle> {
    const { jar } = await signIn(stack, 'supervisor', { agencyId });
    const page = await (await browse(stack, jar, `/staff/${agencyId}/cases/${caseId}`)).text();
    expect(page).toContain(`href="/staff/${agencyId}/cases/${caseId}/fhir"`);
    const response = await browse(stack, jar, `/staff/${agencyId}/cases/${caseId}/fhir`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    const bundle = (await response.json()) as Bundle;
    expect(validator.validate(bundle)).toEqual([]);
    return bundle;
  }

  const observationsOf = (bundle: Bundle) => bundle.entry.map((entry) => entry.resource).filter((resource): resource is Observation => resource.resourceType === 'Observation');

  it('holds a demo PHQ-9 and its total as an Observation coded LOINC 44261-6, for supervisors only, audited', async () => {
    const response = await post(stack, '/agencies/demo/forms/phq-9/submissions', { body: JSON.stringify(phq9) });
    const { caseId, id: submissionId } = response.json as { caseId: string; id: string };
    const bundle = await bundleOf('demo', caseId);
    expect(bundle.entry.map((entry) => entry.fullUrl)).toEqual([`urn:uuid:${submissionId}`, `urn:uuid:${observationsOf(bundle)[0]!.id}`]);
    const [observation] = observationsOf(bundle);
    expect(observation!.code.coding![0]).toMatchObject({ system: 'http://loinc.org', code: '44261-6' });
    expect(observation).toMatchObject({ valueInteger: 14, interpretation: [{ text: 'Moderate' }], derivedFrom: [{ reference: `urn:uuid:${submissionId}` }] });
    const audits = itemsOfType(await tableItems(stack.resources.tableName), 'audit').filter((item) => item.caseId === caseId && item.action === 'export-case');
    expect(audits).toHaveLength(1);
    const manager = await signIn(stack, 'case-manager');
    expect((await browse(stack, manager.jar, `/staff/demo/cases/${caseId}/fhir`)).status).toBe(403);
    expect(await (await browse(stack, manager.jar, `/staff/demo/cases/${caseId}`)).text()).not.toContain('/fhir"');
  });

  it('holds a Harbor case\'s intake and its housing stability check, the total coded in Harbor\'s own system', async () => {
    const caseId = await newCase('harbor', harborExample('intake'));
    const token = await staffToken('harbor', ['case-manager']);
    const answers = { rentLate: 2, utilitiesOff: 1, overcrowded: 2, fearOfLosingHome: 3 };
    const submitted = await fetch(`${stack.url}/agencies/harbor/cases/${caseId}/forms/housing-stability/submissions`, {
      method: 'POST', headers: { ...bearer(token), 'content-type': 'application/json' }, body: JSON.stringify(answers),
    });
    expect(submitted.status).toBe(201);
    const bundle = await bundleOf('harbor', caseId);
    expect(bundle.entry.map((entry) => entry.resource.resourceType)).toEqual(['QuestionnaireResponse', 'QuestionnaireResponse', 'Observation']);
    const [observation] = observationsOf(bundle);
    expect(observation!.code.coding![0]).toEqual({ system: 'urn:harbor-tenant-aid:instruments', code: 'housing-stability-total', display: 'Housing stability score' });
    expect(observation).toMatchObject({ valueInteger: 8, interpretation: [{ text: 'Unstable' }], subject: { identifier: { system: 'urn:caseforms:harbor:case', value: caseId } } });
  });
});
