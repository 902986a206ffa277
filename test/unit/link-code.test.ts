import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LINK_CODE_POLICY, judgeCode, LINK_CODE_MAX_ATTEMPTS, linkCodeHash, linkCodePolicy, needsLinkCode, newLinkCode, nextCode, passValidUntil, typedCode,
  type LinkCodeRecord,
} from '../../functions/domain/delivery/link-code.ts';
import { newLinkToken } from '../../functions/domain/delivery/secure-link.ts';

const token = newLinkToken();
const at = (iso: string) => new Date(iso);
const sentAt = at('2026-12-06T10:00:00Z');

function record(code: string, overrides: Partial<LinkCodeRecord> = {}): LinkCodeRecord {
  const made = nextCode(undefined, token, code, sentAt);
  if (!('record' in made)) throw new Error('a first code is always sent');
  return { ...made.record, ...overrides };
}

describe('who is asked for a code', () => {
  it('external (the default): providers and the client, not staff; everyone: staff too; off: nobody', () => {
    expect(DEFAULT_LINK_CODE_POLICY).toBe('external');
    expect(linkCodePolicy({})).toBe('external');
    expect(linkCodePolicy({ delivery: { linkCode: 'off' } })).toBe('off');
    expect((['client', 'provider', 'staff'] as const).map((kind) => needsLinkCode('external', kind))).toEqual([true, true, false]);
    expect((['client', 'provider', 'staff'] as const).map((kind) => needsLinkCode('everyone', kind))).toEqual([true, true, true]);
    expect((['client', 'provider', 'staff'] as const).map((kind) => needsLinkCode('off', kind))).toEqual([false, false, false]);
  });
});

describe('codes', () => {
  it('are six digits, leading zeros kept, and vary', () => {
    const codes = Array.from({ length: 200 }, newLinkCode);
    for (const code of codes) expect(code).toMatch(/^\d{6}$/);
    expect(new Set(codes).size).toBeGreaterThan(190);
  });

  it('are read as typed with spaces or dashes, and nothing else counts as one', () => {
    expect(typedCode(' 012 345 ')).toBe('012345');
    expect(typedCode('012-345')).toBe('012345');
    for (const bad of ['12345', '1234567', 'abcdef', '', null, undefined, '12345x']) expect(typedCode(bad)).toBeUndefined();
  });

  it('are stored only as a hash bound to the link\'s token', () => {
    const { codeHash } = record('123456');
    expect(codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(codeHash).not.toContain('123456');
    expect(linkCodeHash(newLinkToken(), '123456')).not.toBe(codeHash);
  });
});

describe('judging a try (attempts counted, this one included)', () => {
  const now = at('2026-12-06T10:05:00Z');
  it('the right code within ten minutes opens', () => {
    expect(judgeCode({ ...record('123456'), attempts: 1 }, token, '123456', now)).toEqual({ accepted: true });
    expect(judgeCode({ ...record('123456'), attempts: LINK_CODE_MAX_ATTEMPTS }, token, '123456', now)).toEqual({ accepted: true });
  });

  it('a wrong code says how many tries are left; the fifth wrong one burns the code', () => {
    expect(judgeCode({ ...record('123456'), attempts: 1 }, token, '654321', now)).toEqual({ accepted: false, reason: 'wrong-code', attemptsLeft: 4 });
    expect(judgeCode({ ...record('123456'), attempts: 5 }, token, '654321', now)).toEqual({ accepted: false, reason: 'burned', attemptsLeft: 0 });
    expect(judgeCode('used-up', token, '123456', now)).toMatchObject({ accepted: false, reason: 'burned' });
  });

  it('after ten minutes even the right code is refused; no code is refused; another link\'s code is wrong', () => {
    expect(judgeCode({ ...record('123456'), attempts: 1 }, token, '123456', at('2026-12-06T10:10:00Z'))).toMatchObject({ accepted: false, reason: 'expired' });
    expect(judgeCode(undefined, token, '123456', now)).toMatchObject({ accepted: false, reason: 'no-code' });
    expect(judgeCode({ ...record('123456'), attempts: 1 }, newLinkToken(), '123456', now)).toMatchObject({ accepted: false, reason: 'wrong-code' });
  });
});

describe('sending again', () => {
  it('waits a minute between codes, and allows five an hour', () => {
    const first = record('111111');
    expect(nextCode(first, token, '222222', at('2026-12-06T10:00:30Z'))).toEqual({ retryAfterSeconds: 30 });
    let current = first;
    for (let minute = 2; minute <= 5; minute += 1) {
      const made = nextCode(current, token, String(minute).repeat(6), at(`2026-12-06T10:0${minute}:00Z`));
      if (!('record' in made)) throw new Error(`minute ${minute} should send`);
      expect(made.record).toMatchObject({ attempts: 0, sentAt: `2026-12-06T10:0${minute}:00.000Z`, validUntil: `2026-12-06T10:1${minute}:00.000Z` });
      current = made.record;
    }
    expect(current.sends).toHaveLength(5);
    expect(nextCode(current, token, '999999', at('2026-12-06T10:30:00Z'))).toEqual({ retryAfterSeconds: 30 * 60 });
    // An hour after the first, it may send again, and forgets sends older than an hour.
    const later = nextCode(current, token, '999999', at('2026-12-06T11:00:01Z'));
    expect('record' in later && later.record.sends).toHaveLength(5);
  });
});

describe('a confirmed browser', () => {
  it('reopens for thirty minutes, never past the link\'s own end', () => {
    expect(passValidUntil('2026-12-07T00:00:00.000Z', sentAt)).toBe('2026-12-06T10:30:00.000Z');
    expect(passValidUntil('2026-12-06T10:10:00.000Z', sentAt)).toBe('2026-12-06T10:10:00.000Z');
  });
});
