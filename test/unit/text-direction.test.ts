import { describe, expect, it } from 'vitest';
import { directionOf } from '../../functions/domain/forms/text-direction.ts';

describe('directionOf', () => {
  it('is right to left for the right-to-left languages, with or without a region, in any case', () => {
    for (const locale of ['ar', 'ar-EG', 'AR', 'he', 'fa-IR', 'ur', 'ps', 'yi', 'dv', 'ckb']) expect(directionOf(locale), locale).toBe('rtl');
  });
  it('is left to right for the others', () => {
    for (const locale of ['en', 'en-US', 'es', 'zh-Hant', 'hi', 'arn']) expect(directionOf(locale), locale).toBe('ltr');
  });
});
