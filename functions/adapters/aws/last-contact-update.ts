import type { CaseNote } from '../../domain/cases/case-note.ts';
import { isContactMade } from '../../domain/cases/last-contact.ts';
import { keys } from '../../contracts/table-design.ts';

export interface CaseChange {
  readonly Update: {
    readonly TableName: string;
    readonly Key: Record<string, unknown>;
    readonly UpdateExpression: string;
    readonly ConditionExpression: string;
    readonly ExpressionAttributeValues: Record<string, unknown>;
  };
}

/**
 * The case record's `lastContactAt` moved to a contact note's `contactedAt`, for the note's own transaction. Only
 * forward: a note about an earlier contact fails this condition and is saved without it (note-store.ts), so two
 * notes saved at once leave the later contact whatever their order. A new version, as any change to the case record:
 * a staff member's write based on the case before the note must re-read it, or it would put the old date back.
 */
export function lastContactUpdate(table: string, note: CaseNote): CaseChange | undefined {
  if (!isContactMade(note)) return undefined;
  return {
    Update: {
      TableName: table,
      Key: { pk: keys.case(note.agencyId, note.caseId), sk: keys.caseRecord() },
      UpdateExpression: 'SET lastContactAt = :at, version = version + :one',
      ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(lastContactAt) OR lastContactAt < :at)',
      ExpressionAttributeValues: { ':at': note.contactedAt, ':one': 1 },
    },
  };
}
