import { describe, expect, it } from 'vitest';
import { caseSearchTerms, normalizedWords, searchWords, termsMatch } from '../../functions/domain/cases/search-terms.ts';

const caseId = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const found = (identity: Parameters<typeof caseSearchTerms>[1], typed: string) => termsMatch(caseSearchTerms(caseId, identity), searchWords(typed));

describe('case search terms', () => {
  it('drops accents and case and splits on hyphens: "jose pena" finds "José Peña-Muñoz"', () => {
    expect(normalizedWords('José Peña-Muñoz')).toEqual(['jose', 'pena', 'munoz']);
    expect(found({ name: 'José Peña-Muñoz' }, 'jose pena')).toBe(true);
    expect(found({ name: 'José Peña-Muñoz' }, 'PEÑA mun')).toBe(true);
    expect(found({ name: 'José Peña-Muñoz' }, 'jose garcia')).toBe(false);
  });

  it('finds name parts, the preferred name and partial words', () => {
    const identity = { givenName: 'Élodie', familyName: "O'Brien", preferredName: 'Lo' };
    expect(found(identity, 'elo')).toBe(true);
    expect(found(identity, 'obrien')).toBe(false);
    expect(found(identity, 'brien elodie')).toBe(true);
    expect(found(identity, 'lo')).toBe(true);
  });

  it('keeps Arabic and CJK names searchable as typed', () => {
    expect(found({ name: 'فاطمة الزهراء' }, 'فاطمة')).toBe(true);
    expect(found({ name: 'فاطمة الزهراء' }, 'الزه')).toBe(true);
    expect(found({ name: '王小明' }, '王小明')).toBe(true);
    expect(found({ name: '王小明' }, '王小')).toBe(true);
    expect(found({ name: '王小明' }, '王')).toBe(true);
    expect(found({ name: '王小明' }, '小明')).toBe(true);
    expect(found({ name: '王小明' }, '李')).toBe(false);
    expect(found({ name: '김민준' }, '김')).toBe(true);
  });

  it('finds a phone number by its digits, whole or its last seven, however punctuated', () => {
    const identity = { name: 'A B', phone: '+1 (514) 555-0199' };
    expect(searchWords('(514) 555-0199')).toEqual(['5145550199']);
    expect(found(identity, '514 555 0199')).toBe(true);
    expect(found(identity, '555-0199')).toBe(true);
    expect(found(identity, '+15145550199')).toBe(true);
    expect(found(identity, '555-0198')).toBe(false);
  });

  it('finds an email whatever its case, and the reference', () => {
    const identity = { name: 'A B', email: 'Jose.Pena@Example.org' };
    expect(found(identity, 'jose.pena@example.org')).toBe(true);
    expect(found(identity, 'JOSE.PENA@')).toBe(true);
    expect(found(identity, 'other@example.org')).toBe(false);
    expect(found(identity, '3FA85F64')).toBe(true);
    expect(found(undefined, '3fa85f')).toBe(true);
  });

  it('ignores words too short to search', () => {
    expect(searchWords('j')).toEqual([]);
    expect(searchWords('j pena')).toEqual(['pena']);
    expect(found({ name: 'Jo Pena' }, 'j')).toBe(false);
  });
});
