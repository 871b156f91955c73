/**
 * The report's sections, each a pure function of the run (and manifest) to a ReportSection.
 * `buildReportDocument` (build.ts) puts them in order.
 */
import type { AttributeRepresentation, FairnessResult } from '../fairness/types';
import type { Manifest, RunResult } from '../pipeline/types';
import type { SegmentProfile } from '../profile/types';
import { featureHeatmapChart, kMetricChart, lossCurveChart, representationChart, segmentMapChart, segmentSizesChart } from './charts';
import { formatNumber, formatPercent } from './format';
import type { CalloutBlock, ChartBlock, ReportBlock, ReportSection, TableBlock, VegaLiteSpec } from './types';

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
export function distinctiveTraits(profile: SegmentProfile, max = 2): string {
  const traits = [...profile.features]
    .filter((f) => Math.abs(f.zMean) >= 0.25)
    .sort((a, b) => Math.abs(b.zMean) - Math.abs(a.zMean))
    .slice(0, max)
    .map((f) => `${f.zMean > 0 ? 'high' : 'low'} ${f.feature}`);
  return traits.length ? traits.join(', ') : 'close to the average customer';
}

/** Segment sizes, value shares and traits. */
export function overviewSection(run: RunResult): ReportSection {
  const table: TableBlock = {
    kind: 'table',
    caption: 'Segments at a glance',
    columns: [
      { key: 'segment', label: 'Segment' },
      { key: 'customers', label: 'Customers' },
      { key: 'share', label: 'Share of customers' },
      { key: 'valueShare', label: 'Share of value' },
      { key: 'valueIndex', label: 'Value index' },
      { key: 'traits', label: 'Distinctive traits' },
    ],
    rows: run.profiles.map((p) => ({
      segment: p.label,
      customers: p.size,
      share: p.share,
      valueShare: p.valueShare,
      valueIndex: p.share > 0 ? p.valueShare / p.share : null,
      traits: distinctiveTraits(p),
    })),
  };
  return {
    id: 'overview',
    title: 'Segment overview',
    blocks: [
      paragraph(
        'Segments are numbered by size (Segment 1 is the largest). The value index is a segment\u2019s share of total monetary value divided by its share of customers: above 1, its customers are worth more than average.',
      ),
      chart('segment-sizes', segmentSizesChart(run.profiles)),
      table,
    ],
  };
}

/** Heatmap of segment × feature and the raw means. */
export function profileSection(run: RunResult): ReportSection {
  const features = run.profiles[0]?.features.map((f) => f.feature) ?? [];
  const means: TableBlock = {
    kind: 'table',
    caption: 'Average of each feature by segment (raw units)',
    columns: [{ key: 'feature', label: 'Feature' }, ...run.profiles.map((p) => ({ key: `s${p.segment}`, label: p.label, align: 'right' as const }))],
    rows: features.map((feature) => ({
      feature,
      ...Object.fromEntries(run.profiles.map((p) => [`s${p.segment}`, p.features.find((f) => f.feature === feature)?.mean ?? null])),
    })),
  };
  return {
    id: 'profile',
    title: 'Feature profile',
    blocks: [
      paragraph(
        'Each cell shows how far a segment\u2019s average is from the average customer, in standard deviations: orange above average, blue below. Hover over a cell for the raw mean and median.',
      ),
      chart('feature-profile', featureHeatmapChart(run.profiles)),
      means,
    ],
  };
}

/** The 2-D map of customers. */
export function mapSection(run: RunResult): ReportSection {
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
export function kSelectionSection(run: RunResult): ReportSection {
  const { clustering, config } = run;
  const ks = clustering.candidates.map((c) => c.k);
  const chosen = clustering.candidates.find((c) => c.k === clustering.k);
  const blocks: ReportBlock[] = [
    paragraph(
      `k-means was run for k = ${ks.length ? `${Math.min(...ks)} to ${Math.max(...ks)}` : clustering.k} (${config.cluster.restarts} seeded restarts each, the best kept) on the ${run.representation} ` +
        `built from ${run.featureNames.length} feature${run.featureNames.length === 1 ? '' : 's'}. ` +
        `A k whose smallest segment holds less than ${formatPercent(config.cluster.minSegmentShare)} of customers is excluded. ` +
        `The chosen k = ${clustering.k}${chosen ? ` has a silhouette of ${formatNumber(chosen.silhouette)} (from \u22121 to 1; higher means better-separated segments)` : ''}.`,
    ),
  ];
  if (clustering.candidates.length) {
    blocks.push(chart('k-silhouette', kMetricChart(clustering.candidates, clustering.k, 'silhouette')));
    blocks.push(chart('k-inertia', kMetricChart(clustering.candidates, clustering.k, 'inertia')));
    blocks.push({
      kind: 'table',
      caption: 'Candidate numbers of segments',
      columns: [
        { key: 'k', label: 'k' },
        { key: 'silhouette', label: 'Silhouette' },
        { key: 'inertia', label: 'Inertia' },
        { key: 'minShare', label: 'Smallest segment share' },
        { key: 'status', label: 'Status' },
      ],
      rows: clustering.candidates.map((c) => ({
        k: c.k,
        silhouette: c.silhouette,
        inertia: c.inertia,
        minShare: c.minShare,
        status: c.k === clustering.k ? 'chosen' : c.eligible ? 'considered' : 'excluded: segment too small',
      })),
    });
  }
  if (!clustering.converged) {
    blocks.push(callout('warn', `k-means stopped at the iteration limit (${clustering.iterations} iterations) before converging; raise cluster.maxIterations to be sure the segments are stable.`));
  }
  for (const w of clustering.warnings) blocks.push(callout('warn', w));
  if (run.embedding) {
    const e = run.embedding;
    blocks.push(
      paragraph(
        `The features were first compressed by an autoencoder (hidden layers ${config.embed.hidden.join(', ')}; ${config.embed.bottleneck}-dimensional embedding; ${e.lossHistory.length} epochs on the ${e.backend} backend of TensorFlow.js), and the embedding was clustered. ` +
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

/**
 * The verdict on one attribute: info when every reportable cell is inside the band; warn when
 * some are outside; fail when a ratio is below 0.5 or above 2 (a group at half, or double, its
 * population share).
 */
function attributeVerdict(attr: AttributeRepresentation, fairness: FairnessResult, profiles: readonly SegmentProfile[]): CalloutBlock {
  const suppressed = attr.cells.filter((c) => c.verdict === 'suppressed').length;
  const suppressedText = suppressed ? ` ${suppressed} cell${suppressed === 1 ? ' has' : 's have'} fewer than ${fairness.minCellSize} customers and ${suppressed === 1 ? 'is' : 'are'} not assessed.` : '';
  const worst = worstCell(attr);
  if (!worst) {
    return callout('info', `"${attr.attribute}": every assessed group is within ${fairness.lower}\u2013${fairness.upper} times its population share in every segment.${suppressedText}`);
  }
  const ratio = worst.ratio as number;
  const severe = ratio < 0.5 || ratio > 2;
  return callout(
    severe ? 'fail' : 'warn',
    `"${attr.attribute}": ${attr.flagged} of ${attr.cells.length - suppressed} assessed cells are outside ${fairness.lower}\u2013${fairness.upper}. ` +
      `The largest gap: group "${worst.group}" in ${segmentLabel(profiles, worst.segment)} is at ${formatNumber(ratio)} times its population share ` +
      `(${formatPercent(worst.segmentShare ?? 0)} of the segment vs ${formatPercent(worst.populationShare)} of all customers). ` +
      `Check that campaigns built on these segments do not ${ratio < 1 ? 'exclude' : 'single out'} this group.${suppressedText}`,
  );
}

function attributeTable(attr: AttributeRepresentation, fairness: FairnessResult, profiles: readonly SegmentProfile[]): TableBlock {
  const suppressed = `suppressed (< ${fairness.minCellSize})`;
  return {
    kind: 'table',
    caption: `Representation of "${attr.attribute}" groups by segment`,
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
      verdict: c.verdict === 'pass' ? 'within band' : c.verdict === 'flag' ? 'outside band' : 'not assessed',
    })),
  };
}

/** Representation of protected groups in each segment. */
export function biasSection(run: RunResult): ReportSection {
  const f = run.fairness;
  const blocks: ReportBlock[] = [];
  if (f.attributes.length === 0) {
    blocks.push(callout('warn', 'No protected attributes were configured (fairness.protected is empty), so representation was not checked. Add columns such as age or gender to fairness.protected to check them.'));
    return { id: 'bias', title: 'Bias check', blocks };
  }
  blocks.push(
    paragraph(
      'For each protected attribute, the representation ratio compares a group\u2019s share within a segment with its share among all customers: 1 means the same, 0.5 half as common, 2 twice as common. ' +
        `Ratios outside ${f.lower}\u2013${f.upper} are flagged (the four-fifths rule and its inverse by default). ` +
        `Cells with fewer than ${f.minCellSize} customers are suppressed: they are too small to judge and could identify individuals.`,
    ),
  );
  f.attributes.forEach((attr, i) => {
    blocks.push(
      paragraph(`Attribute "${attr.attribute}" (grouped as ${attr.grouping}; ${attr.groups.length} groups).`),
      attributeVerdict(attr, f, run.profiles),
      chart(['bias', String(i + 1), slug(attr.attribute)].filter(Boolean).join('-'), representationChart(attr, f.lower, f.upper, run.profiles)),
      attributeTable(attr, f, run.profiles),
    );
  });
  for (const w of f.warnings) blocks.push(callout('warn', w));
  return { id: 'bias', title: 'Bias check', blocks };
}

/** The row ledger and the columns left out of the features. */
export function dataQualitySection(run: RunResult): ReportSection {
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
        return { source: e.source, file: e.file, read: e.rowsRead, kept: e.rowsKept, dropped, keptShare: e.rowsRead ? e.rowsKept / e.rowsRead : null };
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
  blocks.push(paragraph(`Features used (${run.featureNames.length}): ${run.featureNames.join(', ')}.`));
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
export function manifestSection(run: RunResult, manifest: Manifest): ReportSection {
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
        rows: manifest.inputs.map((i) => ({ role: i.role, file: i.file, rows: i.rows, sha256: i.sha256 })),
      },
      {
        kind: 'table',
        caption: `Wall time by stage (total ${formatNumber(totalMs / 1000)} s)`,
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
