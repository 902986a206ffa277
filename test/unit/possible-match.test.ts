import { describe, expect, it } from 'vitest';
import { editDistance, matchKeys, normalizedName, phoneKey, possibleMatch } from '../../functions/domain/people/possible-match.ts';

const demo = (caseId: string, identity: Record<string, string>) => ({ agencyId: 'demo', caseId, identity });

describe('possible matches between cases', () => {
  it('matches the same date of birth and the same name written with or without accents', () => {
    expect(possibleMatch(demo('a', { name: 'Jose Pena', dateOfBirth: '1980-04-02' }), demo('b', { name: 'José Peña', dateOfBirth: '1980-04-02' }))).toBe('date-of-birth-and-name');
  });

  it('matches a shared family name given in parts, and a name a typo away', () => {
    expect(possibleMatch(demo('a', { givenName: 'Ana', familyName: 'Núñez', dateOfBirth: '1990-01-01' }), demo('b', { name: 'Anita Nunez', dateOfBirth: '1990-01-01' }))).toBe('date-of-birth-and-name');
    expect(possibleMatch(demo('a', { name: 'Marie Tremblay', dateOfBirth: '1975-05-05' }), demo('b', { name: 'Marie Tremblai', dateOfBirth: '1975-05-05' }))).toBe('date-of-birth-and-name');
  });

  it('does not match the same date of birth under another family name', () => {
    expect(possibleMatch(demo('a', { name: 'Jose Pena', dateOfBirth: '1980-04-02' }), demo('b', { name: 'Jose Robertson', dateOfBirth: '1980-04-02' }))).toBeUndefined();
  });

  it('does not match the same name born on another day', () => {
    expect(possibleMatch(demo('a', { name: 'Jose Pena', dateOfBirth: '1980-04-02' }), demo('b', { name: 'Jose Pena', dateOfBirth: '1980-04-03' }))).toBeUndefined();
  });

  it('matches the same email whatever its case, and the same phone however it is written', () => {
    expect(possibleMatch(demo('a', { name: 'A', email: 'Sam@Example.org ' }), demo('b', { name: 'B', email: 'sam@example.org' }))).toBe('email');
    expect(possibleMatch(demo('a', { name: 'A', phone: '+1 (514) 555-0100' }), demo('b', { name: 'B', phone: '514 555 0100' }))).toBe('phone');
  });

  it('never matches another agency\'s case, nor the case itself', () => {
    const ours = demo('a', { name: 'Jose Pena', dateOfBirth: '1980-04-02', email: 'jose@example.org' });
    expect(possibleMatch(ours, { agencyId: 'harbor', caseId: 'b', identity: ours.identity })).toBeUndefined();
    expect(possibleMatch(ours, ours)).toBeUndefined();
  });

  it('files a case under hashed keys that agree across spellings and differ between agencies', () => {
    const keys = matchKeys('demo', { dateOfBirth: '1980-04-02', email: 'Jose@Example.org', phone: '+1 514 555 0100' });
    expect(keys).toHaveLength(3);
    expect(keys.join(' ')).not.toMatch(/1980|jose|5550100/i);
    expect(matchKeys('demo', { email: 'jose@example.org ' })[0]).toBe(keys[1]);
    expect(matchKeys('harbor', { email: 'jose@example.org' })[0]).not.toBe(keys[1]);
    expect(matchKeys('demo', { name: 'No keys' })).toEqual([]);
  });

  it('normalizes names and measures edits', () => {
    expect(normalizedName('  José  PEÑA-Ruiz ')).toBe('jose pena ruiz');
    expect(editDistance('tremblay', 'tremblai')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(phoneKey('12-34')).toBeUndefined();
  });
});
