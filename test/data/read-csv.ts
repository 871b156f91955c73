/**
 * A tiny, independent CSV reader for the data-generator tests (RFC 4180 quoting), so the tests
 * check the written bytes rather than the generator's own row objects.
 */
import * as fs from 'node:fs';

/** Rows of a CSV file as objects keyed by the header; also the raw header. */
export function readCsv(file: string): { header: string[]; rows: Record<string, string>[] } {
  const text = fs.readFileSync(file, 'utf8');
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  const [header, ...body] = records;
  const rows = body.map((values) => {
    if (values.length !== header.length) throw new Error(`${file}: a row has ${values.length} fields, header has ${header.length}`);
    return Object.fromEntries(header.map((h, i) => [h, values[i]]));
  });
  return { header, rows };
}
