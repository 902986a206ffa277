import { join } from 'node:path';
import type { Role } from '../../functions/contracts/roles.ts';
import { DevIssuer } from '../../local/dev-issuer.ts';
import { projectRoot } from '../../local/stack.ts';

/** Tokens from the same dev issuer the local stack trusts (its key in .local/). */
export async function staffToken(agencyId: string, roles: readonly Role[], email = `${roles[0]}@${agencyId}.example`, expiresIn = '10m', tokenUse: 'id' | 'access' = 'id'): Promise<string> {
  const issuer = await DevIssuer.open(join(projectRoot, '.local', 'dev-issuer-key.json'));
  return issuer.sign({ agencyId, roles, email, expiresIn, tokenUse });
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}
