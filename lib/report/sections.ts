/**
 * The report's sections, each a pure function of the run (and manifest) to a ReportSection.
 * `buildReportDocument` (build.ts) puts them in order.
 */
import { clusteredSpace } from './spaces';
import * as path from 'node:path';
import type { AttributeRepresentation, FairnessResult } from '../fairness/types';
import type { Manifest } from './manifest';
import type { SegmentProfile } from '../profile/types';
import { featureHeatmapChart, kMetricChart, kMetricValue, lossCurveChart, segmentMapChart, segmentSizesChart, type KMetric } from './charts';
import { missingShareChart } from './charts-value';
import { readableFeatures } from './feature-names';
import { criteriaSentence } from './criteria';
import { formatNumber, formatPercent } from './format';
import { formatYear } from './years';
import { isBirthYearName } from '../clean/birth-year';
import { oneTraitPerTwoLevels, traitWords } from '../profile/personas';
import { FINAL_RESTARTS, MIN_RESTARTS } from '../cluster/automatic';
import type { CalloutBlock, ChartBlock, ReportBlock, ReportRun, ReportSection, TableBlock, VegaLiteSpec } from './types';

/** A chart block whose title and description are the spec's own. */
function chart(id: string, spec: VegaLiteSpec): ChartBlock {
  return { kind: 'chart', id, title: String(spec.title ?? id), description: String(spec.description ?? ''), spec };
}

const paragraph = (text: string): ReportBlock => ({ kind: 'paragraph', text });
const callout = (level: CalloutBlock['level'], text: string): CalloutBlock => ({ kind: 'callout', level, text });

/** The label of segment `s`, or "Segment s+1" when the profiles do not have it. */
export function segmentLabel(profiles: readonly SegmentProfile[], s: number): string {
  return profiles.find((p) => p.segment === s)?.label ?? `Segment ${s + 1}`;
}

/**
 * The segment's most distinctive features in words, strongest first, e.g. "high monetary, low recency_days".
 * Only features at least 0.25 standard deviations from the average count.
 */
export function distinctiveTraits(profile: SegmentProfile, labels: Readonly<Record<string, string>> = {}, max = 2): string {
  // A two-level categorical is one trait (oneTraitPerTwoLevels), as on the persona cards.
  const traits = oneTraitPerTwoLevels(
    profile.features.filter((f) => Math.abs(f.zMean) >= 0.25),
    (f) => f.feature,
    (f) => f.zMean,
    profile.features.map((f) => f.feature),
  )
    .sort((a, b) => Math.abs(b.zMean) - Math.abs(a.zMean))
    .slice(0, max)
    // The personas' words, with features.labels: a 0/1 column is a share, never "high"/"low"
    // ("mostly active member (83.0%)"); a category share reads "grocery-focused"; any other column
    // by its readable name ("high days since last purchase", not "high recency_days").
    .map((f) => {
      const words = traitWords(f.feature, labels, f.flag ? f.mean : undefined);
      return f.zMean > 0 ? words.highAdj : words.lowAdj;
    });
  return traits.length ? traits.join(', ') : 'close to the average customer';
}

/** True when a segment is too small for its statistics to be shown (k-anonymity). */
export function isSmall(p: SegmentProfile, minCellSize: number): boolean {
  return p.size < minCellSize;
}

/** Segment sizes, value shares (and predicted-CLV shares when CLV was estimated) and traits. */
export function overviewSection(run: ReportRun, originalLabel: (segment: number) => string = (s) => `Segment ${s + 1}`): ReportSection {
  const minCellSize = run.fairnessCard.privacy.minCellSize;
  const suppressed = `suppressed (< ${minCellSize})`;
  const clvRows = run.clv?.segments ?? [];
  const clvTotal = clvRows.reduce((a, r) => a + r.totalClv, 0);
  const clvShare = (p: SegmentProfile): number | null => {
    const row = clvRows.find((r) => r.segment === originalLabel(p.segment));
    return row && clvTotal > 0 ? row.totalClv / clvTotal : null;
  };
  const withClv = clvRows.length > 0 && clvTotal > 0;
  // Without a value measure (no spend in the data) every value share is 0: no value columns, no value-index sentence.
  const hasValue = run.profiles.some((p) => p.valueShare > 0);
  const valueColumns = run.config.profile.valueColumns ?? [];
  const table: TableBlock = {
    kind: 'table',
    caption: 'Segments at a glance',
    columns: [
      { key: 'number', label: '#' },
      { key: 'segment', label: 'Segment' },
      { key: 'customers', label: 'Customers' },
      { key: 'share', label: 'Share of customers' },
      ...(hasValue ? [{ key: 'valueShare', label: 'Share of value' }] : []),
      ...(withClv ? [{ key: 'clvShare', label: 'Share of predicted CLV' }] : []),
      ...(hasValue ? [{ key: 'valueIndex', label: 'Value index' }] : []),
      { key: 'traits', label: 'Distinctive traits' },
    ],
    rows: run.profiles.map((p) => ({
      number: p.segment + 1,
      segment: p.label,
      customers: p.size,
      share: p.share,
      ...(hasValue ? { valueShare: p.valueShare } : {}),
      ...(withClv ? { clvShare: clvShare(p) } : {}),
      ...(hasValue ? { valueIndex: p.share > 0 ? p.valueShare / p.share : null } : {}),
      traits: isSmall(p, minCellSize) ? suppressed : p.persona?.tagline || distinctiveTraits(p, run.config.features.labels),
    })),
  };
  return {
    id: 'overview',
    title: 'Segment overview',
    blocks: [
      paragraph(
        (hasValue
          ? `Segments are numbered by size (1 is the largest). The value index is a segment\u2019s share of total ${valueColumns.length ? `value (the sum of ${valueColumns.join(', ')} per customer, from the customers file: profile.valueColumns)` : 'monetary value'} divided by its share of customers: above 1, its customers are worth more than average.`
          : valueColumns.length
            ? `Segments are numbered by size (1 is the largest). No value measure was used: the value columns (${valueColumns.join(', ')}) hold no positive amount for these customers, so segments are compared by size and traits only (no share of value, no value index).`
            : 'Segments are numbered by size (1 is the largest). No value measure was used: seglab measures value as spend from the order lines (the monetary feature), and this run has no positive spend from them, so segments are compared by size and traits only (no share of value, no value index). Spend columns of a customers file are summed into a value measure only when listed in profile.valueColumns.') +
          (withClv ? ' Predicted CLV is the value the customers are expected to bring over the CLV horizon (see Customer lifetime value).' : ''),
      ),
      chart('segment-sizes', segmentSizesChart(run.profiles, valueColumns)),
      table,
    ],
  };
}

/** Heatmap of segment × feature and the raw means; segments below the minimum cell size are suppressed. */
export function profileSection(run: ReportRun): ReportSection {
  const minCellSize = run.fairnessCard.privacy.minCellSize;
  const shown = run.profiles.filter((p) => !isSmall(p, minCellSize));
  const features = run.profiles[0]?.features.map((f) => f.feature) ?? [];
  const means: TableBlock = {
    kind: 'table',
    caption: 'Average of each feature by segment (in the data\u2019s units, after cleaning: filled, winsorised and recoded values as in Data quality)',
    columns: [{ key: 'feature', label: 'Feature' }, ...run.profiles.map((p) => ({ key: `s${p.segment}`, label: p.label, align: 'right' as const }))],
    rows: features.map((feature) => ({
      feature: readableFeatures(features, run.config.features.labels).get(feature) ?? feature,
      ...Object.fromEntries(
        run.profiles.map((p) => {
          const f = p.features.find((x) => x.feature === feature);
          // A 0/1 column's mean is a count: withheld when the 1s or 0s here are fewer than minCellSize (lib/profile/flag-cells.ts).
          return [`s${p.segment}`, isSmall(p, minCellSize) ? `suppressed (< ${minCellSize})` : f?.withheld ? 'withheld (a count under the minimum cell size)' : (f?.mean ?? null)];
        }),
      ),
    })),
  };
  const hidden = run.profiles.length - shown.length;
  return {
    id: 'profile',
    title: 'Feature profile',
    blocks: [
      paragraph(
        'Each cell shows how far a segment\u2019s average is from the average customer, in standard deviations: orange above average, blue below. Hover over a cell for the raw mean and median.' +
          (hidden ? ` ${hidden} segment${hidden === 1 ? ' has' : 's have'} fewer than ${minCellSize} customers and ${hidden === 1 ? 'is' : 'are'} not shown.` : ''),
      ),
      chart('feature-profile', featureHeatmapChart(shown, run.config.features.labels)),
      means,
    ],
  };
}

/** The 2-D map of customers. */
export function mapSection(run: ReportRun): ReportSection {
  if (run.map.length === 0) {
    return { id: 'map', title: 'Map of customers', blocks: [callout('info', 'No customer map was produced for this run.')] };
  }
  return {
    id: 'map',
    title: 'Map of customers',
    blocks: [
      paragraph(
        `Each dot is a customer (a seeded sample of ${formatNumber(run.map.length)} of ${formatNumber(run.clustering.labels.length)}), placed by the first two principal components of the ${run.representation}. ` +
          'Customers close together are similar; where colours overlap, the boundary between segments is gradual rather than sharp.',
      ),
      chart('segment-map', segmentMapChart(run.map, run.profiles)),
    ],
  };
}

/** How the number of segments was chosen, and what was clustered. */
export function kSelectionSection(run: ReportRun): ReportSection {
  const { clustering, config } = run;
  const ks = clustering.candidates.map((c) => c.k);
  const chosen = clustering.candidates.find((c) => c.k === clustering.k);
  // The automatic segmentation runs at least MIN_RESTARTS starts per k; above cluster.startSample fitted
  // customers the starts run on a seeded subsample and the best is refined on all of them (issue 15).
  const fittedRows = run.selection?.sampledRows ?? clustering.labels.length;
  const startSample = config.cluster.startSample;
  const restartText =
    // Each number said for what it is: the starts per k of the scan (cluster.restarts, raised to
    // MIN_RESTARTS) and the starts at the chosen k (FINAL_RESTARTS or 4 × cluster.restarts, in all).
    `${Math.max(config.cluster.restarts, MIN_RESTARTS)} seeded k-means++ starts per k` +
    (config.cluster.restarts < MIN_RESTARTS ? ` (cluster.restarts is ${config.cluster.restarts}; the automatic k scan uses at least ${MIN_RESTARTS})` : '') +
    ', the best kept' +
    `; the chosen k was refitted with ${Math.max(FINAL_RESTARTS, 4 * config.cluster.restarts)} starts in all and the best kept` +
    (config.cluster.method !== 'kmeans' ? `; the delivered ${config.cluster.method} segments were then fitted at that k with cluster.restarts = ${config.cluster.restarts} starts` : '') +
    (startSample !== undefined && fittedRows > startSample ? `; the restarts ran on a seeded subsample of ${startSample.toLocaleString('en-US')} of the ${fittedRows.toLocaleString('en-US')} customers fitted, and the best start was then refined on all of them` : '');
  const blocks: ReportBlock[] = [
    paragraph(
      `k-means was run for k = ${ks.length ? `${Math.min(...ks)} to ${Math.max(...ks)}` : clustering.k} (${restartText}) on the ${run.representation} ` +
        `built from ${run.featureNames.length} feature${run.featureNames.length === 1 ? '' : 's'}. ` +
        `A k whose smallest segment holds less than ${formatPercent(config.cluster.minSegmentShare)} of customers is excluded. ` +
        `The chosen k = ${clustering.k}${chosen ? ` has a silhouette of ${formatNumber(chosen.silhouette)} in ${clusteredSpace(run.representation)} (from \u22121 to 1; higher means better-separated segments)` : ''}.`,
    ),
  ];
  if (clustering.rule) blocks.push(callout('info', clustering.rule));
  if (clustering.candidates.length) {
    const has = (metric: KMetric): boolean => clustering.candidates.some((c) => kMetricValue(c, metric) !== null);
    const extra = (['calinskiHarabasz', 'daviesBouldin', 'stability'] as const).filter(has);
    blocks.push(chart('k-silhouette', kMetricChart(clustering.candidates, clustering.k, 'silhouette')));
    blocks.push(chart('k-inertia', kMetricChart(clustering.candidates, clustering.k, 'inertia')));
    const ids: Record<(typeof extra)[number], string> = { calinskiHarabasz: 'k-calinski-harabasz', daviesBouldin: 'k-davies-bouldin', stability: 'k-stability' };
    for (const metric of extra) blocks.push(chart(ids[metric], kMetricChart(clustering.candidates, clustering.k, metric)));
    const optional = (key: string, label: string, metric: KMetric) => (has(metric) ? [{ key, label }] : []);
    const ranked = clustering.candidates.some((c) => typeof c.meanRank === 'number');
    // The silhouette is a mean over a seeded sample of customers: its standard error says how far apart two k's must be to differ.
    const withError = clustering.candidates.some((c) => typeof c.silhouetteError === 'number' && Number.isFinite(c.silhouetteError));
    blocks.push({
      kind: 'table',
      caption: 'Candidate numbers of segments',
      columns: [
        { key: 'k', label: 'k' },
        { key: 'silhouette', label: 'Silhouette' },
        ...(withError ? [{ key: 'silhouetteError', label: 'Silhouette standard error (sampled customers)' }] : []),
        { key: 'inertia', label: 'Inertia' },
        ...optional('ch', 'Calinski\u2013Harabasz', 'calinskiHarabasz'),
        ...optional('db', 'Davies\u2013Bouldin', 'daviesBouldin'),
        ...optional('stability', 'Stability', 'stability'),
        ...(ranked ? [{ key: 'meanRank', label: 'Mean rank' }] : []),
        { key: 'minShare', label: 'Smallest segment share' },
        { key: 'status', label: 'Status' },
      ],
      rows: clustering.candidates.map((c) => ({
        k: c.k,
        silhouette: c.silhouette,
        ...(withError ? { silhouetteError: typeof c.silhouetteError === 'number' && Number.isFinite(c.silhouetteError) ? c.silhouetteError : null } : {}),
        inertia: c.inertia,
        ...(has('calinskiHarabasz') ? { ch: kMetricValue(c, 'calinskiHarabasz') } : {}),
        ...(has('daviesBouldin') ? { db: kMetricValue(c, 'daviesBouldin') } : {}),
        ...(has('stability') ? { stability: kMetricValue(c, 'stability') } : {}),
        ...(ranked ? { meanRank: typeof c.meanRank === 'number' ? c.meanRank : null } : {}),
        minShare: c.minShare,
        status: c.k === clustering.k ? 'chosen' : !c.eligible ? 'excluded: segment too small' : c.stable === false ? 'considered (unstable)' : 'considered',
      })),
    });
  }
  const selection = run.selection;
  if (selection && selection.evidence.length) {
    blocks.push({ kind: 'heading', text: 'Which space was clustered' }, paragraph(selection.reason));
    if (selection.evidence.length > 1) {
      blocks.push({
        kind: 'table',
        caption: 'Representations tried (silhouette is measured in each space and is not comparable across rows; agreement is)',
        columns: [
          { key: 'name', label: 'Representation' },
          { key: 'k', label: 'k' },
          { key: 'silhouette', label: 'Silhouette (own space)' },
          { key: 'stability', label: 'Stability' },
          { key: 'agreement', label: 'Agreement with the others (mean ARI)' },
          { key: 'status', label: 'Status' },
        ],
        rows: selection.evidence.map((e) => ({
          name: e.name,
          k: e.k,
          silhouette: e.silhouette,
          stability: Number.isFinite(e.stability) ? e.stability : null,
          agreement: Number.isFinite(e.agreement) ? e.agreement : null,
          status: e.chosen ? 'chosen' : e.stable ? 'considered' : 'considered (unstable)',
        })),
      });
    }
    if (selection.weights) {
      const w = selection.weights;
      blocks.push({
        kind: 'table',
        caption: `Feature weights of the reweighted space (applied to "${w.base}"; ${w.rounds} rounds, ${w.settled ? 'settled' : 'not settled'})`,
        columns: [
          { key: 'feature', label: 'Feature' },
          { key: 'weight', label: 'Weight' },
        ],
        rows: w.weights.map((weight, j) => ({ feature: run.featureNames[j] ?? `column ${j + 1}`, weight })),
      });
    }
  }
  if (!clustering.converged) {
    blocks.push(callout('warn', `k-means stopped at the iteration limit (${clustering.iterations} iterations) before converging; raise cluster.maxIterations to be sure the segments are stable.`));
  }
  for (const w of clustering.warnings) blocks.push(callout('warn', w));
  if (run.embedding) {
    const e = run.embedding;
    // The autoencoder runs whenever embed.enabled; only say its embedding was clustered when it won.
    const embeddingClustered = run.representation.startsWith('autoencoder embedding');
    blocks.push(
      paragraph(
        `The features were ${embeddingClustered ? 'first' : 'also'} compressed by an autoencoder (hidden layers ${config.embed.hidden.join(', ')}; ${config.embed.bottleneck}-dimensional embedding; ${e.lossHistory.length} epochs on the ${e.backend} backend of TensorFlow.js)${embeddingClustered ? ', and the embedding was clustered' : ` to make a candidate space, but the ${run.representation} were clustered (see "Which space was clustered")`}. ` +
          'A low reconstruction error means the embedding keeps most of what the features say.',
      ),
      chart('autoencoder-loss', lossCurveChart(e.lossHistory)),
      {
        kind: 'keyvalue',
        items: [
          { label: 'Final training loss (MSE)', value: e.lossHistory.length ? formatNumber(e.lossHistory[e.lossHistory.length - 1]) : '—' },
          { label: 'Reconstruction error (MSE, standardised units)', value: formatNumber(e.reconstructionError.overall) },
        ],
      },
      {
        kind: 'table',
        caption: 'Reconstruction error by feature (MSE, standardised units)',
        columns: [
          { key: 'feature', label: 'Feature' },
          { key: 'mse', label: 'Reconstruction error' },
        ],
        rows: e.reconstructionError.perFeature.map((f) => ({ feature: f.feature, mse: f.mse })),
      },
    );
  }
  return { id: 'k-selection', title: 'How the number of segments was chosen', blocks };
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40).replace(/-+$/, '');
}

/** The worst cell of an attribute: the flagged cell farthest from ratio 1 (on a log scale). */
export function worstCell(attr: AttributeRepresentation): AttributeRepresentation['cells'][number] | undefined {
  const distance = (r: number): number => (r <= 0 ? Infinity : Math.abs(Math.log(r)));
  return attr.cells
    .filter((c) => c.verdict === 'flag' && c.ratio !== null)
    .sort((a, b) => distance(b.ratio as number) - distance(a.ratio as number))[0];
}

/** The representation cells of one attribute as a table; suppressed cells say so. */
export function attributeTable(attr: AttributeRepresentation, fairness: FairnessResult, profiles: readonly SegmentProfile[]): TableBlock {
  // Cells under minCellSize, and the cells hidden with them so they cannot be worked out by subtraction.
  const suppressed = 'suppressed (k-anonymity)';
  return {
    kind: 'table',
    caption: `Representation of "${attr.attribute}" groups by segment (grouping: ${attr.grouping}; cells under ${fairness.minCellSize} customers are suppressed, and so are the cells that would give them away by subtraction)`,
    columns: [
      { key: 'segment', label: 'Segment' },
      { key: 'group', label: 'Group' },
      { key: 'count', label: 'Customers', align: 'right' },
      { key: 'segmentShare', label: 'Share of segment', align: 'right' },
      { key: 'populationShare', label: 'Share of population', align: 'right' },
      { key: 'ratio', label: 'Ratio', align: 'right' },
      { key: 'verdict', label: 'Verdict' },
    ],
    rows: attr.cells.map((c) => ({
      segment: segmentLabel(profiles, c.segment),
      group: c.group,
      count: c.count ?? suppressed,
      segmentShare: c.segmentShare ?? suppressed,
      populationShare: c.populationShare,
      ratio: c.ratio,
      // A hidden cell is judged in the card's verdict (lib/fairness/hidden-cells.ts) but its own verdict is not shown.
      verdict: c.verdict === 'pass' ? 'within band' : c.verdict === 'flag' ? 'outside band' : 'hidden (counted in the verdict)',
    })),
  };
}

/** A value of a column profile for a table cell: numbers as they are, dates as text, none as null. */
function statCell(value: number | string | null | undefined): number | string | null {
  return value === undefined ? null : value;
}

/**
 * The data-quality profile of every source, when the run has it: missing values by column (chart)
 * and per source a table of columns. Top values seen fewer than minCellSize times are suppressed.
 */
function dataProfileBlocks(run: ReportRun): ReportBlock[] {
  const profiles = run.dataQuality ?? [];
  if (profiles.length === 0) return [];
  const k = run.fairnessCard.privacy.minCellSize;
  const blocks: ReportBlock[] = [
    { kind: 'heading', text: 'Columns as read' },
    paragraph(
      'Every column of every input file, profiled before cleaning: its type, how many values are missing, how many distinct values it has, its range and its most frequent values. ' +
        `Values seen fewer than ${k} times are not shown, and personal-data columns show counts only.`,
    ),
    chart('data-missing', missingShareChart(profiles.flatMap((p) => p.columns.map((c) => ({ source: p.source, column: c.name, missingShare: c.missingShare }))))),
  ];
  for (const p of profiles) {
    blocks.push({
      kind: 'table',
      caption: `${p.source}: ${formatNumber(p.rows)} rows${p.rowsProfiled < p.rows ? ` (first ${formatNumber(p.rowsProfiled)} profiled)` : ''}${p.guessed.length ? `; read as ${p.guessed.join(', ')}` : ''}`,
      columns: [
        { key: 'name', label: 'Column' },
        { key: 'type', label: 'Type' },
        { key: 'missingShare', label: 'Missing share' },
        { key: 'distinct', label: 'Distinct' },
        { key: 'min', label: 'Min' },
        { key: 'median', label: 'Median' },
        { key: 'max', label: 'Max' },
        { key: 'top', label: 'Most frequent' },
      ],
      rows: p.columns.map((c) => {
        const shown = c.top.filter((t) => t.count >= k);
        const top = c.top.length === 0 ? null : shown.length ? shown.map((t) => `${t.value} (${formatNumber(t.count)})`).join(', ') : `suppressed (< ${k})`;
        // A birth year is printed as a year (1893, not 1,893) here too (trial of 2026-11-29, CPA's Year_Birth).
        const year = (v: number | string | null | undefined): number | string | null => (typeof v === 'number' && isBirthYearName(c.name) ? formatYear(v) : statCell(v));
        return {
          name: c.name,
          type: c.constant ? `${c.type} (constant)` : c.type,
          missingShare: c.missingShare,
          distinct: c.distinct,
          min: year(c.min),
          median: year(c.quantiles ? c.quantiles[2] : null),
          max: year(c.max),
          top,
        };
      }),
    });
  }
  return blocks;
}

/** The row ledger and the columns left out of the features. */
export function dataQualitySection(run: ReportRun): ReportSection {
  const blocks: ReportBlock[] = [
    paragraph('Every input row is accounted for: rows read = rows kept + rows dropped. Repairs changed a value but kept the row.'),
    {
      kind: 'table',
      caption: 'Row ledger',
      columns: [
        { key: 'source', label: 'Source' },
        { key: 'file', label: 'File' },
        { key: 'read', label: 'Rows read' },
        { key: 'kept', label: 'Rows kept' },
        { key: 'dropped', label: 'Rows dropped' },
        { key: 'keptShare', label: 'Kept share' },
      ],
      rows: run.ledger.map((e) => {
        const dropped = Object.values(e.dropped).reduce((a, b) => a + b, 0);
        return { source: e.source, file: path.basename(e.file), read: e.rowsRead, kept: e.rowsKept, dropped, keptShare: e.rowsRead ? e.rowsKept / e.rowsRead : null };
      }),
    },
  ];
  const changes = run.ledger.flatMap((e) => [
    ...Object.entries(e.dropped).map(([reason, rows]) => ({ source: e.source, change: 'dropped', reason, rows })),
    ...Object.entries(e.repairs).map(([reason, rows]) => ({ source: e.source, change: 'repaired', reason, rows })),
  ]);
  blocks.push(
    changes.length
      ? {
          kind: 'table',
          caption: 'Rows dropped and values repaired, by reason',
          columns: [
            { key: 'source', label: 'Source' },
            { key: 'change', label: 'Change' },
            { key: 'reason', label: 'Reason' },
            { key: 'rows', label: 'Rows' },
          ],
          rows: changes,
        }
      : paragraph('No rows were dropped and no values were repaired.'),
  );
  blocks.push(...dataProfileBlocks(run));
  blocks.push(paragraph(`Features used (${run.featureNames.length}): ${run.featureNames.join(', ')}.`));
  blocks.push(paragraph(criteriaSentence(run)));
  if (run.excluded.length) {
    blocks.push({
      kind: 'table',
      caption: 'Columns not used as features',
      columns: [
        { key: 'column', label: 'Column' },
        { key: 'reason', label: 'Why not a feature' },
      ],
      rows: run.excluded.map((x) => ({ column: x.column, reason: x.reason })),
    });
  }
  return { id: 'data-quality', title: 'Data quality', blocks };
}

/** What a researcher needs to rerun and check the result. */
export function manifestSection(run: ReportRun, manifest: Manifest): ReportSection {
  const timings = Object.entries(manifest.timings);
  const totalMs = timings.reduce((a, [, ms]) => a + ms, 0);
  return {
    id: 'manifest',
    title: 'Run manifest',
    blocks: [
      paragraph('The run can be repeated exactly from manifest.json in the run folder: same seed, same inputs (checked by their SHA-256), same package versions.'),
      {
        kind: 'keyvalue',
        items: [
          { label: 'Run name', value: manifest.config.name },
          { label: 'Created', value: manifest.createdAt },
          { label: 'seglab version', value: manifest.seglabVersion },
          { label: 'Seed', value: String(manifest.seed) },
          { label: 'TensorFlow.js backend', value: manifest.backend },
          { label: 'Clustered', value: run.representation },
          { label: 'Node.js', value: manifest.node },
          { label: 'Platform', value: manifest.platform },
        ],
      },
      {
        kind: 'table',
        caption: 'Input files',
        columns: [
          { key: 'role', label: 'Role' },
          { key: 'file', label: 'File' },
          { key: 'rows', label: 'Rows' },
          { key: 'sha256', label: 'SHA-256' },
        ],
        rows: manifest.inputs.map((i) => ({ role: i.role, file: path.basename(i.file), rows: i.rows, sha256: i.sha256 })),
      },
      {
        kind: 'table',
        caption: `Wall time by stage (total ${formatNumber(totalMs / 1000)} s${manifest.backgroundFits?.includes('clv') ? '; the CLV models were fitted in a background worker thread beside the stages after features, so the clv row is the wait for that fit plus the per-segment summaries' : ''})`,
        columns: [
          { key: 'stage', label: 'Stage' },
          { key: 'seconds', label: 'Seconds' },
        ],
        rows: timings.map(([stage, ms]) => ({ stage, seconds: ms / 1000 })),
      },
      ...(manifest.fingerprints
        ? [
            {
              kind: 'table' as const,
              caption: 'Stage output fingerprints (SHA-256; "seglab reproduce" compares them)',
              columns: [
                { key: 'stage', label: 'Stage' },
                { key: 'sha256', label: 'SHA-256' },
              ],
              rows: Object.entries(manifest.fingerprints).map(([stage, sha256]) => ({ stage, sha256 })),
            },
          ]
        : []),
      {
        kind: 'table',
        caption: 'Package versions',
        columns: [
          { key: 'name', label: 'Package' },
          { key: 'version', label: 'Version' },
        ],
        rows: Object.entries(manifest.packages)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([name, version]) => ({ name, version })),
      },
    ],
  };
}
