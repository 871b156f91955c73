import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from './paths';

/** Write files into a fresh temp folder; returns the folder. Content may be a string or bytes. */
export function writeFixture(files: Record<string, string | Uint8Array>): string {
  const dir = tempDir();
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

/** Deep-freeze an object graph (tests use it to prove a stage does not mutate its input). */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}
