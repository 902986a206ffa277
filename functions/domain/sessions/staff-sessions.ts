import { createHash } from 'node:crypto';
import { REFRESH_LIFETIME_SECONDS } from '../../contracts/sign-in-config.ts';

/**
 * The server-side half of a staff session. The session cookie (and the API's bearer) is an ID token, which stays
 * valid until it expires wherever a copy of it goes; this record, one per sign-in, is what ends it sooner: at
 * sign-out, and after the agency's idle period (automatic logoff, HIPAA 164.312(a)(2)(iii)). Pages and API read it
 * on every request (one GetItem), and write it at most once a minute.
 */
export interface SessionRecord {
  /** Epoch seconds of the last request seen, to the minute. */
  readonly lastActiveAt: number;
  /** Epoch seconds it ended, and why: it never starts again, whatever token of the sign-in comes. */
  readonly endedAt?: number;
  readonly endedBy?: SessionEnd;
}

export type SessionEnd = 'sign-out' | 'idle';

/** Where session records are kept: DynamoDB in AWS and on the local stack (adapters/aws/session-store.ts). */
export interface SessionStore {
  read(agencyId: string, sessionHash: string): Promise<SessionRecord | undefined>;
  /** Records activity at `at`, creating the record; does nothing to a session that has ended. */
  touch(agencyId: string, sessionHash: string, at: number, keepUntil: number): Promise<void>;
  end(agencyId: string, sessionHash: string, at: number, by: SessionEnd, keepUntil: number): Promise<void>;
}

/** The staff pages and API ask for the store when they first need it: the handler builds it. */
export type SessionStores = () => SessionStore;

/** Idle period when the agency sets none (form-schemas/agency.schema.json `sessionIdleMinutes`). */
export const DEFAULT_SESSION_IDLE_MINUTES = 15;
/** Activity is written at most this often: a request within a minute of the last write writes nothing. */
export const ACTIVITY_WRITE_SECONDS = 60;

/**
 * The key of a token's session: its `origin_jti` (one per sign-in, kept through refreshes), else its `jti`, else the
 * token itself (an issuer that marks neither), hashed so the table holds no token material.
 */
export function sessionHashOf(claims: Readonly<Record<string, unknown>>, token: string): string {
  const id = [claims.origin_jti, claims.jti].find((value): value is string => typeof value === 'string' && value !== '');
  return createHash('sha256').update(id ? `jti:${id}` : `token:${token}`).digest('hex');
}

/**
 * How long a record is kept: for as long as any token of its sign-in can be valid (a refresh token lasts a working
 * day from sign-in, the last ID token it gives an hour more), so an ended session is remembered until nothing of it
 * could be presented. DynamoDB's TTL then removes it.
 */
export const keepUntil = (now: number): number => now + REFRESH_LIFETIME_SECONDS + 3600;

/** `active`, or why the session is over. */
export type SessionState = 'active' | SessionEnd;

/**
 * Checks a verified token's session and records the request: ended sessions stay ended, a session idle longer than
 * the agency allows is ended now, and activity is written at most once a minute. A token seen for the first time
 * starts its session (an API client signs in without the pages' callback).
 */
export async function checkSession(store: SessionStore, agencyId: string, sessionHash: string, idleMinutes: number, now = Math.floor(Date.now() / 1000)): Promise<SessionState> {
  const record = await store.read(agencyId, sessionHash);
  if (record?.endedAt !== undefined) return record.endedBy ?? 'sign-out';
  if (record && now - record.lastActiveAt > idleMinutes * 60) {
    await store.end(agencyId, sessionHash, now, 'idle', keepUntil(now));
    return 'idle';
  }
  if (!record || now - record.lastActiveAt >= ACTIVITY_WRITE_SECONDS) await store.touch(agencyId, sessionHash, now, keepUntil(now));
  return 'active';
}

/** The agency's idle period in minutes, or the default. */
export function idleMinutesOf(agency: { readonly sessionIdleMinutes?: number } | undefined): number {
  return agency?.sessionIdleMinutes ?? DEFAULT_SESSION_IDLE_MINUTES;
}
