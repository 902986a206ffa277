/** Where a generated PDF is stored: ids only, never names. */
export function documentKey(agencyId: string, caseId: string, documentId: string): string {
  return `agencies/${agencyId}/cases/${caseId}/documents/${documentId}.pdf`;
}
