// The TypeScript kernels' matrix product (typescript-kernels.ts): one blocked loop nest for AB, AᵀB and ABᵀ.

/**
 * out (m×n, row-major) = A·B (+ out when accumulating), with A and B addressed through strides so that
 * the transposed forms need no copy. Each 4×4 block of the output is held in 16 locals over the whole k
 * loop: per step, 4 values of A and 4 of B feed 16 multiply-adds, instead of one load and one store of
 * `out` per multiply-add. Rows left over below the blocks go 1×4; columns left over take one dot product each.
 */
export function stridedProduct(
  m: number,
  n: number,
  k: number,
  a: Float32Array,
  aRow: number,
  aStep: number,
  b: Float32Array,
  bStep: number,
  bCol: number,
  out: Float32Array,
  accumulate: boolean,
): void {
  const m4 = m - (m % 4);
  const n4 = n - (n % 4);
  for (let i = 0; i < m4; i += 4) {
    const o0 = i * n;
    const o1 = o0 + n;
    const o2 = o1 + n;
    const o3 = o2 + n;
    for (let j = 0; j < n4; j += 4) {
      let c00 = 0,
        c01 = 0,
        c02 = 0,
        c03 = 0;
      let c10 = 0,
        c11 = 0,
        c12 = 0,
        c13 = 0;
      let c20 = 0,
        c21 = 0,
        c22 = 0,
        c23 = 0;
      let c30 = 0,
        c31 = 0,
        c32 = 0,
        c33 = 0;
      let pa = i * aRow;
      let pb = j * bCol;
      for (let p = 0; p < k; p++) {
        const a0 = a[pa]!;
        const a1 = a[pa + aRow]!;
        const a2 = a[pa + 2 * aRow]!;
        const a3 = a[pa + 3 * aRow]!;
        const b0 = b[pb]!;
        const b1 = b[pb + bCol]!;
        const b2 = b[pb + 2 * bCol]!;
        const b3 = b[pb + 3 * bCol]!;
        c00 += a0 * b0;
        c01 += a0 * b1;
        c02 += a0 * b2;
        c03 += a0 * b3;
        c10 += a1 * b0;
        c11 += a1 * b1;
        c12 += a1 * b2;
        c13 += a1 * b3;
        c20 += a2 * b0;
        c21 += a2 * b1;
        c22 += a2 * b2;
        c23 += a2 * b3;
        c30 += a3 * b0;
        c31 += a3 * b1;
        c32 += a3 * b2;
        c33 += a3 * b3;
        pa += aStep;
        pb += bStep;
      }
      if (accumulate) {
        out[o0 + j]! += c00;
        out[o0 + j + 1]! += c01;
        out[o0 + j + 2]! += c02;
        out[o0 + j + 3]! += c03;
        out[o1 + j]! += c10;
        out[o1 + j + 1]! += c11;
        out[o1 + j + 2]! += c12;
        out[o1 + j + 3]! += c13;
        out[o2 + j]! += c20;
        out[o2 + j + 1]! += c21;
        out[o2 + j + 2]! += c22;
        out[o2 + j + 3]! += c23;
        out[o3 + j]! += c30;
        out[o3 + j + 1]! += c31;
        out[o3 + j + 2]! += c32;
        out[o3 + j + 3]! += c33;
      } else {
        out[o0 + j] = c00;
        out[o0 + j + 1] = c01;
        out[o0 + j + 2] = c02;
        out[o0 + j + 3] = c03;
        out[o1 + j] = c10;
        out[o1 + j + 1] = c11;
        out[o1 + j + 2] = c12;
        out[o1 + j + 3] = c13;
        out[o2 + j] = c20;
        out[o2 + j + 1] = c21;
        out[o2 + j + 2] = c22;
        out[o2 + j + 3] = c23;
        out[o3 + j] = c30;
        out[o3 + j + 1] = c31;
        out[o3 + j + 2] = c32;
        out[o3 + j + 3] = c33;
      }
    }
    for (let j = n4; j < n; j++) {
      for (let r = i; r < i + 4; r++) edgeElement(r, j, n, k, a, aRow, aStep, b, bStep, bCol, out, accumulate);
    }
  }
  // The last m mod 4 rows (2 of 10 in the network's output layer) in 1×4 blocks: 4 multiply-adds per 5 loads.
  for (let i = m4; i < m; i++) {
    const o = i * n;
    for (let j = 0; j < n4; j += 4) {
      let c0 = 0;
      let c1 = 0;
      let c2 = 0;
      let c3 = 0;
      let pa = i * aRow;
      let pb = j * bCol;
      for (let p = 0; p < k; p++) {
        const av = a[pa]!;
        c0 += av * b[pb]!;
        c1 += av * b[pb + bCol]!;
        c2 += av * b[pb + 2 * bCol]!;
        c3 += av * b[pb + 3 * bCol]!;
        pa += aStep;
        pb += bStep;
      }
      if (accumulate) {
        out[o + j]! += c0;
        out[o + j + 1]! += c1;
        out[o + j + 2]! += c2;
        out[o + j + 3]! += c3;
      } else {
        out[o + j] = c0;
        out[o + j + 1] = c1;
        out[o + j + 2] = c2;
        out[o + j + 3] = c3;
      }
    }
    for (let j = n4; j < n; j++) edgeElement(i, j, n, k, a, aRow, aStep, b, bStep, bCol, out, accumulate);
  }
}

/** One output element of `stridedProduct` as a plain dot product, for the rows and columns past the 4×4 blocks. */
function edgeElement(
  i: number,
  j: number,
  n: number,
  k: number,
  a: Float32Array,
  aRow: number,
  aStep: number,
  b: Float32Array,
  bStep: number,
  bCol: number,
  out: Float32Array,
  accumulate: boolean,
): void {
  let sum = 0;
  let pa = i * aRow;
  let pb = j * bCol;
  for (let p = 0; p < k; p++) {
    sum += a[pa]! * b[pb]!;
    pa += aStep;
    pb += bStep;
  }
  out[i * n + j] = accumulate ? out[i * n + j]! + sum : sum;
}
