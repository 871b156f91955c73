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
