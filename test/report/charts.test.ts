import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import {
  featureHeatmapChart,
  kMetricChart,
  lossCurveChart,
  representationChart,
  segmentMapChart,
  segmentSizesChart,
} from '../../lib/report/charts';
import type { VegaLiteSpec } from '../../lib/report/types';
import { compileWithWarnings } from '../../lib/report/vega-runtime';
import { buildReportDocument } from '../../lib/report/build';
import { repoRoot } from '../helpers/paths';
import { fixtureRun } from './fixture';

type Validate = ((data: unknown) => boolean) & { errors?: unknown[] | null };

/** ajv (8.x, a dev dependency; 6.x options differ); the schema test skips with a reason if it is gone. */
function schemaValidator(): Validate | string {
  let Ajv: new (options: Record<string, unknown>) => { compile(schema: unknown): Validate };
  try {
    const loaded = require(path.join(repoRoot, 'node_modules', 'ajv'));
    Ajv = loaded.default ?? loaded;
  } catch {
    return 'ajv is not in node_modules';
  }
  const schema = require(path.join(repoRoot, 'node_modules', 'vega-lite', 'build', 'vega-lite-schema.json'));
  // ajv 8: no format checks (the schema's "uri" format is irrelevant to a chart), lenient about vega-lite's own keywords.
  return new Ajv({ allErrors: true, strict: false, validateFormats: false, logger: false }).compile(schema);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function allSpecs(hostile: boolean): [string, VegaLiteSpec][] {
  const { run, manifest } = deepFreeze(fixtureRun({ hostile }));
  const attr = run.fairness.attributes[0];
  // Every chart the report draws (the document is built from the full fixture: campaigns, CLV, fairness card...).
  const inReport = buildReportDocument(run, manifest).sections.flatMap((s) => s.blocks.flatMap((b): [string, VegaLiteSpec][] => (b.kind === 'chart' ? [[b.id, b.spec]] : [])));
  assert.ok(inReport.length >= 18, `${inReport.length} charts in the report`);
  return [
    ...inReport,
    ['kMetricChart inertia', kMetricChart(run.clustering.candidates, run.clustering.k, 'inertia')],
    ['lossCurveChart', lossCurveChart(run.embedding?.lossHistory ?? [])],
    ['representationChart', representationChart(attr, run.fairness.lower, run.fairness.upper, run.profiles)],
  ];
}

for (const hostile of [false, true]) {
  test(`every chart compiles with Vega-Lite without warnings (${hostile ? 'XSS strings in the data' : 'plain fixture'})`, async () => {
    for (const [name, spec] of allSpecs(hostile)) {
      const { spec: vg, warnings } = await compileWithWarnings(spec);
      assert.deepEqual(warnings, [], `${name} warnings`);
      assert.ok(Array.isArray(vg.marks) && vg.marks.length > 0, `${name} has marks`);
      assert.equal(typeof spec.title, 'string', `${name} title`);
      assert.ok(String(spec.description).length > 40, `${name} has a real description`);
      assert.equal(spec.width, 'container', `${name} is sized to its container`);
    }
  });
}

test('every chart validates against the Vega-Lite JSON schema', (t) => {
  const validate = schemaValidator();
  if (typeof validate === 'string') {
    t.skip(validate);
    return;
  }
  for (const [name, spec] of allSpecs(true)) {
    const ok = validate(spec);
    assert.ok(ok, `${name}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
  }
  assert.equal(validate({ mark: 'bar', encoding: { x: { field: 'a', type: 'not-a-type' } } }), false, 'the validator does reject bad specs');
});

test('feature names with dots and brackets stay values, not field paths', async () => {
  const { run } = fixtureRun();
  const profiles = run.profiles.map((p) => ({ ...p, features: p.features.map((f, j) => ({ ...f, feature: ['spend.total', 'visits[0]', 'a\\b', "it's"][j] })) }));
  const { warnings } = await compileWithWarnings(featureHeatmapChart(profiles));
  assert.deepEqual(warnings, []);
  const values = (featureHeatmapChart(profiles).data as { values: { feature: string }[] }).values;
  assert.ok(values.some((v) => v.feature === 'spend.total'));
});

test('chart data is derived from the inputs (a changed share changes the spec)', () => {
  const { run } = fixtureRun();
  const before = JSON.stringify(segmentSizesChart(run.profiles));
  const changed = run.profiles.map((p, i) => (i === 0 ? { ...p, valueShare: 0.9 } : p));
  const after = segmentSizesChart(changed);
  assert.notEqual(JSON.stringify(after), before);
  assert.match(String(after.description), /90\.0% of value/);
});

test('without a value measure the size chart shows customers only and never says "0.0% of value"', () => {
  const { run } = fixtureRun();
  const noValue = run.profiles.map((p) => ({ ...p, valueShare: 0 }));
  const spec = segmentSizesChart(noValue);
  const rows = (spec.data as { values: { measure: string }[] }).values;
  assert.ok(rows.length === noValue.length && rows.every((r) => r.measure === 'Customers'));
  assert.doesNotMatch(String(spec.description), /%\s+of value/);
  assert.match(String(spec.description), /no value measure/);
  assert.match(String(segmentSizesChart(run.profiles).description), /%\s+of value/);
});

test('the chosen k is highlighted and suppressed fairness cells are left out of the dot plot', () => {
  const { run } = fixtureRun();
  const k = kMetricChart(run.clustering.candidates, 3, 'silhouette');
  const statuses = (k.layer as { data: { values: { k: number; status: string }[] } }[])[1].data.values;
  assert.deepEqual(statuses.filter((v) => v.status === 'Chosen').map((v) => v.k), [3]);
  const attr = run.fairness.attributes[0];
  const r = representationChart(attr, 0.8, 1.25, run.profiles);
  const points = ((r.layer as { data: { values: unknown[] } }[])[2].data.values as unknown[]).length;
  assert.equal(points, attr.cells.filter((c) => c.verdict !== 'suppressed').length);
  assert.match(String(r.description), /3 cells are too small to show/);
});
