import type { Agency } from './agency.ts';
import { isHexColor } from './contrast.ts';

/** The colour of an agency without branding.primaryColor: the documents' ink before agencies could choose one. */
export const DEFAULT_BRAND_COLOR = '#1f4e79';

/**
 * The agency's colour for pages, documents and emails. Checked again here, not only by agency.schema.json, because it
 * is written into CSS and HTML: anything but `#rrggbb` falls back to the default rather than reaching a style sheet.
 */
export function brandColorOf(agency: Pick<Agency, 'branding'> | undefined): string {
  return chosenBrandColor(agency) ?? DEFAULT_BRAND_COLOR;
}

/** The colour the agency chose, if it chose a valid one: pages without one keep their own accent. */
export function chosenBrandColor(agency: Pick<Agency, 'branding'> | undefined): string | undefined {
  const color = agency?.branding?.primaryColor;
  return isHexColor(color) ? color.toLowerCase() : undefined;
}
