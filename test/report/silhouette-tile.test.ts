/**
 * The executive summary's "Silhouette" tile and its sentence give the same figure. The sentence uses
 * the plain standardised space whenever it was measured there; the tile gave the chosen k-scan
 * candidate's silhouette in another space (UCI Bank Marketing: tile 0.177, sentence 0.0957; the
 * fast-food log: tile 0.301, sentence 0.316 (scikit-learn on the z-scored features: 0.3163)).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildReportDocument } from '../../lib/report/build';
import { formatNumber } from '../../lib/report/format';
import { fixtureRun } from './fixture';

test('the silhouette tile shows the figure the summary sentence gives', () => {
  const { run, manifest } = fixtureRun();
  const chosen = run.clustering.candidates.find((c) => c.k === run.clustering.k);
  assert.ok(chosen);
  const plain = { k: run.clustering.k, agreement: 0.9, silhouette: chosen.silhouette - 0.08, plainSilhouette: chosen.silhouette - 0.07, sentence: 'x' };
  const doc = buildReportDocument({ ...run, plainComparison: plain }, manifest);
  // The tile names its space (the CPA trial read three unnamed silhouettes for one segmentation).
  const tile = (doc.highlights ?? []).find((h) => h.label === 'Silhouette (plain z-scores)');
  assert.ok(tile);
  assert.equal(tile.value, formatNumber(plain.silhouette));
  const text = JSON.stringify(doc);
  assert.ok(text.includes(`silhouette ${formatNumber(plain.silhouette)} at k = ${chosen.k}, measured on plain z-scores of the features`));
  assert.ok(text.includes(`${formatNumber(chosen.silhouette)} in the clustered space`));
  // Without the plain comparison both give the chosen candidate's figure.
  const bare = buildReportDocument({ ...run, plainComparison: null }, manifest);
  assert.equal((bare.highlights ?? []).find((h) => h.label === 'Silhouette (clustered space)')?.value, formatNumber(chosen.silhouette));
});
