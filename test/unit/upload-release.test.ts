import exifr from 'exifr';
import { fileTypeFromBuffer } from 'file-type';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../functions/contracts/config.ts';
import type { MalwareScanEvent } from '../../functions/contracts/malware-scan-event.ts';
import { build } from '../../functions/handlers/upload-scanned.ts';
import { releaseScanned, type QuarantineRead, type ReleaseStore } from '../../functions/domain/uploads/release-upload.ts';
import { stripImageMetadata } from '../../functions/domain/uploads/strip-image-metadata.ts';
import { sweepUploads, type UploadLinkState, type UploadSweepStore } from '../../functions/domain/uploads/sweep-uploads.ts';
import type { UploadType } from '../../functions/domain/uploads/upload-field.ts';
import { uploadObjects } from '../../functions/domain/uploads/upload-objects.ts';
import type { ScanResult, UploadRecord } from '../../functions/domain/uploads/upload-record.ts';
import { EICAR } from '../../local/malware-scan-stand-in.ts';
import { jpegWithGps, PNG_TEXT, pngWithText } from '../support/image-fixtures.ts';

const AGENCY = 'demo';
const UPLOAD = '5b1f3c8e-2a47-4d7b-9c51-0e6f1a2b3c4d';
const NOW = new Date('2026-12-06T12:00:00Z');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

describe('stripImageMetadata', () => {
  it('takes the GPS position out of a JPEG and keeps the image a JPEG', async () => {
    const photo = jpegWithGps();
    expect(await exifr.gps(photo)).toMatchObject({ latitude: expect.closeTo(48.858, 2) });
    const stripped = await stripImageMetadata(photo, 'image/jpeg');
    expect(await exifr.parse(stripped, true).catch(() => undefined)).not.toHaveProperty('GPSLatitude');
    expect(await exifr.gps(stripped).catch(() => undefined)).toBeUndefined();
    expect(stripped.includes(Buffer.from('Exif\0\0', 'latin1'))).toBe(false);
    expect(stripped.includes(Buffer.from('JFIF\0', 'latin1'))).toBe(true);
    expect((await fileTypeFromBuffer(stripped))?.mime).toBe('image/jpeg');
  });

  it('takes a PNG text chunk out and keeps the image chunks', async () => {
    const image = pngWithText();
    expect(await exifr.parse(image, true)).toMatchObject({ Comment: PNG_TEXT });
    const stripped = await stripImageMetadata(image, 'image/png');
    expect(stripped.includes(Buffer.from('tEXt', 'latin1'))).toBe(false);
    expect(stripped.includes(Buffer.from(PNG_TEXT, 'latin1'))).toBe(false);
    for (const kept of ['IHDR', 'IDAT', 'IEND']) expect(stripped.includes(Buffer.from(kept, 'latin1'))).toBe(true);
    expect(stripped.length).toBe(image.length - (12 + 'Comment\0'.length + PNG_TEXT.length));
    expect((await fileTypeFromBuffer(stripped))?.mime).toBe('image/png');
  });

  it('leaves a PDF as it is', async () => {
    expect(await stripImageMetadata(PDF, 'application/pdf')).toBe(PDF);
  });
});

/** The release's storage in memory: objects by key with their ETags, records, case files. */
class MemoryReleaseStore implements ReleaseStore {
  readonly objects = new Map<string, { bytes: Buffer; etag: string; type?: string }>();
  readonly records = new Map<string, UploadRecord>();
  readonly stubs = new Map<string, { etag: string; scan: ScanResult; expiresAt: Date }>();
  readonly caseFiles = new Map<string, ScanResult>();

  async receivedRecord(_agencyId: string, uploadId: string) {
    return this.records.get(uploadId);
  }

  async readQuarantined(agencyId: string, uploadId: string, etag: string): Promise<QuarantineRead<Buffer>> {
    const object = this.objects.get(uploadObjects.quarantine(agencyId, uploadId));
    if (!object) return { missing: 'gone' };
    return object.etag === etag ? { found: object.bytes } : { missing: 'replaced' };
  }

  async putReleased(agencyId: string, uploadId: string, bytes: Buffer, type: UploadType) {
    this.objects.set(uploadObjects.released(agencyId, uploadId), { bytes, etag: 'released', type });
  }

  async holdQuarantined(agencyId: string, uploadId: string, etag: string): Promise<QuarantineRead<true>> {
    const read = await this.readQuarantined(agencyId, uploadId, etag);
    if ('missing' in read) return read;
    this.objects.set(uploadObjects.held(agencyId, uploadId), { bytes: read.found, etag });
    return { found: true };
  }

  async deleteQuarantined(agencyId: string, uploadId: string) {
    this.objects.delete(uploadObjects.quarantine(agencyId, uploadId));
  }

  async setScan(_agencyId: string, uploadId: string, etag: string, scan: ScanResult) {
    const record = this.records.get(uploadId);
    if (!record || record.etag.replace(/"/g, '') !== etag) return undefined;
    const updated = { ...record, scan };
    this.records.set(uploadId, updated);
    return updated;
  }

  async setCaseFileScan(_agencyId: string, caseId: string, uploadId: string, scan: ScanResult) {
    this.caseFiles.set(`${caseId}/${uploadId}`, scan);
  }

  async noteEarlyScan(_agencyId: string, uploadId: string, etag: string, scan: ScanResult, expiresAt: Date) {
    this.stubs.set(uploadId, { etag, scan, expiresAt });
  }
}

function received(store: MemoryReleaseStore, bytes: Buffer, type: UploadType, extra: Partial<UploadRecord> = {}): UploadRecord {
  const record: UploadRecord = {
    agencyId: AGENCY, uploadId: UPLOAD, formId: 'intake', field: '/idDocument', name: 'id', size: bytes.length, type, etag: '"abc123"', receivedAt: NOW.toISOString(), scan: 'pending', ...extra,
  };
  store.objects.set(uploadObjects.quarantine(AGENCY, UPLOAD), { bytes, etag: 'abc123' });
  store.records.set(UPLOAD, record);
  return record;
}

const scanned = (status: 'NO_THREATS_FOUND' | 'THREATS_FOUND' | 'FAILED', etag = 'abc123') => ({ agencyId: AGENCY, uploadId: UPLOAD, etag, status });

describe('releaseScanned', () => {
  it('holds an infected file (EICAR) and never puts it in files/', async () => {
    const store = new MemoryReleaseStore();
    const eicar = Buffer.from(EICAR, 'latin1');
    received(store, eicar, 'application/pdf');
    expect(await releaseScanned(store, scanned('THREATS_FOUND'), NOW)).toBe('held');
    expect(store.objects.get(uploadObjects.held(AGENCY, UPLOAD))?.bytes).toEqual(eicar);
    expect(store.objects.has(uploadObjects.released(AGENCY, UPLOAD))).toBe(false);
    expect(store.objects.has(uploadObjects.quarantine(AGENCY, UPLOAD))).toBe(false);
    expect(store.records.get(UPLOAD)?.scan).toBe('infected');
  });

  it('releases a clean photo to files/ without its GPS position, typed by its bytes', async () => {
    const store = new MemoryReleaseStore();
    received(store, jpegWithGps(), 'image/jpeg');
    expect(await releaseScanned(store, scanned('NO_THREATS_FOUND'), NOW)).toBe('released');
    const released = store.objects.get(uploadObjects.released(AGENCY, UPLOAD))!;
    expect(released.type).toBe('image/jpeg');
    expect(await exifr.gps(released.bytes).catch(() => undefined)).toBeUndefined();
    expect(store.objects.has(uploadObjects.quarantine(AGENCY, UPLOAD))).toBe(false);
    expect(store.records.get(UPLOAD)?.scan).toBe('clean');
  });

  it('updates the case file too when the upload was linked before the scan answered', async () => {
    const store = new MemoryReleaseStore();
    received(store, PDF, 'application/pdf', { caseId: 'case-1', submissionId: 'sub-1' });
    await releaseScanned(store, scanned('NO_THREATS_FOUND'), NOW);
    expect(store.caseFiles.get(`case-1/${UPLOAD}`)).toBe('clean');
  });

  it('deletes an object replaced after the service checked it, and changes nothing else', async () => {
    const store = new MemoryReleaseStore();
    received(store, PDF, 'application/pdf');
    store.objects.set(uploadObjects.quarantine(AGENCY, UPLOAD), { bytes: Buffer.from('MZ not a pdf'), etag: 'other' });
    expect(await releaseScanned(store, scanned('NO_THREATS_FOUND', 'other'), NOW)).toBe('replaced');
    expect(store.objects.size).toBe(0);
    expect(store.records.get(UPLOAD)?.scan).toBe('pending');
  });

  it('does not release bytes whose type no longer matches what was received', async () => {
    const store = new MemoryReleaseStore();
    received(store, Buffer.from('MZ\x90\x00 an executable', 'latin1'), 'application/pdf');
    expect(await releaseScanned(store, scanned('NO_THREATS_FOUND'), NOW)).toBe('not-scanned');
    expect(store.objects.has(uploadObjects.released(AGENCY, UPLOAD))).toBe(false);
    expect(store.records.get(UPLOAD)?.scan).toBe('not-scanned');
  });

  it('keeps a failed scan in quarantine as not scanned', async () => {
    const store = new MemoryReleaseStore();
    received(store, PDF, 'application/pdf');
    expect(await releaseScanned(store, scanned('FAILED'), NOW)).toBe('not-scanned');
    expect([...store.objects.keys()]).toEqual([uploadObjects.quarantine(AGENCY, UPLOAD)]);
    expect(store.records.get(UPLOAD)?.scan).toBe('not-scanned');
  });

  it('keeps a result that came before the receive on a stub, and moves nothing', async () => {
    const store = new MemoryReleaseStore();
    store.objects.set(uploadObjects.quarantine(AGENCY, UPLOAD), { bytes: PDF, etag: 'abc123' });
    expect(await releaseScanned(store, scanned('NO_THREATS_FOUND', '"abc123"'), NOW)).toBe('early');
    expect(store.stubs.get(UPLOAD)).toEqual({ etag: 'abc123', scan: 'clean', expiresAt: new Date('2026-12-07T12:00:00Z') });
    expect(store.objects.has(uploadObjects.quarantine(AGENCY, UPLOAD))).toBe(true);
  });

  it('can take the same event twice', async () => {
    const store = new MemoryReleaseStore();
    received(store, PDF, 'application/pdf');
    expect(await releaseScanned(store, scanned('NO_THREATS_FOUND'), NOW)).toBe('released');
    expect(await releaseScanned(store, scanned('NO_THREATS_FOUND'), NOW)).toBe('gone');
    expect(store.records.get(UPLOAD)?.scan).toBe('clean');
    expect(store.objects.get(uploadObjects.released(AGENCY, UPLOAD))?.bytes).toEqual(PDF);
  });
});

class MemorySweepStore implements UploadSweepStore {
  readonly objectsByKey = new Map<string, Date>();
  readonly records = new Map<string, UploadLinkState>();

  async *objects(prefix: string) {
    for (const [key, lastModified] of this.objectsByKey) if (key.startsWith(prefix)) yield { key, lastModified };
  }

  async linkState(_agencyId: string, uploadId: string) {
    return this.records.get(uploadId);
  }

  async deleteUnlinkedRecord(_agencyId: string, uploadId: string) {
    if (this.records.get(uploadId)?.linked !== false) return false;
    return this.records.delete(uploadId);
  }

  async deleteObject(key: string) {
    this.objectsByKey.delete(key);
  }
}

describe('sweepUploads', () => {
  const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  const hoursAgo = (hours: number) => new Date(NOW.getTime() - hours * 3_600_000);

  it('deletes unlinked uploads past their day, keeps linked ones, fresh ones and infected files', async () => {
    const store = new MemorySweepStore();
    const add = (n: number, where: 'quarantine' | 'files' | 'held', age: number, record?: UploadLinkState) => {
      store.objectsByKey.set(`${where}/demo/${id(n)}`, hoursAgo(age));
      if (record) store.records.set(id(n), record);
    };
    add(1, 'quarantine', 30);
    add(2, 'quarantine', 2, { linked: false, expiresAt: hoursAgo(-22) });
    add(3, 'files', 30, { linked: false, expiresAt: hoursAgo(6) });
    add(4, 'files', 30, { linked: true });
    add(5, 'files', 2, { linked: false, expiresAt: hoursAgo(-22) });
    add(6, 'held', 30, { linked: false, expiresAt: hoursAgo(6) });
    add(7, 'quarantine', 30, { linked: true });
    add(8, 'files', 30);

    expect(await sweepUploads(store, NOW)).toEqual({ objects: 4, records: 2 });
    expect([...store.objectsByKey.keys()].sort()).toEqual([`files/demo/${id(4)}`, `files/demo/${id(5)}`, `held/demo/${id(6)}`, `quarantine/demo/${id(2)}`]);
    expect([...store.records.keys()].sort()).toEqual([id(2), id(4), id(5), id(7)]);
  });
});

describe('upload-scanned', () => {
  const config = { ...readConfig({ TABLE_NAME: 't', BUCKET_NAME: 'b', DOCUMENT_QUEUE_URL: 'q', FORMS_DIR: 'f', TEMPLATES_DIR: 't' }), uploadsBucketName: 'uploads' };
  const event = (bucketName: string, objectKey: string, source = 'aws.guardduty') => ({
    source, 'detail-type': 'GuardDuty Malware Protection Object Scan Result', time: NOW.toISOString(),
    detail: {
      schemaVersion: '1.0', scanStatus: 'COMPLETED', resourceType: 'S3_OBJECT', s3ObjectDetails: { bucketName, objectKey, eTag: 'abc123' },
      scanResultDetails: { scanResultStatus: 'NO_THREATS_FOUND', threats: null },
    },
  }) as unknown as MalwareScanEvent;

  it('ignores a scan of another bucket, of an object outside quarantine/, or from another source, touching nothing', async () => {
    const handler = build(() => config);
    // No emulator here: any storage call would fail the test.
    expect(await handler(event('another-bucket', `quarantine/demo/${UPLOAD}`))).toBe('ignored');
    expect(await handler(event('uploads', `files/demo/${UPLOAD}`))).toBe('ignored');
    expect(await handler(event('uploads', `quarantine/demo/${UPLOAD}`, 'aws.s3'))).toBe('ignored');
  });
});
