/**
 * Scoring every customer into a table of the engine, in one statement or staged:
 *
 *   one statement:  CREATE TABLE <target> AS <scoring SQL>           (what `seglab sql` prints)
 *   staged:         CREATE TABLE <target>_daily      AS <order lines GROUP BY customer, day>
 *                   CREATE TABLE <target>_aggregates AS <daily GROUP BY customer>
 *                   CREATE TABLE <target>            AS <scoring SQL reading the aggregates>
 *                   DROP the two work tables
 *
 * The staged form scans the order lines once and gives each statement one blocking operator, so a
 * memory-limited engine spills one hash table at a time instead of holding two (the 100M-line
 * benchmark ran out of memory in one statement at DuckDB's memory_limit 500 MB). Same values.
 */
import type { SegmentationModel } from '../model/artifact';
import { dialect as dialectOf, tableName } from './dialects';
import type { Warehouse } from './engines';
import { scoringSql, stagedScoringSql, type ScoringSqlOptions } from './score-sql';

/** `CREATE TABLE <table> AS <select>` as the engine wants it (ClickHouse needs a table engine). */
export function createTableAs(engine: Warehouse['engine'], table: string, select: string): string {
  const t = tableName(dialectOf(engine), table);
  return engine === 'clickhouse' ? `CREATE TABLE ${t} ENGINE = MergeTree ORDER BY tuple() AS ${select}` : `CREATE TABLE ${t} AS ${select}`;
}

/** The work tables of a staged scoring into `target`. */
export const stageTablesOf = (target: string): { daily: string; aggregates: string } => ({ daily: `${target}_daily`, aggregates: `${target}_aggregates` });

/** What scoreIntoTable ran. */
export interface ScoredTable {
  staged: boolean;
  /** The statements in order (the CREATE TABLE ... AS SELECTs). */
  statements: { table: string; sql: string; seconds: number }[];
  /** The scoring SELECT (for the manifest). */
  sql: string;
}

/**
 * Score every customer into `target` (replaced if it exists), staged or in one statement.
 * @example await scoreIntoTable(wh, model, { asOf: '2025-06-30' }, 'seglab_segments', true)
 */
export async function scoreIntoTable(wh: Warehouse, model: SegmentationModel, options: ScoringSqlOptions, target: string, staged: boolean, dailyParts = 1): Promise<ScoredTable> {
  const d = dialectOf(wh.dialect);
  const work = { ...stageTablesOf(target), dailyParts };
  const plan = staged ? stagedScoringSql(model, wh.dialect, options, work) : { steps: [], scoring: scoringSql(model, wh.dialect, options) };
  const drop = async (table: string): Promise<void> => wh.exec(`DROP TABLE IF EXISTS ${tableName(d, table)}`);
  const statements: ScoredTable['statements'] = [];
  try {
    for (const step of [...plan.steps, { table: target, sql: plan.scoring.sql, insert: false }]) {
      if (!step.insert) await drop(step.table);
      const t0 = Date.now();
      await wh.exec(step.insert ? `INSERT INTO ${tableName(d, step.table)} ${step.sql}` : createTableAs(wh.engine, step.table, step.sql));
      statements.push({ table: step.table, sql: step.sql, seconds: (Date.now() - t0) / 1000 });
    }
  } finally {
    // The work tables are removed whether or not the scoring finished.
    for (const step of plan.steps) if (!step.insert) await drop(step.table);
  }
  return { staged: staged && plan.steps.length > 0, statements, sql: plan.scoring.sql };
}
