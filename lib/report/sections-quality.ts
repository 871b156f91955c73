/**
 * The data-quality section's head: an alerts list (as ydata-profiling shows) and per-column
 * histograms, from the data-quality profile (data-quality.json). Personal-data columns and the
 * customer id are left out; histogram bins with fewer customers than the minimum cell size are
 * not drawn (k-anonymity), and the chart says how many were left out.
 */
import { formatterFor, vegaFormatFor } from './years';
import type { ColumnProfile, SourceProfile } from '../clean/profile';
import { base } from './charts';
import { formatNumber, formatPercent } from './format';
import type { ChartBlock, ReportBlock, ReportRun, ReportSection } from './types';

/** A numeric column with at most this many distinct values (a small count, a code) is not called skewed. */
const SKEW_MIN_DISTINCT = 10;

/**
 * How the run used a column, for its alerts: `logScaled` when the features were log-scaled before
 * clustering (features.logColumns, or automatically for a skewed column); `notQuantity` when its
 * numbers are codes or groups, not amounts (a categorical column, a protected attribute, the outcome).
 */
export interface ColumnUse {
  logScaled?: boolean;
  notQuantity?: boolean;
}

/** The alerts of one column, in plain words; empty when nothing stands out. */
export function columnAlerts(source: SourceProfile, c: ColumnProfile, use: ColumnUse = {}): string[] {
  const where = `${source.source} "${c.name}"`;
  const out: string[] = [];
  // Years (a birth-year column) are printed as years, without a thousands separator.
  const fv = formatterFor(c.name);
  if (c.type === 'empty') return [`${where} is empty: every value is missing.`];
  if (c.missingShare >= 0.05) {
    const tokens = (c.missingAs ?? []).map((t) => `"${t.value}" ${formatNumber(t.count)}`);
    out.push(`${where} is ${formatPercent(c.missingShare)} missing (${formatNumber(c.missing)} of ${formatNumber(source.rowsProfiled)} rows${tokens.length ? `; read as missing from clean.missingTokens: ${tokens.join(', ')}` : ''}).`);
  }
  if (c.constant) out.push(`${where} has one value only ("${c.top[0]?.value ?? ''}"): it cannot tell customers apart.`);
  if (c.type === 'text' && source.rowsProfiled > 50 && c.distinct >= 0.95 * (source.rowsProfiled - c.missing)) out.push(`${where} is unique or nearly unique per row (${formatNumber(c.distinct)} distinct): an identifier or free text, not a feature.`);
  // A date column of the customers file is read, profiled and never a feature: said, with the way to use it
  // (not for a personal one, a date of birth: the personal-data warning says what happened to it).
  if (c.type === 'date' && source.source === 'customers' && !c.valuesHidden)
    out.push(
      `${where} holds dates (${c.min ?? ''} to ${c.max ?? ''}): not used as a feature (customer-level dates are not turned into numbers). To use it, add a column with a number derived from it (e.g. days from that date to the as-of date) and list it in features.customerColumns.`,
    );
  if (c.type === 'numeric' && c.quantiles && typeof c.max === 'number' && typeof c.min === 'number') {
    const [q05, , q50, , q95] = c.quantiles;
    const spread = q95 - q05;
    if (spread > 0 && (c.max > q95 + 3 * spread || c.min < q05 - 3 * spread)) out.push(`${where} has extreme values (from ${fv(c.min)} to ${fv(c.max)}, while 90% lie between ${fv(q05)} and ${fv(q95)}).`);
    // A two-valued column (a 0/1 flag, a 1/2 code such as Wholesale's Channel) is not skewed in a way a log scale helps.
    // A count with few distinct values (Teenhome 0/1/2, skewness 0.41) is not called skewed: the claim rests on the
    // measured skewness (g1 >= 1 skewed, >= 2 strongly), printed with it; older profiles without it keep the quantile rule.
    // A code (UCI Online Shoppers' Browser 1..13, one-hot encoded) or a group is not a quantity a log scale could
    // help; a column the run already log-scaled is said to be (trial of 2026-11-29: "a log scale may suit it"
    // of MntWines, listed in features.logColumns, and of BounceRates, log-scaled automatically).
    else if (!use.notQuantity && c.distinct > SKEW_MIN_DISTINCT && q95 > q50 && (c.skewness !== undefined ? c.skewness >= 1 : q95 - q50 > 4 * Math.max(q50 - q05, Number.EPSILON)))
      out.push(
        `${where} is ${c.skewness === undefined || c.skewness >= 2 ? 'strongly ' : ''}skewed (${c.skewness !== undefined ? `skewness ${formatNumber(c.skewness)}, ` : ''}median ${fv(q50)}, 95th percentile ${fv(q95)})${use.logScaled ? ': this run log-scaled it (log1p) before clustering.' : ': a log scale may suit it.'}`,
      );
  }
  const code = sentinelCode(c, source.rowsProfiled);
  if (code)
    out.push(
      `${where} holds ${code.value} in ${formatPercent(code.share)} of rows, ${code.value.startsWith('-') ? 'its smallest value' : 'its largest value'}: likely a code for "none" or "not applicable", not a quantity. If so, set clean.ranges for "${c.name}" so that ${code.value} falls outside (a value outside its range becomes missing, in this column only) and a clean.missing rule for it, so it is not averaged as a number.`,
    );
  return out;
}

/**
 * A numeric column whose most frequent value (>= 20% of present values) is a negative minimum while
 * the column is positive elsewhere, or a 99.../999... maximum: a sentinel such as UCI Bank Marketing's
 * pdays = -1 ("not contacted before", 82% of bank.csv), averaged as "pdays -0.281" by a segment.
 */
function sentinelCode(c: ColumnProfile, rows: number): { value: string; share: number } | null {
  if (c.type !== 'numeric' || !c.quantiles || typeof c.min !== 'number' || typeof c.max !== 'number' || c.distinct <= 2) return null;
  const top = c.top[0];
  const present = rows - c.missing;
  if (!top || present <= 0 || top.count / present < 0.2) return null;
  const v = Number(top.value);
  const negativeFloor = v === c.min && v < 0 && c.quantiles[4] > 0;
  const nines = v === c.max && /^9{2,}$/.test(String(v));
  return negativeFloor || nines ? { value: String(v), share: top.count / present } : null;
}

/** At most this many histograms per source (the widest-spread columns first would be arbitrary: file order). */
const MAX_HISTOGRAMS = 12;

/** One histogram per numeric column of a source (file order, at most 12). */
export function histogramCharts(source: SourceProfile, skip: ReadonlySet<string>, minCellSize: number, idPrefix: string): ChartBlock[] {
  const columns = source.columns.filter((c) => c.type === 'numeric' && c.histogram && !skip.has(c.name)).slice(0, MAX_HISTOGRAMS);
  return columns.map((c, i) => {
    const bins = c.histogram ?? [];
    const hidden = bins.filter((b) => b.count > 0 && b.count < minCellSize).length;
    const values = bins.map((b) => ({ from: b.from, to: b.to, count: b.count > 0 && b.count < minCellSize ? null : b.count }));
    const title = `${source.source}: ${c.name}`;
    const description =
      `Histogram of "${c.name}" in the ${source.source} file as read: 10 equal-width bins from ${formatterFor(c.name)(bins[0]?.from ?? NaN)} to ${formatterFor(c.name)(bins[bins.length - 1]?.to ?? NaN)}; the bar height is the number of rows.` +
      (hidden ? ` ${hidden} bin${hidden === 1 ? '' : 's'} with fewer than ${minCellSize} rows ${hidden === 1 ? 'is' : 'are'} not drawn.` : '');
    const spec = {
      ...base(title, description, 90),
      data: { values },
      mark: { type: 'bar', color: '#4e79a7' },
      encoding: {
        x: { field: 'from', type: 'quantitative', title: `${c.name} (value)`, bin: { binned: true }, axis: { format: vegaFormatFor(c.name, '~s'), tickCount: 5 } },
        x2: { field: 'to' },
        y: { field: 'count', type: 'quantitative', title: 'Rows', axis: { format: '~s', tickCount: 3 } },
        tooltip: [
          { field: 'from', type: 'quantitative', title: 'From', format: vegaFormatFor(c.name, ',.4~r') },
          { field: 'to', type: 'quantitative', title: 'To', format: vegaFormatFor(c.name, ',.4~r') },
          { field: 'count', type: 'quantitative', title: 'Rows', format: ',d' },
        ],
      },
    };
    return { kind: 'chart' as const, id: `${idPrefix}-${i + 1}`, title, description, spec };
  });
}

/**
 * The data-quality section with an alerts list and per-column histograms in front of its tables.
 * @example withQualityAlerts(dataQualitySection(run), run)
 */
export function withQualityAlerts(section: ReportSection, run: ReportRun): ReportSection {
  const skip = new Set([run.config.columns.customerId, ...run.config.columns.pii]);
  const profiles = run.dataQuality ?? [];
  // Log-scaled before clustering: as the run recorded it, and as the profiles mark their features (scale 'log').
  const logScaled = new Set([...(run.logScaled ?? []), ...run.profiles.flatMap((p) => p.features.filter((f) => f.scale === 'log').map((f) => f.feature))]);
  const notQuantities = new Set([...run.config.features.categoricalColumns, ...run.config.fairness.protected, ...(run.config.columns.label ? [run.config.columns.label] : [])]);
  const useOf = (s: SourceProfile, c: ColumnProfile): ColumnUse =>
    s.source === 'customers' ? { logScaled: logScaled.has(c.name), notQuantity: notQuantities.has(c.name) } : {};
  const alerts = profiles.flatMap((s) => s.columns.filter((c) => !run.config.columns.pii.includes(c.name)).flatMap((c) => columnAlerts(s, c, useOf(s, c))));
  // Implausible birth years or ages at the as-of date (lib/pipeline/age-as-of.ts).
  alerts.push(...(run.dataQualityAlerts ?? []));
  const head: ReportBlock[] = [
    { kind: 'heading', text: `Alerts (${alerts.length})` },
    alerts.length ? { kind: 'list', items: alerts } : { kind: 'paragraph', text: 'No column stands out: none is mostly missing, constant, an identifier, skewed or extreme.' },
  ];
  const charts = profiles.flatMap((s, i) => histogramCharts(s, skip, run.fairnessCard.privacy.minCellSize, `quality-histogram-${i + 1}`));
  const histograms: ReportBlock[] = charts.length
    ? [{ kind: 'heading', text: 'Distribution of every numeric column, as read' }, ...charts]
    : [];
  return { ...section, blocks: [...head, ...histograms, ...section.blocks] };
}
