import { describe, expect, it } from 'vitest';
import {
  checkSession, DEFAULT_SESSION_IDLE_MINUTES, idleMinutesOf, keepUntil, sessionHashOf, type SessionEnd, type SessionRecord, type SessionStore,
} from '../../functions/domain/sessions/staff-sessions.ts';

/** The session records in memory, counting writes. */
class MemorySessions implements SessionStore {
  readonly records = new Map<string, SessionRecord & { keepUntil: number }>();
  writes = 0;
  async read(agencyId: string, hash: string) { return this.records.get(`${agencyId}/${hash}`); }
  async touch(agencyId: string, hash: string, at: number, keep: number) {
    this.writes += 1;
    const record = this.records.get(`${agencyId}/${hash}`);
    if (record?.endedAt === undefined) this.records.set(`${agencyId}/${hash}`, { ...record, lastActiveAt: at, keepUntil: keep });
  }
  async end(agencyId: string, hash: string, at: number, by: SessionEnd, keep: number) {
    this.writes += 1;
    const record = this.records.get(`${agencyId}/${hash}`);
    this.records.set(`${agencyId}/${hash}`, { lastActiveAt: record?.lastActiveAt ?? at, endedAt: record?.endedAt ?? at, endedBy: record?.endedBy ?? by, keepUntil: keep });
  }
}

describe('staff sessions on the server', () => {
  const t0 = 1_800_000_000;

  it('starts a session on its first request and writes activity at most once a minute', async () => {
    const store = new MemorySessions();
    expect(await checkSession(store, 'demo', 'h', 15, t0)).toBe('active');
    expect(store.writes).toBe(1);
    expect(await checkSession(store, 'demo', 'h', 15, t0 + 59)).toBe('active');
    expect(store.writes).toBe(1);
    expect(await checkSession(store, 'demo', 'h', 15, t0 + 60)).toBe('active');
    expect(store.writes).toBe(2);
    expect(store.records.get('demo/h')).toMatchObject({ lastActiveAt: t0 + 60, keepUntil: keepUntil(t0 + 60) });
  });

  it('ends a session idle longer than the agency\'s minutes, and it stays ended', async () => {
    const store = new MemorySessions();
    await checkSession(store, 'demo', 'h', 5, t0);
    expect(await checkSession(store, 'demo', 'h', 5, t0 + 5 * 60)).toBe('active');
    expect(await checkSession(store, 'demo', 'h', 5, t0 + 10 * 60 + 1)).toBe('idle');
    expect(store.records.get('demo/h')).toMatchObject({ endedBy: 'idle', endedAt: t0 + 10 * 60 + 1 });
    expect(await checkSession(store, 'demo', 'h', 5, t0 + 10 * 60 + 2)).toBe('idle');
  });

  it('refuses a session ended by sign-out, whatever its activity', async () => {
    const store = new MemorySessions();
    await checkSession(store, 'demo', 'h', 15, t0);
    await store.end('demo', 'h', t0 + 1, 'sign-out', keepUntil(t0 + 1));
    expect(await checkSession(store, 'demo', 'h', 15, t0 + 2)).toBe('sign-out');
    // Another agency's key is another record.
    expect(await checkSession(store, 'northside', 'h', 15, t0 + 2)).toBe('active');
  });

  it('keys a session by origin_jti (shared by refreshed tokens), else jti, else the token, hashed', () => {
    const a = sessionHashOf({ origin_jti: 'o-1', jti: 'j-1' }, 'token-a');
    expect(sessionHashOf({ origin_jti: 'o-1', jti: 'j-2' }, 'token-b')).toBe(a);
    expect(sessionHashOf({ jti: 'j-1' }, 'token-a')).not.toBe(a);
    expect(sessionHashOf({}, 'token-a')).not.toBe(sessionHashOf({}, 'token-b'));
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });

  it('keeps a record for a working day and an hour, and idles after 15 minutes unless the agency says otherwise', () => {
    expect(keepUntil(t0) - t0).toBe(13 * 3600);
    expect(DEFAULT_SESSION_IDLE_MINUTES).toBe(15);
    expect(idleMinutesOf(undefined)).toBe(15);
    expect(idleMinutesOf({})).toBe(15);
    expect(idleMinutesOf({ sessionIdleMinutes: 5 })).toBe(5);
  });
});
