/** What a client, and every email, calls a case: the first 8 characters of its id, never a name. */
export function caseReference(caseId: string): string {
  return caseId.slice(0, 8);
}
