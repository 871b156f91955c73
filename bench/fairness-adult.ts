/**
 * The fairness card on UCI Adult: k-means (k chosen by silhouette over 2..6) on standardised
 * numeric + one-hot features WITHOUT sex and race, then every check with sex and race declared
 * protected, and both mitigations (drop the top proxies and re-cluster; greedy fair assignment)
 * with before/after numbers.
 * Usage: node dist/bench/fairness-adult.js [seed=42] [out.json]
 * Prints the verdict summary, the proxy leakage and the mitigations; writes the whole card as
 * JSON when a path is given.
 */
import { DEFAULTS } from '../lib/config/validate';
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fitKMeans } from '../lib/cluster/kmeans';
import { chooseK } from '../lib/cluster/select-k';
import { fairnessCard } from '../lib/fairness/card';
import { stageRng } from '../lib/random/rng';
import { adultFeatures, loadAdult } from './datasets/adult';

const r3 = (x: number | null): number | null => (x === null ? null : Number(x.toFixed(3)));

function main(): void {
  const [seedArg = '42', out] = process.argv.slice(2);
  const seed = Number(seedArg);
  const rows = loadAdult();
  const features = adultFeatures(rows);
  const cluster = { ...DEFAULTS.cluster, kMax: 6, restarts: 3 };

  const t0 = performance.now();
  const clustering = chooseK(features.matrix, cluster, stageRng(seed, 'cluster'));
  const clusterSeconds = (performance.now() - t0) / 1000;
  const recluster = (points: number[][]): number[] =>
    fitKMeans(points, clustering.k, { restarts: cluster.restarts, maxIterations: cluster.maxIterations }, stageRng(seed, 'fairness:recluster')).labels;

  const t1 = performance.now();
  const card = fairnessCard(
    {
      labels: clustering.labels,
      k: clustering.k,
      protected: {
        sex: { kind: 'text', values: rows.map((r) => r.sex) },
        race: { kind: 'text', values: rows.map((r) => r.race) },
      },
      features,
      points: features.matrix,
      centroids: clustering.centroids,
      recluster,
      model: {
        sources: [{ role: 'customers', file: 'adult-census-income/adult.data', rows: rows.length }],
        featuresUsed: features.names,
        excluded: [
          { column: 'sex', reason: 'protected' },
          { column: 'race', reason: 'protected' },
          { column: 'income', reason: 'outcome label, not a feature' },
          { column: 'fnlwgt', reason: 'census sampling weight' },
          { column: 'education', reason: 'duplicated by education-num' },
        ],
      },
      config: { mitigation: 'both', mitigationAttribute: 'sex' },
    },
    stageRng(seed, 'fairness'),
  );
  const cardSeconds = (performance.now() - t1) / 1000;
  if (out) fs.writeFileSync(out, JSON.stringify(card, null, 2));

  console.log(
    JSON.stringify(
      {
        rows: rows.length,
        features: features.names.length,
        k: clustering.k,
        segmentSizes: Array.from({ length: clustering.k }, (_, s) => clustering.labels.filter((l) => l === s).length),
        clusterSeconds: r3(clusterSeconds),
        cardSeconds: r3(cardSeconds),
        summary: card.summary,
        checks: card.checks.map((c) => ({ id: c.id, value: r3(c.value), verdict: c.verdict })),
        representationSex: card.representation.attributes[0].cells.map((c) => `${c.segment}/${c.group}: ${r3(c.ratio)}`),
        balance: card.balance.map((b) => ({ attribute: b.attribute, datasetBalance: r3(b.datasetBalance), balance: r3(b.balance), proportionalBalance: r3(b.proportionalBalance), tv: r3(b.totalVariation.value), kl: r3(b.klDivergence.value) })),
        association: card.association.map((a) => ({ attribute: a.attribute, cramersV: r3(a.cramersV), nmi: r3(a.nmi) })),
        proxy: card.proxyClassifier.map((p) => ({
          attribute: p.attribute,
          rows: p.rows,
          balancedAccuracy: r3(p.balancedAccuracy),
          chance: r3(p.chance),
          lift: r3(p.lift),
          auc: r3(p.auc),
          proxies: p.proxies,
          top: p.features.slice(0, 5).map((f) => `${f.feature}: ${r3(f.permutationImportance)} (eta ${r3(f.correlation)})`),
        })),
        mitigation: card.mitigation.map((m) => ({ method: m.method, dropped: m.droppedFeatures, moved: m.moved, movedShare: r3(m.movedShare), withinBounds: m.withinBounds, before: m.before, after: m.after })),
        warnings: card.warnings,
      },
      null,
      1,
    ),
  );
}

main();
