import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The saved state's folder: `state.json` (everything small: table items, object and mail listings, schedules,
 * queued messages) and `blobs/`, the object bodies and raw mails by the SHA-256 of their content.
 *
 * Every file is written to a temporary name, flushed and renamed, so a crash mid-write leaves the previous file
 * whole. Blobs are written before the state.json that names them, and blobs no state.json names are removed only
 * after the new state.json is in place: whichever state.json a crash leaves behind, every blob it names exists.
 */
export class StateFiles {
  readonly blobsDir: string;
  readonly stateFile: string;

  constructor(readonly dir: string) {
    this.blobsDir = join(dir, 'blobs');
    this.stateFile = join(dir, 'state.json');
  }

  /** Removes everything saved (`npm start -- --fresh`). */
  clear(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  read<T>(): T | undefined {
    if (!existsSync(this.stateFile)) return undefined;
    return JSON.parse(readFileSync(this.stateFile, 'utf8'), reviveBytes) as T;
  }

  /** Stores `content` unless a blob with that content is already there; resolves to its name. */
  putBlob(content: Uint8Array): string {
    const name = createHash('sha256').update(content).digest('hex');
    const path = join(this.blobsDir, name);
    if (!existsSync(path)) {
      mkdirSync(this.blobsDir, { recursive: true, mode: 0o700 });
      writeAtomically(path, content);
    }
    return name;
  }

  readBlob(name: string): Buffer {
    return readFileSync(join(this.blobsDir, name));
  }

  /** Replaces state.json, then removes the blobs it no longer names. Resolves to the bytes on disk. */
  write(state: unknown, blobsInUse: ReadonlySet<string>): number {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const content = Buffer.from(JSON.stringify(state, replaceBytes));
    writeAtomically(this.stateFile, content);
    let bytes = content.length;
    for (const name of existsSync(this.blobsDir) ? readdirSync(this.blobsDir) : []) {
      // Temporary files of a write a crash interrupted are not in use either.
      if (blobsInUse.has(name)) bytes += statSync(join(this.blobsDir, name)).size;
      else rmSync(join(this.blobsDir, name), { force: true });
    }
    return bytes;
  }
}

export function writeAtomically(path: string, content: Uint8Array): void {
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  // Case data: readable by the developer's own account only.
  const fd = openSync(temporary, 'w', 0o600);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
}

/** DynamoDB binary attributes and SQS binary message attributes are bytes, which JSON cannot hold as such. */
function replaceBytes(_key: string, value: unknown): unknown {
  if (value instanceof Uint8Array) return { $base64: Buffer.from(value).toString('base64') };
  if (isSerializedBuffer(value)) return { $base64: Buffer.from(value.data).toString('base64') };
  return value;
}

function reviveBytes(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && Object.keys(value).length === 1 && typeof (value as { $base64?: unknown }).$base64 === 'string') {
    return new Uint8Array(Buffer.from((value as { $base64: string }).$base64, 'base64'));
  }
  return value;
}

// Buffer.prototype.toJSON runs before a replacer sees the value.
function isSerializedBuffer(value: unknown): value is { type: 'Buffer'; data: number[] } {
  return !!value && typeof value === 'object' && (value as { type?: unknown }).type === 'Buffer' && Array.isArray((value as { data?: unknown }).data);
}
