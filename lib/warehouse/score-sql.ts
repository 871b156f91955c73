/**
 * A saved model (model.json) as one SQL statement that computes, per customer, the model's features
 * exactly as fitted and the nearest segment, inside the database that holds the order lines
 * (posit's orbital / R's tidypredict idea: translate the fitted pipeline, do not export the data).
 * The statement is a stack of subqueries, one per layer, innermost first:
 *
 *   order lines ──clean──> lines ──GROUP BY customer──> aggregates ──JOIN customers──> features in
 *   their units ──log1p, clip, scale──> standardised ──(encoder layers, one subquery each)──>
 *   weighted point ──> squared distance to each centroid ──> segment, distance, second distance
 *
 * Every fitted number is a literal taken from the model: RFM quintile cut points (so no window
 * function: the SQL runs on sharded tables and old engines), fill values, one-hot levels, category
 * list, log1p list, clip bounds, means and standard deviations, feature weights, encoder weights,
 * centroids. Dialect differences live in dialects.ts.
 *
 * What the tables must hold (the warehouse is assumed to hold typed, clean data):
 * - orders: the model's columns.customerId, columns.orderDate (TIMESTAMP, DATE or DateTime, UTC),
 *   columns.amount (number; or columns.quantity x columns.price), and when the model used them
 *   columns.invoice (text, "C..." = cancellation), columns.quantity (negative = return),
 *   columns.category (text), columns.discount (number);
 * - customers: one row per customer, with columns.customerId and the model's customer, band and
 *   categorical columns (numbers for customerColumns and bands, text for categoricalColumns).
 * Rules applied as the cleaning stage does: ids trimmed (missing tokens = no id), lines without a
 * date or amount, with |amount| > MAX_ABS_AMOUNT, or after the as-of day are left out; returns
 * netted or dropped (clean.returns); clean.ranges set implausible numbers to missing; text values
 * trimmed, missing tokens = missing. Documented differences from `seglab score`: a missing customer
 * number gets the model's saved fill value (the training median), where `seglab score` fills it with
 * the new file's median (clean.numericMissing "median"); ids are never pseudonymised; models using
 * clean.winsorise, clean.recode, clean.allowedValues on a feature, missing indicators, the
 * geographic criterion or joined sources are refused with a sentence saying so.
 */
import { MAX_ABS_AMOUNT } from '../clean/transactions';
import { DAY_MS } from '../clean/coerce';
import { fail, msg } from '../errors/messages';
import { own } from '../io/dict';
import { oneHotName, oneHotNames, type BandFit, type OneHotFit } from '../features/encode';
import type { SegmentationModel } from '../model/artifact';
import { dialect as dialectOf, nested, tableName, type Dialect, type DialectName } from './dialects';

/** Options of scoringSql. */
export interface ScoringSqlOptions {
  /** Order lines table (optionally "schema.table"). Default "orders". */
  orders?: string;
  /** Customers table. Default "customers". */
  customers?: string;
  /** Reference date for recency (ISO "YYYY-MM-DD"); default the model's features.asOf (required when it has none and the model uses order lines). */
  asOf?: string;
  /** When the model segments in the autoencoder embedding: write its layers as SQL (default true; false fails for such models). */
  encoder?: boolean;
  /**
   * Score one slice of the customers only: those whose hash bucket of the trimmed id (of `count`)
   * is `index`. Slices 0..count-1 together score everyone once; each is a shorter, smaller job.
   */
  slice?: { index: number; count: number };
}

/** The statement and what it returns. */
export interface ScoringSql {
  sql: string;
  dialect: DialectName;
  /** Reference date used (ISO), "" for a model without order lines. */
  asOf: string;
  /**
   * Result columns in order: customer_id (text), segment (1..k), segment_name, distance,
   * second_distance (Euclidean, in the model's weighted space), then one column per feature
   * (standardised units, named as the model's features).
   */
  columns: string[];
}

/** Behavioural feature names computed from the aggregate layer (in their units). */
const BEHAVIOURAL = ['recency_days', 'frequency', 'monetary', 'tenure_days', 'avg_basket', 'interpurchase_days', 'return_rate', 'discount_share', 'trend_90d', 'r_score', 'f_score', 'm_score'] as const;

/** A number as a SQL literal (shortest round-trip decimal: the engine reads back the same double). */
export function sqlNumber(x: number): string {
  if (!Number.isFinite(x)) return fail('sql', msg.modelInvalid(`a fitted number is ${x}`));
  const s = String(x);
  return x < 0 ? `(${s})` : s;
}

/** Math.round(x * 100) / 100 of the Node path, ties towards +infinity as Math.round. */
const cents = (e: string): string => `(floor((${e}) * 100 + 0.5) / 100)`;

function refuse(what: string, fix: string): never {
  return fail('sql', msg.sqlUnsupported(what, fix));
}

/** Checks that the model's config uses only what the SQL reproduces. */
function checkSupported(model: SegmentationModel): void {
  const { clean, features, columns } = model.config;
  const used = new Set([...features.customerColumns, ...features.categoricalColumns, ...Object.keys(features.bands)]);
  for (const [rule, cols] of [['clean.winsorise', Object.keys(clean.winsorise ?? {})], ['clean.recode', Object.keys(clean.recode ?? {})], ['clean.allowedValues', Object.keys(clean.allowedValues ?? {})]] as const) {
    const hit = cols.filter((c) => used.has(c));
    if (hit.length) refuse(`${rule} changes the feature column${hit.length > 1 ? 's' : ''} ${hit.map((c) => `"${c}"`).join(', ')} with limits or mappings computed from the new file`, `Apply the rule in the warehouse table, or drop it from the model's config and refit.`);
  }
  // Region columns of the geographic criterion are plain one-hot text columns; postcode areas and distance bands are derived in Node.
  const geo = features.geographic;
  if (geo && (geo.postcode || Object.keys(geo.distanceBands ?? {}).length)) {
    refuse('features.geographic derives postcode areas or distance bands in Node', 'Add the derived columns to the customers table and list them in features.categoricalColumns, then refit.');
  }
  const indicators = model.featureNames.filter((f) => f.endsWith('_missing') && !f.includes('='));
  if (indicators.length) refuse(`missing-value indicator features (${indicators.join(', ')})`, 'Use clean.missing rules other than "indicator" and refit.');
  if (!columns.customerId) refuse('columns.customerId is not set', 'Set it in the config and refit.');
}

/** Expressions of one layer: name -> SQL, in order. */
type Layer = [alias: string, expr: string][];

// A column passed on unchanged is selected by name (ClickHouse refuses `x AS x` in some versions).
const select = (layer: Layer): string => layer.map(([alias, expr]) => (alias === expr ? expr : `${expr} AS ${alias}`)).join(',\n  ');

/**
 * The SQL of a model in one dialect.
 * @example scoringSql(model, 'postgres', { orders: 'shop.order_lines', asOf: '2026-01-01' }).sql
 */
export function scoringSql(model: SegmentationModel, dialectName: DialectName, options: ScoringSqlOptions = {}): ScoringSql {
  return buildScoringSql(model, dialectName, options, null).scoring;
}

/** Names of the work tables of the staged form. */
export interface StageTables {
  /** Per customer and day: the order lines' sums and counts (one GROUP BY pass over the order lines). */
  daily: string;
  /** Per customer: the aggregates the features are computed from (one GROUP BY pass over `daily`). */
  aggregates: string;
  /**
   * Fill `daily` in this many parts (hash bucket of the customer id), each a smaller GROUP BY: the
   * first creates the table, the others insert. Default 1 (one scan of the order lines).
   */
  dailyParts?: number;
}

/** The staged form: work tables to create in order, then the scoring statement that reads the last. */
export interface StagedScoringSql {
  /** `CREATE TABLE <table> AS <sql>` (or `INSERT INTO <table> <sql>` when `insert`) in this order (empty for a model without order lines). */
  steps: { table: string; sql: string; insert?: boolean }[];
  /** The scoring SELECT (same columns and values as scoringSql's one statement) reading `aggregates`. */
  scoring: ScoringSql;
}

/**
 * The same SQL as scoringSql, cut at its two GROUP BYs into work tables: each statement then has
 * one blocking operator only, so an engine with a memory limit (DuckDB's memory_limit, spilling to
 * its temp_directory) scans the order lines once and never holds two large hash tables at a time.
 * The values are those of the one statement (tested): the layers are the same text, only read from
 * a table instead of a subquery. A slice (options.slice) applies to the scoring statement only.
 * @example stagedScoringSql(model, 'duckdb', { asOf: '2025-06-30' }, { daily: 'w_daily', aggregates: 'w_agg' }).steps[0].sql
 */
export function stagedScoringSql(model: SegmentationModel, dialectName: DialectName, options: ScoringSqlOptions, tables: StageTables): StagedScoringSql {
  return buildScoringSql(model, dialectName, options, tables);
}

function buildScoringSql(model: SegmentationModel, dialectName: DialectName, options: ScoringSqlOptions, staged: StageTables | null): StagedScoringSql {
  checkSupported(model);
  const d = dialectOf(dialectName);
  const t = model.transform;
  const cfg = model.config;
  const hasOrders = t.rfm !== undefined;
  const asOf = hasOrders ? (options.asOf ?? cfg.features.asOf ?? fail('sql', msg.sqlNeedsAsOf())) : '';
  if (hasOrders && (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(`${asOf}T00:00:00Z`)))) fail('sql', msg.sqlUsage(`--as-of "${asOf}" is not a date YYYY-MM-DD`));
  const ref = hasOrders ? Date.parse(`${asOf}T00:00:00Z`) : 0;
  const missingTokens = cfg.clean.missingTokens.map((tok) => d.string(tok.trim().toLowerCase()));
  /** A text value trimmed, with missing tokens as NULL. */
  const cleanText = (e: string): string => {
    const trimmed = d.trim(d.text(e));
    return `CASE WHEN ${e} IS NULL OR lower(${trimmed}) IN (${missingTokens.join(', ') || "''"}) THEN NULL ELSE ${trimmed} END`;
  };

  // --- customers: id, numeric columns (ranges to missing), text columns ---------------------------
  const customerCols: Layer = [['j_cid', cleanText(d.ident(cfg.columns.customerId))]];
  const numericAlias = new Map<string, string>();
  const textAlias = new Map<string, string>();
  const numericSources = [...cfg.features.customerColumns, ...(t.bands ?? []).map((b) => b.column)];
  // The saved cleaning fit (model.cleanFit, as `seglab score` applies it): a missing number gets the
  // training file's fill; rows missing a value in a "drop" column are left out, as the cleaning drops them.
  const saved = model.cleanFit ?? null;
  const missingRules = cfg.clean.missing ?? {};
  const missingRule = (col: string): unknown => own(missingRules, col) ?? (cfg.features.customerColumns.includes(col) ? cfg.clean.numericMissing : undefined);
  const dropWhen: string[] = [];
  const numericValue = (col: string): string => {
    const range = cfg.clean.ranges[col];
    const v = d.double(d.ident(col));
    return range ? `CASE WHEN ${v} < ${sqlNumber(range[0])} OR ${v} > ${sqlNumber(range[1])} THEN NULL ELSE ${v} END` : v;
  };
  for (const col of numericSources) {
    if (numericAlias.has(col)) continue;
    const alias = `k_n${numericAlias.size}`;
    numericAlias.set(col, alias);
    const fill = saved ? own(saved.numericFill, col) : undefined;
    customerCols.push([alias, fill && missingRule(col) !== 'drop' ? d.ifNull(numericValue(col), sqlNumber(fill.value)) : numericValue(col)]);
  }
  const numericNames = new Set([...(saved?.numericColumns ?? []), ...numericSources]);
  const dropCols = [...new Set([...cfg.features.customerColumns, ...Object.keys(missingRules)])].filter((col) => missingRule(col) === 'drop');
  for (const col of dropCols) dropWhen.push(`${numericNames.has(col) ? numericValue(col) : cleanText(d.ident(col))} IS NOT NULL`);
  const categorical = (t.oneHot ?? []).filter((o) => !(t.bands ?? []).some((b) => `${b.column}_band` === o.column));
  for (const o of categorical) {
    const alias = `k_t${textAlias.size}`;
    textAlias.set(o.column, alias);
    const fill = saved ? own(saved.textFill, o.column) : undefined;
    customerCols.push([alias, fill && fill.value !== null && missingRule(o.column) !== 'drop' ? d.ifNull(cleanText(d.ident(o.column)), d.string(fill.value)) : cleanText(d.ident(o.column))]);
  }
  const slice = options.slice;
  if (slice && !(Number.isInteger(slice.count) && slice.count >= 1 && Number.isInteger(slice.index) && slice.index >= 0 && slice.index < slice.count)) {
    fail('sql', msg.sqlUsage(`slice ${slice.index} of ${slice.count} is not a slice (0 <= index < count)`));
  }
  const inSlice = (id: string, join: string): string => (slice && slice.count > 1 ? `${join}${d.hashBucket(id, slice.count)} = ${slice.index}` : '');
  const steps: StagedScoringSql['steps'] = [];
  const customersSql = `SELECT\n  ${select(customerCols)}\nFROM ${tableName(d, options.customers ?? 'customers')}${dropWhen.length ? `\nWHERE ${dropWhen.join(' AND ')}` : ''}`;

  // --- order lines and their aggregates per customer ----------------------------------------------
  let aggregatesSql = '';
  const categories = t.categoryShares ?? { categories: [], other: false };
  if (hasOrders) {
    const c = cfg.columns;
    const amountExpr = c.amount
      ? d.double(d.ident(c.amount))
      : c.quantity && c.price
        ? `${d.double(d.ident(c.quantity))} * ${d.double(d.ident(c.price))}`
        : refuse('no amount column', 'Set columns.amount (or columns.quantity and columns.price).');
    const returnConds = [`${amountExpr} < 0`];
    if (c.quantity) returnConds.push(`${d.ifNull(d.double(d.ident(c.quantity)), '0')} < 0`);
    if (c.invoice) returnConds.push(`${d.ifNull(`upper(${d.trim(d.text(d.ident(c.invoice)))})`, "''")} LIKE 'C%'`);
    const lines: Layer = [
      ['o_cid', cleanText(d.ident(c.customerId))],
      ['o_ts', d.epochMs(d.ident(c.orderDate))],
      ['o_amt', amountExpr],
      ['o_ret', `CASE WHEN ${returnConds.join(' OR ')} THEN 1 ELSE 0 END`],
      ['o_cat', c.category ? cleanText(d.ident(c.category)) : 'NULL'],
      ['o_disc', c.discount ? d.ifNull(d.double(d.ident(c.discount)), '0') : '0'],
      ['o_day', `floor(${d.epochMs(d.ident(c.orderDate))} / ${DAY_MS})`],
    ];
    // Lines the cleaning stage keeps: an id, a date on or before the as-of day, a plausible amount.
    const notAfter = ref + DAY_MS - 1;
    const valid = `o_cid IS NOT NULL AND o_ts IS NOT NULL AND o_amt IS NOT NULL AND o_ts <= ${notAfter} AND abs(o_amt) <= ${MAX_ABS_AMOUNT}${staged ? '' : inSlice('o_cid', ' AND ')}`;
    const dropReturns = cfg.clean.returns === 'drop';
    const kept = dropReturns ? 'o_ret = 0' : '1 = 1';
    const purchase = 'o_amt > 0 AND o_ret = 0';
    const net = 'CASE WHEN o_ret = 1 AND o_amt > 0 THEN -o_amt ELSE o_amt END';
    const catConds: [string, string][] = [
      ...categories.categories.map((cat, j): [string, string] => [`cat${j}`, `o_cat = ${d.string(cat)}`]),
      ...(categories.other
        ? [['cat_other', `o_cat IS NOT NULL${categories.categories.length ? ` AND o_cat NOT IN (${categories.categories.map((x) => d.string(x)).join(', ')})` : ''}`] as [string, string]]
        : []),
    ];
    // Two GROUP BYs, customer-day then customer: purchase days are counted without COUNT(DISTINCT),
    // which engines handle badly at scale (hash sets per group; shipped whole between shards).
    const daily: Layer = [
      ['y_cid', 'o_cid'],
      ['y_kept', d.countIf(kept)],
      ['y_purchases', d.countIf(purchase)],
      ['y_last_p', d.maxIf('o_ts', purchase)],
      ['y_first_p', d.minIf('o_ts', purchase)],
      ['y_last_k', d.maxIf('o_ts', kept)],
      ['y_first_k', d.minIf('o_ts', kept)],
      ['y_net', d.sumIf(net, kept)],
      ['y_gross', d.sumIf('o_amt', purchase)],
      ['y_recent', d.sumIf('o_amt', `${purchase} AND o_ts >= ${ref - 90 * DAY_MS}`)],
      ['y_discounted', d.countIf(`${purchase} AND o_disc > 0`)],
      ['y_lines', d.countIf('1 = 1')],
      ['y_returns', d.countIf('o_ret = 1')],
      ...catConds.map(([name, cond]): [string, string] => [`y_${name}`, d.sumIf('o_amt', `${purchase} AND ${cond}`)]),
    ];
    // Per-day extremes exist only on days with such lines (ClickHouse's maxIf gives 0 otherwise): filtered again by the day's counts.
    const agg: Layer = [
      ['j_cid', 'y_cid'],
      ['a_kept', d.sumIf('y_kept', '1 = 1')],
      ['a_purchases', d.sumIf('y_purchases', '1 = 1')],
      ['a_last_p', d.maxIf('y_last_p', 'y_purchases > 0')],
      ['a_first_p', d.minIf('y_first_p', 'y_purchases > 0')],
      ['a_last_k', d.maxIf('y_last_k', 'y_kept > 0')],
      ['a_first_k', d.minIf('y_first_k', 'y_kept > 0')],
      ['a_days', d.countIf('y_purchases > 0')],
      ...['net', 'gross', 'recent', 'discounted', 'lines', 'returns', ...catConds.map(([name]) => name)].map((name): [string, string] => [`a_${name}`, d.sumIf(`y_${name}`, '1 = 1')]),
    ];
    const linesSql = `SELECT\n  ${select(lines)}\nFROM ${tableName(d, options.orders ?? 'orders')}`;
    const dailySql = `SELECT\n  ${select(daily)}\nFROM (\n${linesSql}\n) AS lines\nWHERE ${valid}\nGROUP BY o_cid, o_day`;
    aggregatesSql = `SELECT\n  ${select(agg)}\nFROM (\n${dailySql}\n) AS daily\nGROUP BY y_cid`;
    if (staged) {
      // The same layers, each read from the table the step before wrote.
      const parts = staged.dailyParts ?? 1;
      if (!(Number.isInteger(parts) && parts >= 1)) fail('sql', msg.sqlUsage(`dailyParts ${parts} is not a positive whole number`));
      for (let part = 0; part < parts; part++) {
        const sql = parts === 1 ? dailySql : `SELECT\n  ${select(daily)}\nFROM (\n${linesSql}\n) AS lines\nWHERE ${valid} AND ${d.hashBucket('o_cid', parts)} = ${part}\nGROUP BY o_cid, o_day`;
        steps.push({ table: staged.daily, sql, ...(part > 0 ? { insert: true } : {}) });
      }
      steps.push({ table: staged.aggregates, sql: `SELECT\n  ${select(agg)}\nFROM (SELECT * FROM ${tableName(d, staged.daily)}) AS daily\nGROUP BY y_cid` });
      aggregatesSql = `SELECT * FROM ${tableName(d, staged.aggregates)}`;
    }
  }

  // --- features in their units ------------------------------------------------------------------
  const behaviour = (name: string): string | null => {
    if (!hasOrders) return null;
    const last = 'CASE WHEN a_purchases > 0 THEN a_last_p ELSE a_last_k END';
    const first = 'CASE WHEN a_purchases > 0 THEN a_first_p ELSE a_first_k END';
    const daysTo = (e: string): string => nested('greatest', ['0', `(${ref} - (${e})) / ${DAY_MS}`]);
    const rfm = t.rfm as NonNullable<typeof t.rfm>;
    const score = (x: string, edges: readonly number[]): string => `(1 + ${edges.map((e) => `CASE WHEN ${x} > ${sqlNumber(e)} THEN 1 ELSE 0 END`).join(' + ')})`;
    switch (name) {
      case 'recency_days':
        return daysTo(last);
      case 'frequency':
        return 'a_days';
      case 'monetary':
        return cents('a_net');
      case 'tenure_days':
        return daysTo(first);
      case 'avg_basket':
        return `CASE WHEN a_days > 0 THEN ${cents(`${cents('a_gross')} / a_days`)} ELSE 0 END`;
      case 'interpurchase_days':
        return `CASE WHEN a_days >= 2 THEN ((${last}) - (${first})) / ${DAY_MS} / (a_days - 1) ELSE ${daysTo(last)} END`;
      case 'return_rate':
        return 'CASE WHEN a_lines > 0 THEN a_returns / a_lines ELSE 0 END';
      case 'discount_share':
        return 'CASE WHEN a_purchases > 0 THEN a_discounted / a_purchases ELSE 0 END';
      case 'trend_90d':
        return 'CASE WHEN a_gross > 0 THEN a_recent / a_gross ELSE 0 END';
      case 'r_score':
        return `(6 - ${score(daysTo(last), rfm.recencyEdges)})`;
      case 'f_score':
        return score('a_days', rfm.frequencyEdges);
      case 'm_score':
        return score(cents('a_net'), rfm.monetaryEdges);
      default:
        return null;
    }
  };
  const oneHotExpr = (fit: OneHotFit, name: string, valueOf: string): string => {
    const at = oneHotNames(fit).indexOf(name);
    if (at < fit.levels.length) return `CASE WHEN ${valueOf} = ${d.string(fit.levels[at])} THEN 1 ELSE 0 END`;
    if (fit.other && name === oneHotName(fit.column, 'other')) {
      return `CASE WHEN ${valueOf} IS NOT NULL${fit.levels.length ? ` AND ${valueOf} NOT IN (${fit.levels.map((l) => d.string(l)).join(', ')})` : ''} THEN 1 ELSE 0 END`;
    }
    return `CASE WHEN ${valueOf} IS NULL THEN 1 ELSE 0 END`;
  };
  const bandLabelExpr = (band: BandFit): string => {
    const e = [...band.edges].sort((a, b) => a - b);
    const v = numericAlias.get(band.column) as string;
    const arms = [`WHEN ${v} < ${sqlNumber(e[0])} THEN ${d.string(`<${e[0]}`)}`];
    for (let j = 1; j < e.length; j++) arms.push(`WHEN ${v} < ${sqlNumber(e[j])} THEN ${d.string(`${e[j - 1]}-${e[j]}`)}`);
    return `CASE WHEN ${v} IS NULL THEN NULL ${arms.join(' ')} ELSE ${d.string(`${e[e.length - 1]}+`)} END`;
  };
  const rawExpr = (name: string): string => {
    const b = (BEHAVIOURAL as readonly string[]).includes(name) ? behaviour(name) : null;
    if (b) return b;
    if (hasOrders && name.startsWith('share_')) {
      const cat = name.slice('share_'.length);
      const j = categories.categories.indexOf(cat);
      const spend = j !== -1 ? `a_cat${j}` : cat === 'other' && categories.other ? 'a_cat_other' : null;
      if (spend) return `CASE WHEN a_gross > 0 THEN ${spend} / a_gross ELSE 0 END`;
    }
    const numeric = cfg.features.customerColumns.includes(name) ? numericAlias.get(name) : undefined;
    if (numeric) return d.ifNull(numeric, sqlNumber(t.fills?.[name] ?? 0));
    for (const fit of t.oneHot ?? []) {
      if (!oneHotNames(fit).includes(name)) continue;
      const band = (t.bands ?? []).find((x) => `${x.column}_band` === fit.column);
      const valueOf = band ? bandLabelExpr(band) : textAlias.get(fit.column);
      if (valueOf) return oneHotExpr(fit, name, valueOf);
    }
    return refuse(`the feature "${name}" has no SQL translation`, 'Drop it from the model\'s features (it comes from a joined source or a rule the SQL does not reproduce) and refit.');
  };
  const names = model.featureNames;
  const raw: Layer = [['r_cid', 'j_cid'], ...names.map((n, j): [string, string] => [`r_${j}`, d.double(rawExpr(n))])];
  const joined = hasOrders
    ? `(\n${aggregatesSql}\n) AS aggregates\n${d.innerJoin} (\n${customersSql}\n) AS customer_rows USING (j_cid)\nWHERE a_kept > 0 AND j_cid IS NOT NULL${inSlice('j_cid', ' AND ')}`
    : `(\n${customersSql}\n) AS customer_rows\nWHERE j_cid IS NOT NULL${inSlice('j_cid', ' AND ')}`;
  let sql = `SELECT\n  ${select(raw)}\nFROM ${joined}`;

  // --- log1p, clip, scale ------------------------------------------------------------------------
  const signedLog1p = (x: string): string => `CASE WHEN ${x} < 0 THEN -${d.ln(`1 - ${x}`)} ELSE ${d.ln(`1 + ${x}`)} END`;
  const scaled: Layer = [['z_cid', 'r_cid']];
  names.forEach((n, j) => {
    let x = `r_${j}`;
    if (t.log1p.includes(n)) x = signedLog1p(x);
    const clip = t.scaler.clip?.[j];
    if (clip) x = nested('least', [nested('greatest', [x, sqlNumber(clip[0])]), sqlNumber(clip[1])]);
    const sd = t.scaler.sd[j];
    scaled.push([`z_${j}`, sd > 0 ? `((${x}) - ${sqlNumber(t.scaler.mean[j])}) / ${sqlNumber(sd)}` : '0']);
  });
  sql = `SELECT\n  ${select(scaled)}\nFROM (\n${sql}\n) AS features`;

  // --- the model's space: features or encoder layers ---------------------------------------------
  let base = names.map((_, j) => `z_${j}`);
  let carry = names.map((_, j): [string, string] => [`z_${j}`, `z_${j}`]);
  let idCol = 'z_cid';
  if (model.space === 'embedding') {
    const ae = model.autoencoder;
    if (!ae) return refuse('"space" is "embedding" but the model has no autoencoder', 'Refit.');
    if (options.encoder === false) refuse('the model segments in the autoencoder embedding and --no-encoder was given', 'Drop --no-encoder to write the encoder layers as SQL.');
    ae.encoder.forEach((layer, l) => {
      const units = layer.bias.map((bias, u): [string, string] => {
        const sum = `${base.map((x, i) => `${x} * ${sqlNumber(layer.kernel[i][u])}`).join(' + ')} + ${sqlNumber(bias)}`;
        return [`h${l}_${u}`, layer.activation === 'tanh' ? d.tanh(sum) : `(${sum})`];
      });
      const id = `h${l}_cid`;
      sql = `SELECT\n  ${select([[id, idCol], ...units, ...carry])}\nFROM (\n${sql}\n) AS layer${l}`;
      idCol = id;
      base = units.map(([alias]) => alias);
    });
  }
  // --- weights, distances, segment -----------------------------------------------------------------
  const factors = model.weights ? model.weights.map(Math.sqrt) : null;
  const point = base.map((x, j) => (factors ? `${x} * ${sqlNumber(factors[j])}` : x));
  const distances: Layer = model.centroids.map((c, s): [string, string] => [
    `d_${s}`,
    point.map((p, j) => `((${p}) - ${sqlNumber(c[j])}) * ((${p}) - ${sqlNumber(c[j])})`).join(' + '),
  ]);
  sql = `SELECT\n  ${select([['s_cid', idCol], ...distances, ...carry.map(([a]): [string, string] => [`s${a}`, a])])}\nFROM (\n${sql}\n) AS space`;
  const k = model.k;
  const ds = model.centroids.map((_, s) => `d_${s}`);
  // Nearest centroid, ties to the lower segment (as assignToCentroids); second = least of the others.
  const segmentArms = ds.slice(0, -1).map((dj, s) => `WHEN ${ds.slice(s + 1).map((other) => `${dj} <= ${other}`).join(' AND ')} THEN ${s}`);
  const assigned: Layer = [
    ['g_cid', 's_cid'],
    ['g_seg', k === 1 ? '0' : `CASE ${segmentArms.join(' ')} ELSE ${k - 1} END`],
    ['g_best', nested('least', ds)],
    ...ds.map((dj): [string, string] => [`g${dj}`, dj]),
    ...names.map((_, j): [string, string] => [`g_z${j}`, `sz_${j}`]),
  ];
  sql = `SELECT\n  ${select(assigned)}\nFROM (\n${sql}\n) AS distances`;
  const gds = ds.map((dj) => `g${dj}`);
  const secondOfG = (s: number): string => nested('least', gds.filter((_, j) => j !== s));
  const final: Layer = [
    [d.ident('customer_id'), 'g_cid'],
    [d.ident('segment'), 'g_seg + 1'],
    [d.ident('segment_name'), `CASE ${model.segments.map((sg) => `WHEN g_seg = ${sg.index} THEN ${d.string(sg.name)}`).join(' ')} END`],
    [d.ident('distance'), 'sqrt(g_best)'],
    [d.ident('second_distance'), k === 1 ? 'sqrt(g_best)' : `sqrt(CASE ${model.segments.slice(0, -1).map((sg) => `WHEN g_seg = ${sg.index} THEN ${secondOfG(sg.index)}`).join(' ')} ELSE ${secondOfG(k - 1)} END)`],
    ...names.map((n, j): [string, string] => [d.ident(n), `g_z${j}`]),
  ];
  sql = `SELECT\n  ${select(final)}\nFROM (\n${sql}\n) AS assigned`;
  const header = `-- seglab: model "${model.run.name.replace(/[\r\n]/g, ' ')}" (k = ${k}, ${names.length} features, ${model.space} space) scored in ${dialectName}${asOf ? `, as of ${asOf}` : ''}`;
  return { steps, scoring: { sql: `${header}\n${sql}`, dialect: dialectName, asOf, columns: ['customer_id', 'segment', 'segment_name', 'distance', 'second_distance', ...names] } };
}
