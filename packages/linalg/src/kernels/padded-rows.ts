// The dense operands of the training step's sparse kernels (`sparseRows` in wasm-step), laid out with rows a little
// longer than they are wide. The KernelSet's sparse products copy each chunk of the rows together instead
// (`sparsePackedRows`, wasm-kernels.ts).

/**
 * Floats between the dense rows the sparse kernels read. They read the same 64 bytes (16 floats) of every row in
 * turn, so rows an even number of 64-byte lines apart share a fraction of L1's 64 sets (a 128-float row: 8 sets,
 * 64 lines for 784 rows) and evict each other; 16 floats more make the count odd and use every set (measured in
 * docs/benchmarks.md). Narrower rows are left alone: their copy would cost more than the misses.
 */
export function paddedStride(width: number): number {
  return width >= 64 && width % 32 === 0 ? width + 16 : width;
}
