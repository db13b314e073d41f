import { formatShape } from './shape-error';

const MAX_SHOWN = 8;

/** A readable rendering: the shape, then aligned rows; large matrices show their corners with `…`. */
export function formatMatrix(rows: number, cols: number, data: Float32Array): string {
  const rowIndices = pickIndices(rows);
  const colIndices = pickIndices(cols);
  const cells = rowIndices.map((i) =>
    colIndices.map((j) => (i < 0 || j < 0 ? '…' : formatNumber(data[i * cols + j]!))),
  );
  const width = Math.max(1, ...cells.flat().map((cell) => cell.length));
  const lines = cells.map((row) => `  [${row.map((cell) => cell.padStart(width)).join(' ')}]`);
  return [`Matrix ${formatShape(rows, cols)}`, ...lines].join('\n');
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
