/** Thrown when matrix shapes do not fit an operation; the message names both shapes. */
export class ShapeError extends Error {
  override readonly name = 'ShapeError';
}

/** `5×2`, the way shapes appear in every message. */
export function formatShape(rows: number, cols: number): string {
  return `${rows}×${cols}`;
}

export function assertDimension(op: string, what: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new ShapeError(`${op}: ${what} must be a non-negative integer, got ${value}`);
  }
}
