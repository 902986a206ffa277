/** A case list's cursor as the API and the pages hand it out: the index position a page ended at, opaque to clients. */
export function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  return key && Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** A cursor back, or undefined for one this service did not give out, or one that points outside the caller's agency. */
export function decodeCursor(cursor: string, agencyId: string): Record<string, unknown> | undefined {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    const values = Object.values(key);
    const ownAgency = `AGENCY#${agencyId}#`;
    const sameAgency = typeof key.pk === 'string' && key.pk.startsWith(ownAgency);
    return sameAgency && values.every((value) => typeof value === 'string' || typeof value === 'number') ? key : undefined;
  } catch {
    return undefined;
  }
}
