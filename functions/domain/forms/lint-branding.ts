import { contrastRatio, isHexColor, MINIMUM_CONTRAST } from './contrast.ts';

/** A branding problem at a pointer of agency.json (the caller adds the file). */
export interface BrandingProblem {
  readonly pointer: string;
  readonly message: string;
}

/**
 * The brand colour is the background of white text (page headers) and ink on white (letterhead, emails): one below
 * 4.5:1 against white fails WCAG AA for every client who reads it. The schema checks the #rrggbb shape.
 */
export function lintBranding(agency: Readonly<Record<string, unknown>>): BrandingProblem[] {
  const color = (agency.branding as { primaryColor?: unknown } | undefined)?.primaryColor;
  if (!isHexColor(color)) return [];
  const ratio = contrastRatio(color, '#ffffff');
  if (ratio >= MINIMUM_CONTRAST) return [];
  return [{ pointer: '/branding/primaryColor', message: `${color} has a contrast of ${ratio.toFixed(2)}:1 with white; it needs at least ${MINIMUM_CONTRAST}:1 (WCAG AA), so pick a darker colour` }];
}
