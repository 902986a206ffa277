import { describe, expect, it } from 'vitest';
import { checkFileName, MAX_FILE_NAME_LENGTH } from '../../functions/domain/uploads/file-name.ts';

describe('checkFileName: the name a device gave a file, kept or refused, never cleaned', () => {
  it.each([
    ['payslip.pdf'],
    ['Nómina de marzo 2026.pdf'],
    ['بطاقة الهوية.jpg'],
    ['身份证.png'],
    ['scan (1).jpeg'],
    ['.hidden.pdf'],
  ])('keeps %j', (name) => {
    expect(checkFileName(name)).toEqual({ name: name.normalize('NFC') });
  });

  it('keeps a name as Unicode NFC, so the same name typed two ways is one name', () => {
    expect(checkFileName('Nómina.pdf'.normalize('NFD'))).toEqual({ name: 'Nómina.pdf'.normalize('NFC') });
  });

  it.each([
    ['../../etc/passwd'], ['..\\..\\boot.ini'], ['folder/payslip.pdf'], ['C:\\Users\\rosa\\payslip.pdf'], ['..'], ['.'], ['payslip..pdf'],
  ])('refuses the folder parts in %j', (name) => {
    expect(checkFileName(name)).toEqual({ refused: 'path' });
  });

  it.each([
    ['a newline', 'payslip\n.pdf'], ['a carriage return and a header', 'payslip\r\nX-Injected: 1.pdf'], ['a NUL', 'payslip\0.pdf'],
    ['a tab', 'pay\tslip.pdf'], ['DEL', 'payslip\u007F.pdf'], ['a C1 control', 'payslip\u0085.pdf'],
    ['a right-to-left override that shows "exe.pdf" as "fdp.exe"', 'payslip\u202Efdp.exe'], ['a bidi isolate', 'pay\u2066slip.pdf'],
  ])('refuses %s', (_what, name) => {
    expect(checkFileName(name)).toEqual({ refused: 'control' });
  });

  it('refuses no name, a blank name and what is not text', () => {
    for (const name of [undefined, '', '   ', 42, null, ['a.pdf']]) expect(checkFileName(name)).toEqual({ refused: 'missing' });
  });

  it(`refuses a name over ${MAX_FILE_NAME_LENGTH} characters, counted as characters, not bytes`, () => {
    expect(checkFileName(`${'a'.repeat(MAX_FILE_NAME_LENGTH - 4)}.pdf`)).toEqual({ name: `${'a'.repeat(MAX_FILE_NAME_LENGTH - 4)}.pdf` });
    expect(checkFileName(`${'a'.repeat(MAX_FILE_NAME_LENGTH - 3)}.pdf`)).toEqual({ refused: 'too-long' });
    const arabic = `${'ب'.repeat(MAX_FILE_NAME_LENGTH - 4)}.pdf`;
    expect(checkFileName(arabic)).toEqual({ name: arabic });
  });
});
