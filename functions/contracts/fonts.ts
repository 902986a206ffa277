import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** One npm font package and the TTF files (paths inside the package) that Chromium may use from it. */
export interface ShippedFont {
  readonly package: string;
  /** The family name as fontconfig reports it (`fc-scan --format '%{family}'`): what CSS must write. */
  readonly family: string;
  readonly files: readonly string[];
}

/**
 * The only fonts Chromium may use, regular and bold per script: locally through the fontconfig file below, in Lambda
 * copied into the worker bundle's fonts/ folder (infra/workers.ts). TTF only: Chromium ignores woff2 as system fonts,
 * and CFF/OTF CJK fonts would embed as Type 3. This Noto Sans (the Google Fonts build) covers Latin, Greek, Cyrillic
 * and Devanagari (U+0900–097F, with its conjunct shaping), so it needs no Noto Sans Devanagari: placed after Noto Sans,
 * that font would never be reached. Simplified Chinese has every unified Han ideograph and the kana; JP and KR have
 * only their national Han sets (and KR the Hangul), so SC must come before them unless the text is marked ja or ko.
 */
export const SHIPPED_FONTS: readonly ShippedFont[] = [
  { package: '@expo-google-fonts/noto-sans', family: 'Noto Sans', files: ['400Regular/NotoSans_400Regular.ttf', '700Bold/NotoSans_700Bold.ttf'] },
  { package: '@expo-google-fonts/noto-sans-arabic', family: 'Noto Sans Arabic', files: ['400Regular/NotoSansArabic_400Regular.ttf', '700Bold/NotoSansArabic_700Bold.ttf'] },
  { package: '@expo-google-fonts/noto-sans-hebrew', family: 'Noto Sans Hebrew', files: ['400Regular/NotoSansHebrew_400Regular.ttf', '700Bold/NotoSansHebrew_700Bold.ttf'] },
  { package: '@expo-google-fonts/noto-sans-sc', family: 'Noto Sans SC', files: ['400Regular/NotoSansSC_400Regular.ttf', '700Bold/NotoSansSC_700Bold.ttf'] },
  { package: '@expo-google-fonts/noto-sans-jp', family: 'Noto Sans JP', files: ['400Regular/NotoSansJP_400Regular.ttf', '700Bold/NotoSansJP_700Bold.ttf'] },
  { package: '@expo-google-fonts/noto-sans-kr', family: 'Noto Sans KR', files: ['400Regular/NotoSansKR_400Regular.ttf', '700Bold/NotoSansKR_700Bold.ttf'] },
];

/** Absolute paths of the shipped TTF files in this checkout's node_modules. */
export function shippedFontFiles(): string[] {
  const require = createRequire(import.meta.url);
  return SHIPPED_FONTS.flatMap((font) => {
    const root = dirname(require.resolve(`${font.package}/package.json`));
    return font.files.map((file) => join(root, file));
  });
}
