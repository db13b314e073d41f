export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(2)}%`;
}

/** confusion[actual][predicted] as a table with row and column headers 0–9. */
export function formatConfusion(confusion: number[][]): string {
  const width = Math.max(4, ...confusion.flat().map((n) => String(n).length + 1));
  const cell = (text: string | number) => String(text).padStart(width);
  const header = `${'actual\\pred'.padEnd(12)}${confusion.map((_, i) => cell(i)).join('')}`;
  const rows = confusion.map((row, actual) => `${String(actual).padEnd(12)}${row.map(cell).join('')}`);
  return [header, ...rows].join('\n');
}
