/** Thrown when matrix shapes do not fit an operation; the message names both shapes. */
export class ShapeError extends Error {
  override readonly name = 'ShapeError';
}

/** `5×2`, the way shapes appear in every message. */
export function formatShape(rows: number, cols: number): string {
  return `${rows}×${cols}`;
}

/** The shape of anything with rows and cols; kept structural so this file needs no Matrix import. */
interface Shaped {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float32Array;
}

export function assertDimension(op: string, what: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new ShapeError(`${op}: ${what} must be a non-negative integer, got ${value}`);
  }
}

/** Element-wise operations need equal shapes. */
export function checkSame(op: string, left: Shaped, right: Shaped): void {
  if (left.rows !== right.rows || left.cols !== right.cols) {
    throw new ShapeError(
      `${op}: left is ${formatShape(left.rows, left.cols)}, right is ${formatShape(right.rows, right.cols)}; ` +
        'shapes must match',
    );
  }
}

/** Which operand of a product is used transposed; the message then names the stored shape and the used one. */
export type Transposed = 'none' | 'left' | 'right';

/**
 * Checks that `left · right` (after the transpose `transposed` names) is defined and, when `out` is given,
 * that it has the product's shape and shares no memory with an operand (the kernels write `out` while
 * still reading their inputs, so an overlap would silently give wrong numbers).
 */
export function checkProduct(
  op: string,
  left: Shaped,
  right: Shaped,
  transposed: Transposed = 'none',
  out?: Shaped,
): void {
  // Scalars rather than destructured pairs: this runs on every product, and should allocate nothing.
  const m = transposed === 'left' ? left.cols : left.rows;
  const k = transposed === 'left' ? left.rows : left.cols;
  const k2 = transposed === 'right' ? right.cols : right.rows;
  const n = transposed === 'right' ? right.rows : right.cols;
  if (k !== k2) {
    const leftText = describeOperand(left, transposed === 'left');
    const rightText = describeOperand(right, transposed === 'right');
    throw new ShapeError(`${op}: left is ${leftText}, right is ${rightText}; inner dimensions ${k} and ${k2} differ`);
  }
  if (out === undefined) return;
  if (out.rows !== m || out.cols !== n) {
    throw new ShapeError(`${op}: the product is ${formatShape(m, n)} but out is ${formatShape(out.rows, out.cols)}`);
  }
  if (overlaps(out.data, left.data)) throw overlapError(op, 'left');
  if (overlaps(out.data, right.data)) throw overlapError(op, 'right');
}

function overlapError(op: string, operand: 'left' | 'right'): RangeError {
  return new RangeError(`${op}: out shares memory with the ${operand} operand; pass a separate output matrix`);
}

function describeOperand(operand: Shaped, transposed: boolean): string {
  const stored = formatShape(operand.rows, operand.cols);
  return transposed ? `${stored} (used transposed, as ${formatShape(operand.cols, operand.rows)})` : stored;
}

function overlaps(x: Float32Array, y: Float32Array): boolean {
  if (x.length === 0 || y.length === 0 || x.buffer !== y.buffer) return false;
  return x.byteOffset < y.byteOffset + y.byteLength && y.byteOffset < x.byteOffset + x.byteLength;
}
