import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addDays, localDate } from '../../functions/domain/cases/notice-period.ts';
import { intakeOutcomeFields } from '../../infra/log-queries.ts';
import { projectRoot, type LocalStack } from '../../local/stack.ts';
import { mailboxOf } from '../support/mailbox.ts';
import { readCase, submitStaffForm } from '../support/staff-api.ts';
import { browse, signIn } from '../support/staff-session.ts';
import { bearer, staffToken } from '../support/staff-tokens.ts';
import { demoExample } from '../support/test-stack.ts';
import { waitFor } from '../support/wait.ts';

// Values that appear nowhere else: if any log line of the run contains one, personal data reached the logs.
const MARKERS = {
  givenName: 'Quilliamarker',
  familyName: 'Zyxwarkerfeld',
  email: 'pii.marker.7731@example.org',
  phone: '+1 (555) 017-7731',
  situation: 'Vlorptonmarker situation detail',
  reason: 'Snorfmarker termination reason',
  noteNarrative: 'Glimbermarker note narrative',
  contactedPerson: 'Trevalmarker cousin',
  addendum: 'Pruxomarker addendum text',
};

/** The `message` of every structured log line in the output. */
function logMessages(output: string): string[] {
  return output.split('\n').filter((line) => line.startsWith('{"level"')).map((line) => (JSON.parse(line) as { message?: string }).message ?? '');
}

describe('logs of a whole case, as `npm start` runs it', () => {
  it('carry ids and outcomes, never the client’s name, email, phone or answers — not even on the error paths', async () => {
    // Saved data of its own: with the project's .local-state/, a second run reads the first run's mail to the same
    // address (a confirm link to a stack that is gone).
    const stateDir = join(mkdtempSync(join(tmpdir(), 'caseforms-logs-')), 'state');
    const child = spawn(join(projectRoot, 'node_modules', '.bin', 'tsx'), ['local/main.ts'], {
      cwd: projectRoot, env: { ...process.env, PORT: '0', POWERTOOLS_LOG_LEVEL: 'DEBUG', CASEFORMS_METRICS: 'on', CASEFORMS_STATE_DIR: stateDir }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      // A fresh emulator and stack on a 2-core machine busy with other test files: start-up can take a while.
      const url = await waitFor(async () => /API\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1], 120_000, 'the printed API URL');
      const intake = {
        ...demoExample(), givenName: MARKERS.givenName, familyName: MARKERS.familyName, situation: MARKERS.situation,
        contact: { phone: MARKERS.phone, email: MARKERS.email, emailIsSafe: true },
      };
      const postJson = (path: string, body: unknown, headers: Record<string, string> = {}) =>
        fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

      // Error paths first: an invalid intake, malformed JSON and a hostile key, each carrying the markers.
      expect((await postJson('/agencies/demo/forms/intake/submissions', { ...intake, dateOfBirth: `not a date ${MARKERS.email}` })).status).toBe(422);
      expect((await postJson('/agencies/demo/forms/intake/submissions', `{"givenName": "${MARKERS.givenName}", `)).status).toBe(400);
      expect((await postJson('/agencies/demo/forms/intake/submissions', `{"__proto__": {"x": "${MARKERS.phone}"}}`)).status).toBe(400);

      const created = await postJson('/agencies/demo/forms/intake/submissions', intake);
      expect(created.status).toBe(201);
      const { caseId } = (await created.json()) as { caseId: string };
      const token = await staffToken('demo', ['case-manager', 'supervisor'], 'cm.logs@demo.example');
      const staff = { ...bearer(token) };
      const submitStaff = async (formId: string, body: unknown) =>
        expect((await submitStaffForm({ url }, token, 'demo', caseId, formId, body)).status, formId).toBe(201);
      await submitStaff('assessment', demoExample('assessment'));
      await submitStaff('release-of-information', demoExample('release-of-information'));
      await submitStaff('care-plan', demoExample('care-plan'));
      // The care plan waits for the client to confirm their address: they do, by the link in the notice (its logs too).
      const confirmLink = await waitFor(async () => {
        const messages = await mailboxOf({ url });
        return /^(http:\/\/\S+\/confirm-address\/[A-Za-z0-9_-]{43})$/m.exec(messages.find((m) => m.to.includes(MARKERS.email))?.text ?? '')?.[1];
      }, 90_000, 'the confirm link to the client');
      expect((await fetch(confirmLink, { method: 'POST' })).status).toBe(200);
      await submitStaff('service-start', demoExample('service-start'));
      await submitStaff('termination', {
        ...demoExample('termination'), reason: MARKERS.reason, effectiveDate: addDays(localDate(new Date(), 'America/Chicago'), 14),
      });
      // A case note and its addendum carry the markers, and so does a note refused for its type.
      const noted = await postJson(`/agencies/demo/cases/${caseId}/notes`, {
        contactType: 'collateral-contact', contactedAt: new Date().toISOString(), contactedPerson: MARKERS.contactedPerson, narrative: MARKERS.noteNarrative,
      }, staff);
      expect(noted.status).toBe(201);
      const noteId = ((await noted.json()) as { note: { noteId: string } }).note.noteId;
      expect((await postJson(`/agencies/demo/cases/${caseId}/notes/${noteId}/addenda`, { text: MARKERS.addendum }, staff)).status).toBe(201);
      expect((await postJson(`/agencies/demo/cases/${caseId}/notes`, { contactType: MARKERS.email, narrative: MARKERS.noteNarrative, contactedPerson: MARKERS.phone }, staff)).status).toBe(422);
      // A staff form refused with the markers in it.
      expect((await postJson(`/agencies/demo/cases/${caseId}/forms/review/submissions`, { reviewedOn: MARKERS.email }, staff)).status).toBeGreaterThanOrEqual(400);

      await waitFor(async () => {
        const messages = await mailboxOf({ url });
        return messages.find((m) => m.to.includes(MARKERS.email) && m.attachments.length > 0 && messages.filter((x) => x.to.includes(MARKERS.email)).length >= 2) ? messages : undefined;
      }, 90_000, 'the care plan and the termination notice to the client');
      // The SES events of the run (published every 2 s locally) and the staff reads.
      await waitFor(async () => {
        const deliveries = (await readCase({ url }, token, 'demo', caseId)).deliveries as Array<{ status: string }>;
        return deliveries.some((d) => d.status === 'delivered') ? true : undefined;
      }, 20_000, 'a delivery confirmed by a simulated SES event');
      expect((await fetch(`${url}/agencies/demo/cases/${caseId}/audit`, { headers: staff })).status).toBe(200);
      // The staff pages that show the client's identity and answers (shown to staff, never logged).
      const local = { url } as LocalStack;
      const { jar } = await signIn(local, 'supervisor');
      for (const path of ['/staff/demo/cases', `/staff/demo/cases/${caseId}`]) {
        const page = await browse(local, jar, path);
        expect(page.status, path).toBe(200);
        expect(await page.text(), path).toContain(MARKERS.familyName);
      }
      // The worker logs a job's end after its email is sent: wait for the lines counted below rather than racing them.
      await waitFor(async () => (logMessages(output).filter((m) => m === 'document job done').length >= 2 ? true : undefined), 30_000, 'the worker’s log lines');
    } finally {
      child.kill('SIGTERM');
      await exited;
    }

    // Each step of the case logged its line: the checks below read real log output, not an empty stream.
    const messages = logMessages(output);
    expect(messages.filter((m) => m === 'staff submission').length).toBeGreaterThanOrEqual(5);
    expect(messages).toContain('SES event');
    expect(messages.filter((m) => m === 'case note').length).toBeGreaterThanOrEqual(2);
    expect(messages).toContain('note addendum');
    expect(output).toMatch(/"Submission":1,"outcome":"invalid"|"outcome":"invalid".*"Submission":1/);
    // The metrics (EMF lines, the accepted intake's with its ids) and the correlation id are part of what was checked.
    const accepted = output.split('\n').filter((line) => line.includes('"outcome":"created"') && line.includes('"Submission":')).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(accepted).toHaveLength(1);
    expect(accepted[0]).toMatchObject({ Submission: 1, agencyId: 'demo', formId: 'intake', caseId: expect.stringMatching(/^[0-9a-f-]{36}$/), submissionId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    // What the saved Logs Insights query asks of these lines is there (the page's own post adds `channel`).
    for (const field of intakeOutcomeFields.filter((name) => !name.startsWith('@') && name !== 'channel')) expect(accepted[0], field).toHaveProperty(field);
    expect(output).toMatch(/"Delivery":\d+,"outcome":"sent"|"outcome":"sent".*"Delivery":\d+/);
    expect(output).toMatch(/"correlation_id":"[0-9a-f-]{36}"/);
    for (const [field, marker] of Object.entries(MARKERS)) {
      for (const variant of [marker, marker.toLowerCase(), JSON.stringify(marker).slice(1, -1)]) {
        expect(output.includes(variant), `${field} found in the logs`).toBe(false);
      }
    }
    for (const fragment of ['Quilliam', 'Zyxwarker', 'pii.marker', '017-7731', '0177731', 'Vlorpton', 'Snorfmarker', 'Glimber', 'Trevalmarker', 'Pruxomarker']) expect(output).not.toContain(fragment);
  }, 240_000);
});
