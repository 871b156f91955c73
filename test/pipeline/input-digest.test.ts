import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runPipeline } from '../../lib/pipeline/run';
import { writeRunOutputs } from '../../lib/pipeline/outputs';
import { fingerprintRun, matrixHash, rowsHash } from '../../lib/pipeline/fingerprint';
import { loadSources } from '../../lib/load/source';
import { validateConfig } from '../../lib/config/validate';
import { SeglabError } from '../../lib/errors/messages';
import { sha256, sha256File } from '../../lib/io/atomic';
import { createRng } from '../../lib/random/rng';
import { bankChurn } from './personal-fixtures';
import { writeFixture } from '../helpers/fixtures';
import { tempDir } from '../helpers/paths';

test('rowsHash is sha256 of JSON.stringify(rows), fed row by row (quotes, backslashes, unicode, empty fields, over 1 MB)', () => {
  const rng = createRng(5);
  const pieces = ['a', '"', '\\', 'é', '🙂', ',', '\n', '', ' ', '0.1', 'Zoë', '\u2028'];
  const rows = Array.from({ length: 60_000 }, () => Array.from({ length: 6 }, () => Array.from({ length: rng.int(6) }, () => pieces[rng.int(pieces.length)]).join('')));
  assert.ok(JSON.stringify(rows).length > 1 << 20, 'crosses the 1 MB block');
  assert.equal(rowsHash(rows), sha256(JSON.stringify(rows)));
  assert.equal(rowsHash([]), sha256('[]'));
  assert.equal(rowsHash([['x']]), sha256('[["x"]]'));
});

test('matrixHash is sha256 of the shape and of the row-major float64 bytes, hashed in blocks of rows (sizes across the block)', () => {
  const rng = createRng(8);
  for (const [n, d] of [[0, 0], [1, 1], [3449, 19], [20_000, 8], [70_000, 1]]) {
    const m = Array.from({ length: n }, () => Array.from({ length: d }, () => (rng.next() < 0.05 ? -0 : rng.normal() * 1e6)));
    const whole = new Float64Array(n * d);
    m.forEach((row, i) => whole.set(row, i * d));
    assert.equal(matrixHash(m), sha256(`${n}x${d}:${sha256(new Uint8Array(whole.buffer))}`), `${n}x${d}`);
  }
});

function churnConfig(dir: string, out: string, extra: Record<string, unknown> = {}) {
  return validateConfig(
    {
      outDir: out,
      sources: { customers: { path: path.join(dir, 'Churn_Modelling.csv') } },
      columns: { customerId: 'CustomerId', pii: ['Surname'] },
      features: { behavioural: [], customerColumns: ['CreditScore', 'Tenure', 'Balance', 'NumOfProducts', 'EstimatedSalary'], logColumns: ['Balance'] },
      embed: { enabled: false },
      cluster: { kMax: 4 },
      clv: { enabled: false },
      fairness: { protected: ['Gender'], minCellSize: 50 },
      ...extra,
    },
    dir,
  );
}

test('the run keeps a digest of its inputs, not the rows; its fingerprints and manifest hashes equal those of the inputs as loaded', async () => {
  const dir = writeFixture({ 'Churn_Modelling.csv': bankChurn(800).text });
  const out = tempDir('seglab-digest-');
  const config = churnConfig(dir, out);
  const before = sha256File(path.join(dir, 'Churn_Modelling.csv'));
  const run = await runPipeline(config);
  assert.equal(run.inputs.kind, 'digest');
  assert.ok(!('customers' in run.inputs), 'no raw table is carried by the run');
  assert.deepEqual(run.inputs.files.map((f) => [f.role, f.rows, f.sha256]), [['customers', 800, before]]);
  // The same fingerprints as computed from the inputs loaded again (the definition of "load" is unchanged).
  assert.deepEqual(fingerprintRun(run, run.inputs), fingerprintRun(run, await loadSources(config)));
  const reload = run.inputs.reload;
  let reads = 0;
  run.inputs.reload = () => (reads++, reload());
  const manifest = await writeRunOutputs(run, run.inputs);
  // Surnames that are also words (White, Root...) match seglab's own words by chance: the inputs are
  // read again once to find that no other column carries them; then the run is written.
  assert.equal(reads, 1);
  assert.deepEqual(manifest.inputs.map((i) => i.sha256), [before]);
  assert.equal(manifest.fingerprints.load, fingerprintRun(run, await loadSources(config)).load);
  assert.ok(typeof manifest.timings.digest === 'number');
  assert.equal(sha256File(path.join(dir, 'Churn_Modelling.csv')), before, 'input not modified');
});

test('a personal value reaching an output is still explained from the digest (the inputs are read again), and no folder is written', async () => {
  // The customer id column holds e-mails and ids are not pseudonymised: segments.csv would carry them.
  const churn = bankChurn(600);
  const lines = churn.text.split('\n');
  const header = lines[0].split(',');
  const idIdx = header.indexOf('CustomerId');
  const text = lines.map((line, i) => (i === 0 || !line ? line : line.split(',').map((v, j) => (j === idIdx ? `client${v}@example.org` : v)).join(','))).join('\n');
  const dir = writeFixture({ 'Churn_Modelling.csv': text });
  const out = tempDir('seglab-digest-leak-');
  fs.rmSync(out, { recursive: true, force: true });
  const run = await runPipeline(churnConfig(dir, out));
  assert.ok(run.inputs.idFinding, 'the id column is found personal');
  const reload = run.inputs.reload;
  let reads = 0;
  run.inputs.reload = () => (reads++, reload());
  await assert.rejects(
    () => writeRunOutputs(run, run.inputs),
    (e: unknown) => e instanceof SeglabError && /segments\.csv line 2 holds a value of personal column "CustomerId" \(c\*+g\), carried by the customer id "CustomerId": set "privacy": \{ "pseudonymise": true \}/.test(e.message),
  );
  assert.equal(reads, 1, 'the inputs were read again once, to name the carrier');
  assert.equal(fs.existsSync(path.join(out, 'manifest.json')), false, 'no run folder');
});
