import { describe, expect, it } from 'vitest';
import { addDays, checkNoticePeriod, localDate } from '../../functions/domain/cases/notice-period.ts';

const CHICAGO = 'America/Chicago';

describe('the minimum notice period of a termination', () => {
  it('accepts the boundary day and refuses the day before', () => {
    const now = new Date('2026-11-23T15:00:00Z');
    expect(checkNoticePeriod(now, CHICAGO, 10, '2026-12-03')).toEqual({ noticeDate: '2026-11-23', earliestEffectiveDate: '2026-12-03', ok: true });
    expect(checkNoticePeriod(now, CHICAGO, 10, '2026-12-02').ok).toBe(false);
  });

  it('dates the notice in the agency\'s time zone, not UTC: 03:00 UTC is still yesterday evening in Chicago', () => {
    const now = new Date('2026-11-24T03:00:00Z');
    expect(localDate(now, 'UTC')).toBe('2026-11-24');
    const check = checkNoticePeriod(now, CHICAGO, 10, '2026-12-03');
    expect(check).toEqual({ noticeDate: '2026-11-23', earliestEffectiveDate: '2026-12-03', ok: true });
    // An agency in Auckland is already a day further on at the same instant.
    expect(checkNoticePeriod(now, 'Pacific/Auckland', 10, '2026-12-03')).toMatchObject({ noticeDate: '2026-11-24', ok: false });
  });

  it('counts calendar days across month ends, leap days and daylight-saving changes', () => {
    expect(addDays('2026-11-25', 10)).toBe('2026-12-05');
    expect(addDays('2028-02-25', 5)).toBe('2028-03-01');
    expect(addDays('2027-03-10', 7)).toBe('2027-03-17');
    expect(checkNoticePeriod(new Date('2027-03-14T07:30:00Z'), CHICAGO, 0, '2027-03-14').ok).toBe(true);
  });
});
