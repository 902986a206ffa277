import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../functions/domain/forms/catalog.ts';
import { agencyListings, formsBanner, healthReport } from '../../local/health.ts';
import { formsDirWithHarbor } from '../support/harbor-pack.ts';

describe('the local /health and start banner', () => {
  it('say ok, with nothing refused, when every pack loads; the banner lists each agency\'s intake pages, intake first', () => {
    const formsDir = formsDirWithHarbor();
    const catalog = loadCatalog(formsDir);
    expect(healthReport(catalog, formsDir)).toEqual({ status: 'ok', refused: [] });
    const listings = agencyListings(catalog, 'http://127.0.0.1:3000');
    expect(listings.find((agency) => agency.id === 'harbor')).toEqual({ id: 'harbor', name: 'Harbor Tenant Aid', intakeUrls: ['http://127.0.0.1:3000/intake/harbor/intake'] });
    expect(listings.find((agency) => agency.id === 'demo')!.intakeUrls[0]).toBe('http://127.0.0.1:3000/intake/demo/intake');
    expect(formsBanner(listings, [])).not.toContain('REFUSED');
  });

  it('say degraded, naming the agency, the form, its file relative to the forms folder and the reason', () => {
    const formsDir = formsDirWithHarbor();
    writeFileSync(join(formsDir, 'harbor', 'forms', 'intake.json'), '{ "title": ');
    const catalog = loadCatalog(formsDir, () => {});
    const report = healthReport(catalog, formsDir);
    expect(report).toEqual({ status: 'degraded', refused: [{ agencyId: 'harbor', formId: 'intake', file: join('harbor', 'forms', 'intake.json'), reason: expect.stringContaining('JSON') }] });
    // Harbor's only public form is out: the agency is still listed, with nothing to open.
    const banner = formsBanner(agencyListings(catalog, 'http://x'), report.refused);
    expect(banner).toMatch(/harbor {2}Harbor Tenant Aid\n {4}\(no public form\)/);
    expect(banner).toContain('REFUSED (1)');
    expect(banner).toContain('harbor/intake  harbor/forms/intake.json: ');
  });
});
