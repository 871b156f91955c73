/**
 * SQL dialects for scoring in the warehouse (lib/warehouse/score-sql.ts). The generated SQL is
 * deliberately plain: nested subqueries (no CTEs: ClickHouse 18 has none), aggregates with CASE
 * (no FILTER clause), no window functions, no query parameters, no booleans in results (0/1
 * integers), every column named uniquely across the layers (ClickHouse rejects re-aliasing a name),
 * explicit casts to double before any division (PostgreSQL divides integers as integers).
 * Everything that still differs between the engines is one method of a `Dialect`, documented here:
 *
 * | difference               | duckdb          | postgres              | clickhouse (18.x)        | bigquery          | snowflake                        | spark (3.1+)           |
 * |--------------------------|-----------------|-----------------------|--------------------------|-------------------|----------------------------------|------------------------|
 * | quoted identifier        | "x"             | "x"                   | `x`                      | `x`               | "x"                              | `x`                    |
 * | string literal escapes   | ''              | '' (standard strings) | \' and \\                | \' and \\         | '' and \\                        | \' and \\              |
 * | double type              | DOUBLE          | DOUBLE PRECISION      | Float64                  | FLOAT64           | DOUBLE                           | DOUBLE                 |
 * | text type                | VARCHAR         | TEXT                  | toString(x)              | STRING            | VARCHAR                          | STRING                 |
 * | epoch ms of a timestamp  | epoch_ms(x)     | extract(epoch) * 1000 | toUnixTimestamp(x) * 1000| UNIX_MILLIS(x)    | DATE_PART(EPOCH_MILLISECOND, x)  | unix_millis(x)         |
 * | natural log              | ln              | ln                    | log                      | LN                | LN                               | ln                     |
 * | trim                     | trim            | trim                  | replaceRegexpAll (no trim in 18.x) | TRIM    | TRIM                             | trim                   |
 * | conditional aggregates   | sum(CASE ...)   | sum(CASE ...)         | sumIf / countIf / maxIf  | sum(CASE ...)     | sum(CASE ...)                    | sum(CASE ...)          |
 * | inner join               | INNER JOIN      | INNER JOIN            | ALL INNER JOIN (strictness required in 18.x) | INNER JOIN | INNER JOIN           | INNER JOIN             |
 * | null fallback            | COALESCE        | COALESCE              | ifNull                   | COALESCE          | COALESCE                         | COALESCE               |
 * | hash bucket of an id      | hash(x) % n     | abs(hashtext(x)) % n  | cityHash64(x) % n        | MOD(ABS(FARM_FINGERPRINT(x)), n) | MOD(ABS(HASH(x)), n)  | pmod(xxhash64(x), n)   |
 * | tanh (encoder layers)    | tanh            | tanh                  | 1 - 2 / (exp(2x) + 1) (no tanh in 18.x) | TANH | TANH                         | tanh                   |
 *
 * least/greatest are written with two arguments, nested (ClickHouse's take exactly two).
 * Identifiers are always quoted, so they must match the stored names exactly: in Snowflake (and
 * PostgreSQL) a table created with unquoted names stores them upper-case (lower-case), so give the
 * model's column names as the database spells them.
 */

/** The engines seglab writes SQL for. */
export type DialectName = 'duckdb' | 'postgres' | 'clickhouse' | 'bigquery' | 'snowflake' | 'spark';

export const DIALECT_NAMES: readonly DialectName[] = ['duckdb', 'postgres', 'clickhouse', 'bigquery', 'snowflake', 'spark'];

/** How one engine spells what the engines disagree on. */
export interface Dialect {
  name: DialectName;
  /** A quoted identifier (one part; table names are split on "." by `table`). */
  ident(name: string): string;
  /** A string literal. */
  string(value: string): string;
  /** The value cast to a double-precision float. */
  double(expr: string): string;
  /** The value cast to text. */
  text(expr: string): string;
  /** Milliseconds since 1970-01-01 UTC of a timestamp or date column, as a double. */
  epochMs(expr: string): string;
  /** Natural logarithm. */
  ln(expr: string): string;
  /** Leading and trailing white space removed. */
  trim(expr: string): string;
  /** Hyperbolic tangent. */
  tanh(expr: string): string;
  /** Sum of `expr` over the rows where `cond` holds (0 when none), as a double. */
  sumIf(expr: string, cond: string): string;
  /** Rows where `cond` holds, as a double. */
  countIf(cond: string): string;
  /** Largest / smallest `expr` over the rows where `cond` holds (only read when some row does). */
  maxIf(expr: string, cond: string): string;
  minIf(expr: string, cond: string): string;
  /** `expr`, or `fallback` when it is NULL. */
  ifNull(expr: string, fallback: string): string;
  /** The keyword(s) of an inner join. */
  innerJoin: string;
  /**
   * A deterministic bucket 0..n-1 of a text value (the engine's own hash: the same id always lands
   * in the same bucket of the same engine, so a sample by bucket is the same on every rerun).
   */
  hashBucket(expr: string, n: number): string;
}

const doubleQuoted = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const backticked = (name: string): string => `\`${name.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``;
const standardString = (value: string): string => `'${value.replace(/'/g, "''")}'`;
const backslashString = (value: string): string => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** The standard SQL spelling; each dialect overrides what its engine spells otherwise. */
function standard(name: DialectName, doubleType: string, textType: string): Dialect {
  const double = (e: string): string => `CAST(${e} AS ${doubleType})`;
  return {
    name,
    ident: doubleQuoted,
    string: standardString,
    double,
    text: (e) => `CAST(${e} AS ${textType})`,
    epochMs: (e) => `epoch_ms(${e})`,
    ln: (e) => `ln(${e})`,
    trim: (e) => `trim(${e})`,
    tanh: (e) => `tanh(${e})`,
    sumIf: (e, c) => double(`sum(CASE WHEN ${c} THEN ${e} ELSE 0 END)`),
    countIf: (c) => double(`sum(CASE WHEN ${c} THEN 1 ELSE 0 END)`),
    maxIf: (e, c) => `max(CASE WHEN ${c} THEN ${e} END)`,
    minIf: (e, c) => `min(CASE WHEN ${c} THEN ${e} END)`,
    ifNull: (e, f) => `COALESCE(${e}, ${f})`,
    innerJoin: 'INNER JOIN',
    hashBucket: (e, n) => `(hash(${e}) % ${n})`,
  };
}

// A condition that is NULL (a comparison with a NULL category) counts as false; a Nullable condition would make the -If aggregate Nullable in ClickHouse.
const chCond = (c: string): string => `ifNull(${c}, 0)`;

const DIALECTS: Record<DialectName, Dialect> = {
  duckdb: { ...standard('duckdb', 'DOUBLE', 'VARCHAR'), epochMs: (e) => `CAST(epoch_ms(CAST(${e} AS TIMESTAMP)) AS DOUBLE)` },
  postgres: {
    ...standard('postgres', 'DOUBLE PRECISION', 'TEXT'),
    epochMs: (e) => `CAST(extract(epoch FROM ${e}) * 1000 AS DOUBLE PRECISION)`,
    hashBucket: (e, n) => `(abs(hashtext(${e})::bigint) % ${n})`,
  },
  clickhouse: {
    ...standard('clickhouse', 'Float64', 'String'),
    ident: backticked,
    string: backslashString,
    double: (e) => `toFloat64(${e})`,
    text: (e) => `toString(${e})`,
    epochMs: (e) => `toFloat64(toUnixTimestamp(${e})) * 1000`,
    ln: (e) => `log(${e})`,
    trim: (e) => `replaceRegexpAll(${e}, '^\\\\s+|\\\\s+$', '')`,
    tanh: (e) => `(1 - 2 / (exp(2 * (${e})) + 1))`,
    sumIf: (e, c) => `toFloat64(sumIf(${e}, ${chCond(c)}))`,
    countIf: (c) => `toFloat64(countIf(${chCond(c)}))`,
    maxIf: (e, c) => `maxIf(${e}, ${chCond(c)})`,
    minIf: (e, c) => `minIf(${e}, ${chCond(c)})`,
    ifNull: (e, f) => `ifNull(${e}, ${f})`,
    innerJoin: 'ALL INNER JOIN',
    hashBucket: (e, n) => `(cityHash64(${e}) % ${n})`,
  },
  bigquery: {
    ...standard('bigquery', 'FLOAT64', 'STRING'),
    ident: backticked,
    string: backslashString,
    epochMs: (e) => `CAST(UNIX_MILLIS(CAST(${e} AS TIMESTAMP)) AS FLOAT64)`,
    ln: (e) => `LN(${e})`,
    tanh: (e) => `TANH(${e})`,
    hashBucket: (e, n) => `MOD(ABS(FARM_FINGERPRINT(${e})), ${n})`,
  },
  snowflake: {
    ...standard('snowflake', 'DOUBLE', 'VARCHAR'),
    // Snowflake reads backslash escapes in string literals as well as doubled quotes.
    string: (v) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`,
    epochMs: (e) => `CAST(DATE_PART(EPOCH_MILLISECOND, CAST(${e} AS TIMESTAMP_NTZ)) AS DOUBLE)`,
    ln: (e) => `LN(${e})`,
    tanh: (e) => `TANH(${e})`,
    hashBucket: (e, n) => `MOD(ABS(HASH(${e})), ${n})`,
  },
  spark: {
    ...standard('spark', 'DOUBLE', 'STRING'),
    ident: backticked,
    string: backslashString,
    epochMs: (e) => `CAST(unix_millis(CAST(${e} AS TIMESTAMP)) AS DOUBLE)`,
    hashBucket: (e, n) => `pmod(xxhash64(${e}), ${n})`,
  },
};

/**
 * The dialect object of an engine.
 * @example dialect('postgres').double('x') // 'CAST(x AS DOUBLE PRECISION)'
 */
export function dialect(name: DialectName): Dialect {
  return DIALECTS[name];
}

/** A table name, possibly qualified ("schema.table"), quoted part by part. */
export function tableName(d: Dialect, name: string): string {
  return name.split('.').map((part) => d.ident(part)).join('.');
}

/** least / greatest of several expressions as nested two-argument calls. */
export function nested(fn: 'least' | 'greatest', exprs: readonly string[]): string {
  return exprs.length === 1 ? exprs[0] : exprs.slice(1).reduce((acc, e) => `${fn}(${acc}, ${e})`, exprs[0]);
}
