import { formatShape } from './shape-error';

const MAX_SHOWN = 8;

/**
 * A readable rendering: the shape, then rows whose columns line up on the decimal point (each column as wide
 * as its widest value); large matrices show their corners with `…`.
 */
export function formatMatrix(rows: number, cols: number, data: Float32Array): string {
  const rowIndices = pickIndices(rows);
  const colIndices = pickIndices(cols);
  const columns = colIndices.map((j) =>
    alignColumn(rowIndices.map((i) => (i < 0 || j < 0 ? '…' : formatNumber(data[i * cols + j]!)))),
  );
  const lines = rowIndices.map((_, r) => `  [${columns.map((column) => column[r]).join(' ')}]`);
  return [`Matrix ${formatShape(rows, cols)}`, ...lines].join('\n');
}

/** Pads each cell so that the integer parts are right-aligned and the fractions left-aligned. */
function alignColumn(cells: string[]): string[] {
  const parts = cells.map((cell) => {
    const point = cell.indexOf('.');
    return point < 0 ? [cell, ''] : [cell.slice(0, point), cell.slice(point)];
  });
  const whole = Math.max(1, ...parts.map(([integer]) => integer!.length));
  const fraction = Math.max(0, ...parts.map(([, rest]) => rest!.length));
  return parts.map(([integer, rest]) => integer!.padStart(whole) + rest!.padEnd(fraction));
}

/** All indices when few, else the first and last few with -1 standing for the gap. */
function pickIndices(n: number): number[] {
  if (n <= MAX_SHOWN) return Array.from({ length: n }, (_, i) => i);
  const half = MAX_SHOWN / 2;
  return [...Array.from({ length: half }, (_, i) => i), -1, ...Array.from({ length: half }, (_, i) => n - half + i)];
}

function formatNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return Number(value.toPrecision(4)).toString();
}
