/**
 * Input files hashed on a worker thread (issue 15): the same sha256 as sha256File, for an empty
 * file, a file spanning several 4 MB blocks and a repeated path; an unreadable file fails as the
 * in-process hash does; a cancelled worker leaves the hashing to the caller, with the same hashes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileHashTask, hashFilesTask } from '../../lib/io/file-hash';
import { hashFilesInBackground } from '../../lib/parallel/hash-files';
import { sha256File } from '../../lib/io/atomic';

function files(): { dir: string; list: string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seglab-hash-'));
  const empty = path.join(dir, 'empty.csv');
  fs.writeFileSync(empty, '');
  const big = path.join(dir, 'big.csv');
  // 9.5 MB: three 4 MB blocks, the last one partial.
  fs.writeFileSync(big, crypto.randomBytes(9.5 * (1 << 20)));
  const small = path.join(dir, 'small.csv');
  fs.writeFileSync(small, 'id,amount\nC1,12.5\n');
  return { dir, list: [empty, big, small, big] };
}

test('a worker hashes files as sha256File does', async () => {
  const { dir, list } = files();
  try {
    const running = hashFilesInBackground(list);
    const hashes = await running.result();
    assert.equal(running.fromWorker(), 3, 'every file was hashed by the worker');
    assert.equal(hashes.size, 3);
    for (const file of list) assert.equal(hashes.get(file), sha256File(file));
    assert.equal(hashes.get(list[0]), crypto.createHash('sha256').update('').digest('hex'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('an unreadable file fails as the in-process hash fails', async () => {
  const missing = path.join(os.tmpdir(), `seglab-no-such-file-${process.pid}.csv`);
  let expected = '';
  try {
    sha256File(missing);
  } catch (e) {
    expected = (e as Error).message;
  }
  assert.match(expected, /ENOENT/);
  await assert.rejects(hashFilesInBackground([missing]).result(), (e: Error) => e.message === expected);
});

test('after cancel the hashes are computed in-process, the same', async () => {
  const { dir, list } = files();
  try {
    const running = hashFilesInBackground(list);
    running.cancel();
    const hashes = await running.result();
    for (const file of list) assert.equal(hashes.get(file), sha256File(file));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the task gives every readable file its hash and an unreadable one none', () => {
  const { dir, list } = files();
  const missing = path.join(dir, 'gone.csv');
  try {
    const answers = hashFilesTask(fileHashTask([list[1], missing, list[2]]));
    assert.deepEqual(answers.map((a) => a.file), [list[1], missing, list[2]]);
    assert.equal(answers[0].sha256, sha256File(list[1]));
    assert.equal(answers[1].sha256, undefined);
    assert.equal(answers[2].sha256, sha256File(list[2]));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
