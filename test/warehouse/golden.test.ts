import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SeglabError } from '../../lib/errors/messages';
import { loadModel, type SegmentationModel } from '../../lib/model/artifact';
import { DIALECT_NAMES, dialect, nested } from '../../lib/warehouse/dialects';
import { scoringSql } from '../../lib/warehouse/score-sql';
import { repoRoot } from '../helpers/paths';

const goldenDir = path.join(repoRoot, 'test', 'warehouse', 'golden');

/** A small hand-written model (fixed numbers: the golden files do not move when fitting code changes). */
function smallModel(): SegmentationModel {
  const featureNames = ['recency_days', 'frequency', 'monetary', 'share_books', 'share_other', 'r_score', 'income', "region=O'Neil", 'region=other', 'region=missing', 'age_band=<30', 'age_band=30-50', 'age_band=50+'];
  const d = featureNames.length;
  return loadModel({
    format: 'seglab.model',
    version: 1,
    run: { name: 'golden', seed: 1 },
    config: {
      columns: { customerId: 'customer id', orderDate: 'order_date', amount: 'amount', invoice: 'invoice', category: 'category' },
      clean: { missingTokens: ['', 'n/a'], returns: 'net', ranges: { age: [16, 110] }, winsorise: {}, recode: {}, allowedValues: {} },
      privacy: { pseudonymise: false },
      features: { behavioural: ['recency_days', 'frequency', 'monetary', 'category_shares', 'rfm_scores'], customerColumns: ['income'], categoricalColumns: ['region'], bands: { age: [30, 50] }, geographic: { columns: [], distanceBands: {} }, asOf: '2025-06-30' },
    },
    featureNames,
    transform: {
      log1p: ['recency_days', 'monetary', 'income'],
      scaler: {
        features: featureNames,
        mean: featureNames.map((_, j) => 0.25 * j),
        sd: featureNames.map((_, j) => 1 + j / 8),
        clip: featureNames.map((_, j) => (j === 2 ? [-1.5, 9.25] : null)),
      },
      oneHot: [
        { column: 'age_band', levels: ['30-50', '50+', '<30'], other: false, missing: false },
        { column: 'region', levels: ["O'Neil"], other: true, missing: true },
      ],
      bands: [{ column: 'age', edges: [30, 50] }],
      rfm: { recencyEdges: [10, 30, 90, 180], frequencyEdges: [1, 2, 4, 8], monetaryEdges: [20, 50.5, 120, 400] },
      fills: { income: 41000 },
      categoryShares: { categories: ['books'], other: true },
    },
    space: 'features',
    representation: 'standardised features',
    autoencoder: null,
    weights: featureNames.map((_, j) => (j % 2 ? 0.5 : 2)),
    method: 'kmeans',
    k: 3,
    centroids: [0, 1, 2].map((s) => featureNames.map((_, j) => (s - 1) * 0.5 + j / 100)),
    segments: [0, 1, 2].map((s) => ({ index: s, label: `Segment ${s + 1}`, name: ['Loyal', "Can't lose", 'New'][s] })),
  });
}

for (const name of DIALECT_NAMES) {
  test(`${name}: the scoring SQL of a fixed model matches its golden file (regenerate: SEGLAB_UPDATE_GOLDEN=1)`, () => {
    const { sql } = scoringSql(smallModel(), name, { orders: 'shop.orders', customers: 'shop.customers' });
    const file = path.join(goldenDir, `${name}.sql`);
    if (process.env.SEGLAB_UPDATE_GOLDEN === '1') fs.writeFileSync(file, `${sql}\n`);
    assert.equal(`${sql}\n`, fs.readFileSync(file, 'utf8'));
    // What every dialect must honour: no window functions, no CTEs (ClickHouse 18), saved cut points as literals.
    assert.doesNotMatch(sql, /\bOVER\s*\(/i);
    assert.doesNotMatch(sql, /^\s*WITH\b/im);
    assert.match(sql, /> 180 THEN 1/);
    const d = dialect(name);
    assert.ok(sql.includes(d.string("O'Neil")), 'the level with a quote is escaped in the dialect');
    assert.ok(sql.includes(d.ident('customer id')), 'the id column with a space is quoted in the dialect');
    assert.ok(sql.includes(d.epochMs(d.ident('order_date'))));
  });
}

test('each dialect spells the documented differences', () => {
  assert.equal(dialect('clickhouse').string("it's \\"), "'it\\'s \\\\'");
  assert.equal(dialect('postgres').string("it's \\"), "'it''s \\'");
  assert.equal(dialect('snowflake').string("it's \\"), "'it''s \\\\'");
  assert.equal(dialect('bigquery').ident('a`b'), '`a\\`b`');
  assert.equal(dialect('duckdb').ident('a"b'), '"a""b"');
  assert.match(dialect('clickhouse').countIf('x > 0'), /countIf\(ifNull\(x > 0, 0\)\)/);
  assert.match(dialect('postgres').countIf('x > 0'), /CAST\(sum\(CASE WHEN x > 0 THEN 1 ELSE 0 END\) AS DOUBLE PRECISION\)/);
  assert.equal(nested('least', ['a', 'b', 'c']), 'least(least(a, b), c)');
  assert.equal(dialect('clickhouse').innerJoin, 'ALL INNER JOIN');
});

test('a model the SQL cannot reproduce is refused with one sentence naming the rule', () => {
  const model = smallModel();
  model.config.clean.winsorise = { income: { lower: 0.01, upper: 0.99 } } as never;
  assert.throws(
    () => scoringSql(model, 'duckdb'),
    (e: unknown) => e instanceof SeglabError && e.stage === 'sql' && /clean\.winsorise changes the feature column "income"/.test(e.message),
  );
  const noDate = smallModel();
  delete (noDate.config.features as { asOf?: string }).asOf;
  assert.throws(() => scoringSql(noDate, 'duckdb'), (e: unknown) => e instanceof SeglabError && /--as-of/.test(e.message));
});
