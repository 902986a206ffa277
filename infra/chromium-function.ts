import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SHIPPED_FONTS } from '../functions/contracts/fonts.ts';
import type { CaseformsFunctionProps } from './lambda.ts';

/**
 * What a function that renders PDFs in headless Chromium needs: the document worker, and the studio's preview of a
 * draft's documents, which renders them with the same code. Exactly the same Chromium and fonts in both, so a preview
 * looks as the document will.
 */
export const chromiumFunction: Pick<CaseformsFunctionProps, 'architecture' | 'memorySize' | 'nodeModules' | 'afterBundling'> = {
  // The npm build of @sparticuz/chromium ships an x64 binary only.
  architecture: lambda.Architecture.X86_64,
  // @sparticuz/chromium wants at least 1.5 GB.
  memorySize: 2048,
  // Installed rather than bundled: chromium's brotli archives under bin/ are found relative to the package.
  nodeModules: ['@sparticuz/chromium', 'puppeteer-core'],
  // Chromium's fonts.conf (from @sparticuz/chromium) reads /var/task/fonts; without these, PDFs render tofu or
  // blank. Exactly the TTFs local runs and tests see through functions/contracts/fonts.ts, flattened into fonts/.
  afterBundling: (inputDir, outputDir) => [
    `mkdir -p "${outputDir}/fonts"`,
    ...SHIPPED_FONTS.flatMap((font) => font.files.map((file) => `cp "${inputDir}/node_modules/${font.package}/${file}" "${outputDir}/fonts/"`)),
  ],
};

/** Route handlers that render PDFs, and so are bundled and sized as chromiumFunction says. */
export const CHROMIUM_ROUTES: ReadonlySet<string> = new Set(['staff-studio-preview']);
