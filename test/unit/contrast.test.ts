import { describe, expect, it } from 'vitest';
import { contrastRatio, isHexColor, relativeLuminance } from '../../functions/domain/forms/contrast.ts';
import { lintBranding } from '../../functions/domain/forms/lint-branding.ts';

describe('WCAG contrast', () => {
  it('gives white and black their luminances, and 21:1 between them either way round', () => {
    expect(relativeLuminance('#ffffff')).toBe(1);
    expect(relativeLuminance('#000000')).toBe(0);
    expect(contrastRatio('#000000', '#ffffff')).toBe(21);
    expect(contrastRatio('#ffffff', '#000000')).toBe(21);
    expect(contrastRatio('#1f4e79', '#1f4e79')).toBe(1);
  });

  it('matches the ratios WCAG tools give for known colours', () => {
    // #767676 is the lightest grey that passes 4.5:1 on white; #777777 the darkest that fails.
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(contrastRatio('#1f4e79', '#ffffff')).toBeCloseTo(8.66, 2);
    expect(contrastRatio('#6a1b4d', '#ffffff')).toBeGreaterThan(10);
    expect(contrastRatio('#FFCC00', '#ffffff')).toBeCloseTo(1.51, 2);
  });

  it('reads #rrggbb only', () => {
    expect(isHexColor('#1f4e79')).toBe(true);
    expect(isHexColor('#1F4E79')).toBe(true);
    for (const value of ['#fff', '1f4e79', '#1f4e7g', 'red', '#1f4e79 ', 42, undefined]) expect(isHexColor(value), String(value)).toBe(false);
    expect(() => relativeLuminance('#fff')).toThrow('not a #rrggbb colour');
  });
});

describe('lintBranding', () => {
  it('refuses a primaryColor below 4.5:1 against white, at its pointer, with the ratio', () => {
    expect(lintBranding({ branding: { primaryColor: '#777777' } })).toEqual([
      { pointer: '/branding/primaryColor', message: expect.stringContaining('#777777 has a contrast of 4.48:1 with white; it needs at least 4.5:1') },
    ]);
  });

  it('accepts one at 4.5:1 or more, no branding, and leaves a malformed colour to the schema', () => {
    expect(lintBranding({ branding: { primaryColor: '#767676' } })).toEqual([]);
    expect(lintBranding({})).toEqual([]);
    expect(lintBranding({ branding: { paperSize: 'A4' } })).toEqual([]);
    expect(lintBranding({ branding: { primaryColor: 'yellow' } })).toEqual([]);
  });
});
