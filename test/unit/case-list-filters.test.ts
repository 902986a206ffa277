import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../functions/domain/forms/catalog.ts';
import { caseListAgency, caseListRequest } from '../../functions/web/staff/case-list-filters.ts';
import { raisedFlag } from '../../functions/domain/cases/case-list.ts';
import { isContactMade, noContactSince } from '../../functions/domain/cases/last-contact.ts';
import { lastContactUpdate } from '../../functions/adapters/aws/last-contact-update.ts';
import type { CaseNote } from '../../functions/domain/cases/case-note.ts';
import { formsDirWithHarbor } from '../support/harbor-pack.ts';
import { ENGLISH } from '../../functions/web/staff-pages/staff-words.ts';

// Issue 20 part 2: the case list filtered by risk flag and by last contact, read once for the page, its CSV and the API.
const catalog = loadCatalog(formsDirWithHarbor());
const demo = caseListAgency(catalog, 'demo');
const harbor = caseListAgency(catalog, 'harbor');
const said = ENGLISH.words('staffCaseList');
const staff = (agencyId: string) => ({ subject: 'sub-1', agencyId, roles: ['case-manager' as const], email: undefined });

describe('the flags a case list may filter by', () => {
  it('are the ones each pack\'s scoring rules declare, by their titles, and only that pack\'s', () => {
    expect(demo.riskFlags.map((flag) => flag.id).sort()).toEqual(['self-harm-risk', 'severe-anxiety', 'severe-depression']);
    expect(harbor.riskFlags).toEqual([{ id: 'imminent-homelessness', title: 'Fears losing their home always (item 4 = 3)' }]);
  });
});

describe('riskFlag and noContactSince', () => {
  it('a flag the agency declares, or any, filters storage and carries to the next page and the CSV', () => {
    const request = caseListRequest({ riskFlag: 'imminent-homelessness', noContactSince: '2026-03-01', state: 'active' }, staff('harbor'), harbor, said);
    expect(request.problems).toEqual([]);
    expect(request.filters).toMatchObject({ riskFlag: 'imminent-homelessness', noContactSince: '2026-03-01' });
    expect(request.query).toMatchObject({ riskFlag: 'imminent-homelessness', state: 'active' });
    expect(request.params.toString()).toBe('state=active&riskFlag=imminent-homelessness&noContactSince=2026-03-01');
    expect(caseListRequest({ riskFlag: 'any' }, staff('demo'), demo, said).query.riskFlag).toBe('any');
  });

  it('counts the day from its start on the agency\'s clock, not UTC\'s', () => {
    const query = (agency: typeof demo) => caseListRequest({ noContactSince: '2026-07-01' }, staff('harbor'), agency, said).query.noContactSince;
    expect(query({ ...harbor, timeZone: 'America/Toronto' })).toBe('2026-07-01T04:00:00.000Z');
    expect(query({ ...harbor, timeZone: 'UTC' })).toBe('2026-07-01T00:00:00.000Z');
  });

  it('leaves out another agency\'s flag, an unknown flag and a bad date, and says so in plain words', () => {
    const request = caseListRequest({ riskFlag: 'self-harm-risk', noContactSince: '2026-02-30' }, staff('harbor'), harbor, said);
    expect(request.problems).toEqual(['That risk flag is not one this agency\'s forms raise.', 'No contact since must be a date.']);
    expect(request.query).toEqual({ agencyId: 'harbor' });
    expect(request.params.toString()).toBe('');
    expect(caseListRequest({ noContactSince: 'last week' }, staff('demo'), demo, said).problems).toEqual(['No contact since must be a date.']);
    expect(caseListRequest({ riskFlag: '<script>' }, staff('demo'), demo, said).problems).toEqual(['That risk flag is not one this agency\'s forms raise.']);
    expect(caseListRequest({ riskFlag: '', noContactSince: '' }, staff('demo'), demo, said).problems).toEqual([]);
  });
});

describe('what the filters match', () => {
  it('a flag by id, or any flag; none when the case raised none', () => {
    expect(raisedFlag({ riskFlags: ['severe-anxiety'] }, 'severe-anxiety')).toBe(true);
    expect(raisedFlag({ riskFlags: ['severe-anxiety'] }, 'self-harm-risk')).toBe(false);
    expect(raisedFlag({ riskFlags: ['severe-anxiety'] }, 'any')).toBe(true);
    expect(raisedFlag({ riskFlags: [] }, 'any')).toBe(false);
    expect(raisedFlag({}, 'any')).toBe(false);
  });

  it('no contact since: an older contact or none at all; a contact at the very start of the day counts', () => {
    expect(noContactSince({}, '2026-03-01T05:00:00.000Z')).toBe(true);
    expect(noContactSince({ lastContactAt: '2026-02-28T23:00:00.000Z' }, '2026-03-01T05:00:00.000Z')).toBe(true);
    expect(noContactSince({ lastContactAt: '2026-03-01T05:00:00.000Z' }, '2026-03-01T05:00:00.000Z')).toBe(false);
  });

  it('a missed appointment is no contact made: it does not move the case\'s last contact', () => {
    const note = { agencyId: 'demo', caseId: 'c1', contactedAt: '2026-03-02T10:00:00.000Z' } as CaseNote;
    expect(isContactMade({ contactType: 'missed-appointment' })).toBe(false);
    expect(lastContactUpdate('t', { ...note, contactType: 'missed-appointment' })).toBeUndefined();
    for (const contactType of ['phone', 'home-visit', 'office-visit', 'email', 'letter', 'collateral-contact'] as const) {
      expect(lastContactUpdate('t', { ...note, contactType })?.Update.ExpressionAttributeValues[':at'], contactType).toBe('2026-03-02T10:00:00.000Z');
    }
  });
});
