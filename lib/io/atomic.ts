import * as fs from 'node:fs';
import * as path from 'node:path';
import * as crypto from 'node:crypto';

/**
 * Write a file atomically: write a temporary sibling, fsync, then rename over the target, so a
 * reader never sees a half-written file and a crash leaves the old file intact.
 * @example writeFileAtomic('reports/run/segments.csv', 'customer_id,segment\n')
 */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/** sha256 of a file's bytes, hex. */
export function sha256File(file: string): string {
  // Read in 4 MB blocks: an input file of 700 MB is hashed without holding it in memory.
  const hash = crypto.createHash('sha256');
  const block = Buffer.allocUnsafe(4 << 20);
  const fd = fs.openSync(file, 'r');
  try {
    for (let n = fs.readSync(fd, block, 0, block.length, null); n > 0; n = fs.readSync(fd, block, 0, block.length, null)) hash.update(block.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest('hex');
}

/** sha256 of a string or bytes, hex. */
export function sha256(data: string | Uint8Array): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}
