// @ts-check
/**
 * A markdown table with every column padded to its widest cell, the layout Biome's formatter keeps,
 * so a written docs/benchmarks.md passes `pnpm lint` as it is.
 * @param {string[]} header
 * @param {string[][]} rows
 */
export function markdownTable(header, rows) {
  // Width in code points: `ᵀ` and `×` are one character each, as the formatter counts them.
  const width = (/** @type {string} */ text) => [...text].length;
  const widths = header.map((title, column) =>
    Math.max(3, width(title), ...rows.map((row) => width(row[column] ?? ''))),
  );
  const line = (/** @type {string[]} */ cells) =>
    `| ${widths
      .map((w, column) => {
        const cell = cells[column] ?? '';
        return cell + ' '.repeat(w - width(cell));
      })
      .join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
