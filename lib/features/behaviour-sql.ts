/**
 * The DuckDB path for transactions: read a large file (or Parquet) and compute per-customer
 * behaviour with SQL GROUP BY, plus the transactions ledger, without materialising the rows in
 * Node. Same definitions as behaviour.ts, with one documented difference: amounts are read by
 * stripping currency symbols, spaces and "," thousands separators, so a decimal comma
 * ("1.200,50") is unreadable here (use engine "js" for such files).
 */
import { MAX_ABS_AMOUNT, MIN_JOIN_RATE } from '../clean/transactions';
import type { DuckDBConnection } from '@duckdb/node-api';
import * as os from 'node:os';
import type { RunConfig } from '../config/types';
import { SeglabError, msg } from '../errors/messages';
import type { LedgerEntry } from '../clean/types';
import { duckdbError, sourceRelation, sqlIdent, sqlString, textOf, withDuckdb } from '../load/duckdb';
import { readColumns } from '../load/duckdb-columns';
import type { DuckSource } from '../load/source';
import { isIdSetting } from '../load/csv';
import { plausibleIdColumns } from '../load/id-columns';
import { avgBasketOf, categorySharesOf, referenceDate, type Behaviour } from './behaviour';
import { centsOfMicro, microSql } from './exact-sum';
import { dateLayers, jsLtrim, jsTrim, numberLayers, withLayers } from './sql-parse';
import { DAY_MS, DECIMAL_SNIFF_LIMIT, isMissing, missingSet, sniffDecimal } from '../clean/coerce';
import { DATE_SNIFF_LIMIT, sniffDateOrder } from '../clean/dates';


function requireIn(src: DuckSource, column: string, setting: string): string {
  if (!src.header.includes(column)) {
    // The rows are in DuckDB: an id setting proposes id-named columns only (load/id-columns.ts).
    const ids = isIdSetting(setting) ? plausibleIdColumns(src.header, null, false) : undefined;
    throw new SeglabError('load', msg.missingColumn(src.role, src.file, column, setting, src.header, ids));
  }
  return sqlIdent(column);
}

/**
 * The ids table `idk`: every raw id with its key k (the GROUP BY key of every query), the ids
 * numbered in their order. It needs the raw customers file only, so the order lines can be read and
 * joined to it while the customers are still being cleaned (issue 15).
 */
async function loadIds(con: DuckDBConnection, all: ReadonlySet<string>): Promise<void> {
  await con.run('CREATE TEMP TABLE ids (id VARCHAR)');
  const appender = await con.createAppender('ids');
  for (const id of all) {
    appender.appendVarchar(id);
    appender.endRow();
  }
  appender.closeSync();
  await con.run('CREATE TEMP TABLE idk AS SELECT id, (row_number() OVER (ORDER BY id) - 1)::INTEGER AS k FROM ids; DROP TABLE ids');
}

/**
 * The table `names` (k, id, idx): the kept customers' keys with their row in `customerIds` (the
 * last one, for a repeated id). Keys of the customers dropped while cleaning are missing from it.
 */
async function loadKept(con: DuckDBConnection, customerIds: readonly string[]): Promise<void> {
  const index = new Map<string, number>();
  customerIds.forEach((x, i) => index.set(x, i));
  await con.run('CREATE TEMP TABLE kept (id VARCHAR, idx INTEGER)');
  const appender = await con.createAppender('kept');
  for (const [id, i] of index) {
    appender.appendVarchar(id);
    appender.appendInteger(i);
    appender.endRow();
  }
  appender.closeSync();
  await con.run('CREATE TEMP TABLE names AS SELECT idk.k, idk.id, kept.idx FROM idk JOIN kept ON idk.id = kept.id; DROP TABLE kept');
}

/** An error thrown by the caller's code (customerIds, alongside) inside the DuckDB session: rethrown as it is. */
class CallerError {
  constructor(readonly error: unknown) {}
}

const num = (v: unknown): number => (v === null || v === undefined ? NaN : Number(v));

/** 2^53: integer sums below it read back as exact doubles. */
const SAFE = '9007199254740992';
/**
 * An exact integer sum (HUGEINT) read back cheaply (issue 15): as a DOUBLE when it is exactly
 * representable, and only otherwise as text (then Number(BigInt(text)), the nearest double, as before).
 * With `allSmall` (every sum is known to be below 2^53 in absolute value) the second column is a
 * NULL DOUBLE, read as NaN without a value-by-value read of a text column.
 */
const exactOut = (sum: string, name: string, allSmall: boolean): string =>
  allSmall
    ? `(${sum})::DOUBLE AS ${name}, NULL::DOUBLE AS ${name}_big`
    : `CASE WHEN abs(${sum}) < ${SAFE} THEN (${sum})::DOUBLE END AS ${name}, CASE WHEN abs(${sum}) >= ${SAFE} THEN (${sum})::VARCHAR END AS ${name}_big`;
const exactIn = (small: unknown, big: unknown): number => (big === null || big === undefined || (typeof big === 'number' && Number.isNaN(big)) ? num(small) : Number(BigInt(String(big))));

/**
 * Why an order line was dropped, as a small code in the temp table (not a string per line):
 * 0 kept, then the reasons in the order they are tested.
 */
const KEPT = 0;
const RETURN_DROPPED = 8;

/** A kept line's net amount (the Node path's: a refund line's amount is negative), of tx's columns. */
const netAmount = 'CASE WHEN ret AND amt > 0 THEN -amt ELSE amt END';

/**
 * The per-(customer, day) columns of clv/summary-sql.ts's `daysOf` (spend and buys of the purchase
 * rows, net of every row), over the kept lines with `a` = netAmount: the table `kept_days` then
 * serves as the CLV per-day table (KEPT_DAYS_CLV), with the same definitions and types.
 */
const clvDayColumns = `sum(a::DECIMAL(38, 6)) FILTER (WHERE a >= 0 AND isfinite(ts)) AS spend,
  count(*) FILTER (WHERE a >= 0 AND isfinite(ts)) AS buys, sum(a::DECIMAL(38, 6)) AS net`;

/**
 * With options.clvDays, the table (k, day, spend, buys, net) of the kept lines per customer and UTC day,
 * for clvInputsFromDuckdb's `keys.days` over the view kept_tx (same lines, same amounts).
 */
export const KEPT_DAYS_CLV = 'kept_days';

/**
 * Behaviour of `customerIds` (kept, raw ids) from a transactions source kept in DuckDB.
 * @param customerIds the kept customers' ids, or a function giving them: it is called while DuckDB
 *   reads and joins the order lines (the caller's cleaning of the customers runs meanwhile; issue 15).
 *   An error it throws is the one reported (after DuckDB's read has stopped), as when it ran first.
 * @param allCustomerIds every id of the raw customers file (to tell "unknown" from "dropped")
 * @param more further work on the same connection once the cleaned order lines are in the view
 *   `kept_tx` (cid: the customer's integer key, named in the table `names` (k, id); ts; amt: net amount, returns negative), e.g. the CLV summary (clv/summary-sql.ts, with `{ names: 'names' }`;
 *   with options.clvDays also `days: KEPT_DAYS_CLV`, that view's per-day table, already grouped;
 *   its second argument names a key in JavaScript, `idOf`)
 * @param alongside work on the same connection after the lines are read and before they are grouped
 *   per customer and day: it runs its queries (rows in file order) and returns a function, called
 *   while DuckDB groups, for its JavaScript part (e.g. the data-quality profile of the first rows)
 * @example const b = await behaviourFromDuckdb(src, customers.ids, allIds, config);
 */
export async function behaviourFromDuckdb(
  src: DuckSource,
  customerIds: readonly string[] | (() => readonly string[]),
  allCustomerIds: ReadonlySet<string>,
  config: RunConfig,
  options: { notAfter?: number; clvDays?: boolean } = {},
  more?: (con: DuckDBConnection, idOf: (k: number) => string) => Promise<void>,
  alongside?: (con: DuckDBConnection) => Promise<() => void>,
): Promise<Behaviour> {
  const c = config.columns;
  const id = requireIn(src, src.spec.idColumn ?? c.customerId, 'columns.customerId');
  const date = requireIn(src, c.orderDate, 'columns.orderDate');
  const hasAmount = src.header.includes(c.amount);
  if (!hasAmount && !(c.quantity && c.price)) throw new SeglabError('load', msg.noPriceOrAmount(src.role, src.file, c.amount, src.header));
  // Every value is read as the JavaScript path reads it (sql-parse.ts: parseNumber, parseDate,
  // trim), so both paths keep, drop and sum the same lines (issue 15 parity).
  const amountCol = hasAmount ? sqlIdent(c.amount) : requireIn(src, c.price as string, 'columns.price');
  const qtyCol = c.quantity ? requireIn(src, c.quantity, 'columns.quantity') : null;
  const invCol = c.invoice ? requireIn(src, c.invoice, 'columns.invoice') : null;
  const catCol = c.category ? requireIn(src, c.category, 'columns.category') : null;
  const discCol = c.discount ? requireIn(src, c.discount, 'columns.discount') : null;
  const missingList = config.clean.missingTokens.map((t) => sqlString(t.trim().toLowerCase())).join(', ');
  // A missing-value token, on a value already trimmed: no token is longer than tokenLength, and
  // lowercasing never shortens a string, so longer values skip lower().
  const tokenLength = Math.max(0, ...config.clean.missingTokens.map((t) => t.trim().toLowerCase().length));
  const isMissingSql = (trimmed: string): string => (missingList ? `(${trimmed} IS NULL OR (length(${trimmed}) <= ${tokenLength} AND lower(${trimmed}) IN (${missingList})))` : `(${trimmed} IS NULL)`);
  const relation = sourceRelation(src.spec, src.format);
  // Future-dated rows (after features.asOf, else the run's day) are dropped and counted, as in clean/transactions.ts.
  const notAfter = config.features.asOf ? Date.parse(`${config.features.asOf}T00:00:00Z`) + DAY_MS - 1 : options.notAfter;
  const futureReason = notAfter === undefined ? '' : msg.futureReason(new Date(notAfter).toISOString().slice(0, 10));

  return withDuckdb(async (con) => {
    try {
      // What the JavaScript path guesses from the top of the file, guessed from the same values
      // (rows in file order): the day/month order of non-ISO dates (its first 5,000 non-missing
      // dates) and whether the amounts mix decimal separators (its first 200,000 values).
      const notes: string[] = [];
      let dateOrder: 'dmy' | 'mdy' | null = c.dateFormat === 'dmy' || c.dateFormat === 'mdy' ? c.dateFormat : null;
      // One read of the file's top serves both guesses (a second one only when its first 200,000
      // rows hold fewer than 5,000 dates).
      const head =
        c.dateFormat === 'auto' || !c.decimal ? (await con.runAndReadAll(`SELECT ${textOf(date)}, ${textOf(amountCol)} FROM ${relation} LIMIT ${DECIMAL_SNIFF_LIMIT}`)).getColumnsJS() : [[], []];
      const text = (values: readonly unknown[] | undefined): string[] => (values ?? []).map((v) => (v === null || v === undefined ? '' : String(v)));
      if (c.dateFormat === 'auto') {
        const missing = missingSet(config.clean.missingTokens);
        let dates = text(head[0]).filter((v) => !isMissing(v, missing));
        if (dates.length < DATE_SNIFF_LIMIT && (head[0]?.length ?? 0) === DECIMAL_SNIFF_LIMIT) {
          dates = text((await con.runAndReadAll(`SELECT d FROM (SELECT ${textOf(date)} AS d FROM ${relation}) WHERE NOT ${isMissingSql(jsTrim('d'))} LIMIT ${DATE_SNIFF_LIMIT}`)).getColumnsJS()[0]);
        }
        const sniff = sniffDateOrder(dates, missing, DATE_SNIFF_LIMIT);
        if (sniff.ambiguous) throw new SeglabError('clean', msg.ambiguousDates(src.role, src.file, c.orderDate, sniff.examples));
        if (sniff.order === 'dmy' || sniff.order === 'mdy') {
          dateOrder = sniff.order;
          notes.push(msg.dateOrderGuessed(c.orderDate, sniff.order, sniff.examples));
        }
      }
      if (!c.decimal) {
        const sniff = sniffDecimal(text(head[1]), DECIMAL_SNIFF_LIMIT);
        if (sniff.ambiguous) throw new SeglabError('clean', msg.ambiguousDecimal(src.role, src.file, hasAmount ? c.amount : (c.price as string), sniff.examples));
      }
      const dateRead = dateLayers('raw_date', 'pd', dateOrder);
      const amountRead = numberLayers('r_a', 'pa', c.decimal);
      const qtyRead = numberLayers('r_q', 'pq', c.decimal);
      const discRead = numberLayers('r_disc', 'pdisc', undefined);
      // Bounded memory: DuckDB spills to disk beyond this, so the Node heap keeps the rest.
      // Both threads, rows in any order (issue 15): money is summed as integers (micro-units, column m,
      // see exact-sum.ts), so no sum depends on the order DuckDB's threads add the lines in. Every
      // result equals the JavaScript path's bit for bit, and a run reproduces. (Before, floating-point
      // sums forced one thread in file order: 183 s of 15.7M lines at 1M customers.)
      await con.run(`SET memory_limit = '1500MB'; SET preserve_insertion_order = false; SET temp_directory = ${sqlString(os.tmpdir() + '/seglab-duckdb')}`);
      // Every raw id keyed k = 0, 1, ... in the order of the ids (the GROUP BY key of every query,
      // and the CLV summaries list customers in that order).
      await loadIds(con, allCustomerIds);
      // Status codes (KEPT = 0): index = code. Tested in this order, as in clean/transactions.ts.
      const reasons = [
        'kept',
        'missing customer id',
        'unreadable order date',
        futureReason,
        'unreadable amount',
        msg.absurdAmountReason(MAX_ABS_AMOUNT),
        'customer id not in the customers file',
        'customer dropped while cleaning customers',
        'return / cancellation (clean.returns: drop)',
      ];
      // Each value is computed once (the inner query), the amount included; the table holds per line
      // the kept customer's key k (INTEGER), a status code, and the id as text only where it is not
      // in the customers file (for the message when the files do not join).
      // The order lines as read (one row per line): the table below and, on the error and warning
      // paths only, a rescan (issue 15: tx holds no text column for them, so writing it costs less).
      // The file's columns as text (with a row number for the error path's rescan), then every
      // reading as the JavaScript path does it (sql-parse.ts).
      const parsed = (rowNumber: boolean): string =>
        withLayers(
          `(SELECT ${rowNumber ? 'row_number() OVER () AS rn, ' : ''}${textOf(id)} AS r_id, ${textOf(date)} AS raw_date, ${textOf(amountCol)} AS r_a, ${qtyCol ? textOf(qtyCol) : "''"} AS r_q,
              ${invCol ? textOf(invCol) : "''"} AS r_inv, ${catCol ? textOf(catCol) : "''"} AS r_cat, ${discCol ? textOf(discCol) : "''"} AS r_disc FROM ${relation})`,
          [`${jsTrim('r_id')} AS id_t, ${catCol ? jsTrim('r_cat') : 'NULL::VARCHAR'} AS cat_t`, ...dateRead.layers, ...amountRead.layers, ...(qtyCol ? qtyRead.layers : []), ...(discCol ? discRead.layers : [])],
        );
      const lines = `(
          SELECT cid, ts, amt, (amt < 0 OR COALESCE(qty < 0, false) OR cancelled) AS ret, cancelled, cat, disc, raw_date
          FROM (
            SELECT cid, ts, ${hasAmount ? 'a0' : 'qty * a0'} AS amt, qty, cancelled, cat, disc, raw_date
            FROM (
              SELECT CASE WHEN ${isMissingSql('id_t')} THEN NULL ELSE id_t END AS cid,
                ${dateRead.out} AS ts,
                -- The amount column, or the price (times qty one level up).
                ${amountRead.out} AS a0,
                ${qtyCol ? qtyRead.out : 'NULL::DOUBLE'} AS qty,
                ${invCol ? `COALESCE(starts_with(upper(${jsLtrim('r_inv')}), 'C'), false)` : 'false'} AS cancelled,
                ${catCol ? `CASE WHEN ${isMissingSql('cat_t')} THEN NULL ELSE cat_t END` : 'NULL'} AS cat,
                ${discCol ? `COALESCE(${discRead.out}, 0)` : '0'} AS disc, raw_date
              FROM ${parsed(false)})))`;
      // Each value is computed once (the inner query), the amount included; the table holds per line
      // the customer's key k (INTEGER), a status code, whether the id is in the customers file,
      // and the discount only when there is a discount column (else every line's is 0). Status 7
      // (customer dropped while cleaning) is set below, once the kept customers are known.
      const reading = con.run(`CREATE TEMP TABLE tx AS
        SELECT i.k, t.ts, t.amt, ${microSql('t.amt')} AS m, t.ret, t.cat${c.discount ? ', t.disc' : ''}${invCol ? ', t.cancelled AS cx' : ''}, (i.id IS NOT NULL) AS known,
          (CASE WHEN t.cid IS NULL THEN 1
               WHEN t.ts IS NULL THEN 2
               ${notAfter === undefined ? '' : `WHEN t.ts > ${notAfter} THEN 3`}
               WHEN t.amt IS NULL OR NOT isfinite(t.amt) THEN 4
               WHEN abs(t.amt) > ${MAX_ABS_AMOUNT} THEN 5
               WHEN i.id IS NULL THEN 6
               WHEN t.ret AND ${config.clean.returns === 'drop'} THEN ${RETURN_DROPPED}
               ELSE ${KEPT} END)::UTINYINT AS status
        FROM ${lines} t
        LEFT JOIN idk i ON t.cid = i.id`);
      // DuckDB reads the file on its threads while the caller cleans the customers on this one.
      let kept: readonly string[];
      try {
        kept = typeof customerIds === 'function' ? customerIds() : customerIds;
      } catch (e) {
        con.interrupt();
        await reading.catch(() => undefined);
        throw new CallerError(e);
      }
      await reading;
      await loadKept(con, kept);
      const [keyCol, idxCol] = (await readColumns(con, 'SELECT k, idx FROM names')) as Float64Array[];
      const rowOf = new Int32Array(allCustomerIds.size).fill(-1);
      for (let r = 0; r < keyCol.length; r++) rowOf[keyCol[r]] = idxCol[r];
      // Lines of customers dropped while cleaning: status 7, where the line would be kept or a dropped
      // return (the codes before 7 take precedence, as in the CASE above).
      if (keyCol.length < allCustomerIds.size) {
        await con.run(`UPDATE tx SET status = 7 WHERE status IN (${KEPT}, ${RETURN_DROPPED}) AND k NOT IN (SELECT k FROM names)`);
      }
      const counts = (await con.runAndReadAll(`SELECT status::INTEGER, count(*)::DOUBLE, sum(CASE WHEN ret THEN 1 ELSE 0 END)::DOUBLE, ${invCol ? 'sum(CASE WHEN cx THEN 1 ELSE 0 END)::DOUBLE' : '0::DOUBLE'} FROM tx GROUP BY status ORDER BY status`)).getColumnsJS();
      const dropped: Record<string, number> = {};
      let rowsKept = 0;
      let returns = 0;
      // Reasons listed in the order of their text, as when the status was the text itself.
      const order = counts[0].map((code, j) => [reasons[num(code)], j] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      // Cancellation lines (invoice starting "C") of kept customers with a readable line, kept or dropped as returns, as cleanTransactions counts them.
      let cancelled = 0;
      counts[0].forEach((code, j) => {
        if (num(code) === KEPT || num(code) === RETURN_DROPPED) cancelled += num(counts[3][j]);
      });
      for (const [status, j] of order) {
        if (status === 'kept') {
          rowsKept = num(counts[1][j]);
          returns = num(counts[2][j]);
        } else dropped[status] = num(counts[1][j]);
      }
      const nDropped = Object.values(dropped).reduce((a, b) => a + b, 0);
      const rowsRead = rowsKept + nDropped;
      if (rowsRead === 0) throw new SeglabError('load', msg.headerOnly(src.role, src.file));
      const ledger: LedgerEntry = {
        source: src.role,
        file: src.file,
        rowsRead,
        rowsKept,
        dropped,
        repairs: {
          ...(returns ? { 'returns (negative amounts) netted into monetary value': returns } : {}),
          ...(cancelled ? { [`cancellations (${c.invoice} starting "C") counted as returns`]: cancelled } : {}),
        },
      };
      // Do the files join? As cleanTransactions: rows with an id, against those whose id is in the customers file at all.
      // Status 1 is exactly the rows without an id.
      const join = (await con.runAndReadAll(`SELECT count(*) FILTER (WHERE status <> 1)::DOUBLE, count(*) FILTER (WHERE status <> 1 AND known)::DOUBLE FROM tx`)).getColumnsJS();
      const withId = num(join[0][0]);
      const matched = num(join[1][0]);
      if (withId > 0 && matched / withId < MIN_JOIN_RATE) {
        // Ids not in the customers file (a rescan of the lines; error path only).
        const unknown = `SELECT t.cid FROM ${lines} t LEFT JOIN idk i ON t.cid = i.id WHERE t.cid IS NOT NULL AND i.id IS NULL LIMIT 200`;
        const theirs = (await con.runAndReadAll(`SELECT DISTINCT cid FROM (${unknown}) LIMIT 3`)).getColumnsJS()[0].map(String);
        throw new SeglabError('clean', msg.idsDoNotJoin(src.role, src.file, src.spec.idColumn ?? c.customerId, matched, withId, theirs, [...allCustomerIds].slice(0, 3)));
      }
      const warnings: string[] = [];
      if (matched < withId) warnings.push(msg.joinRate(src.role, matched, withId));
      const future = futureReason ? dropped[futureReason] ?? 0 : 0;
      if (future > 0) {
        // The date as written of the latest future-dated line (status 3: an id, a date, after notAfter), from a rescan.
        const latest = (await con.runAndReadAll(`SELECT arg_max(raw_date, ts) FROM ${lines} WHERE cid IS NOT NULL AND ts IS NOT NULL AND ts > ${notAfter}`)).getColumnsJS()[0][0];
        warnings.push(msg.futureRowsDropped(src.role, c.orderDate, future, new Date(notAfter as number).toISOString().slice(0, 10), String(latest ?? '')));
      }
      const limit = config.clean.maxUnreadableShare * rowsRead;
      for (const [reason, column] of [['unreadable order date', c.orderDate], ['unreadable amount', c.amount]] as const) {
        if ((dropped[reason] ?? 0) > limit) {
          // Error path only: one more scan for the first few row numbers and an example value.
          const [col, value] = reason === 'unreadable order date' ? ['raw_date', dateRead.out] : hasAmount ? ['r_a', amountRead.out] : ['r_q', `${qtyRead.out} * ${amountRead.out}`];
          const test = `${col} IS NOT NULL AND ${jsTrim(col)} <> '' AND ${value} IS NULL`;
          await con.run('SET preserve_insertion_order = true; SET threads = 1');
          const bad = (await con.runAndReadAll(`SELECT rn, ${col} FROM ${parsed(true)} WHERE ${test} ORDER BY rn LIMIT 6`)).getColumnsJS();
          const firstLine = src.format === 'csv' ? (src.spec.skipLines ?? 0) + (src.spec.header === false || src.spec.columnNames ? 0 : 1) : 0;
          const rows = (bad[0] ?? []).map((r) => num(r) + firstLine);
          const example = String(bad[1]?.[0] ?? '');
          const fix =
            reason === 'unreadable order date'
              ? 'Dates must be ISO yyyy-mm-dd (optionally with a time), or dd/mm/yyyy / mm/dd/yyyy with columns.dateFormat "dmy" / "mdy"; set columns.dateFormat, convert the column, or point columns.orderDate at the right column.'
              : 'Amounts must be numbers; fix the values or point columns.amount at the right column.';
          throw new SeglabError('clean', msg.unparseableValues(src.role, src.file, column, dropped[reason], rowsRead, rows, example, fix));
        }
      }
      const maxTs = num((await con.runAndReadAll(`SELECT max(ts) FROM tx WHERE status = ${KEPT}`)).getColumnsJS()[0][0]);
      const ref = referenceDate(maxTs, config.features.asOf);
      const recentFrom = ref - 90 * DAY_MS;
      const purchase = `status = ${KEPT} AND amt > 0 AND NOT ret`;
      // The kept lines per customer and UTC day, in ONE hash aggregation (issue 15: ~3M groups for
      // 3.1M lines at 200k, the costliest DuckDB work after the CSV read): pl counts the purchase
      // lines (the behaviour's purchase days are the groups with pl > 0); with options.clvDays, the
      // columns of clv/summary-sql.ts's per-day table too (KEPT_DAYS_CLV), so CLV does not group again.
      // The day is an INTEGER (epoch ms are integers, so floor(ts / day) fits it and hashes faster).
      // The caller's `alongside` queries read the file in file order; their JavaScript runs while DuckDB groups.
      let finishAlongside: (() => void) | null = null;
      if (alongside) {
        await con.run('SET preserve_insertion_order = true');
        finishAlongside = await alongside(con);
        await con.run('SET preserve_insertion_order = false');
      }
      const grouping = con.run(`CREATE TEMP TABLE kept_days AS SELECT k, floor(ts / ${DAY_MS})::INTEGER AS day,
          count(*) FILTER (WHERE amt > 0 AND NOT ret) AS pl${options.clvDays ? `, ${clvDayColumns}` : ''}
        FROM (SELECT k, ts, amt, ret, ${netAmount} AS a FROM tx WHERE status = ${KEPT}) GROUP BY k, floor(ts / ${DAY_MS})::INTEGER`);
      if (finishAlongside) {
        try {
          finishAlongside();
        } catch (e) {
          con.interrupt();
          await grouping.catch(() => undefined);
          throw new CallerError(e);
        }
      }
      await grouping;
      // Every sum below is of kept lines' micro-units: when the sum of their absolute values is below
      // 2^53, so is every one of those sums, and each is read as a DOUBLE only.
      const allSmall = (await con.runAndReadAll(`SELECT COALESCE(sum(abs(m)), 0) < ${SAFE} FROM tx WHERE status = ${KEPT}`)).getColumnsJS()[0][0] === true;
      // Read straight from the vectors (readColumns): numbers as Float64Array, NULL as NaN.
      const agg = await readColumns(
        con,
        `WITH agg AS (
            SELECT k,
              COALESCE(max(ts) FILTER (WHERE ${purchase}), max(ts) FILTER (WHERE status = ${KEPT})) AS last_ts,
              COALESCE(min(ts) FILTER (WHERE ${purchase}), min(ts) FILTER (WHERE status = ${KEPT})) AS first_ts,
              sum(CASE WHEN ret AND amt > 0 THEN -m ELSE m END) FILTER (WHERE status = ${KEPT}) AS net,
              sum(m) FILTER (WHERE ${purchase}) AS gross,
              sum(m) FILTER (WHERE ${purchase} AND ts >= ${recentFrom}) AS recent,
              count(*) FILTER (WHERE ${purchase})::DOUBLE AS purchases,
              ${c.discount ? `count(*) FILTER (WHERE ${purchase} AND disc > 0)` : '0'}::DOUBLE AS discounted,
              count(*)::DOUBLE AS all_lines,
              count(*) FILTER (WHERE ret)::DOUBLE AS ret_lines
            FROM tx WHERE status IN (${KEPT}, ${RETURN_DROPPED}) GROUP BY k),
          days AS (SELECT k, count(*) FILTER (WHERE pl > 0)::DOUBLE AS days FROM kept_days GROUP BY k)
          SELECT agg.k, last_ts, first_ts, COALESCE(days.days, 0), ${exactOut('COALESCE(net, 0)', 'net', allSmall)}, ${exactOut('COALESCE(gross, 0)', 'gross', allSmall)}, ${exactOut('COALESCE(recent, 0)', 'recent', allSmall)},
            purchases, discounted, all_lines, ret_lines
          FROM agg LEFT JOIN days ON agg.k = days.k`,
      );
      const n = kept.length;
      const fill = (v: number): number[] => new Array<number>(n).fill(v);
      const [last, first, days, net, gross, recent, purchases, discounted] = [fill(-Infinity), fill(Infinity), fill(0), fill(0), fill(0), fill(0), fill(0), fill(0)];
      const [allLines, retLines] = [fill(0), fill(0)];
      const [K, LAST, FIRST, DAYS, NET, NET_BIG, GROSS, GROSS_BIG, RECENT, RECENT_BIG, PURCHASES, DISCOUNTED, ALL, RET] = agg as Float64Array[];
      for (let r = 0; r < K.length; r++) {
        const i = rowOf[K[r]];
        allLines[i] = ALL[r];
        retLines[i] = RET[r];
        last[i] = Number.isNaN(LAST[r]) ? -Infinity : LAST[r];
        first[i] = Number.isNaN(FIRST[r]) ? Infinity : FIRST[r];
        days[i] = DAYS[r];
        net[i] = exactIn(NET[r], (NET_BIG as unknown as unknown[])[r]);
        gross[i] = exactIn(GROSS[r], (GROSS_BIG as unknown as unknown[])[r]);
        recent[i] = exactIn(RECENT[r], (RECENT_BIG as unknown as unknown[])[r]);
        purchases[i] = PURCHASES[r];
        discounted[i] = DISCOUNTED[r];
      }
      let categoryShares: Record<string, number[]> = {};
      if (c.category && config.features.behavioural.includes('category_shares')) {
        // Totals per category (few groups), then one pivoted pass: one column per category, not one row per (customer, category).
        const totalsRes = (await con.runAndReadAll(`SELECT cat, sum(m) FROM tx WHERE ${purchase} AND cat IS NOT NULL GROUP BY cat`)).getColumnsJS();
        const totals = new Map<string, number>(totalsRes[0].map((cat, r) => [String(cat), num(totalsRes[1][r])]));
        const catNames = [...totals.keys()];
        const spend = new Map<string, number[]>();
        if (catNames.length) {
          const pivot = await readColumns(
            con,
            `SELECT k, ${catNames.map((cat, j) => exactOut(`COALESCE(sum(m) FILTER (WHERE cat = ${sqlString(cat)}), 0)`, `s${j}`, allSmall)).join(', ')} FROM tx WHERE ${purchase} GROUP BY k`,
          );
          const keys = pivot[0] as Float64Array;
          catNames.forEach((cat, j) => {
            const arr = fill(0);
            const [small, big] = [pivot[2 * j + 1] as Float64Array, pivot[2 * j + 2] as unknown[]];
            for (let r = 0; r < keys.length; r++) arr[rowOf[keys[r]]] = exactIn(small[r], big[r]);
            spend.set(cat, arr);
          });
        }
        categoryShares = categorySharesOf(totals, spend, gross);
      }
      if (more) {
        // The order lines the Node path keeps (cleanTransactions): a refund line's amount is negative.
        // cid is the integer key k; the table `names` names the keys (clvInputsFromDuckdb's `keys`).
        await con.run(`CREATE TEMP VIEW kept_tx AS SELECT k AS cid, ts, ${netAmount} AS amt FROM tx WHERE status = ${KEPT}`);
        // File order again for what follows (the data-quality profile reads "the first 200,000 rows").
        await con.run('SET preserve_insertion_order = true');
        // The id of a kept customer's key, for reading keys as numbers (clvInputsFromDuckdb's keys.idOf).
        await more(con, (k) => kept[rowOf[k]]);
      }
      await con.run('DROP TABLE kept_days');
      return {
        recencyDays: last.map((t) => (Number.isFinite(t) ? Math.max(0, (ref - t) / DAY_MS) : NaN)),
        frequency: days,
        monetary: net.map(centsOfMicro),
        tenureDays: first.map((t) => (Number.isFinite(t) ? Math.max(0, (ref - t) / DAY_MS) : NaN)),
        avgBasket: gross.map((g, i) => avgBasketOf(g, days[i])),
        interpurchaseDays: last.map((l, i) => (!Number.isFinite(l) ? NaN : days[i] >= 2 ? (l - first[i]) / DAY_MS / (days[i] - 1) : Math.max(0, (ref - l) / DAY_MS))),
        returnRate: allLines.map((a, i) => (a ? retLines[i] / a : 0)),
        discountShare: purchases.map((p, i) => (p ? discounted[i] / p : 0)),
        trend90d: gross.map((g, i) => (g > 0 ? recent[i] / g : 0)),
        categoryShares,
        hasPurchase: last.map((t) => Number.isFinite(t)),
        asOf: ref,
        ledger,
        notes: [...notes, `transactions aggregated in DuckDB (${rowsRead.toLocaleString('en-US')} rows)`],
        warnings,
      };
    } catch (e) {
      // The caller's own error (its customers' cleaning, its alongside work) as it threw it.
      if (e instanceof CallerError) throw e.error;
      if (e instanceof SeglabError) throw e;
      throw duckdbError(src.role, src.file, e);
    }
  });
}
