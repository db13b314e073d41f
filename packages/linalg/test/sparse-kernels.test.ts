import { describe, expect, it } from 'vitest';
import { Matrix, SeededRandom, ShapeError } from '../src/index';
import {
  type KernelSet,
  mulSparseInto,
  mulSparseTransposeBInto,
  mulTransposeASparseInto,
  mulTransposeBSparseInto,
  type SparseLines,
  SparseMatrix,
  sparseSamples,
  transposeSparseLines,
  useKernels,
} from '../src/internal';
import { KERNEL_SETS, WASM_KERNELS } from './kernel-sets';
import { errorBound, randomValues, referenceProduct } from './support/reference';

/**
 * [m, n, k] of out (m×n) with inner dimension k; includes the first layer's 784 pixels × batch 128, and dense
 * rows of 256, 512 and 1024 floats, which the kernels read from a copy with padded rows.
 */
const SHAPES: [number, number, number][] = [
  [256, 5, 40],
  [1024, 3, 50],
  [20, 1024, 6],
  [7, 512, 9],
  [1, 1, 1],
  [7, 1, 33],
  [1, 7, 7],
  [33, 7, 1],
  [35, 9, 33],
  [37, 33, 7],
  [128, 128, 784],
  [10, 3, 784],
];

type Operands = 'outside' | 'inside';

/** Checks one sparse kernel against the dense float64 product of the same values. */
function check(
  set: KernelSet,
  form: 'A' | 'B',
  [m, n, k]: number[],
  seed: number,
  accumulate: boolean,
  where: Operands,
) {
  const rng = new SeededRandom(seed);
  const allocate = (values: Float32Array) => {
    if (where === 'outside') return values;
    const inside = set.allocate(values.length);
    inside.set(values);
    return inside;
  };
  // Form A: out = aᵀ·x, a dense k×m, x sparse k×n. Form B: out = x·bᵀ, x sparse m×k, b dense n×k.
  const [xRows, xCols] = form === 'A' ? [k!, n!] : [m!, k!];
  const dense = allocate(randomValues(rng, m! * k! + k! * n! - xRows * xCols, 0));
  const x = SparseMatrix.fromDense(Matrix.fromArray(xRows, xCols, randomValues(rng, xRows * xCols, 0.8)));
  const out = allocate(randomValues(rng, m! * n!, 0));
  const previous = Float32Array.from(out);

  // Inside: the sparse lines too live in kernel memory (allocateInts), read in place rather than copied.
  const lines = (l: SparseLines): SparseLines => {
    if (where === 'outside') return l;
    const ints = (a: Int32Array) => {
      const inside = set.allocateInts(a.length);
      inside.set(a);
      return inside;
    };
    return { offsets: ints(l.offsets), indices: ints(l.indices), values: allocate(l.values) };
  };
  if (form === 'A') set.sparseGemmTransposeA(m!, n!, k!, dense, lines(x.byColumn), out, accumulate);
  else set.sparseGemmTransposeB(m!, n!, k!, lines(x.byRow), dense, out, accumulate);

  const xDense = x.toDenseData();
  const { product, magnitude } =
    form === 'A'
      ? referenceProduct('gemmTransposeA', m!, n!, k!, dense, xDense)
      : referenceProduct('gemmTransposeB', m!, n!, k!, xDense, dense);
  const at = Array.from(out).findIndex((value, i) => {
    const before = accumulate ? previous[i]! : 0;
    return !(Math.abs(value - (product[i]! + before)) <= errorBound(k!, magnitude[i]!, before));
  });
  expect(at, `${set.name} ${form} ${m}×${n}×${k} at ${at}: ${out[at]} vs ${product[at]}`).toBe(-1);
}

describe('SparseMatrix', () => {
  it('keeps every non-zero entry in both forms, sorted within each line', () => {
    const dense = Matrix.fromArray(3, 4, [0, 1, 0, 2, 0, 0, 0, 0, 3, 0, 4, 5]);
    const x = SparseMatrix.fromDense(dense);
    expect(x.nonZeros).toBe(5);
    expect(x.density).toBeCloseTo(5 / 12);
    expect(Array.from(x.byRow.offsets)).toEqual([0, 2, 2, 5]);
    expect(Array.from(x.byRow.indices.subarray(0, 5))).toEqual([1, 3, 0, 2, 3]);
    expect(Array.from(x.byColumn.offsets)).toEqual([0, 1, 2, 3, 5]);
    expect(Array.from(x.byColumn.indices.subarray(0, 5))).toEqual([2, 0, 2, 0, 2]);
    expect(Array.from(x.byColumn.values.subarray(0, 5))).toEqual([3, 1, 4, 2, 5]);
    expect(Array.from(x.toDenseData())).toEqual(Array.from(dense.data));
  });

  it('reassigns in place from another batch of the same shape', () => {
    const x = SparseMatrix.fromDense(Matrix.fromArray(2, 2, [1, 2, 3, 4]));
    const indices = x.byRow.indices;
    x.assign(Matrix.fromArray(2, 2, [0, 0, 7, 0]));
    expect(x.byRow.indices).toBe(indices);
    expect(x.nonZeros).toBe(1);
    expect(Array.from(x.toDenseData())).toEqual([0, 0, 7, 0]);
  });

  it('assembles a batch from samples stored one after another, scaled, in the order asked', () => {
    // Three 4-pixel "images" of bytes, as MNIST stores them; the batch is images 2, 0, 2 as columns.
    const images = Uint8Array.from([0, 255, 0, 51, 0, 0, 0, 0, 102, 0, 0, 255]);
    const set = sparseSamples(4, images, 1 / 255);
    expect(Array.from(set.offsets)).toEqual([0, 2, 2, 4]);
    const batch = new SparseMatrix(4, 3).assignSamples(set, [2, 0, 2]);
    const expected = Matrix.fromArray(4, 3, [0.4, 0, 0.4, 0, 1, 0, 0, 0, 0, 1, 0.2, 1]);
    const dense = new Matrix(4, 3, batch.toDenseData());
    expect(dense.equals(expected, 1e-6)).toBe(true);
    // Both forms agree with assigning the dense batch directly.
    const direct = SparseMatrix.fromDense(dense);
    for (const form of ['byRow', 'byColumn'] as const) {
      expect(Array.from(batch[form].offsets)).toEqual(Array.from(direct[form].offsets));
      expect(Array.from(batch[form].indices.subarray(0, 6))).toEqual(Array.from(direct[form].indices.subarray(0, 6)));
    }
    expect(() => batch.assignSamples(set, [0, 1])).toThrow(
      new ShapeError('SparseMatrix.assignSamples: the matrix has 3 columns but 2 samples were given'),
    );
    expect(() => batch.assignSamples(set, [0, 1, 3])).toThrow(
      new RangeError("SparseMatrix.assignSamples: sample 3 is outside the set's 3 samples"),
    );
    expect(() => sparseSamples(5, images)).toThrow(
      new ShapeError('sparseSamples: 12 values do not split into samples of 5 features'),
    );
  });

  it('names both shapes when assigned a matrix of another shape', () => {
    const x = new SparseMatrix(784, 128);
    expect(() => x.assign(Matrix.zeros(784, 64) as never)).toThrow(
      new ShapeError('SparseMatrix.assign: sparse matrix is 784×128, dense is 784×64'),
    );
  });
});

describe.each(KERNEL_SETS.map((set) => [set.name, set] as const))('sparse kernels of %s', (_name, set) => {
  for (const form of ['A', 'B'] as const) {
    for (const accumulate of [false, true]) {
      it(`${form === 'A' ? 'aᵀ·x' : 'x·bᵀ'} equals the dense product (accumulate: ${accumulate})`, () => {
        SHAPES.forEach((shape, i) => {
          check(set, form, shape, 50 + i, accumulate, 'outside');
          if (set === WASM_KERNELS) check(set, form, shape, 90 + i, accumulate, 'inside');
        });
      });
    }
  }
});

describe('Matrix-level sparse products', () => {
  const rng = new SeededRandom(7);
  const x = Matrix.fromArray(33, 5, randomValues(rng, 33 * 5, 0.7));
  const sparse = SparseMatrix.fromDense(x);

  it.each(KERNEL_SETS.map((set) => [set.name, set] as const))('agree with the dense products (%s)', (_name, set) => {
    const previous = useKernels(set);
    try {
      const weightsT = Matrix.random(33, 9, { seed: 3 });
      const forward = mulTransposeASparseInto(Matrix.zeros(9, 5), weightsT, sparse);
      expect(forward.equals(Matrix.mulTransposeAInto(Matrix.zeros(9, 5), weightsT, x), 1e-5)).toBe(true);

      const dz = Matrix.random(9, 5, { seed: 4 });
      const gradient = mulSparseTransposeBInto(Matrix.zeros(33, 9), sparse, dz);
      expect(gradient.equals(Matrix.mulTransposeBInto(Matrix.zeros(33, 9), x, dz), 1e-5)).toBe(true);
    } finally {
      useKernels(previous);
    }
  });

  it.each(KERNEL_SETS.map((set) => [set.name, set] as const))(
    'in the row-major weight layout agree with the dense products, accumulating or not (%s)',
    (_name, set) => {
      const previous = useKernels(set);
      try {
        for (const accumulate of [false, true]) {
          const weights = Matrix.random(9, 33, { seed: 5 });
          const start = Matrix.random(9, 5, { seed: 6 });
          const forward = mulSparseInto(start.clone(), weights, sparse, accumulate);
          const expected = Matrix.mulInto(start.clone(), weights, x, accumulate);
          expect(forward.equals(expected, 1e-5), `forward, accumulate ${accumulate}`).toBe(true);

          const dz = Matrix.random(9, 5, { seed: 7 });
          const before = Matrix.random(9, 33, { seed: 8 });
          const gradient = mulTransposeBSparseInto(before.clone(), dz, sparse, accumulate);
          const expectedGradient = Matrix.mulTransposeBInto(before.clone(), dz, x, accumulate);
          expect(gradient.equals(expectedGradient, 1e-5), `gradient, accumulate ${accumulate}`).toBe(true);
        }
      } finally {
        useKernels(previous);
      }
    },
  );

  it.each(KERNEL_SETS.map((set) => [set.name, set] as const))('transpose odd shapes exactly (%s)', (_name, set) => {
    for (const [rows, cols] of [
      [1, 1],
      [1, 7],
      [7, 1],
      [5, 9],
      [33, 784],
      [784, 130],
    ] as const) {
      const a = Matrix.random(rows, cols, { seed: rows * cols });
      const out = new Float32Array(rows * cols);
      set.transpose(rows, cols, a.data, out);
      expect(Array.from(out), `${rows}×${cols}`).toEqual(Array.from(a.transpose().data));
    }
  });

  it('throw ShapeError naming the shapes as used', () => {
    expect(() => mulTransposeASparseInto(Matrix.zeros(9, 5), Matrix.zeros(32, 9) as never, sparse)).toThrow(
      new ShapeError(
        'mulTransposeASparseInto: left is 9×32, right is 33×5 (left transposed); inner dimensions 32 and 33 differ',
      ),
    );
    expect(() => mulTransposeASparseInto(Matrix.zeros(9, 4) as never, Matrix.zeros(33, 9), sparse)).toThrow(
      new ShapeError('mulTransposeASparseInto: the product is 9×5 but out is 9×4'),
    );
    expect(() => mulSparseInto(Matrix.zeros(9, 5), Matrix.zeros(9, 32) as never, sparse)).toThrow(
      new ShapeError('mulSparseInto: left is 9×32, right is 33×5 (sparse right); inner dimensions 32 and 33 differ'),
    );
    expect(() => mulTransposeBSparseInto(Matrix.zeros(9, 33), Matrix.zeros(9, 4) as never, sparse)).toThrow(
      new ShapeError(
        'mulTransposeBSparseInto: left is 9×4, right is 5×33 (sparse right transposed); inner dimensions 4 and 5 differ',
      ),
    );
    expect(() => mulSparseTransposeBInto(Matrix.zeros(33, 9), sparse, Matrix.zeros(9, 4) as never)).toThrow(
      new ShapeError(
        'mulSparseTransposeBInto: left is 33×5, right is 4×9 (right transposed); inner dimensions 5 and 4 differ',
      ),
    );
  });
});

describe.each(KERNEL_SETS.map((set) => [set.name, set] as const))('transposeSparse of %s', (_name, set) => {
  for (const where of ['outside', 'inside'] as const) {
    if (where === 'inside' && set !== WASM_KERNELS) continue;
    it(`gives each input's entries in sample order, as transposeSparseLines does (${where})`, () => {
      for (const [lines, width, density] of [
        [1, 1, 1],
        [5, 7, 0.4],
        [64, 784, 0.19],
        [3, 10, 0],
      ] as const) {
        const rng = new SeededRandom(lines * 1000 + width);
        const dense = Matrix.fromArray(lines, width, randomValues(rng, lines * width, 1 - density));
        const source = SparseMatrix.fromDense(dense).byRow;
        const ints = (length: number) => (where === 'inside' ? set.allocateInts(length) : new Int32Array(length));
        const floats = (length: number) => (where === 'inside' ? set.allocate(length) : new Float32Array(length));
        const capacity = lines * width + 3;
        const target = { offsets: ints(width + 1), indices: ints(capacity), values: floats(capacity) };
        target.offsets.fill(99);
        const expected = {
          offsets: new Int32Array(width + 1),
          indices: new Int32Array(capacity),
          values: new Float32Array(capacity),
        };
        transposeSparseLines(source, lines, expected, width);
        set.transposeSparse(source, lines, target, width);
        const entries = source.offsets[lines]!;
        expect(Array.from(target.offsets)).toEqual(Array.from(expected.offsets));
        expect(Array.from(target.indices.subarray(0, entries))).toEqual(
          Array.from(expected.indices.subarray(0, entries)),
        );
        expect(Array.from(target.values.subarray(0, entries))).toEqual(
          Array.from(expected.values.subarray(0, entries)),
        );
        // The dense matrix read back through the transposed lines.
        for (let p = 0; p < width; p++) {
          for (let e = target.offsets[p]!; e < target.offsets[p + 1]!; e++) {
            expect(target.values[e]).toBe(dense.data[target.indices[e]! * width + p]);
          }
        }
      }
    });
  }
});
