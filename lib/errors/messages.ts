/**
 * Every user-facing error and warning text lives here, so tests assert against the same
 * builders the code uses (vega-lite keeps its messages in one file the same way).
 *
 * A message names the stage, the file / column / row, what was found, what was expected,
 * and what to do about it.
 */

/** A failure the user can act on. The CLI prints `message` alone, never a stack trace. */
export class SeglabError extends Error {
  readonly stage: string;
  constructor(stage: string, message: string) {
    super(`${stage}: ${message}`);
    this.name = 'SeglabError';
    this.stage = stage;
  }
}

/** True for errors raised through the builders below. */
export function isSeglabError(e: unknown): e is SeglabError {
  return e instanceof SeglabError;
}

function list(items: readonly (string | number)[], max = 5): string {
  const shown = items.slice(0, max).map(String);
  return items.length > max ? `${shown.join(', ')}, ...` : shown.join(', ');
}

function quoteList(items: readonly string[], max = 12): string {
  return list(items.map((s) => `"${s}"`), max);
}

/** Levenshtein distance, for "did you mean" hints. */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
    }
    prev = cur;
  }
  return prev[n];
}

/** The candidates closest to `name` (case-insensitive), best first. */
export function closestNames(name: string, candidates: readonly string[], max = 3): string[] {
  const target = name.toLowerCase();
  return candidates
    .map((c) => ({ c, d: editDistance(target, c.toLowerCase()) }))
    .filter(({ c, d }) => d <= Math.max(2, Math.ceil(target.length / 2)) || c.toLowerCase().includes(target) || target.includes(c.toLowerCase()))
    .sort((x, y) => x.d - y.d || x.c.localeCompare(y.c))
    .slice(0, max)
    .map(({ c }) => c);
}

export const msg = {
  // ---- config ----
  configNotFound: (file: string) =>
    `config file "${file}" does not exist. Pass an existing JSON file with --config, or use --customers/--transactions flags.`,
  configNotJson: (file: string, detail: string) =>
    `config file "${file}" is not valid JSON (${detail}). Fix the syntax; a trailing comma or a missing quote is the usual cause.`,
  configInvalid: (problems: readonly string[]) => {
    const text = problems.join('; ');
    // One full stop at the end, not a second one after a problem that ends with its own.
    return `the run config has ${problems.length} problem${problems.length === 1 ? '' : 's'}: ${text}${/[.?!]$/.test(text) ? '' : '.'}`;
  },
  unknownConfigKey: (path: string, known: readonly string[]) => {
    const near = closestNames(path.split('.').pop() ?? path, known);
    return `unknown setting "${path}"${near.length ? ` (did you mean ${quoteList(near)}?)` : ''}; known settings here: ${quoteList(known, 20)}`;
  },
  badConfigValue: (path: string, found: unknown, expected: string) =>
    `"${path}" is ${JSON.stringify(found)}, expected ${expected}`,
  missingConfigValue: (path: string, expected: string) => `"${path}" is missing, expected ${expected}`,
  outDirIsInputFolder: (dir: string) =>
    `outDir "${dir}" is the folder of an input file; seglab never writes into its input folders. Choose another outDir (default reports/<name>)`,
  // Run folders (lib/io/run-folder.ts): where a run may write, and file-system failures.
  outDirInsideInput: (dir: string, kind: 'input' | 'config', folder: string) =>
    `output folder "${dir}" is or lies inside the ${kind === 'input' ? 'folder of an input file' : "config file's folder"} "${folder}" (after resolving symbolic links); seglab never writes there. Choose an outDir / --out outside it, e.g. "${folder}-reports/run"`,
  outDirHoldsInput: (dir: string, input: string) =>
    `output folder "${dir}" contains the input file "${input}"; replacing the run folder would remove it. Choose an outDir / --out that holds no input`,
  outDirNotRunFolder: (dir: string, found: string) =>
    `output folder "${dir}" already exists and ${found}, so it is not a seglab run folder seglab may replace. Choose a new or empty folder, or delete it first`,
  outDirLocked: (dir: string, pid: number, lock: string) =>
    `another seglab process (pid ${pid}) is writing the run folder "${dir}". Wait for it to finish, or delete "${lock}" if no seglab is running`,
  fsFailed: (file: string, code: string, fix: string) =>
    `could not write "${file}" (${code}): ${fix}. Nothing was changed in the run folder`,
  runFolderIncomplete: (dir: string, problems: readonly string[]) =>
    `run folder "${dir}" does not match its manifest.json (${problems.length} problem${problems.length === 1 ? '' : 's'}: ${list(problems, 3)}); it is incomplete or was modified. Rerun "seglab run" to rebuild it`,
  scoreOutIsRun: (dir: string) =>
    `--out "${dir}" is a seglab run folder (it has a manifest.json); scoring never overwrites a run's segments.csv. Choose another folder, e.g. "${dir}-scored"`,
  nameNotSlug: (name: string) =>
    `name "${name}" is not a plain name: use letters, digits, "-", "_" or "." and start with a letter or digit (no "/", no ".."); it names the default run folder reports/<name>`,
  // Silent skew, stopped or counted (clean/transactions.ts).
  ambiguousDecimal: (role: string, file: string, column: string, examples: readonly string[]) =>
    `column "${column}" in ${role} file "${file}" mixes decimal separators: ${examples.map((e) => `"${e}"`).join(' and ')} cannot both be read by one rule (is "1.200" 1.2 or 1200?). Declare the separator with columns.decimal: "," (1.200,50) or "." (1,200.50)`,
  futureRowsDropped: (role: string, column: string, rows: number, asOf: string, latest: string) =>
    `${rows} ${role} row${rows === 1 ? '' : 's'} dated after the as-of date ${asOf} (latest "${latest}" in ${column}) ${rows === 1 ? 'was' : 'were'} dropped and counted in the ledger; fix those dates, or set features.asOf if the data really ends later`,
  missingByDesign: (column: string, missing: number, other: string, value: string, withValue: number, fill: string) =>
    `customers "${column}" is missing in ${missing.toLocaleString('en-US')} rows, and every one of them has ${other} = ${value} (${withValue === missing ? 'no other customer has it' : `${withValue.toLocaleString('en-US')} customers have it in all`}): the value may be "not applicable" there rather than unknown, yet it was filled with the ${fill}. If it means 0 or none for them, set clean.missing {"${column}": {"constant": 0}} (or the value it stands for).`,
  manyDuplicateIds: (file: string, idColumn: string, dropped: number, rows: number, kept: number, hasUpdatedAt: boolean) =>
    `customers file "${file}": ${dropped} of ${rows} rows (${((100 * dropped) / Math.max(1, rows)).toFixed(1)}%) repeat a "${idColumn}" value and were dropped (${hasUpdatedAt ? 'kept the latest row by columns.updatedAt' : 'kept the last row in the file'} per id), so the ${kept} segmented customers are described by one row each. If the file holds several rows per customer (one per week or per order), aggregate it per customer first or give it as sources.transactions${hasUpdatedAt ? '' : '; if one row per id is right, set columns.updatedAt to keep the latest one'}`,
  futureReason: (asOf: string) => `order date after the as-of date ${asOf}`,
  absurdAmountReason: (limit: number) => `amount not a finite number within +/-${limit.toExponential(0)}`,
  idsDoNotJoin: (role: string, file: string, column: string, matched: number, rows: number, theirs: readonly string[], ours: readonly string[]) =>
    `only ${matched} of ${rows} ${role} rows (${((100 * matched) / Math.max(1, rows)).toFixed(1)}%) have a customer id found in the customers file: ids in ${file} look like ${theirs.map((e) => `"${e}"`).join(', ')} but in the customers file like ${ours.map((e) => `"${e}"`).join(', ')}. Make the "${column}" values match (same format, no prefix), or point the id column setting at the right column`,
  joinRate: (role: string, matched: number, rows: number) =>
    // Rounded down: 30,979 of 30,993 is "99.9%", never "100.0%" while some rows did not match.
    `${role}: ${matched} of ${rows} rows (${(Math.floor((1000 * matched) / Math.max(1, rows)) / 10).toFixed(1)}%) matched a customer id of the customers file; ${rows - matched} did not and were dropped (see the ledger)`,
  tooLargeForJs: (role: string, file: string, bytes: number, limit: number) =>
    `${role} file "${file}" is ${Math.round(bytes / 1048576)} MB (uncompressed), more than the JavaScript reader's ${Math.round(limit / 1048576)} MB. Read it through DuckDB: set sources.${role}.engine to "duckdb" (or "auto" on an uncompressed file), or decompress it first`,
  gzipTooLarge: (role: string, file: string, bytes: number, limit: number) =>
    `${role} file "${file}" (${Math.round(bytes / 1048576)} MB of gzip) inflates to more than ${Math.round(limit / 1048576)} MB, the most seglab inflates in memory. Decompress it yourself (gunzip) and read the .csv, whose large files go through DuckDB`,
  kRangeInvalid: (text: string) =>
    `--k "${text}" is not a number or a range. Use e.g. --k 5 or --k 3-8.`,
  unknownFlag: (flag: string, known: readonly string[]) => {
    const near = closestNames(flag.replace(/^-+/, ''), known.map((k) => k.replace(/^-+/, '')));
    return `unknown option "${flag}"${near.length ? ` (did you mean --${near[0]}?)` : ''}. Run "seglab help" for the options.`;
  },
  flagNeedsValue: (flag: string) => `option "${flag}" needs a value, e.g. ${flag} <value>.`,
  reproduceUsage: () => `usage: seglab reproduce <run-folder>, e.g. seglab reproduce reports/demo.`,
  schemaUsage: (extra: readonly string[]) => `"seglab schema" takes no arguments (got "${extra.join(' ')}"); it prints the JSON Schema of the run config.`,
  noInputs: () =>
    `no input given. Use "seglab run --config <file>" or "seglab run --customers <file> --transactions <file> --out <dir>".`,
  inputFlagMissing: (given: string, missing: string) =>
    `${given} was given without ${missing}: without a config file, seglab needs both files (customers and their order lines). Add ${missing} <file>, or write a config file with sources.customers only (features.behavioural: [] and features.customerColumns) and run "seglab run --config <file>".`,

  // ---- pipeline ----
  // The values themselves are not echoed: a rare one would be a cell of one customer.
  outcomeNotProfiled: (label: string, distinct: number) =>
    `the outcome "${label}" is not shown by segment: ${
      distinct < 2 ? `it has ${distinct === 0 ? 'no known value' : 'one value'}` : `its ${distinct} distinct values are neither two levels nor numbers`
    }, and the outcome section needs a two-valued column (a rate) or a numeric one (a mean). Point columns.label at such a column, or add one holding the value you want as a rate.`,
  outcomeLeakage: (label: string, positive: string, leaks: readonly { feature: string; auc: number }[]) =>
    `${leaks.length === 1 ? 'a feature tells' : `${leaks.length} features tell`} the outcome "${label}" = "${positive}" apart almost on its own (${leaks
      .slice(0, 3)
      .map((l) => `"${l.feature}" AUC ${l.auc.toFixed(3)}`)
      .join(', ')}${leaks.length > 3 ? ', ...' : ''}; 0.5 is chance, 1 a perfect split): such a column is usually derived from the outcome (a score or flag computed from it), and segments built on it restate the outcome. Drop it from features.customerColumns unless that is intended.`,
  clvUnavailable: (reason: string) => `customer lifetime value was not estimated: ${reason}`,
  backgroundTaskLost: (module: string, fn: string, why: string) => `the background task ${module}.${fn} gave no result (${why}); run again, or with fewer customers if memory ran out`,

  // ---- outputs ----
  piiInOutputs: (places: readonly string[]) =>
    `personal data from the input was about to be written (${places.slice(0, 5).join(', ')}${places.length > 5 ? ', ...' : ''}); nothing was written. Declare the column under columns.pii so it is dropped at ingest, and report this as a seglab bug.`,

  personalDataInOutputs: (explanations: readonly string[]) =>
    `personal data from the input was about to be written; nothing was written. ${explanations.slice(0, 3).join('; ')}${explanations.length > 3 ? `; and ${explanations.length - 3} more` : ''}.`,
  mitigationNotApplied: (method: string, moved: number, file: string) =>
    `the delivered segments (segments.csv, the profiles in this report, model.json) are unmitigated: the ${method} mitigation measured in the fairness section would move ${moved} customers and is written to ${file} for comparison, not applied.`,
  mitigationNotWritten: (method: string, moved: number, attribute: string, file: string) =>
    `the delivered segments (segments.csv, the profiles in this report, model.json) are unmitigated: the ${method} mitigation measured in the fairness section would move ${moved} customers, chosen by their "${attribute}" group, so which customers it moves would give their group away; ${file} is not written. Set fairness.writeMitigatedSegments to true to write it, and handle it as protected data.`,
  dropProxiesWithoutEmbedding: (chosen: string, method: string) =>
    `the drop-proxies mitigation re-clustered the standardised features without the proxies with ${method} at the same k; the segments themselves were found in the ${chosen}, which was not re-fitted without the proxies, so its before/after is an approximation.`,
  dropProxiesRefitted: (method: string, k: number) =>
    `As for the delivered segments, the autoencoder was refitted on the remaining features (same seed and settings) and ${method} re-run in its embedding at k = ${k}.`,
  personalColumnsExcluded: (descriptions: readonly string[]) =>
    `${descriptions.length} column${descriptions.length === 1 ? ' was' : 's were'} detected as personal data and excluded (never a feature, never in an output; counts only in data-quality.json): ${descriptions.join('; ')}. Add ${descriptions.length === 1 ? 'it' : 'them'} to columns.pii to make this explicit, or rename a column that is not personal.`,

  // ---- reproduce ----
  noManifest: (dir: string) =>
    `"${dir}" has no manifest.json, so it is not a seglab run folder. Pass the folder a "seglab run" wrote (e.g. reports/demo).`,
  noFingerprints: (dir: string) =>
    `the manifest in "${dir}" has no stage fingerprints (written by an older seglab). Rerun "seglab run" to record them.`,

  // ---- load ----
  fileNotFound: (role: string, file: string) =>
    `${role} file "${file}" does not exist. Check the path in the config ("sources.${role}.path") or the --${role} flag.`,
  fileEmpty: (role: string, file: string) =>
    `${role} file "${file}" is empty (no header line). Export it again with a header row of column names.`,
  headerOnly: (role: string, file: string) =>
    `${role} file "${file}" has a header but no data rows. Check that the export finished.`,
  /**
   * `ids`, for an id setting (columns.customerId, sources.*.idColumn): the columns that could be an
   * id (load/id-columns.ts plausibleIdColumns); only those are proposed, the closest by name first,
   * else those whose values are a key. Without it the closest names among all columns.
   */
  missingColumn: (role: string, file: string, column: string, setting: string, found: readonly string[], ids?: readonly { column: string; by: 'name' | 'name and values' | 'values' }[]) => {
    // One "column" is a file that is not a table (or a wrong delimiter): its first line is content, never echoed.
    // (A single field made only of name characters and other delimiters, "customer_id;amount", is a header read with the wrong delimiter: shown.)
    if (found.length === 1 && !/^[\p{L}\p{N}_ .;|\t-]{1,200}$/u.test(found[0]))
      return `${role} file "${file}" has no column "${column}" (set by ${setting}): its first line splits into a single field, so it does not look like a delimited table. Check that this is the right file, or set sources.${role}.delimiter.`;
    const near = closestNames(column, ids ? ids.map((c) => c.column) : found);
    const evidence = { name: 'named like an id', 'name and values': 'named like an id, no value repeated', values: 'no value repeated' };
    const keys = ids && !near.length ? ids.slice(0, 3).map((c) => `"${c.column}" (${evidence[c.by]})`) : [];
    return `${role} file "${file}" has no column "${column}" (set by ${setting}). Columns found: ${quoteList(found, 30)}.${
      near.length ? ` Closest${ids ? ` id-like column${near.length > 1 ? 's' : ''}` : ''}: ${quoteList(near)}.` : keys.length ? ` Could be the id: ${keys.join(', ')}.` : ''
    } Fix ${setting} or the file's header.${
      // A customers table with no id column at all (UCI Bank Marketing, Wholesale): the row number can be the id.
      role === 'customers' && setting === 'columns.customerId' && column !== 'row_id' && !near.length && !keys.length
        ? ' If the file has one row per customer and no id column, set columns.customerId to "row_id" in a config file: seglab then numbers the rows.'
        : ''
    }`;
  },
  duplicateHeader: (role: string, file: string, column: string) =>
    `${role} file "${file}" has the column name "${column}" more than once. Rename the duplicates in the header so each column is unique.`,
  raggedRows: (role: string, file: string, expected: number, bad: readonly { line: number; fields: number }[]) =>
    `${role} file "${file}" has ${bad.length} row${bad.length === 1 ? '' : 's'} whose number of fields differs from the header's ${expected} (${bad
      .slice(0, 5)
      .map((b) => `line ${b.line}: ${b.fields}`)
      .join(', ')}${bad.length > 5 ? ', ...' : ''}). Check the delimiter and quoting, or fix those lines.`,
  unterminatedQuote: (role: string, file: string, line: number) =>
    `${role} file "${file}" has a quoted field that opens on line ${line} and never closes. Close the quote or remove the stray quote character.`,
  /** A csv-parse error seglab has no specific sentence for (its code and text kept for the fix). */
  csvUnreadable: (role: string, file: string, line: number, code: string, detail: string) =>
    `${role} file "${file}" could not be read as delimited text near line ${line} (csv-parse ${code}: ${detail}). Check the quoting and the delimiter there, or set sources.${role}.delimiter.`,
  notUtf8: (role: string, file: string, line: number) =>
    `${role} file "${file}" is not valid UTF-8 (first bad byte on line ${line}). Re-export it as UTF-8 (e.g. iconv -f latin1 -t utf-8).`,
  unparseableValues: (
    role: string,
    file: string,
    column: string,
    bad: number,
    total: number,
    rows: readonly number[],
    example: string,
    fix: string,
  ) =>
    `column "${column}" in ${role} file "${file}" has ${bad} of ${total} values that cannot be read (rows ${list(rows)}); e.g. "${example}". ${fix}`,
  /** The fix hint of unparseableValues for a customers column: a text column listed as a number, or stray tokens. */
  unreadableNumberFix: (column: string, kind: 'text' | 'tokens') =>
    kind === 'text'
      ? `Almost none of its values are numbers: to use "${column}" as a category, move it from features.customerColumns to features.categoricalColumns (one-hot encoded); otherwise drop it from the config.`
      : `Add such tokens to clean.missingTokens, fix the values, or drop "${column}" from the config.`,
  noIdValues: (role: string, file: string, column: string) =>
    `${role} file "${file}": the id column "${column}" has no values at all. Point columns.customerId at the real id column.`,

  // ---- clean / features ----
  ledgerMismatch: (source: string, read: number, kept: number, dropped: number) =>
    `row ledger for ${source} does not add up: ${read} rows read but ${kept} kept + ${dropped} dropped = ${kept + dropped}. This is a bug in seglab; please report it with the manifest.`,
  tooFewCustomers: (n: number, needed: number) =>
    `only ${n} customers are left after cleaning, but at least ${needed} are needed to segment. Check the row ledger for the reason rows were dropped.`,
  noFeatures: () =>
    `no features are left to cluster on: every candidate column is constant, protected or excluded. Add numeric columns under features.customerColumns.`,
  featureIsProtected: (column: string) =>
    `column "${column}" is declared protected (fairness.protected) and also listed as a feature. Remove it from features.customerColumns / categoricalColumns / bands, or set features.allowProtected to true if you really mean it (the report will say so up front).`,
  featureNotNumeric: (column: string, example: string) =>
    `feature column "${column}" is not numeric (e.g. "${example}"). List only numeric columns under features.customerColumns, or map the values first.`,

  // ---- cluster ----
  kTooLarge: (n: number, k: number) => `n_samples=${n} should be >= k=${k}. Lower the k range (cluster.kMin/kMax).`,
  kRangeBad: (kMin: number, kMax: number) => `cluster.kMin=${kMin} must be >= 2 and <= cluster.kMax=${kMax}.`,
  kInfeasible: (k: number, n: number, perSegment: number, minShare: number, minCellSize: number, kLargest: number) =>
    `k=${k} segments cannot each hold ${perSegment.toLocaleString('en-US')} customers (the larger of cluster.minSegmentShare=${minShare} of ${n.toLocaleString('en-US')} customers and fairness.minCellSize=${minCellSize}): ${k} × ${perSegment.toLocaleString('en-US')} = ${(k * perSegment).toLocaleString('en-US')} > ${n.toLocaleString('en-US')}. ` +
    (kLargest >= 2 ? `Use --k ${kLargest} or fewer (cluster.kMin <= ${kLargest}), or lower cluster.minSegmentShare / fairness.minCellSize.` : `No k >= 2 fits; lower cluster.minSegmentShare / fairness.minCellSize or add customers.`),
  noValidK: (kMin: number, kMax: number, minShare: number) =>
    `no k in ${kMin}..${kMax} gives segments that are all at least ${(minShare * 100).toFixed(1)}% of customers; using the k with the best silhouette anyway. Lower cluster.minSegmentShare or the k range.`,
  emptyCluster: (k: number) => `k-means at k=${k} produced an empty segment; it was dropped from the candidates.`,

  // ---- fairness ----
  protectedMissing: (column: string, found: readonly string[]) => {
    const near = closestNames(column, found);
    return `protected attribute "${column}" is not a column of the customers file${near.length ? ` (closest: ${quoteList(near)})` : ''}. Fix fairness.protected.`;
  },
  smallGroup: (attribute: string, group: string, n: number) =>
    `group "${group}" of "${attribute}" has only ${n} customers; its ratios are noisy.`,

  // ---- embed ----
  backendFallback: (wanted: string, got: string, reason: string) =>
    `TensorFlow.js backend "${wanted}" is not available (${reason}); using "${got}".`,

  // ---- cluster / evaluate (owned by the clustering + evaluation helper) ----
  noPoints: (what: string) => `${what} got no points (0 rows). Check that the earlier stages kept some customers.`,
  raggedPoints: (what: string, expected: number, row: number, got: number) =>
    `${what}: row ${row} has ${got} values where row 0 has ${expected}. Every point must have the same number of features.`,
  nonFinitePoints: (what: string, bad: number, total: number, rows: readonly number[]) =>
    `${what}: ${bad} of ${total} rows contain a value that is not a finite number (rows ${list(rows)}). Impute or drop them before clustering.`,
  badKMeansOption: (name: string, value: number, expected: string) =>
    `k-means option ${name}=${value} is invalid; expected ${expected}.`,
  lengthMismatch: (what: string, left: string, leftLength: number, right: string, rightLength: number) =>
    `${what}: ${left} has ${leftLength} entries but ${right} has ${rightLength}. They must describe the same rows.`,
  labelOutOfRange: (what: string, row: number, label: number, k: number) =>
    `${what}: label ${label} at row ${row} is not a centroid index (0..${k - 1}). Pass the labels produced with these centroids.`,
  badLabelCount: (what: string, labels: number, n: number) =>
    `${what} needs 2 to n_samples - 1 distinct labels; got ${labels} label${labels === 1 ? '' : 's'} for n_samples=${n}.`,
  kRangeCapped: (kMax: number, n: number) =>
    `cluster.kMax=${kMax} is larger than the ${n} customers; only k up to ${n} was tried.`,
  silhouetteUndefined: (k: number, labels: number, sample: number) =>
    `silhouette at k=${k} is undefined: the ${sample}-customer sample holds ${labels} segment${labels === 1 ? '' : 's'}; k=${k} was not chosen on silhouette. Raise cluster.silhouetteSample.`,
  notConverged: (k: number, maxIterations: number) =>
    `k-means at k=${k} stopped at cluster.maxIterations=${maxIterations} before converging; the segments may still shift. Raise cluster.maxIterations.`,
  dimensionMismatch: (what: string, pointDim: number, centroidDim: number) =>
    `${what}: the centroids have ${centroidDim} coordinates but the points have ${pointDim}. Use points in the same feature space (same columns, same scaling) the centroids were fitted in.`,
  rowOutOfRange: (what: string, position: number, row: number, n: number) =>
    `${what}: entry ${position} asks for row ${row}, but there are only rows 0..${n - 1}. Draw the sample from the same rows.`,
  pcaTooFewRows: (rows: number) =>
    `the 2-D map needs at least 2 customers to find principal components; got ${rows}.`,

  // ---- report (owned by lib/report/) ----
  reportSpecInvalid: (chart: string, detail: string) =>
    `chart "${chart}" is not a valid Vega-Lite spec (${detail}). This is a bug in the chart builder (lib/report/charts.ts); please report it with the manifest.`,
  reportRuntimeMissing: (pkg: string, file: string) =>
    `the browser bundle of "${pkg}" was not found (${file}). Reinstall dependencies with "npm ci" so node_modules/${pkg} is complete.`,
  reportChartIdInvalid: (id: string) =>
    `chart id "${id}" is not file-name-safe; use lowercase letters, digits and "-" only (e.g. "segment-sizes").`,
  reportChartIdDuplicate: (id: string) =>
    `chart id "${id}" is used by more than one chart; each chart needs its own id because it is written as charts/<id>.svg.`,

  // ---- data generator (owned by lib/data/) ----
  dataOptionInvalid: (name: string, found: unknown, expected: string) =>
    `generateRetail option "${name}" is ${JSON.stringify(found)}, expected ${expected}. Fix the option (or the --${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} flag of scripts/generate-data.ts).`,
  // ---- embed (owned by lib/embed/) ----
  embedNoRows: () =>
    `the feature matrix has no rows, so there is nothing to train the autoencoder on. Check the row ledger for why every customer was dropped.`,
  embedShapeMismatch: (row: number, found: number, expected: number) =>
    `row ${row} of the feature matrix has ${found} values but there are ${expected} feature names. Every row needs one value per feature; this is a bug in the stage that built the matrix.`,
  embedNonFinite: (feature: string, count: number, rows: readonly number[]) =>
    `feature "${feature}" has ${count} value${count === 1 ? '' : 's'} that are NaN or infinite (rows ${list(rows)}). Impute or drop them before the embedding (clean.numericMissing), or exclude the column.`,
  embedArtifactInvalid: (detail: string) =>
    `the saved autoencoder is not valid (${detail}). Re-run the pipeline to fit and save it again; do not edit model JSON by hand.`,
  embedFeatureMismatch: (expected: readonly string[], found: readonly string[]) =>
    `the autoencoder was fitted on ${expected.length} features (${quoteList(expected)}) but the matrix to encode has ${found.length} (${quoteList(found)}). Build the new matrix with the same feature columns, in the same order.`,
  embedNativeMissing: () =>
    `the optional package "tfjs-node-native" (@tensorflow/tfjs-node) is not installed or not built; run "bash scripts/setup-native.sh" to set it up offline`,
  embedBackendLoadFailed: (pkg: string, detail: string) => `loading "${pkg}" failed: ${detail}`,
  embedProfilerContraction: (flag: string) =>
    `a V8 profiler is on (${flag}), so native TensorFlow multiplies matrices with Eigen's kernel instead of oneDNN's (TENSORFLOW_USE_CUSTOM_CONTRACTION_KERNEL=false): oneDNN 3.7's GEMM corrupts the heap when a profiler's signal arrives during it (oneDNN issue #4845); the embedding can differ in its last digits from an unprofiled run. Set TENSORFLOW_USE_CUSTOM_CONTRACTION_KERNEL yourself to choose`,
  embedBackendNotRegistered: (name: string) =>
    `no backend "${name}" is registered in @tensorflow/tfjs-core; the package loaded but registered its backend in another copy of tfjs-core (check "npm ls @tensorflow/tfjs-core" shows one version)`,
  embedBackendInitFailed: (name: string) => `tf.setBackend("${name}") returned false (the backend failed to initialise)`,
  embedNoBackend: (tried: readonly string[]) =>
    `no TensorFlow.js backend could be started (${tried.join('; ')}). Reinstall dependencies with "npm ci".`,
  embedBackendUnknown: (found: string) =>
    `TensorFlow.js is running on backend "${found}", which seglab does not support. Use embed.backend "auto", "tensorflow", "wasm" or "cpu".`,
  // ---- notebook (owned by lib/notebook/) ----
  notebookNoKernel: (fn: string) =>
    `${fn} sends its output to a Jupyter tslab kernel, but this code is not running in one. Run it in a notebook on the "tslab" kernel (register it with "npm run setup"), or build the output yourself with ${fn === 'showChart' ? 'chartPayload' : 'tablePayload'}() or pass options.sink.`,
  notebookUnknownColumns: (unknown: readonly string[], known: readonly string[]) =>
    `showTable: column${unknown.length === 1 ? '' : 's'} ${quoteList(unknown)} not in the table; its columns are ${quoteList(known)}. Fix options.columns.`,
  // notebook workbench on Danfo frames (lib/workbench/frames.ts)
  frameNoIdColumn: (idColumn: string, columns: readonly string[]) =>
    `the frame has no id column "${idColumn}" (columns.customerId); its columns are ${quoteList(columns)}. Keep the id column when you select columns with Danfo.`,
  frameUnknownId: (id: string, row: number) =>
    `row ${row + 1} of the frame has the customer id "${id}", which is not in the cleaned customers table. Filter and add columns on the frame cleanFrame returned; do not add rows.`,
  frameNotNumeric: (column: string) => `column "${column}" of the frame is not numeric. Choose a numeric column, or convert it with Danfo's astype first.`,
  // notebook run, papermill-style (lib/notebook/run.ts, parameters.ts, args.ts)
  notebookNotFound: (file: string) => `notebook "${file}" does not exist. Check the path (e.g. notebooks/01-quickstart.ipynb).`,
  notebookNotIpynb: (file: string, problem: string) =>
    `"${file}" is not a Jupyter notebook: ${problem}. Pass a .ipynb file saved by Jupyter (nbformat 4).`,
  notebookNoParametersCell: (file: string) =>
    `notebook "${file}" has no cell tagged "parameters", so there is nowhere to inject values. In Jupyter, add the tag "parameters" to the cell holding the defaults (View > Cell toolbar > Tags).`,
  notebookUnknownParameters: (file: string, unknown: readonly string[], declared: readonly { name: string; defaultText: string }[]) => {
    const near = unknown.length === 1 ? closestNames(unknown[0], declared.map((d) => d.name)) : [];
    const listed = declared.map((d) => `${d.name} = ${d.defaultText}`).join('; ');
    return `notebook "${file}" has no parameter${unknown.length === 1 ? '' : 's'} ${quoteList(unknown)}${near.length ? ` (did you mean "${near[0]}"?)` : ''}. Its parameters cell declares: ${listed || 'nothing'}. Use one of these names, or declare the parameter there as "const name = default;".`;
  },
  notebookParameterType: (name: string, expected: string, defaultText: string, got: string | number | boolean) =>
    `parameter "${name}" takes ${expected} (its default is ${defaultText}), but it was given ${JSON.stringify(got)}. Pass e.g. -p ${name}=${defaultText.replace(/^['"`]|['"`]$/g, '')}.`,
  notebookOutIsSource: (file: string) =>
    `the output folder is the notebook's own folder, so the executed copy would overwrite "${file}". Choose another output folder (--out).`,
  notebookCannotExecute: (file: string, python: string, detail: string) =>
    `could not execute "${file}" with ${python} (nbclient on the tslab kernel): ${detail}. Run "npm run setup" (it installs Debian's Jupyter and registers the tslab kernel), or set SEGLAB_PYTHON to a Python with nbconvert.`,
  notebookCellFailed: (file: string, cell: number | null, cells: number, firstLine: string, error: string, executed: string) =>
    `notebook "${file}" failed in ${cell === null ? 'the injected-parameters cell (check the parameter values)' : `cell ${cell} of ${cells} (counting markdown cells)`}${firstLine ? `, which starts "${firstLine.length > 80 ? `${firstLine.slice(0, 77)}...` : firstLine}"` : ''}: ${error.replace(/\.$/, '')}. The cells after it did not run; the partial executed notebook is ${executed}.`,
  notebookExportFailed: (executed: string, detail: string) =>
    `the notebook ran, but exporting ${executed} to HTML with nbconvert failed: ${detail}.`,
  notebookUsage: (problem: string) =>
    `notebook run: ${problem}. Usage: seglab notebook run <notebook.ipynb> [-p name=value ...] [--out <dir>] [--timeout <seconds>].`,
  notebookBadParamArg: (given: string) =>
    `"-p ${given}" is not a parameter assignment; write -p name=value, e.g. -p k=6 (name: letters, digits, _ or $).`,
  notebookRepeatedParam: (name: string) => `parameter "${name}" is given twice; give each -p name=value once.`,
  notebookBadTimeout: (given: string) => `--timeout "${given}" is not a positive number of seconds; e.g. --timeout 600.`,
  // ---- cluster: k rule and representation choice (owned by lib/cluster/select-k.ts, stability.ts, representation.ts) ----
  kNoEligible: (kMin: number, kMax: number, minShare: number) =>
    `no k in ${kMin}..${kMax} gives segments that are all at least ${(minShare * 100).toFixed(1)}% of customers; the k with the best mean rank among those without an empty segment was used anyway. Lower cluster.minSegmentShare or cluster.kMin.`,
  kNoEligibleSize: (kMin: number, kMax: number, floor: number, n: number) =>
    `no k in ${kMin}..${kMax} gives segments that all hold at least ${floor} of the ${n} customers (the larger of cluster.minSegmentShare and fairness.minCellSize); the k whose smallest segment is largest was used, and segments under ${floor} customers are suppressed in the profiles. Use more customers, lower fairness.minCellSize, or set cluster.kMin..kMax yourself.`,
  kRuleSizeFallback: (k: number, range: string, floor: number, smallest: number) =>
    `k = ${k}: no k in ${range} gives segments that all hold at least ${floor} customers (the larger of cluster.minSegmentShare and fairness.minCellSize); k = ${k} has the largest smallest segment (${smallest} customers).`,
  kRangeTrimmedBySize: (kMax: number, kTop: number, n: number, floor: number) =>
    `cluster.kMax=${kMax} was lowered to ${kTop}: ${n} customers can fill at most ${kTop} segments of ${floor} (the larger of cluster.minSegmentShare and fairness.minCellSize).`,
  kNoStable: (threshold: number, bestK: number, bestStability: number) =>
    `no eligible k reproduces on resampled customers (stability >= ${threshold}); the best is k=${bestK} with stability ${Number.isNaN(bestStability) ? 'not computable' : bestStability.toFixed(2)}. The segments are weakly supported: treat them as a starting point, try other features, or narrow cluster.kMin..kMax.`,
  kStabilityUndefined: (k: number, n: number) =>
    `stability at k=${k} could not be measured: subsamples of the ${n} customers would hold ${k} or fewer rows. k=${k} counts as not shown to be stable.`,
  kRuleChosen: (k: number, pool: readonly number[], eligibleRange: string, threshold: number, meanRank: number, silhouetteK: number, tie = '') =>
    `k = ${k}: of the k in ${eligibleRange} whose smallest segment is large enough to act on and whose segments reproduce on resampled customers (stability >= ${threshold}: k = ${pool.join(', ')}), k = ${k} has the best mean rank (${meanRank.toFixed(2)}, 1 = best, ranked among all k with large enough segments${tie}) over five measures of separation: silhouette, Calinski–Harabasz, Davies–Bouldin, the inertia elbow and the gap statistic.` +
    (silhouetteK !== k ? ` Silhouette alone would have picked k = ${silhouetteK}.` : ''),
  /** How a tie in the mean rank was broken, for kRuleChosen / kRuleFallback ("" without a tie). */
  kRankTie: (tied: readonly number[], by: 'stability' | 'smaller k') =>
    `; tied with k = ${tied.join(', ')}, and the tie went to the ${by === 'stability' ? 'more stable k' : 'smaller k'}`,
  /** Birth years (or ages) no living customer can have at the as-of date, and what the run did with them. */
  implausibleBirthYears: (source: string, column: string, kind: 'birth year' | 'age', tooOld: number, future: number, values: readonly number[], asOf: string, done: string, fix: string) =>
    `${source} "${column}" has ${[tooOld ? `${tooOld.toLocaleString('en-US')} ${kind === 'age' ? 'ages above 110' : 'birth years giving an age above 110'}` : '', future ? `${future.toLocaleString('en-US')} ${kind === 'age' ? 'negative ages' : 'birth years after the as-of year'}` : ''].filter(Boolean).join(' and ')} at the as-of date ${asOf} (${values.map((v) => String(v)).join(', ')}): not plausible for a living customer. ${done} ${fix}`,
  /** A feature that is an exact linear combination of other features (lib/features/redundancy.ts). */
  linearRedundancy: (column: string, terms: readonly { column: string; coefficient: number }[], intercept: number, maxDeviation: number, rows: number) => {
    const term = (t: { column: string; coefficient: number }, first: boolean): string => {
      const size = Math.abs(t.coefficient);
      const sign = t.coefficient < 0 ? (first ? '−' : ' − ') : first ? '' : ' + ';
      return `${sign}${size === 1 ? '' : `${size} × `}"${t.column}"`;
    };
    const sum = terms.map((t, i) => term(t, i === 0)).join('') + (intercept ? ` ${intercept < 0 ? '−' : '+'} ${Math.abs(intercept)}` : '');
    const how = maxDeviation === 0 ? 'exactly' : `to within ${Number(maxDeviation.toPrecision(2))}`;
    return `features: "${column}" = ${sum} ${how} on every one of the ${rows.toLocaleString('en-US')} customers with all ${terms.length + 1} values: it adds no information of its own, and keeping it gives what it repeats more weight in the clustering. Drop one of these columns from features.customerColumns.`;
  },
  /** Two features almost perfectly correlated (lib/features/redundancy.ts). */
  nearDuplicateFeatures: (a: string, b: string, r: number, rows: number) =>
    `features: "${a}" and "${b}" are almost perfectly correlated (r = ${r.toFixed(6)} over ${rows.toLocaleString('en-US')} customers with both values): they say the same thing, which then weighs twice in the clustering. Keep one of them in features.customerColumns.`,
  /**
   * The run's warning (report, terminal, notebooks): counts per column only. A customer's own value
   * beside their id is personal data, so the report and the run folder never name one (CPA trial:
   * "Income = 1730 for customer 6862" in report.html); extremeValuesNamed says it on the terminal.
   */
  extremeValuesClipped: (clipped: Record<string, number>, named: readonly { column: string; row: number; customerId: string; value: number; robustZ: number }[]) =>
    `extreme values clipped before clustering (more than 5 spreads from the median): ${Object.entries(clipped).map(([c, n]) => `${c} ${n.toLocaleString('en-US')}`).join(', ')}.${named.length ? ` The ${named.length === 1 ? 'most extreme is' : `${named.length} most extreme are`} named with ${named.length === 1 ? 'its' : 'their'} customer id on the terminal and in the run's "extremes" (notebooks), never in the report or the run folder, which show no single customer's value.` : ''} Check these customers; set clean.ranges or clean.winsorise to handle them explicitly.`,
  /** The most extreme clipped values with their customers, for the analyst's terminal only (never written to the run folder). */
  extremeValuesNamed: (named: readonly { column: string; customerId: string; value: number; robustZ: number }[]) =>
    `the most extreme clipped values (not written to the run folder): ${named.map((e) => `${e.column} = ${e.value} for customer ${e.customerId} (${Math.abs(e.robustZ).toFixed(1)} spreads from the median)`).join('; ')}.`,
  valueColumnsWithOrderLines: (columns: readonly string[]) =>
    `profile.valueColumns (${columns.join(', ')}) is for a customers file without order lines, but sources.transactions is set: with order lines, value is their spend. Remove profile.valueColumns, or remove sources.transactions to value customers by those columns.`,
  valueColumnsMissing: (file: string, counts: readonly { column: string; missing: number; negative: number }[], customers: number) =>
    `${file}: the value measure (profile.valueColumns) counts ${counts
      .map((c) => [c.missing ? `${c.missing.toLocaleString('en-US')} missing` : '', c.negative ? `${c.negative.toLocaleString('en-US')} negative` : ''].filter(Boolean).join(' and ') + ` amounts of "${c.column}"`)
      .join(', ')} as 0, of ${customers.toLocaleString('en-US')} customers.`,
  featureIsOutcome: (column: string) =>
    `column "${column}" is the outcome (columns.label) and also listed as a feature. The outcome is never a feature: remove it from features.customerColumns / categoricalColumns / bands; seglab profiles it per segment instead.`,
  kRuleFinestStable: (k: number, pool: readonly number[], eligibleRange: string, threshold: number, stability: number, silhouetteK: number) =>
    `k = ${k}: of the k in ${eligibleRange} whose smallest segment is large enough to act on, the segments of k = ${pool.join(', ')} reproduce on resampled customers (stability >= ${threshold}); k = ${k} is the finest of them (stability ${stability.toFixed(2)}), since a coarser stable k merges segments that also reproduce. Stability compares labels, so it means the same in every space.` +
    (silhouetteK !== k ? ` Silhouette alone would have picked k = ${silhouetteK}.` : ''),
  kRuleFallback: (k: number, pool: readonly number[], reason: string, meanRank: number, tie = '') =>
    `k = ${k}: ${reason}, so k was ranked among k = ${pool.join(', ')}; k = ${k} has the best mean rank (${meanRank.toFixed(2)}${tie}) over silhouette, Calinski–Harabasz, Davies–Bouldin, the inertia elbow and the gap statistic.`,
  representationChosen: (name: string, k: number, agreement: number, others: string, reason: string) =>
    `The ${name} won (k = ${k}): ${reason} Its segments agree with the other representations' segments with mean ARI ${agreement.toFixed(2)} (${others}).`,
  representationReweightedRule: (k: number, base: string) =>
    `k = ${k}, carried over from the ${base}: the feature weights were fitted for ${k} segments (each feature divided by its spread within the segments), so k is not chosen again in the reweighted space.`,
  representationNoCandidates: () =>
    `chooseRepresentation got no candidate representations. Pass at least the standardised features, e.g. [{ name: 'standardised features', points: features.scaled }].`,
  representationBadName: (name: string) =>
    `representation name ${JSON.stringify(name)} is empty or used twice; give every candidate its own name.`,
  representationRowMismatch: (name: string, rows: number, expected: number) =>
    `representation "${name}" has ${rows} rows but the first candidate has ${expected}; every representation must describe the same customers in the same order.`,
  // ---- clv and campaigns (owned by lib/clv/ and lib/campaigns/) ----
  clvBadOption: (name: string, found: unknown, expected: string) =>
    `option "${name}" is ${JSON.stringify(found)}, expected ${expected}. Fix the clv settings (clv.* in the config).`,
  clvColumnLengths: (lengths: Record<string, number>) =>
    `the input columns have different lengths (${Object.entries(lengths).map(([k, v]) => `${k}: ${v}`).join(', ')}); every column needs one value per row. This is a bug in the stage that built them.`,
  clvNoCustomers: () =>
    `no customer has a purchase in the calibration period, so there is nothing to fit. Check clv.calibrationEnd against the transaction dates.`,
  clvBadSummaryRows: (count: number, rows: readonly number[], x: number, tx: number, T: number) =>
    `${count} customer${count === 1 ? '' : 's'} (rows ${list(rows)}) have an impossible summary; e.g. frequency ${x}, recency ${tx}, T ${T}. Frequency must be a whole number >= 0, 0 <= recency <= T, and recency 0 when frequency is 0. Rebuild the summary with rfmSummary().`,
  clvTooFewRepeatBuyers: (found: number, needed: number) =>
    `only ${found} customer${found === 1 ? '' : 's'} made a repeat purchase with positive spend; the Gamma-Gamma spend model needs at least ${needed}. Use a longer calibration period or report historical CLV only.`,
  clvRepeatBuyersWithoutSpend: (count: number) =>
    `${count} repeat buyer${count === 1 ? '' : 's'} had zero or negative mean repeat spend and were left out of the Gamma-Gamma fit`,
  clvGammaGammaNoMean: (q: number) =>
    `Gamma-Gamma q = ${q.toFixed(3)} <= 1: mean spends across customers are so heavy-tailed that the population mean spend is undefined; customers without a repeat purchase are valued from their first purchase instead`,
  clvSpendFrequencyCorrelated: (r: number) =>
    `spend and frequency of repeat buyers are correlated (Pearson r = ${r.toFixed(3)}); the Gamma-Gamma model assumes they are independent, so predicted spend may be biased`,
  clvNoHoldout: () =>
    `the summary has no holdout period; build it with rfmSummary(tx, { calibrationEnd, observationEnd }) to compare predicted and actual purchases.`,
  clvBgNbdBoundary: (kind: 'homogeneous-dropout' | 'homogeneous-purchase-rate' | 'no-dropout', p: { r: number; alpha: number; a: number; b: number }) => {
    switch (kind) {
      case 'homogeneous-dropout':
        return `BG/NBD fit is on a boundary: the data are best explained by every customer having the same dropout probability after a purchase, a/(a+b) = ${(p.a / (p.a + p.b)).toPrecision(4)} (a and b grow without limit; they are reported at a + b = ${(p.a + p.b).toExponential(0)} as a stand-in for infinity, and only their ratio is identified). Predictions are those of that limit.`;
      case 'homogeneous-purchase-rate':
        return `BG/NBD fit is on a boundary: the data are best explained by every active customer buying at the same rate, r/α = ${(p.r / p.alpha).toPrecision(4)} purchases per time unit (r and α grow without limit; r is reported as ${p.r.toExponential(0)} as a stand-in for infinity). Predictions are those of that limit.`;
      case 'no-dropout':
        return `BG/NBD fit is on a boundary: the data show no sign of customers dropping out (a/(a+b) → 0), so every customer is predicted to stay active. Check that the observation period is long enough to see lapsed customers.`;
      default: {
        const unhandled: never = kind;
        return String(unhandled);
      }
    }
  },
  clvGammaGammaBoundary: (scale: number) =>
    `Gamma-Gamma fit is on a boundary: spend per purchase varies between customers but not within one (p → ∞, reported as 1e8 with p·v = ${scale.toPrecision(4)} kept), so a repeat buyer's expected spend is their own mean repeat spend`,
  clvNotConverged: (model: string, iterations: number) =>
    `${model} fit did not converge in ${iterations} optimiser iterations (quasi-Newton steps, then Nelder–Mead); the parameters are the best point found and predictions may be off. Check for very few repeat buyers or a very short calibration period.`,
  clvFirstPurchaseSpend: (customers: number, q: number) =>
    `${customers} customer${customers === 1 ? '' : 's'} without a repeat purchase were valued at their first purchase (Gamma-Gamma posterior after one purchase) because q = ${q.toFixed(3)} <= 1 leaves the population mean spend undefined`,
  clvPreferHistoricalCorrelation: (r: number) =>
    `spend per purchase is correlated with purchase frequency (r = ${r.toFixed(2)}), which the Gamma-Gamma spend model assumes away; rank customers by historical CLV, or fit CLV per segment`,
  clvPreferHistoricalValidation: (predicted: number, actual: number, days: number) =>
    `BG/NBD predicted ${Math.round(predicted)} purchases in the ${days}-day holdout where ${actual} happened (${predicted >= actual ? '+' : ''}${(((predicted - actual) / actual) * 100).toFixed(0)}%), outside the ±20% the check allows`,
  clvPreferHistoricalNotConverged: () => `a model fit did not converge`,
  clvPredictiveValidated: (predicted: number, actual: number, days: number, tolerance: number) =>
    `BG/NBD predicted ${Math.round(predicted)} purchases in the ${days}-day holdout where ${actual} happened (${predicted >= actual ? '+' : ''}${(((predicted - actual) / actual) * 100).toFixed(0)}%, within the ±${Math.round(tolerance * 100)}% the check allows), and spend is not correlated with frequency`,
  clvPredictiveUnvalidated: () =>
    `no holdout validation was run (holdoutDays = 0) and the model assumptions hold; set clv.holdoutDays to check predictions against data`,
  campaignsColumnLengths: (lengths: Record<string, number>) =>
    `the campaign log columns have different lengths (${Object.entries(lengths).map(([k, v]) => `${k}: ${v}`).join(', ')}); every column needs one value per row.`,
  campaignsEmpty: () => `the campaign log has no rows. Check sources.campaigns points at the right file.`,
  campaignsBadValues: (column: string, count: number, rows: readonly number[], example: unknown, expected: string) =>
    `column "${column}" of the campaign log has ${count} value${count === 1 ? '' : 's'} that ${count === 1 ? 'is' : 'are'} not ${expected} (rows ${list(rows)}); e.g. ${JSON.stringify(example)}. Fix those rows or map the column in campaigns.columns.`,
  campaignsControlArmMissing: (controlArm: string, arms: readonly string[]) => {
    const near = closestNames(controlArm, arms);
    return `control arm "${controlArm}" is not in the campaign log${near.length ? ` (did you mean ${quoteList(near)}?)` : ''}; its arms are ${quoteList(arms)}. Fix campaigns.controlArm, or leave it out when the log has no control.`;
  },
  campaignsBadOption: (name: string, found: unknown, expected: string) =>
    `campaigns option "${name}" is ${JSON.stringify(found)}, expected ${expected}. Fix campaigns.${name} in the config.`,
  campaignsNoControl: () =>
    `no control arm: uplift cannot be estimated, so no campaign is recommended. Response rates are still reported; run a test with a randomised hold-out (no-contact) group to measure uplift.`,
  campaignsNoControlInSegment: (segment: string) =>
    `segment "${segment}" has no control customers: uplift cannot be estimated there, so no campaign is recommended. Keep a randomised hold-out in every segment.`,
  campaignsNoHeterogeneity: (tests: readonly { arm: string; p: number }[]) =>
    `uplift does not differ between segments (Cochran's Q: ${tests.map((t) => `p = ${t.p.toFixed(2)} for "${t.arm}"`).join(', ')}), so every segment gets the campaign-wide decision; different campaigns per segment would follow noise.`,
  campaignsInsufficientEvidence: (detail: string) => `insufficient evidence — test further (${detail})`,
  campaignsNothingBeatsControl: (bestArm: string, profit: number) =>
    `no campaign beats sending nothing: the best, "${bestArm}", has expected incremental profit ${profit.toFixed(2)} per customer. Do not send; test a cheaper or different offer.`,
  campaignsNoRevenue: () =>
    `the campaign log has no revenue, so incremental profit is counted in conversions (one conversion = 1 unit) minus cost.`,
  campaignsUnassigned: (rows: number, name: string) =>
    `${rows} campaign log row${rows === 1 ? '' : 's'} belong to customers without a segment; they are reported as segment "${name}". Pass the segment of every customer in the log.`,
  campaignsZeroCost: (arm: string) =>
    `arm "${arm}" has no recorded cost, so its ROI is undefined (reported as null); add a cost column to compare ROI.`,
  // ---- data layer: load / clean / features (owned by the data-layer helper, issue 3) ----
  gzipBroken: (role: string, file: string, detail: string) =>
    `${role} file "${file}" starts like a gzip file but cannot be unpacked (${detail}). Download it again or unpack it yourself and point sources.${role}.path at the plain file.`,
  fieldTooLarge: (role: string, file: string, line: number, column: number, chars: number) =>
    `${role} file "${file}": field ${column} of the record starting on line ${line} is ${chars.toLocaleString('en-US')} characters long (limit 1,048,576). This is almost always a quote that opens and never closes; fix the quoting, or remove the field.`,
  unknownFormat: (role: string, file: string, ext: string) =>
    `${role} file "${file}" has an extension (${JSON.stringify(ext)}) seglab cannot place. Set sources.${role}.format to "csv", "json", "ndjson", "parquet" or "xlsx".`,
  jsonNotTable: (role: string, file: string, detail: string) =>
    `${role} file "${file}" is not a table of records (${detail}). Give an array of objects (JSON) or one object per line (NDJSON), e.g. [{"customer_id": "C1", "age": 34}].`,
  duckdbFailed: (role: string, file: string, detail: string) =>
    `${role} file "${file}" could not be read through DuckDB (${detail}). Check the format and delimiter (sources.${role}.format / .delimiter), or set sources.${role}.engine to "js".`,
  xlsxFailed: (role: string, file: string, detail: string) =>
    `${role} file "${file}" could not be read as an XLSX workbook (${detail}). Save the sheet as CSV and point sources.${role}.path at it.`,
  dateOrderGuessed: (column: string, order: string, examples: readonly string[]) => `${column}: dates read as ${order} (guessed from values such as ${examples.map((e) => `"${e}"`).join(', ')})`,
  ambiguousDates: (role: string, file: string, column: string, examples: readonly string[]) =>
    `column "${column}" in ${role} file "${file}" has dates whose day and month cannot be told apart (e.g. ${examples.map((e) => `"${e}"`).join(', ')}: every first and second part is <= 12). Declare the order with columns.dateFormat: "dmy" (31/12/2025) or "mdy" (12/31/2025).`,
  dateFormatConflict: (role: string, file: string, column: string, declared: string, example: string) =>
    `column "${column}" in ${role} file "${file}" has "${example}", which cannot be a ${declared} date. Check columns.dateFormat ("ymd", "dmy" or "mdy").`,
  noPriceOrAmount: (role: string, file: string, amount: string, found: readonly string[]) =>
    `${role} file "${file}" has no amount column "${amount}" and no columns.quantity + columns.price to compute it. Columns found: ${quoteList(found, 30)}. Set columns.amount, or columns.quantity and columns.price.`,
  saltMissing: (env: string) =>
    `privacy.pseudonymise is on but the environment variable ${env} (privacy.saltEnv) is not set or shorter than 16 characters. Set it to a long random secret (e.g. export ${env}=$(openssl rand -hex 32)); it is never written to any output.`,
  consentColumnMissing: (column: string, found: readonly string[]) => {
    const near = closestNames(column, found);
    return `the consent column "${column}" (columns.consent) is in neither the customers file nor the consent source. Columns found: ${quoteList(found, 30)}.${near.length ? ` Closest: ${quoteList(near)}.` : ''} Fix columns.consent or set clean.excludeWithoutConsent to false.`;
  },
  constantFill: (column: string, value: string) =>
    `clean.missing.${column} is {"constant": ${JSON.stringify(value)}}, which is not a number but "${column}" is numeric. Give a number.`,
  noTransactionsForBehaviour: (features: readonly string[]) =>
    `features.behavioural asks for ${quoteList(features)} but there is no transactions source. Add sources.transactions or set features.behavioural to [].`,
  allColumnNull: (role: string, file: string, column: string) =>
    `column "${column}" in ${role} file "${file}" is empty in every row, so it cannot be a feature. Remove it from the features config or fix the export.`,
  // ---- fairness card (owned by lib/fairness/) ----
  fairnessLengthMismatch: (what: string, found: number, expected: number) =>
    `${what} has ${found} rows but there are ${expected} segment labels. Pass values for exactly the segmented customers, in the same order (e.g. protectedValues(customers, features, config)).`,
  fairnessLabelOutOfRange: (row: number, label: number, k: number) =>
    `segment label ${label} at row ${row} is outside 0..${k - 1} (k = ${k}). Pass the clustering's labels with its k.`,
  fairnessTargetOutOfRange: (segments: readonly number[], k: number) =>
    `the campaign targets segment${segments.length === 1 ? '' : 's'} ${list(segments)}, but segments are numbered 0..${k - 1}. Fix targeting.segments.`,
  fairnessGroupNotReported: (attribute: string, group: string, minCellSize: number) =>
    `group "${group}" of "${attribute}" has fewer than ${minCellSize} customers; its counts, shares and ratios are not shown (k-anonymity), though Cramér's V, chi-square and NMI include it. Merge it with a related group (e.g. coarser bins, fairness.bins) to assess it on its own.`,
  fairnessTooFewGroups: (attribute: string, minCellSize: number) =>
    `"${attribute}" has fewer than two groups with at least ${minCellSize} customers, so its balance, leakage and parity checks were skipped.`,
  fairnessProxySkipped: (attribute: string) =>
    `the proxy classifier for "${attribute}" was skipped: no features, or fewer than two groups large enough for cross-validation.`,
  fairnessUnknownReference: (attribute: string, group: string, groups: readonly string[]) =>
    `reference group "${group}" of "${attribute}" is not among its groups (${quoteList(groups)}); the group with the highest selection rate is used instead.`,
  // ---- personas and report sections (owned by lib/profile/personas.ts and lib/report/) ----
  personaNameEmpty: (segment: number) =>
    `profile.names gives segment ${segment} an empty name. Give it a name such as "Champions", or remove the entry to use the generated one.`,
  personaNameDuplicate: (name: string, segments: readonly number[]) =>
    `profile.names gives the same name "${name}" to segments ${list(segments)}; persona names must be unique within a run. Rename one of them.`,
  personaNameUnknownSegment: (segment: number, k: number) =>
    `profile.names has a name for segment ${segment}, but this run has ${k} segment${k === 1 ? '' : 's'} (1..${k}); the name was not used.`,
  personaSuppressed: (segment: number, size: number, minCellSize: number) =>
    `segment ${segment} has ${size} customer${size === 1 ? '' : 's'}, fewer than the minimum cell size ${minCellSize}: its persona statistics are suppressed.`,
  distributionsShape: (what: string, found: number, expected: number) =>
    `${what} has ${found} rows but there are ${expected} segment labels. Pass the feature table's raw matrix and the clustering's labels for the same customers.`,
  // ---- cluster methods: GMM, agglomerative, sample-then-assign; embed training sample (owned by lib/cluster/gmm.ts, agglomerative.ts, methods.ts, lib/embed/sample.ts) ----
  badClusterOption: (method: string, name: string, value: number, expected: string) =>
    `${method} option ${name}=${value} is invalid; expected ${expected}.`,
  gmmComponentStarved: (k: number, component: number) =>
    `Gaussian mixture at k=${k}: component ${component} lost all its customers during EM and kept its previous parameters with a near-zero weight; the mixture effectively has fewer segments. Lower k or try cluster.method "kmeans".`,
  gmmNotConverged: (k: number, maxIterations: number) =>
    `Gaussian mixture at k=${k} stopped at cluster.maxIterations=${maxIterations} before the log-likelihood settled; memberships may still shift. Raise cluster.maxIterations.`,
  treeTooLarge: (rows: number, max: number) =>
    `agglomerative clustering was asked to build a tree on ${rows} rows; at most ${max} fit in memory (the distance table grows with rows²). Lower cluster.treeRows: the remaining customers are assigned to the nearest segment.`,
  badTrainRows: (value: number) =>
    `embed.maxTrainRows=${value} is invalid; expected an integer >= 1 (default 50000). The autoencoder trains on a seeded sample of at most this many customers and then embeds everyone.`,
  // ---- saved segmentation model and scoring (owned by lib/model/, lib/features/apply.ts) ----
  modelTransformMissing: (what: string) =>
    `the saved feature transform has no fitted ${what}, but the model's features section needs it. The model file is incomplete: re-create it with "seglab run".`,
  modelInvalid: (problem: string) =>
    `the segmentation model is not valid: ${problem}. Use the model.json written by "seglab run" (do not edit it by hand), or re-create it.`,
  modelVersion: (found: unknown, expected: number) =>
    `the segmentation model has version ${JSON.stringify(found)}, but this seglab reads version ${expected}. Re-create the model with this seglab's "seglab run".`,
  modelFeatureMismatch: (where: string, expected: readonly string[], found: readonly string[]) => {
    const missing = expected.filter((f) => !found.includes(f));
    const extra = found.filter((f) => !expected.includes(f));
    return `${where}: the features do not match the model's ${expected.length} features (${quoteList(expected.slice(0, 8))}${expected.length > 8 ? ', ...' : ''}); missing ${missing.length ? quoteList(missing.slice(0, 8)) : 'none'}, unexpected ${extra.length ? quoteList(extra.slice(0, 8)) : 'none'}, or a different order. Score with the model.json of the same run, unedited.`;
  },
  modelNeedsBackend: () =>
    `the model segments in the autoencoder embedding, so scoring needs a TensorFlow.js backend; pass tf (from selectBackend) to scoreCustomers.`,
  modelNoCustomersLeft: (file: string, rows: number) =>
    `none of the ${rows} rows of ${file} could be scored (see the ledger: ids missing, duplicates, no purchase in the transactions file). Check that the customers file has the model's id column and that the transactions belong to these customers.`,
  scoreUsage: (problem: string) =>
    `seglab score: ${problem}. Usage: seglab score --model <run>/model.json --customers <file> [--transactions <file>] [--as-of YYYY-MM-DD] --out <dir>`,
  sqlUsage: (problem: string) =>
    `seglab sql: ${problem}. Usage: seglab sql --model <run>/model.json --dialect duckdb|postgres|clickhouse|bigquery|snowflake|spark [--orders <table>] [--customers <table>] [--as-of YYYY-MM-DD] [--no-encoder]`,
  sqlUnsupported: (what: string, fix: string) =>
    `this model cannot be scored in SQL: ${what}. ${fix}`,
  sqlNeedsAsOf: () =>
    'the model records no reference date (features.asOf), so recency cannot be measured in SQL without one; pass --as-of YYYY-MM-DD (the day recency is counted to).',
  warehouseFailed: (engine: string, detail: string) =>
    `the ${engine} query failed: ${detail}. Check the connection URL, that the tables exist with the model's column names, and that the server is running.`,
  warehouseRunUsage: (problem: string) =>
    `seglab run --warehouse: ${problem}. Usage: seglab run --warehouse <file.duckdb|postgres://...|clickhouse://host:port> --config <file.json> [--orders <table>] [--customers <table>] [--segments-table <table>] [--out <dir>] [--min-sample <customers>] [--as-of YYYY-MM-DD] [--staged] [--daily-parts <n>]`,
  warehouseReproduceNeeds: (runDir: string, what: string) =>
    `seglab reproduce: ${runDir} is a warehouse run (its sample is pulled again from the engine); ${what}`,
  warehouseUrl: (url: string) =>
    `--warehouse "${url}" is not a warehouse this seglab can reach; give a DuckDB file (path ending .duckdb or .db), postgres://user@host:port/db or clickhouse://host:port (HTTP port)`,
} as const;

/** Messages of `seglab compare` and `seglab track` (lib/compare, lib/track). */
export const compareMsg = {
  usage: (problem: string) =>
    `seglab compare: ${problem}. Usage: seglab compare <before> <after> --out <dir> [--weight clv]; <before> and <after> are run folders or "seglab score" output folders`,
  trackUsage: (problem: string) =>
    `seglab track: ${problem}. Usage: seglab track --config <file.json> [--model <run>/model.json | --fit-before YYYY-MM-DD] --every month --from YYYY-MM-DD --to YYYY-MM-DD --out <dir>`,
  notASnapshot: (dir: string) =>
    `${dir} holds no segments.csv, so it is neither a run folder nor a "seglab score" folder. Pass the folder that "seglab run" or "seglab score --out" wrote.`,
  badSegmentsFile: (file: string, line: number, problem: string) =>
    `${file} line ${line}: ${problem}. Use the segments.csv written by seglab (customer_id, segment 1..k), unedited.`,
  duplicateCustomer: (file: string, id: string, line: number) =>
    `${file} line ${line}: customer "${id}" appears twice; each customer has one segment. Use the segments.csv written by seglab, unedited.`,
  noWeights: (dir: string) =>
    `--weight clv needs clv.csv in ${dir} (written by "seglab run" when there are order lines); drop --weight or compare run folders that have it.`,
  outIsInput: (out: string) =>
    `--out ${out} is one of the compared folders; outputs never go into an input folder, choose another folder`,
  noCommonCustomers: (before: string, after: string) =>
    `no customer of ${before} is in ${after}, so no migration can be measured. Check that both sides use the same customer ids (and the same privacy.pseudonymise salt).`,
  trackNoDates: (from: string, to: string) =>
    `--from ${from} is not before --to ${to}; give a range holding at least two monthly dates`,
} as const;

/** Shorthand: build and throw a SeglabError. */
export function fail(stage: string, message: string): never {
  throw new SeglabError(stage, message);
}
