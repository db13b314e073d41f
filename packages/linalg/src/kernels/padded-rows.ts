// The dense operands of the sparse kernels, laid out with rows a little longer than they are wide.

/**
 * Floats between the dense rows the sparse kernels read. Every entry of a line reads the same 64 bytes of a
 * different row, so rows a multiple of 1 KiB apart all fall into a few of L1's 64 sets and evict each other;
 * 16 floats more per row spread them over all sets (measured in docs/benchmarks.md).
 */
export function paddedStride(width: number): number {
  return width >= 256 && width % 256 === 0 ? width + 16 : width;
}

/**
 * Copies `rows` rows of `cols` floats, back to back from float index `from`, to rows `stride` floats apart from
 * `to` (≥ from, or the same place: the last row moves first, so none is overwritten before it is read).
 */
export function spreadRows(
  memory: Float32Array,
  from: number,
  to: number,
  rows: number,
  cols: number,
  stride: number,
): void {
  for (let r = rows - 1; r >= 0; r--) memory.copyWithin(to + r * stride, from + r * cols, from + r * cols + cols);
}
