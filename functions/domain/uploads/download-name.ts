import type { UploadType } from './upload-field.ts';

const EXTENSIONS: Readonly<Record<UploadType, readonly string[]>> = {
  'application/pdf': ['pdf'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/png': ['png'],
};
const MAX_NAME = 120;

/**
 * The name a file is saved under on a staff member's device. The stored name was made safe when it arrived; this is
 * the second guard where it leaves: no path, no control or direction-changing characters (an RTL override makes
 * "cod.exe" look like "exe.doc"), no leading dots, and an extension that matches the type its bytes showed, so the
 * device opens it with the viewer for that type whatever the client called it ("notice.html" of a PDF saves as
 * "notice.html.pdf").
 */
export function downloadName(name: string, type: UploadType): string {
  const plain = (name.split(/[/\\]/).pop() ?? '').replace(/[\p{Cc}\p{Cf}]/gu, '').trim().replace(/^\.+/, '').slice(0, MAX_NAME).trim();
  const extensions = EXTENSIONS[type];
  const base = plain === '' ? 'file' : plain;
  return extensions.some((extension) => base.toLowerCase().endsWith(`.${extension}`)) ? base : `${base}.${extensions[0]}`;
}

/** `Content-Disposition` for a download: always an attachment, the name in RFC 8187's `filename*` (UTF-8, percent-encoded). */
export function attachmentDisposition(name: string): string {
  // encodeURIComponent leaves ' ( ) * as they are; RFC 8187's attr-char does not allow them.
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename*=UTF-8''${encoded}`;
}
