/**
 * Report sections about value: campaign results and recommendations (when the run has a
 * campaign log) and customer lifetime value (when CLV could be estimated).
 * Segment names in campaign and CLV results are the run's labels ("Segment 1"); `segmentName`
 * maps them to the names shown in the report (persona names).
 */
import type { ArmMetrics, BudgetPlan, CampaignsResult } from '../campaigns/types';
import type { ClvResult } from '../clv/stage';
import { armRatesChart, clvHoldoutChart, upliftForestChart } from './charts-value';
import { formatNumber, formatPercent } from './format';
import { formatMoney, moneyUnit } from './money';
import type { CalloutBlock, ChartBlock, ReportBlock, ReportSection, VegaLiteSpec } from './types';

const paragraph = (text: string): ReportBlock => ({ kind: 'paragraph', text });
const heading = (text: string): ReportBlock => ({ kind: 'heading', text });
const callout = (level: CalloutBlock['level'], text: string): CalloutBlock => ({ kind: 'callout', level, text });

function chart(id: string, spec: VegaLiteSpec): ChartBlock {
  return { kind: 'chart', id, title: String(spec.title ?? id), description: String(spec.description ?? ''), spec };
}

/** An interval as text, e.g. "0.91% to 1.12%" or "−0.02 to 0.4". */
function interval(i: readonly [number, number] | null, asPercent = false): string | null {
  if (!i) return null;
  const f = (x: number): string => (asPercent ? formatPercent(x) : formatNumber(x));
  return `${f(i[0])} to ${f(i[1])}`;
}

/** A money cell: "$1,616" with a currency, the plain number without (the header then says "currency units"). */
const money = (x: number | null | undefined, currency?: string): string | null => (x === null || x === undefined ? null : formatMoney(x, currency));
/** A money column header: the unit only when there is no currency symbol in the cells. */
const moneyHeader = (label: string, currency?: string): string => (currency ? label : `${label} (${moneyUnit(currency)})`);

const points = (x: number): string => `${x >= 0 ? '+' : '\u2212'}${(Math.abs(x) * 100).toFixed(2)} pts`;

function armTable(overall: readonly ArmMetrics[], objective: CampaignsResult['objective'], currency?: string): ReportBlock {
  return {
    kind: 'table',
    caption: 'Every arm over all customers',
    columns: [
      { key: 'arm', label: 'Arm' },
      { key: 'customers', label: 'Customers' },
      { key: 'conversions', label: 'Conversions' },
      { key: 'rate', label: 'Conversion rate' },
      { key: 'wilson', label: '95% interval (Wilson)' },
      ...(objective === 'revenue' ? [{ key: 'rpc', label: moneyHeader('Revenue per customer', currency), align: 'right' as const }] : []),
      { key: 'cpc', label: moneyHeader('Cost per customer', currency), align: 'right' as const },
      { key: 'uplift', label: 'Uplift vs control' },
      { key: 'newcombe', label: '95% interval (Newcombe)' },
    ],
    rows: overall.map((a) => ({
      arm: a.isControl ? `${a.arm} (control)` : a.arm,
      customers: a.exposures,
      conversions: a.conversions,
      rate: formatPercent(a.conversionRate),
      wilson: interval(a.conversionInterval, true),
      ...(objective === 'revenue' ? { rpc: money(a.revenuePerCustomer, currency) } : {}),
      cpc: money(a.costPerCustomer, currency),
      uplift: a.versusControl ? points(a.versusControl.uplift) : null,
      newcombe: a.versusControl ? interval(a.versusControl.upliftInterval, true) : null,
    })),
  };
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Cochran's Q per arm, and what it means for per-segment recommendations. */
function heterogeneityParagraph(c: CampaignsResult): ReportBlock | null {
  const tests = (c.heterogeneity ?? []).filter((h) => h.pValue !== null);
  if (tests.length === 0) return null;
  const each = tests.map((h) => `"${h.arm}": Q = ${h.q.toFixed(2)} on ${h.df} degrees of freedom, p = ${(h.pValue as number).toFixed(2)}, pooled uplift ${points(h.pooledUplift)}`).join('; ');
  return paragraph(
    `Does the uplift differ between segments? Cochran\u2019s Q test of each campaign\u2019s per-segment uplifts (${each}). ` +
      (c.segmentsDiffer
        ? `At least one campaign\u2019s uplift differs between segments (p < ${c.options.alpha} / ${tests.length}, Bonferroni over the campaigns), so each segment gets its own decision.`
        : `No campaign\u2019s uplift differs between segments (every p >= ${c.options.alpha} / ${tests.length}, Bonferroni over the campaigns), so every segment gets the same campaign-wide decision; per-segment differences in the table above are noise.`) +
      (c.valueMeasure && c.valueMeasure !== 'incremental profit' ? ` With no cost and a margin of 1, the value measure is ${c.valueMeasure}, not profit.` : ''),
  );
}

function decisionsTable(c: CampaignsResult, segmentName: (s: string) => string, currency?: string): ReportBlock {
  return {
    kind: 'table',
    caption: 'Recommendation per segment',
    columns: [
      { key: 'segment', label: 'Segment' },
      { key: 'audience', label: 'Customers' },
      { key: 'campaign', label: 'Recommended campaign' },
      { key: 'uplift', label: 'Uplift (95% interval)' },
      { key: 'pBest', label: 'P(best)' },
      { key: 'profit', label: moneyHeader(`${capitalise(c.valueMeasure ?? 'incremental profit')} per customer`, currency), align: 'right' as const },
      { key: 'why', label: 'Why / next test' },
    ],
    rows: c.decisions.map((d) => {
      const r = d.recommendation;
      const next = d.nextTest
        ? ` Next test: ${formatNumber(d.nextTest.customersPerArm)} customers per arm, ${d.bestArm ?? 'the best offer'} vs ${d.nextTest.against} (to detect ${points(d.nextTest.uplift)} from ${formatPercent(d.nextTest.baselineRate)}; ${d.nextTest.basis} effect, power ${d.nextTest.power}).` +
          (d.nextTest.practical === false ? ' Impractical for this segment: both arms need more customers than it has.' : '')
        : '';
      return {
        segment: segmentName(d.segment),
        audience: d.audience,
        campaign: r ? r.arm : '\u2014',
        uplift: r ? `${points(r.uplift)} (${interval(r.upliftInterval, true)})` : null,
        pBest: r ? r.probabilityBest : null,
        profit: r ? money(r.incrementalProfitPerCustomer, currency) : null,
        why:
          (d.pooled ? 'Campaign-wide decision (uplift does not differ between segments). ' : '') +
          (r ? `Evidence supports ${r.arm}.${next}` : `${d.reason ?? 'Insufficient evidence \u2014 test further.'}${next}`) +
          (d.own && d.own.arm === null && d.own.reason ? ` On its own evidence this segment would read: ${d.own.reason}${d.own.nextTest?.note ? `; ${d.own.nextTest.note}` : ''}` : ''),
      };
    }),
  };
}

function roiTable(c: CampaignsResult, segmentName: (s: string) => string, currency?: string): ReportBlock | null {
  const rows = c.cells.filter((a) => a.versusControl);
  if (rows.length === 0) return null;
  return {
    kind: 'table',
    caption: 'Return on investment per segment and campaign (seeded bootstrap interval) and probability of being best',
    columns: [
      { key: 'segment', label: 'Segment' },
      { key: 'arm', label: 'Campaign' },
      { key: 'customers', label: 'Customers' },
      { key: 'incremental', label: c.objective === 'revenue' ? moneyHeader('Incremental revenue', currency) : 'Incremental conversions', align: 'right' as const },
      { key: 'profit', label: moneyHeader('Incremental profit', currency), align: 'right' as const },
      { key: 'roi', label: 'ROI' },
      { key: 'roiInterval', label: 'ROI 95% interval' },
      { key: 'pBest', label: 'P(best)' },
    ],
    rows: rows.map((a) => {
      const v = a.versusControl as NonNullable<ArmMetrics['versusControl']>;
      return {
        segment: segmentName(a.segment),
        arm: a.arm,
        customers: a.exposures,
        incremental: c.objective === 'revenue' ? money(v.incrementalRevenue, currency) : v.uplift * a.exposures,
        profit: money(v.incrementalProfit, currency),
        roi: v.roi,
        roiInterval: interval(v.roiInterval),
        pBest: v.probabilityBest,
      };
    }),
  };
}

function budgetBlocks(budget: BudgetPlan, segmentName: (s: string) => string, currency?: string): ReportBlock[] {
  return [
    heading('Budget plan'),
    paragraph(
      `With a budget of ${formatMoney(budget.budget, currency)}, ${formatMoney(budget.spent, currency)} is spent for an expected incremental profit of ${formatMoney(budget.expectedIncrementalProfit, currency)}${currency ? '' : ` (${moneyUnit(currency)})`}, ` +
        'funding segments in order of incremental profit per unit of cost.' +
        (budget.unfunded.length ? ` Recommended but not funded: ${budget.unfunded.map(segmentName).join(', ')}.` : ''),
    ),
    {
      kind: 'table',
      caption: 'Budget allocation',
      columns: [
        { key: 'segment', label: 'Segment' },
        { key: 'arm', label: 'Campaign' },
        { key: 'customers', label: 'Customers' },
        { key: 'spend', label: moneyHeader('Spend', currency), align: 'right' as const },
        { key: 'profit', label: moneyHeader('Expected incremental profit', currency), align: 'right' as const },
        { key: 'ratio', label: 'Profit per unit cost' },
      ],
      rows: budget.allocations.map((a) => ({
        segment: segmentName(a.segment),
        arm: a.arm,
        customers: a.customers,
        spend: money(a.spend, currency),
        profit: money(a.expectedIncrementalProfit, currency),
        ratio: a.profitPerCost ?? 'free',
      })),
    },
  ];
}

/**
 * Campaign results and recommendations: per-arm rates, uplift forest plot, decisions, ROI, budget.
 * @param currency ISO 4217 code of the amounts (config profile.currency): every money value carries it.
 * @example campaignsSection(run.campaigns, (s) => s, 'USD')
 */
export function campaignsSection(c: CampaignsResult & { budget: BudgetPlan | null }, segmentName: (s: string) => string, currency?: string): ReportSection {
  const recommended = c.decisions.filter((d) => d.recommendation).length;
  const blocks: ReportBlock[] = [
    ...c.warnings.map((w) => callout('warn', w)),
    paragraph(
      `${c.arms.length} arm${c.arms.length === 1 ? '' : 's'} (${c.arms.join(', ')})${c.controlArm ? `, "${c.controlArm}" as the control` : ', no control group'}. ` +
        'Uplift is the difference in conversion rate against the control of the same segment. A campaign is recommended for a segment only when the evidence supports it: ' +
        `its uplift interval excludes zero and it is best with probability at least ${c.options.probabilityBest}. ` +
        `${recommended} of ${c.decisions.length} segments have a recommendation.`,
    ),
    chart('campaign-arms', armRatesChart(c.overall)),
    armTable(c.overall, c.objective, currency),
  ];
  if (c.cells.some((a) => a.versusControl)) blocks.push(chart('campaign-uplift', upliftForestChart(c.cells, segmentName)));
  const heterogeneity = heterogeneityParagraph(c);
  if (heterogeneity) blocks.push(heterogeneity);
  blocks.push(decisionsTable(c, segmentName, currency));
  const roi = roiTable(c, segmentName, currency);
  if (roi) blocks.push(roi);
  if (c.budget) blocks.push(...budgetBlocks(c.budget, segmentName, currency));
  return { id: 'campaigns', title: 'Campaign results and recommendations', blocks };
}

/**
 * Customer lifetime value: per-segment table, model parameters, predicted vs actual holdout purchases.
 * @param currency ISO 4217 code of the amounts (config profile.currency): every money value carries it.
 * @example clvSection(run.clv, (s) => s, 'USD')
 */
export function clvSection(clv: ClvResult, segmentName: (s: string) => string, currency?: string): ReportSection {
  const o = clv.options;
  const historical = new Map(clv.historical.segments.map((s) => [s.segment, s]));
  const lead =
    clv.recommendedMeasure === 'historical'
      ? callout('warn', `Lead with historical CLV here: ${clv.recommendationReasons.join(' ') || 'the predictive model does not fit this data well enough.'} Predicted values are shown for reference only.`)
      : callout('info', `Predictive CLV passes its checks on this data${clv.recommendationReasons.length ? `: ${clv.recommendationReasons.join(' ')}` : '.'}`);
  const blocks: ReportBlock[] = [
    lead,
    ...clv.warnings.map((w) => callout('warn', w)),
    paragraph(
      `Historical CLV is what each customer has been worth so far: net revenue \u00d7 margin (${o.margin}). ` +
        `Predictive CLV is what they are expected to be worth over the next ${formatNumber(o.horizonDays)} days, discounted at ${formatPercent(o.annualDiscountRate)} a year: ` +
        'expected purchases and the probability of still being active from the BG/NBD model, times expected spend per purchase from the Gamma-Gamma model.',
    ),
    {
      kind: 'table',
      caption: 'Customer lifetime value by segment',
      columns: [
        { key: 'segment', label: 'Segment' },
        { key: 'customers', label: 'Customers' },
        { key: 'historicalTotal', label: moneyHeader('Historical CLV (total)', currency), align: 'right' as const },
        { key: 'historicalShare', label: 'Share of historical CLV' },
        { key: 'meanClv', label: moneyHeader('Mean predicted CLV', currency), align: 'right' as const },
        { key: 'totalClv', label: moneyHeader('Predicted CLV (total)', currency), align: 'right' as const },
        { key: 'alive', label: 'Mean P(active)' },
        { key: 'purchases', label: 'Expected purchases' },
      ],
      rows: clv.segments.map((s) => {
        const h = historical.get(s.segment);
        return {
          segment: segmentName(s.segment),
          customers: s.customers,
          historicalTotal: h ? money(h.totalClv, currency) : null,
          historicalShare: h ? h.clvShare : null,
          meanClv: money(s.meanClv, currency),
          totalClv: money(s.totalClv, currency),
          alive: s.meanProbabilityAlive,
          purchases: s.meanExpectedPurchases,
        };
      }),
    },
    heading('Model parameters'),
    {
      kind: 'keyvalue',
      items: [
        {
          label: 'BG/NBD (purchases and dropout)',
          value: `r ${formatNumber(clv.bgnbd.r)}, \u03b1 ${formatNumber(clv.bgnbd.alpha)}, a ${formatNumber(clv.bgnbd.a)}, b ${formatNumber(clv.bgnbd.b)} (time unit ${clv.bgnbd.unitDays} days; ${formatNumber(clv.bgnbd.customers)} customers; log-likelihood ${formatNumber(clv.bgnbd.logLikelihood)}; ${clv.bgnbd.converged ? 'converged' : 'did NOT converge'})`,
        },
        {
          label: 'Gamma-Gamma (spend per purchase)',
          value: `p ${formatNumber(clv.gammaGamma.p)}, q ${formatNumber(clv.gammaGamma.q)}, v ${formatNumber(clv.gammaGamma.v)} (${formatNumber(clv.gammaGamma.customers)} repeat buyers; ${clv.gammaGamma.converged ? 'converged' : 'did NOT converge'})`,
        },
        { label: 'Frequency\u2013spend correlation', value: `${formatNumber(clv.gammaGamma.frequencyMonetaryCorrelation)} (the spend model assumes about 0)` },
      ],
    },
  ];
  if (!clv.bgnbd.converged || !clv.gammaGamma.converged) {
    blocks.push(callout('warn', 'A CLV model did not converge: treat the predicted values as rough until the fit is checked.'));
  }
  const v = clv.validation;
  if (v) {
    blocks.push(
      heading('Does the model predict well?'),
      paragraph(
        `The BG/NBD model was refitted on all but the last ${formatNumber(o.holdoutDays)} days, and its predicted purchases in those days are compared with what customers actually did: ` +
          `${formatNumber(v.totalActual)} actual vs ${formatNumber(v.totalPredicted)} predicted purchases (${formatPercent(v.totalActual > 0 ? (v.totalPredicted - v.totalActual) / v.totalActual : NaN)} difference), ` +
          `a mean absolute error of ${formatNumber(v.meanAbsoluteError)} purchases per customer.`,
      ),
      chart('clv-holdout', clvHoldoutChart(v)),
    );
  } else {
    blocks.push(paragraph('No holdout period was set aside, so predicted purchases were not validated (clv holdoutDays = 0).'));
  }
  return { id: 'clv', title: 'Customer lifetime value', blocks };
}
