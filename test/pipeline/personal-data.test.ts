import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { validateConfig } from '../../lib/config/validate';
import { runPipeline } from '../../lib/pipeline/run';
import { writeRunOutputs } from '../../lib/pipeline/outputs';
import { recoverableCells } from '../../lib/fairness/disclosure';
import { tempDir } from '../helpers/paths';
import { writeFixture } from '../helpers/fixtures';
import { bankChurn, creditCard } from './personal-fixtures';

/** Every file of a run folder, name -> text (PNG charts skipped). */
function outputs(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, prefix: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(d, e.name), `${prefix}${e.name}/`);
      else if (!e.name.endsWith('.png')) out[`${prefix}${e.name}`] = fs.readFileSync(path.join(d, e.name), 'utf8');
    }
  };
  walk(dir, '');
  return out;
}

/** Whole CSV fields and JSON strings of the outputs, lower-cased. */
function structuredFields(files: Record<string, string>): Set<string> {
  const fields = new Set<string>();
  const collect = (v: unknown): void => {
    if (typeof v === 'string') fields.add(v.trim().toLowerCase());
    else if (Array.isArray(v)) v.forEach(collect);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) { fields.add(k.toLowerCase()); collect(x); }
  };
  for (const [name, text] of Object.entries(files)) {
    if (name.endsWith('.csv')) for (const line of text.split('\n')) for (const f of line.split(',')) fields.add(f.replace(/^"|"$/g, '').trim().toLowerCase());
    if (name.endsWith('.json')) collect(JSON.parse(text));
  }
  return fields;
}

/**
 * The differencing attacker over every aggregate output: published segment × group cells
 * (fairness.json), segment sizes (profiles.json), group totals (fairness.json groups), the number of
 * customers; it solves every linear combination, and looks for ratios of a suppressed count in the
 * JSON numbers and in report.html.
 */
function attack(files: Record<string, string>, attribute: string, truth: Map<string, string>, segmentOf: Map<string, number>): { recovered: number; suppressed: number; leakedRatios: string[] } {
  const fairness = JSON.parse(files['fairness.json']);
  const profiles = JSON.parse(files['profiles.json']);
  const k: number = profiles.k;
  const attr = fairness.representation.attributes.find((a: { attribute: string }) => a.attribute === attribute);
  const groupsInfo = fairness.groups.find((g: { attribute: string }) => g.attribute === attribute);
  const groups: string[] = groupsInfo.groups.map((g: { group: string }) => g.group);
  const sizes = Array.from({ length: k }, (_, s) => profiles.segments.find((p: { segment: number }) => p.segment === s + 1).size as number);
  const cells = sizes.map((_, s) => groups.map((g) => attr.cells.find((c: { segment: number; group: string }) => c.segment === s + 1 && c.group === g)?.count ?? null));
  const columnTotals = groupsInfo.groups.map((g: { count: number | null }) => g.count);
  const recovered = recoverableCells({ cells, rowTotals: sizes, columnTotals, grandTotal: fairness.customers });
  // True counts, to look for statistics derived from a suppressed one.
  const trueCells = sizes.map(() => groups.map(() => 0));
  for (const [id, s] of segmentOf) {
    const g = groups.indexOf(truth.get(id) as string);
    if (g >= 0) trueCells[s][g]++;
  }
  const n = fairness.customers as number;
  const jsonNumbers: number[] = [];
  const collect = (v: unknown): void => {
    if (typeof v === 'number') jsonNumbers.push(v);
    else if (Array.isArray(v)) v.forEach(collect);
    else if (v && typeof v === 'object') Object.values(v).forEach(collect);
  };
  for (const f of ['fairness.json', 'profiles.json', 'data-quality.json']) collect(JSON.parse(files[f]));
  const leakedRatios: string[] = [];
  let suppressed = 0;
  cells.forEach((row, s) =>
    row.forEach((c, g) => {
      if (c !== null) return;
      suppressed++;
      const count = trueCells[s][g];
      if (count === 0) return;
      const total = trueCells.reduce((a, r) => a + r[g], 0);
      const rowMax = Math.max(...trueCells[s]);
      const derived = [count / sizes[s], count / total, count / sizes[s] / (total / n), count / rowMax].filter((x) => x > 0 && x !== 1 && x < 1e6);
      for (const x of derived) {
        if (jsonNumbers.some((y) => Math.abs(y - x) < 1e-9)) leakedRatios.push(`json ${x}`);
        if (x < 1 && files['report.html'].includes(`>${x.toFixed(4)}<`)) leakedRatios.push(`report ${x.toFixed(4)}`);
      }
    }),
  );
  return { recovered: recovered.length, suppressed, leakedRatios };
}

function segmentsOf(files: Record<string, string>): Map<string, number> {
  return new Map(files['segments.csv'].trim().split('\n').slice(1).map((l) => {
    const [id, s] = l.split(',');
    return [id, Number(s) - 1] as [string, number];
  }));
}

test('bank-churn table with Surname declared (White, Marks, Root, Path...): runs to the end, no surname in any output, no recoverable cell', async () => {
  const data = bankChurn(1500);
  const dir = writeFixture({ 'Churn_Modelling.csv': data.text });
  const out = tempDir('seglab-churn-');
  const config = validateConfig(
    {
      outDir: out,
      sources: { customers: { path: path.join(dir, 'Churn_Modelling.csv') } },
      columns: { customerId: 'CustomerId', pii: ['Surname'] },
      features: { behavioural: [], customerColumns: ['CreditScore', 'Tenure', 'Balance', 'NumOfProducts', 'EstimatedSalary'], logColumns: ['Balance'] },
      embed: { enabled: false },
      cluster: { kMax: 5 },
      clv: { enabled: false },
      fairness: { protected: ['Gender', 'Geography', 'Age'], minCellSize: 150 },
    },
    dir,
  );
  const run = await runPipeline(config);
  await writeRunOutputs(run, run.inputs);
  const files = outputs(out);
  // Surnames that are not also words seglab writes itself ("text", "value", "group"... are in the fixture to prove they do not block the run).
  const fields = structuredFields(files);
  for (const surname of ['White', 'Marks', 'Root', 'Black', 'Green', 'Young', 'Hill', 'Stroke', 'Legend']) assert.ok(!fields.has(surname.toLowerCase()), `surname ${surname} written as a field`);
  for (const line of files['segments.csv'].split('\n')) for (const surname of new Set(data.surnames)) assert.ok(!line.split(',').includes(surname));
  const dq = JSON.parse(files['data-quality.json']);
  const surnameProfile = dq[0].columns.find((c: { name: string }) => c.name === 'Surname');
  assert.deepEqual([surnameProfile.top, surnameProfile.valuesHidden], [[], 'personal']);
  assert.ok(!files['report.html'].includes('/tmp/'), 'no local path in the report');
  const fairness = JSON.parse(files['fairness.json']);
  assert.equal(fairness.checks.length, fairness.summary.pass + fairness.summary.warn + fairness.summary.fail);
  assert.ok(fairness.checks.some((c: { id: string; verdict: string }) => c.id === 'pii-scan' && c.verdict === 'pass'));
  assert.ok(files['report.html'].includes(fairness.summary.headline.replace(/"/g, '&quot;').slice(0, 30)));
  // Segment numbers in fairness.json are 1..k like segments.csv.
  const segs = new Set(fairness.representation.attributes[0].cells.map((c: { segment: number }) => c.segment));
  assert.deepEqual([...segs].sort((a, b) => (a as number) - (b as number)), Array.from({ length: fairness.k }, (_, i) => i + 1));
  const segmentOf = segmentsOf(files);
  let suppressed = 0;
  for (const [attribute, values] of [['Gender', data.gender], ['Geography', data.geography]] as const) {
    const truth = new Map(data.ids.map((id, i) => [id, values[i]]));
    const a = attack(files, attribute, truth, segmentOf);
    suppressed += a.suppressed;
    assert.equal(a.recovered, 0, `${attribute}: a suppressed cell is recoverable`);
    assert.deepEqual(a.leakedRatios, [], `${attribute}: a statistic derived from a suppressed count`);
  }
  // The attacker had something to attack: some cells are suppressed (minCellSize 150 on 1500 customers).
  assert.ok(suppressed > 0, 'no suppressed cell: the attack proves nothing');
});

test('credit-card table: decimals are not phones, undeclared e-mail/phone/IBAN/card/free-text columns are found, excluded and never written', async () => {
  const data = creditCard(1000);
  const dir = writeFixture({ 'CC GENERAL.csv': data.text });
  const out = tempDir('seglab-cc-');
  const config = validateConfig(
    {
      outDir: out,
      sources: { customers: { path: path.join(dir, 'CC GENERAL.csv') } },
      columns: { customerId: 'CUST_ID', pii: [] },
      features: { behavioural: [], customerColumns: ['BALANCE', 'PURCHASES', 'PAYMENTS', 'MINIMUM_PAYMENTS', 'CREDIT_LIMIT', 'TENURE'] },
      embed: { enabled: false },
      cluster: { kMax: 4 },
      clv: { enabled: false },
      fairness: { protected: ['SeniorCitizen'] },
    },
    dir,
  );
  const run = await runPipeline(config);
  assert.deepEqual(run.cleaned.customers.piiFindings.map((f) => [f.column, f.reason]), [['contact', 'email'], ['reach', 'phone'], ['acct', 'iban'], ['ref', 'card'], ['memo', 'free-text']]);
  const warning = run.warnings.find((w) => w.includes('detected as personal data'));
  assert.ok(warning && /"memo" of customers: its text contains e-mail addresses.*\(50 of 1000 values scanned, e\.g\. u\*+m\)/.test(warning), warning);
  assert.ok(!run.excluded.some((e) => ['BALANCE', 'PAYMENTS', 'MINIMUM_PAYMENTS'].includes(e.column) && e.reason === 'pii'));
  await writeRunOutputs(run, run.inputs);
  const files = outputs(out);
  const all = Object.values(files).join('\n').toLowerCase();
  for (const value of data.personal) assert.ok(!all.includes(value.toLowerCase()), 'a personal value was written');
  const groups = JSON.parse(files['fairness.json']).groups[0];
  assert.deepEqual(groups.groups.map((g: { group: string }) => g.group), ['0', '1']);
  assert.match(groups.grouping, /0\/1 flag/);
  const truth = new Map(data.ids.map((id, i) => [id, String(data.senior[i])]));
  const a = attack(files, 'SeniorCitizen', truth, segmentsOf(files));
  assert.equal(a.recovered, 0);
  assert.deepEqual(a.leakedRatios, []);
});

test('dates of birth: found without being declared, excluded, hidden in the profile, and no date of birth (or the oldest or youngest) in any output', async () => {
  const rows = ['customer_id,date_of_birth,income,visits,gender'];
  const births: string[] = [];
  for (let i = 0; i < 400; i++) {
    // Days from 1940-01-01: a spread of ages; income and visits in two groups.
    const birth = new Date(Date.UTC(1940, 0, 1) + ((i * 7919) % 24000) * 86_400_000).toISOString().slice(0, 10);
    births.push(birth);
    rows.push(`C${1000 + i},${birth},${i % 2 ? 30000 + (i % 37) * 100 : 90000 + (i % 41) * 100},${i % 2 ? 2 + (i % 5) : 20 + (i % 7)},${i % 3 ? 'F' : 'M'}`);
  }
  const dir = writeFixture({ 'customers.csv': `${rows.join('\n')}\n` });
  const out = tempDir('seglab-dob-');
  const config = validateConfig(
    {
      outDir: out,
      sources: { customers: { path: path.join(dir, 'customers.csv') } },
      columns: { customerId: 'customer_id' },
      features: { behavioural: [], customerColumns: ['income', 'visits'] },
      embed: { enabled: false },
      cluster: { kMax: 3 },
      clv: { enabled: false },
      fairness: { protected: ['gender'] },
    },
    dir,
  );
  const run = await runPipeline(config);
  assert.deepEqual(run.cleaned.customers.piiFindings.map((f) => [f.column, f.reason, f.matched]), [['date_of_birth', 'date-of-birth', 400]]);
  assert.ok(run.warnings.some((w) => /"date_of_birth" of customers: it holds dates of birth/.test(w)), run.warnings.join('\n'));
  const profile = run.cleaned.profiles[0].columns.find((c) => c.name === 'date_of_birth');
  assert.equal(profile?.valuesHidden, 'personal');
  assert.deepEqual([profile?.min, profile?.max, profile?.top], [null, null, []]);
  await writeRunOutputs(run, run.inputs);
  const all = Object.values(outputs(out)).join('\n');
  const sorted = births.slice().sort();
  assert.ok(!all.includes(sorted[0]) && !all.includes(sorted[sorted.length - 1]), 'the oldest or youngest date of birth was written');
  assert.deepEqual(births.filter((b) => all.includes(b)), [], 'a date of birth was written');
  // The report does not print an empty date range for it either.
  assert.ok(!/date_of_birth&quot; holds dates/.test(outputs(out)['report.html']));
});
