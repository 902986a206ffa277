import { crc32, deflateSync } from 'node:zlib';

/**
 * Small images made byte by byte, so a test knows exactly what metadata they carry: a JPEG whose EXIF holds GPS
 * coordinates, and a PNG with a tEXt chunk.
 */
export const GPS = { latitude: [48, 51, 30], longitude: [2, 17, 40] } as const;

export function jpegWithGps(): Buffer {
  const rationals = (values: readonly number[]) => Buffer.concat(values.map((value) => u32(value).concat(u32(1))).map((bytes) => Buffer.from(bytes)));
  const entry = (tag: number, type: number, count: number, value: Buffer) => Buffer.concat([Buffer.from([...u16(tag), ...u16(type), ...u32(count)]), pad4(value)]);
  // TIFF, big-endian: header (8), IFD0 with one entry pointing at the GPS IFD (18), the GPS IFD with four entries (54), then the rationals.
  const gpsIfdOffset = 8 + 18;
  const dataOffset = gpsIfdOffset + 2 + 4 * 12 + 4;
  const tiff = Buffer.concat([
    Buffer.from('MM\x00\x2a', 'latin1'), Buffer.from(u32(8)),
    Buffer.from(u16(1)), entry(0x8825, 4, 1, Buffer.from(u32(gpsIfdOffset))), Buffer.from(u32(0)),
    Buffer.from(u16(4)),
    entry(0x0001, 2, 2, Buffer.from('N\0', 'latin1')),
    entry(0x0002, 5, 3, Buffer.from(u32(dataOffset))),
    entry(0x0003, 2, 2, Buffer.from('E\0', 'latin1')),
    entry(0x0004, 5, 3, Buffer.from(u32(dataOffset + 24))),
    Buffer.from(u32(0)),
    rationals(GPS.latitude), rationals(GPS.longitude),
  ]);
  const app1 = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    Buffer.from([0xff, 0xe1, ...u16(app1.length + 2)]), app1,
    // A JFIF APP0 after it: what must stay.
    Buffer.from([0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0', 'latin1'), Buffer.from([1, 1, 0, 0, 1, 0, 1, 0, 0]),
    Buffer.from([0xff, 0xd9]),
  ]);
}

export const PNG_TEXT = 'Taken at 12 Harbour Road';

export function pngWithText(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    return Buffer.concat([Buffer.from(u32(data.length)), body, Buffer.from(u32(crc32(body)))]);
  };
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', Buffer.from([...u32(1), ...u32(1), 8, 0, 0, 0, 0])),
    chunk('tEXt', Buffer.from(`Comment\0${PNG_TEXT}`, 'latin1')),
    chunk('IDAT', deflateSync(Buffer.from([0, 0]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function u16(value: number): number[] {
  return [(value >> 8) & 0xff, value & 0xff];
}

function u32(value: number): number[] {
  return [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
}

function pad4(value: Buffer): Buffer {
  return value.length >= 4 ? value : Buffer.concat([value, Buffer.alloc(4 - value.length)]);
}
