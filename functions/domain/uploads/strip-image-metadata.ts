import exifBeGone from 'exif-be-gone';
import { Readable } from 'node:stream';
import type { UploadType } from './upload-field.ts';

// The package replaces module.exports with the class while its types declare a default export: under Node's ESM
// interop the default import is the class itself, under a bundler's it may be wrapped once.
type ExifTransformerClass = typeof exifBeGone.default;
const wrapped = exifBeGone as unknown as { default?: ExifTransformerClass };
const ExifTransformer: ExifTransformerClass = typeof wrapped === 'function' ? (wrapped as ExifTransformerClass) : wrapped.default!;

/**
 * The image without its metadata: a phone photo's EXIF carries where it was taken (GPS), when, and on which device;
 * XMP and PNG text chunks can carry the same. exif-be-gone drops JPEG APP1 EXIF/XMP segments and PNG
 * tEXt/iTXt/zTXt/eXIf/tIME chunks and keeps the pixels byte for byte. PDFs are returned as they are.
 */
export async function stripImageMetadata(bytes: Buffer, type: UploadType): Promise<Buffer> {
  if (type !== 'image/jpeg' && type !== 'image/png') return bytes;
  const chunks: Buffer[] = [];
  for await (const chunk of Readable.from([bytes]).pipe(new ExifTransformer())) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}
