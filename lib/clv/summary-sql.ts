/**
 * The buy-till-you-die summary computed with SQL in DuckDB, for transactions too large to hold
 * in Node (features/behaviour-sql.ts). Same definitions as summary.ts (`rfmSummary`) and the
 * scoping of stage.ts (`customerLifetimeValue`), so BG/NBD and Gamma-Gamma fit on the DuckDB path
 * too, and the Node heap holds one row per customer, never the order lines:
 *
 *   order lines (cid, ts, net amount) ──GROUP BY cid, day──> purchase days ──GROUP BY cid──>
 *   x, t_x, T, mean repeat spend, first-day spend, holdout purchase days, net revenue
 *
 * One documented difference: customers come out in id order (the Node path lists them in order
 * of first appearance in the file); no result depends on that order.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { SeglabError, msg } from '../errors/messages';
import { emptySummary, type SummaryOptions } from './summary';
import type { ClvInputs, ClvOptions } from './stage';
import { resolveClvOptions } from './stage';
import type { RfmSummary } from './types';
import { readColumns } from '../load/duckdb-columns';

const DAY_MS = 86_400_000;

/**
 * An amount as an exact decimal (micro-units): its sums do not depend on the order DuckDB's
 * threads add the lines in, so a run reproduces bit for bit (issue 15). Equal to the Node path's
 * float sums to about 1e-15 relative.
 */
const EXACT_AMT = 'amt::DECIMAL(38, 6)';

const num = (v: unknown): number => (v === null || v === undefined ? NaN : Number(v));

/**
 * The order lines of `relation` per customer and UTC day, in one GROUP BY (issue 15: the
 * calibration and full summaries and the revenue all read it, instead of each scanning the lines):
 * `spend` and `buys` of the purchase rows (amount >= 0, finite time), `net` of every row.
 */
const daysOf = (relation: string): string => `SELECT cid, floor(ts / ${DAY_MS}) AS day,
    sum(${EXACT_AMT}) FILTER (WHERE amt >= 0 AND isfinite(ts)) AS spend,
    count(*) FILTER (WHERE amt >= 0 AND isfinite(ts)) AS buys,
    sum(${EXACT_AMT}) AS net
  FROM ${relation} GROUP BY cid, floor(ts / ${DAY_MS})`;

/**
 * `rfmSummary` in SQL over `relation`, a table expression with columns `cid` (VARCHAR), `ts`
 * (epoch ms, DOUBLE) and `amt` (net amount, DOUBLE: returns negative). Rows with a negative
 * amount are not purchases; rows on one UTC day are one purchase (amounts summed).
 * @example await rfmSummaryFromDuckdb(con, 'clv_tx', { calibrationEnd: Date.UTC(1997, 8, 30) })
 */
export async function rfmSummaryFromDuckdb(con: DuckDBConnection, relation: string, options: SummaryOptions): Promise<RfmSummary> {
  return summaryFromDays(con, `(${daysOf(relation)})`, options);
}

/**
 * `rfmSummaryFromDuckdb` from the per-day table of `daysOf` (`days`: a table name or a parenthesised query).
 * @param names with integer customer keys in `cid`: the table (k INTEGER, id VARCHAR) naming them, the
 *   keys numbered in the order of the ids (then the output is as if `cid` were the id itself)
 * @param idOf with `names`: the id of a key, in JavaScript (the keys are read as numbers, not the ids as text; issue 15)
 */
async function summaryFromDays(con: DuckDBConnection, days: string, options: SummaryOptions, names?: string, idOf?: (k: number) => string): Promise<RfmSummary> {
  const unitDays = options.unitDays ?? 7;
  if (!(unitDays > 0)) throw new SeglabError('clv', msg.clvBadOption('unitDays', unitDays, 'a positive number of days'));
  const calDay = Math.floor(options.calibrationEnd / DAY_MS);
  const obsDay = options.observationEnd === undefined ? null : Math.floor(options.observationEnd / DAY_MS);
  if (obsDay !== null && obsDay <= calDay) {
    throw new SeglabError('clv', msg.clvBadOption('observationEnd', new Date(options.observationEnd as number).toISOString().slice(0, 10), 'a day after calibrationEnd'));
  }
  // Purchase days (same-day rows summed); the first calibration day and its spend per customer.
  // Sums are exact decimals (EXACT_AMT): with two threads the order of the lines varies, and so would float sums (issue 15).
  // Numbers straight from the vectors (readColumns; NULL as NaN), not value by value (issue 15).
  const res = await readColumns(con, `WITH d AS (SELECT cid, day, spend FROM ${days} WHERE buys > 0),
    cal AS (
      -- One row per (customer, day): the first day's spend is the spend at the least day, the repeat
      -- spend the rest (exact decimals, so total minus first is the sum of the others; no window).
      SELECT cid, count(*)::DOUBLE - 1 AS x, min(day)::DOUBLE AS first, max(day)::DOUBLE AS last,
        (sum(spend) - arg_min(spend, day))::DOUBLE AS repeat_spend,
        arg_min(spend, day)::DOUBLE AS first_spend
      FROM d WHERE day <= ${calDay} GROUP BY cid),
    hold AS (SELECT cid, count(*)::DOUBLE AS n FROM d WHERE day > ${calDay} AND day <= ${obsDay ?? calDay} GROUP BY cid),
    ids AS (SELECT DISTINCT cid FROM ${days})
    SELECT ${names && !idOf ? 'n.id' : 'ids.cid'}, cal.x, cal.first, cal.last, cal.repeat_spend, cal.first_spend, COALESCE(hold.n, 0)::DOUBLE
    FROM ids LEFT JOIN cal ON ids.cid = cal.cid LEFT JOIN hold ON ids.cid = hold.cid${names && !idOf ? ` JOIN ${names} n ON n.k = ids.cid` : ''}
    ORDER BY ids.cid`);
  const [cid, x, first, last, repeatSpend, firstSpend, held] = res as [unknown[], Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  const out = emptySummary(unitDays, calDay, obsDay);
  for (let r = 0; r < cid.length; r++) {
    // Not in `cal` (x is NULL): no purchase by calibrationEnd. x itself is never NaN otherwise (a count).
    if (Number.isNaN(x[r])) {
      if (obsDay !== null && num(held[r]) > 0) out.excluded.afterCalibration++;
      else out.excluded.noPurchase++;
      continue;
    }
    const freq = num(x[r]);
    const f = num(first[r]);
    out.customerId.push(idOf ? idOf(cid[r] as number) : String(cid[r]));
    out.frequency.push(freq);
    out.recency.push((num(last[r]) - f) / unitDays);
    out.T.push((calDay - f) / unitDays);
    out.monetary.push(freq > 0 ? num(repeatSpend[r]) / freq : 0);
    out.firstSpend.push(num(firstSpend[r]));
    out.holdout?.frequency.push(num(held[r]));
  }
  return out;
}

/**
 * Everything the CLV stage needs from the order lines, computed in DuckDB: the options resolved
 * against the transactions' span, the calibration/holdout summary, the full summary and the net
 * revenue per customer. `relation` as for `rfmSummaryFromDuckdb` (every kept order line).
 * With `keys`, `relation`'s `cid` is an integer key and `keys.names` the table (k INTEGER, id VARCHAR)
 * naming them, keys numbered in the ids' order: the same results, grouped on integers (issue 15).
 * `keys.idOf`, the same naming in JavaScript (every key of `relation` named), saves reading the ids as text.
 * @example const inputs = await clvInputsFromDuckdb(con, 'clv_tx', config.clv);
 *          customerLifetimeValueFromInputs(ids, inputs, segmentOf)
 */
export async function clvInputsFromDuckdb(con: DuckDBConnection, relation: string, options: ClvOptions = {}, keys?: { names: string; days?: string; idOf?: (k: number) => string }): Promise<ClvInputs> {
  const span = (await con.runAndReadAll(`SELECT min(ts)::DOUBLE, max(ts)::DOUBLE FROM ${relation}`)).getColumnsJS();
  const firstTime = span[0][0] === null ? Infinity : num(span[0][0]);
  const lastTime = span[1][0] === null ? -Infinity : num(span[1][0]);
  const resolved = resolveClvOptions(firstTime, lastTime, options);
  const end = resolved.observationEnd;
  // The order lines up to the end of the last observed day (stage.ts scopes the same way).
  const scoped = `(SELECT cid, ts, amt FROM ${relation} WHERE ts <= ${end + DAY_MS - 1})`;
  // One pass over the order lines (per customer and day); both summaries and the revenue read it.
  // With keys.days, that per-day table was grouped already (features/behaviour-sql.ts's kept_days,
  // over every line of `relation`): the scope is its days up to the observed end's, since `end` is
  // a UTC midnight and a line's time (integer ms) is <= end + DAY_MS - 1 exactly when its day is <= end's day.
  const days = keys?.days ? `(SELECT k AS cid, day, spend, buys, net FROM ${keys.days} WHERE day <= ${Math.floor(end / DAY_MS)})` : 'clv_days';
  if (!keys?.days) await con.run(`CREATE OR REPLACE TEMP TABLE clv_days AS ${daysOf(scoped)}`);
  try {
    const calibration =
      resolved.holdoutDays > 0
        ? await summaryFromDays(con, days, { calibrationEnd: end - resolved.holdoutDays * DAY_MS, observationEnd: end, unitDays: resolved.unitDays }, keys?.names, keys?.idOf)
        : null;
    const summary = await summaryFromDays(con, days, { calibrationEnd: end, unitDays: resolved.unitDays }, keys?.names, keys?.idOf);
    // Exact decimal sums of the exact per-day sums: the same value as summing the lines.
    const perCustomer = `SELECT cid, sum(net)::DOUBLE AS s FROM ${days} GROUP BY cid`;
    const netRevenue = new Map<string, number>();
    if (keys?.idOf) {
      // Keys and sums as numbers, the ids from keys.idOf (the map is read by id; its order is not used).
      const [k, s] = (await readColumns(con, perCustomer)) as Float64Array[];
      for (let r = 0; r < k.length; r++) netRevenue.set(keys.idOf(k[r]), s[r]);
    } else {
      const revenue = (await con.runAndReadAll(keys ? `SELECT n.id, r.s FROM (${perCustomer}) r JOIN ${keys.names} n ON n.k = r.cid` : perCustomer)).getColumnsJS();
      revenue[0].forEach((id, r) => netRevenue.set(String(id), num(revenue[1][r])));
    }
    return { options: resolved, calibration, summary, netRevenue };
  } finally {
    await con.run('DROP TABLE IF EXISTS clv_days');
  }
}
