// CSV as RFC 4180 describes it: CRLF line ends, fields quoted when they hold a comma, a
// quote, CR or LF, and quotes doubled inside quoted fields.
export type CsvCell = string | number | boolean | null | undefined;

const NEEDS_QUOTES = /[",\r\n]/;
// A leading =, +, - or @ makes spreadsheets run the cell as a formula (CSV injection); a
// customer controls names and emails, so such text cells get a leading apostrophe. Excel and
// LibreOffice also read the full-width ＝ ＋ － ＠ as those, and skip spaces before a formula.
const FORMULA_START = /^[\t\r]|^\s*[=+\-@＝＋－＠]/;
const NUMBER = /^-?\d+(\.\d+)?$/;

export function csvField(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text) && !NUMBER.test(text)) {
    text = `'${text}`;
  }
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(cells: readonly CsvCell[]): string {
  return cells.map(csvField).join(',');
}

export function toCsv(header: readonly string[], rows: Iterable<readonly CsvCell[]>): string {
  const lines = [csvLine(header)];
  for (const row of rows) lines.push(csvLine(row));
  return lines.join('\r\n') + '\r\n';
}
