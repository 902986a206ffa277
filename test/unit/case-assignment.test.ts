import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { caseItem } from '../../functions/adapters/aws/case-item.ts';
import { assignCases, CASE_ASSIGNED_JOB, type AssignmentStore, type CaseAssignment } from '../../functions/domain/cases/assignment.ts';
import type { CaseRecord } from '../../functions/domain/cases/case-record.ts';
import type { DocumentJob } from '../../functions/domain/cases/document-job.ts';
import { composeMessage } from '../../functions/domain/delivery/messages.ts';
import { CASE_ASSIGNED, planDeliveries } from '../../functions/domain/delivery/routing.ts';
import { loadCatalog } from '../../functions/domain/forms/catalog.ts';
import { caseManagersOf, parseStaffList, type StaffEntry } from '../../functions/domain/forms/staff-list.ts';
import { wireJob } from '../../functions/domain/jobs/job.ts';
import { parseJob } from '../../functions/domain/jobs/parse-job.ts';
import { projectRoot } from '../../local/stack.ts';
import { formsDirWithHarbor } from '../support/harbor-pack.ts';

const supervisor = { subject: 'sup-1', agencyId: 'demo', roles: ['supervisor' as const], email: 'sup@demo.example' };
const casey: StaffEntry = { id: 'cm-casey', email: 'casey@demo.example', name: 'Casey Morgan', roles: ['case-manager'] };
const jordan: StaffEntry = { id: 'cm-jordan', email: 'jordan@demo.example', name: 'Jordan Lee', roles: ['case-manager'] };
const ids = { a: '11111111-1111-4111-8111-111111111111', b: '22222222-2222-4222-8222-222222222222', c: '33333333-3333-4333-8333-333333333333' };

const openCase = (caseId: string, extra: Partial<CaseRecord> = {}): CaseRecord => ({
  agencyId: 'demo', caseId, state: 'active', version: 3, createdAt: '2026-12-01T10:00:00.000Z', updatedAt: '2026-12-01T10:00:00.000Z', ...extra,
});

/** Cases in memory, written only when the version read is still the stored one (the adapter's condition). */
class MemoryAssignments implements AssignmentStore {
  readonly commits: CaseAssignment[] = [];
  /** Runs before a commit: another writer's change landing between the read and the write. */
  interleave: ((caseId: string) => void) | undefined;
  constructor(readonly cases: Map<string, CaseRecord>) {}
  async getCase(_agencyId: string, caseId: string) { return this.cases.get(caseId); }
  async commitAssignment(assignment: CaseAssignment): Promise<'committed' | 'stale'> {
    this.interleave?.(assignment.before.caseId);
    const stored = this.cases.get(assignment.before.caseId);
    if (stored?.version !== assignment.before.version || stored.state !== assignment.before.state) return 'stale';
    this.cases.set(assignment.after.caseId, assignment.after);
    this.commits.push(assignment);
    return 'committed';
  }
}

const run = (store: MemoryAssignments, cases: Array<{ caseId: string; expectedVersion?: number }>, to = jordan, queue: DocumentJob[] = []) =>
  assignCases(store, { enqueue: async (job) => { queue.push(job); } }, { staff: supervisor, to, cases, now: new Date('2026-12-06T15:00:00Z'), requestId: 'req-1' }, () => undefined);

describe('assigning cases to a case manager', () => {
  it('moves the case to the new case manager with its address, audits from and to, and queues the notice', async () => {
    const store = new MemoryAssignments(new Map([[ids.a, openCase(ids.a, { caseManager: casey.id, caseManagerEmail: casey.email })]]));
    const queued: DocumentJob[] = [];
    const results = await run(store, [{ caseId: ids.a, expectedVersion: 3 }], jordan, queued);
    expect(results).toEqual([{ caseId: ids.a, outcome: 'assigned', version: 4 }]);
    const stored = store.cases.get(ids.a)!;
    expect(stored).toMatchObject({ caseManager: jordan.id, caseManagerEmail: jordan.email, version: 4, updatedAt: '2026-12-06T15:00:00.000Z' });
    const [commit] = store.commits;
    expect(commit!.audit).toMatchObject({ action: 'case-assigned', actor: 'sup-1', from: casey.id, to: jordan.id, caseId: ids.a, target: stored.assignmentId });
    expect(commit!.job).toEqual({ documentType: CASE_ASSIGNED_JOB, agencyId: 'demo', caseId: ids.a, submissionId: stored.assignmentId });
    expect(queued).toEqual([commit!.job]);
  });

  it('reports per case: a case changed since it was seen, an ended case, an unknown case, one already theirs; the rest are assigned', async () => {
    const store = new MemoryAssignments(new Map([
      [ids.a, openCase(ids.a, { version: 5 })],
      [ids.b, openCase(ids.b, { state: 'closed' })],
      [ids.c, openCase(ids.c, { caseManager: jordan.id })],
    ]));
    const results = await run(store, [{ caseId: ids.a, expectedVersion: 4 }, { caseId: ids.b }, { caseId: '44444444-4444-4444-8444-444444444444' }, { caseId: ids.c }, { caseId: ids.c }]);
    expect(results).toEqual([
      { caseId: ids.a, outcome: 'stale', state: 'active', version: 5 },
      { caseId: ids.b, outcome: 'case-ended', state: 'closed' },
      { caseId: '44444444-4444-4444-8444-444444444444', outcome: 'case-not-found' },
      { caseId: ids.c, outcome: 'unchanged', version: 3 },
    ]);
    expect(store.commits).toEqual([]);
  });

  it('a change landing between the read and the write is a conflict, never overwritten', async () => {
    const store = new MemoryAssignments(new Map([[ids.a, openCase(ids.a, { caseManager: casey.id })]]));
    store.interleave = (caseId) => store.cases.set(caseId, { ...store.cases.get(caseId)!, version: 4, state: 'planned' });
    expect(await run(store, [{ caseId: ids.a }])).toEqual([{ caseId: ids.a, outcome: 'stale', state: 'planned', version: 4 }]);
    expect(store.cases.get(ids.a)!.caseManager).toBe(casey.id);
  });
});

describe('the caseload index', () => {
  it('holds a case while it is open under a case manager, and lets it go when it ends', () => {
    expect(caseItem(openCase(ids.a, { caseManager: 'cm-1' })).agencyOpenManager).toBe('AGENCY#demo#MANAGER#cm-1');
    expect(caseItem(openCase(ids.a, { caseManager: 'cm-1', state: 'terminated' })).agencyOpenManager).toBeUndefined();
    expect(caseItem(openCase(ids.a)).agencyOpenManager).toBeUndefined();
  });
});

describe('the staff list (staff.json)', () => {
  it('lists the case managers of demo and Harbor from their packs', () => {
    const catalog = loadCatalog(formsDirWithHarbor());
    expect(caseManagersOf(catalog.pack('demo')!.staff).map((entry) => entry.name)).toEqual(['Casey Morgan', 'Jordan Lee']);
    expect(caseManagersOf(catalog.pack('harbor')!.staff).map((entry) => entry.name)).toEqual(['Léa Martin', 'Noé Dubois']);
  });

  it('refuses a list with a mistake, naming where', () => {
    expect(parseStaffList({ staff: [{ id: 'a', email: 'a@x.example', name: 'A', roles: ['boss'] }] })).toEqual({ problem: expect.stringMatching(/^\/staff\/0\/roles/) });
    expect(parseStaffList({ staff: [casey, casey] })).toEqual({ problem: '/staff/1/id: listed twice' });
    expect(parseStaffList({ staff: [{ ...casey, email: 'not an address' }] })).toEqual({ problem: expect.stringMatching(/^\/staff\/0\/email/) });
  });

  it('a broken staff.json refuses its pack, and only it', () => {
    const formsDir = formsDirWithHarbor();
    writeFileSync(join(formsDir, 'harbor', 'staff.json'), JSON.stringify({ staff: [{ id: 'x' }] }));
    const catalog = loadCatalog(formsDir, () => undefined);
    expect(catalog.agency('harbor')).toBeUndefined();
    expect(catalog.refused()).toEqual([expect.objectContaining({ agencyId: 'harbor', file: expect.stringMatching(/staff\.json$/) })]);
    expect(catalog.agency('demo')).toBeDefined();
  });
});

describe('the notice to the new case manager', () => {
  const demo = loadCatalog(join(projectRoot, 'form-schemas')).agency('demo')!;
  const facts = { client: { email: 'c@example.org', emailIsSafe: true, language: 'es', addressVerified: true }, caseManagerEmail: jordan.email, consentedProviders: ['eastside-housing'] };

  it('travels as a job and reads back as one', () => {
    const wire = { documentType: CASE_ASSIGNED_JOB, agencyId: 'demo', caseId: ids.a, submissionId: 'assignment-1' };
    const job = parseJob(wire);
    expect(job).toEqual({ kind: 'case-assigned', agencyId: 'demo', caseId: ids.a, submissionId: 'assignment-1' });
    expect(wireJob(job as Exclude<typeof job, { invalid: string }>)).toEqual(wire);
  });

  it('goes to the case manager alone, even where a pack routes it to a client or provider', () => {
    expect(planDeliveries(demo, CASE_ASSIGNED, facts)).toEqual([{ recipient: 'case-manager', kind: 'staff', method: 'link', locale: 'en', status: 'send', address: jordan.email }]);
    const routed = { ...demo, delivery: { routes: { [CASE_ASSIGNED]: [{ to: 'client' }, { to: 'provider:eastside-housing' }] } } };
    expect(planDeliveries(routed, CASE_ASSIGNED, facts).map((planned) => planned.status === 'withheld' && planned.reason)).toEqual(['staff-only', 'staff-only']);
  });

  it('says the case reference and nothing about the client, in the words of every locale', () => {
    const dir = join(projectRoot, 'templates', 'default', 'locales');
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.json'))) {
      const strings = JSON.parse(readFileSync(join(dir, file), 'utf8')).email as Record<string, string>;
      expect(strings.assignedSubject, file).toContain('{reference}');
      expect(strings.assigned, file).toBeTruthy();
      const locale = file.replace('.json', '');
      const message = composeMessage({
        agency: demo, strings, caseId: ids.a, replyTo: undefined, content: { kind: 'case-assigned' },
        to: { recipient: 'case-manager', kind: 'staff', method: 'link', locale, status: 'send', address: jordan.email },
      });
      expect(message.subject, file).toContain('11111111');
      expect(message.text, file).toContain(strings.assigned!.replace('{agency}', demo.name));
      expect(message.attachments).toEqual([]);
    }
  });
});
