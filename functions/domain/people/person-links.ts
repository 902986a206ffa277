import { randomUUID } from 'node:crypto';
import type { AuditRecord, CaseRecord } from '../cases/case-record.ts';

/** One case's move to another person (or to none): written with a check of the version read. */
export interface PersonMove {
  readonly before: CaseRecord;
  readonly after: CaseRecord;
}

/** Everything one link or unlink writes, together or not at all. */
export interface PersonChange {
  readonly agencyId: string;
  readonly moves: readonly PersonMove[];
  readonly audits: readonly AuditRecord[];
}

/** What linking needs from storage; the AWS adapter implements it. */
export interface PersonStore {
  getCase(agencyId: string, caseId: string): Promise<CaseRecord | undefined>;
  /** The ids of the cases linked as one person's. */
  casesOfPerson(agencyId: string, personId: string): Promise<readonly string[]>;
  /** Moves the cases and appends the audits in one transaction; 'stale' when a case changed since it was read. */
  commitPersonChange(change: PersonChange): Promise<'committed' | 'stale'>;
}

export type PersonLinkOutcome = 'linked' | 'unlinked' | 'not-found' | 'not-linked' | 'stale';

/** Who asked, when, under which request: the audit record's fields besides case, action and target. */
export type LinkAudit = Omit<AuditRecord, 'caseId' | 'action' | 'target'>;

/**
 * A supervisor links two cases as one person's. Cases already linked to either join too: linking A to B when B is
 * linked to C makes A, B and C one person. Both named cases record `person-linked`, each naming the other.
 */
export async function linkCases(store: PersonStore, audit: LinkAudit, caseId: string, otherCaseId: string): Promise<PersonLinkOutcome> {
  if (caseId === otherCaseId) return 'not-found';
  const [subject, other] = await Promise.all([store.getCase(audit.agencyId, caseId), store.getCase(audit.agencyId, otherCaseId)]);
  if (!subject || !other) return 'not-found';
  const personId = subject.personId ?? other.personId ?? randomUUID();
  const groups = await Promise.all([subject.personId, other.personId].filter((id): id is string => id !== undefined).map((id) => store.casesOfPerson(audit.agencyId, id)));
  const memberIds = new Set([caseId, otherCaseId, ...groups.flat()]);
  const members = await Promise.all([...memberIds].map((id) => (id === caseId ? subject : id === otherCaseId ? other : store.getCase(audit.agencyId, id))));
  const moves = members
    .filter((member): member is CaseRecord => member !== undefined && member.personId !== personId)
    .map((before) => ({ before, after: { ...before, personId, version: before.version + 1, updatedAt: audit.at } }));
  const audits: AuditRecord[] = [
    { ...audit, caseId, action: 'person-linked', target: otherCaseId },
    { ...audit, caseId: otherCaseId, action: 'person-linked', target: caseId },
  ];
  return (await store.commitPersonChange({ agencyId: audit.agencyId, moves, audits })) === 'committed' ? 'linked' : 'stale';
}

/**
 * A supervisor takes a case out of its person: the case records `person-unlinked`, and so does every case it was
 * linked to, each naming the other, so either side's trail tells it.
 */
export async function unlinkCase(store: PersonStore, audit: LinkAudit, caseId: string): Promise<PersonLinkOutcome> {
  const subject = await store.getCase(audit.agencyId, caseId);
  if (!subject) return 'not-found';
  if (!subject.personId) return 'not-linked';
  const others = (await store.casesOfPerson(audit.agencyId, subject.personId)).filter((id) => id !== caseId);
  const { personId: _, ...rest } = subject;
  const audits: AuditRecord[] = [
    ...others.map((other): AuditRecord => ({ ...audit, caseId, action: 'person-unlinked', target: other })),
    ...others.map((other): AuditRecord => ({ ...audit, caseId: other, action: 'person-unlinked', target: caseId })),
  ];
  const moves = [{ before: subject, after: { ...rest, version: subject.version + 1, updatedAt: audit.at } }];
  return (await store.commitPersonChange({ agencyId: audit.agencyId, moves, audits })) === 'committed' ? 'unlinked' : 'stale';
}
