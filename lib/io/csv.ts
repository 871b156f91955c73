/**
 * CSV text of generated rows (RFC 4180: comma-separated, "\n" line ends, a field is quoted only
 * when it holds a comma, quote or line break, as in "$52,300").
 */

/** One field, quoted when needed. */
export function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The header line of `columns`, with its line end. */
export function csvHeader(columns: readonly string[]): string {
  return `${columns.map(csvField).join(',')}\n`;
}

/**
 * The lines of `rows` in the order of `columns`, each ending with "\n".
 * @example csvLines([{ a: '1', b: 'x,y' }], ['a', 'b']) // '1,"x,y"\n'
 */
export function csvLines<Row extends object>(rows: readonly Row[], columns: readonly (keyof Row)[]): string {
  let text = '';
  for (const row of rows) {
    let line = '';
    for (let c = 0; c < columns.length; c++) {
      if (c > 0) line += ',';
      line += csvField(String(row[columns[c]]));
    }
    text += `${line}\n`;
  }
  return text;
}

/** Characters that make a spreadsheet read a cell as a formula (OWASP "CSV Injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A text field (customer id, segment or persona name) safe to open in a spreadsheet: a value
 * starting with `=`, `+`, `-`, `@`, tab or carriage return is prefixed with a single quote and
 * quoted, as OWASP recommends ("=HYPERLINK(...)" -> `"'=HYPERLINK(...)"`), so Excel, LibreOffice
 * and Google Sheets show it as text instead of running it. Plain numbers ("-12.5") are left alone.
 * Everything else is `csvField`.
 * @example csvTextField('=1+2') // `"'=1+2"`
 */
export function csvTextField(value: string): string {
  if (!FORMULA_START.test(value) || /^[-+]?\d+(\.\d+)?$/.test(value)) return csvField(value);
  return `"'${value.replace(/"/g, '""')}"`;
}
