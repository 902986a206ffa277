import { describe, expect, it } from 'vitest';
import { attachmentDisposition, downloadName } from '../../functions/domain/uploads/download-name.ts';

// The name a file is saved under when staff open it: the last guard before the file reaches a staff device.
describe('a file\'s download name', () => {
  it('keeps a plain name whose extension matches the type its bytes showed', () => {
    expect(downloadName('bail signé.pdf', 'application/pdf')).toBe('bail signé.pdf');
    expect(downloadName('ID.JPEG', 'image/jpeg')).toBe('ID.JPEG');
  });

  it('adds the extension of the real type, so the device opens it with that type\'s viewer', () => {
    expect(downloadName('notice.html', 'application/pdf')).toBe('notice.html.pdf');
    expect(downloadName('photo', 'image/png')).toBe('photo.png');
  });

  it('drops paths, control and direction-changing characters and leading dots', () => {
    expect(downloadName('../../etc/passwd', 'application/pdf')).toBe('passwd.pdf');
    expect(downloadName('C:\\Users\\x\\id.jpg', 'image/jpeg')).toBe('id.jpg');
    expect(downloadName('cod\u202Egpj.exe', 'image/jpeg')).toBe('codgpj.exe.jpg');
    expect(downloadName('a\r\nb.pdf', 'application/pdf')).toBe('ab.pdf');
    expect(downloadName('.hidden.pdf', 'application/pdf')).toBe('hidden.pdf');
    expect(downloadName('', 'application/pdf')).toBe('file.pdf');
  });

  it('is always an attachment, the name in RFC 8187 encoding', () => {
    expect(attachmentDisposition('bail signé (1).pdf')).toBe("attachment; filename*=UTF-8''bail%20sign%C3%A9%20%281%29.pdf");
    expect(attachmentDisposition("it's*.pdf")).toBe("attachment; filename*=UTF-8''it%27s%2A.pdf");
  });
});
