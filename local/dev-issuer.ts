import { exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK, type JWTPayload } from 'jose';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { CLAIMS } from '../functions/contracts/staff-claims.ts';
import type { Role } from '../functions/contracts/roles.ts';

/**
 * The local stand-in for the stack's Cognito user pool: it signs staff tokens with a key kept in .local/ and
 * verifies them the way API Gateway's JWT authorizer does (signature, issuer, audience, expiry). Never deployed.
 */
export const DEV_ISSUER = 'https://dev-issuer.caseforms.local';
export const DEV_AUDIENCE = 'caseforms-staff-api';
const ALGORITHM = 'ES256';

export interface StaffTokenRequest {
  readonly agencyId: string;
  readonly roles: readonly Role[];
  readonly email: string;
  readonly subject?: string;
  /** jose time span, e.g. "8h", "15m". */
  readonly expiresIn?: string;
  /**
   * Cognito's `token_use`: "id" (default), the token staff send to the API and the staff pages keep as their session;
   * "access", which both refuse (it carries no agency in Cognito), for tests of that refusal.
   */
  readonly tokenUse?: 'id' | 'access';
  /**
   * Cognito's `origin_jti`: one per sign-in, the same on every token a refresh gives (the server-side session is keyed
   * by it). A new one when absent. Every token also gets its own `jti`.
   */
  readonly originJti?: string;
}

/** A stable, opaque subject per email, as Cognito's `sub` is: logs and audit records carry it, not the address. */
export function devSubject(email: string): string {
  return `dev-${createHash('sha256').update(email.toLowerCase()).digest('hex').slice(0, 24)}`;
}

export class DevIssuer {
  private constructor(private readonly privateJwk: JWK) {}

  /** The issuer whose key lives in `keyFile`, creating the key on first use so tokens survive restarts. */
  static async open(keyFile: string): Promise<DevIssuer> {
    if (!existsSync(keyFile)) {
      const { privateKey } = await generateKeyPair(ALGORITHM, { extractable: true });
      mkdirSync(dirname(keyFile), { recursive: true });
      writeFileSync(keyFile, JSON.stringify({ ...(await exportJWK(privateKey)), kid: randomUUID(), alg: ALGORITHM }), { mode: 0o600 });
    }
    return new DevIssuer(JSON.parse(readFileSync(keyFile, 'utf8')) as JWK);
  }

  async sign(request: StaffTokenRequest): Promise<string> {
    return new SignJWT({ [CLAIMS.agency]: request.agencyId, [CLAIMS.roles]: [...request.roles], [CLAIMS.email]: request.email, token_use: request.tokenUse ?? 'id', origin_jti: request.originJti ?? randomUUID() })
      .setProtectedHeader({ alg: ALGORITHM, kid: this.privateJwk.kid! })
      .setIssuer(DEV_ISSUER)
      .setAudience(DEV_AUDIENCE)
      .setSubject(request.subject ?? devSubject(request.email))
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime(request.expiresIn ?? '8h')
      .sign(await importJWK(this.privateJwk, ALGORITHM));
  }

  /** The public key as a JSON Web Key Set, as Cognito publishes its own at `<issuer>/.well-known/jwks.json`. */
  jwks(): { keys: JWK[] } {
    const { d: _, ...publicJwk } = this.privateJwk;
    return { keys: [{ ...publicJwk, use: 'sig' }] };
  }

  /** The verified claims, or undefined for a token that is forged, expired, or for another issuer or audience. */
  async verify(token: string): Promise<JWTPayload | undefined> {
    const { d: _, ...publicJwk } = this.privateJwk;
    try {
      const { payload } = await jwtVerify(token, await importJWK(publicJwk, ALGORITHM), {
        issuer: DEV_ISSUER, audience: DEV_AUDIENCE, algorithms: [ALGORITHM], requiredClaims: ['exp', 'sub'],
      });
      return payload;
    } catch {
      return undefined;
    }
  }
}
