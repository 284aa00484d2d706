/**
 * CSV a spreadsheet opens correctly: a UTF-8 byte-order mark (so Excel reads accents), a header
 * row, every field quoted with quotes doubled, CRLF line ends (RFC 4180).
 */
export function toCsv(columns: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const line = (cells: readonly string[]) => cells.map((c) => `"${c.replace(/"/g, '""')}"`).join(',');
  return '\uFEFF' + [line(columns), ...rows.map(line)].join('\r\n') + '\r\n';
}
