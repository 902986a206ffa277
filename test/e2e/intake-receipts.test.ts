import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot, type LocalStack } from '../../local/stack.ts';
import { itemsOfType, tableItems } from '../../local/aws-readback.ts';
import { mailboxOf } from '../support/mailbox.ts';
import { startTestStack } from '../support/test-stack.ts';
import { waitFor } from '../support/wait.ts';

// A stack of its own: the functions read their settings from the process environment, so one stack per test file.
const PAGE = '/intake/demo/intake';
const formsDir = mkdtempSync(join(tmpdir(), 'caseforms-receipts-'));
let receipts: LocalStack;

beforeAll(async () => {
  // The demo pack with a `receipt` route, as an agency turns receipts on.
  cpSync(join(projectRoot, 'form-schemas'), formsDir, { recursive: true });
  const agencyFile = join(formsDir, 'demo', 'agency.json');
  const agency = JSON.parse(readFileSync(agencyFile, 'utf8'));
  agency.delivery.routes.receipt = [{ to: 'client' }];
  writeFileSync(agencyFile, JSON.stringify(agency));
  receipts = await startTestStack({ formsDir });
});
afterAll(async () => {
  await receipts?.stop();
  rmSync(formsDir, { recursive: true, force: true });
});

const tokenOf = (page: string) => /name="_token" value="([^"]+)"/.exec(page)![1]!;
const fieldsFor = (token: string, email: string): Array<[string, string]> => [
  ['_token', token], ['_lang', 'en'], ['_hp', ''],
  ['/givenName', 'Zoë'], ['/familyName', 'Núñez-Øberg'], ['/dateOfBirth', '1984-03-09'], ['/preferredLanguage', 'es'],
  ['/contact/phone', '+1 555 0142'], ['/contact/email', email], ['/contact/emailIsSafe', 'true'],
  ['/needs', 'housing'], ['/situation', 'Mi contrato termina'], ['/consentToContact', 'true'],
];

describe('the receipt email, where an agency turns receipts on', () => {
  it('reaches the address a client gave and said is safe, with the reference only, and a stranger\'s address at most 3 times a day', async () => {
    const sendAs = async (email: string) => {
      const page = await (await fetch(`${receipts.url}${PAGE}`)).text();
      const response = await fetch(`${receipts.url}${PAGE}`, {
        method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: receipts.url },
        body: new URLSearchParams(fieldsFor(tokenOf(page), email)).toString(),
      });
      expect(response.status).toBe(201);
      return /<strong dir="ltr">([0-9a-f]{8})<\/strong>/.exec(await response.text())![1]!;
    };
    const references = [];
    for (let i = 0; i < 4; i += 1) references.push(await sendAs('stranger@example.org'));

    const mailbox = () => mailboxOf(receipts);
    const toStranger = await waitFor(async () => {
      const mail = (await mailbox()).filter((m) => m.to.includes('stranger@example.org'));
      const summaries = (await mailbox()).filter((m) => m.subject.includes('intake summary'));
      return mail.length >= 3 && summaries.length >= 4 ? mail : undefined;
    }, 60_000, 'three receipts and four intake summaries');
    // The fourth receipt was withheld, and says so on its case.
    const withheld = await waitFor(async () => {
      const items = itemsOfType(await tableItems(receipts.resources.tableName), 'delivery').filter((d) => d.reason === 'rate-limited');
      return items.length > 0 ? items : undefined;
    }, 30_000, 'the rate-limited receipt on its case');

    expect(toStranger).toHaveLength(3);
    for (const mail of toStranger) {
      // In the language the client chose on the form (Spanish).
      expect(mail.subject).toBe('Su solicitud a Riverside Community Care (demo)');
      expect(mail.attachments).toEqual([]);
      expect(references.some((reference) => mail.text.includes(reference))).toBe(true);
      expect(mail.text).not.toMatch(/Zoë|Núñez|555 0142|Mi contrato/);
    }
    expect(withheld).toHaveLength(1);
    expect(String(withheld[0]!.documentId)).toMatch(/-receipt$/);
  });
});
