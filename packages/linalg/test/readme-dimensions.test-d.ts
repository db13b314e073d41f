// The README's "Sizes known only at run time" snippet, type-checked (readme-example.test.ts keeps the two equal).
import { expectTypeOf, it } from 'vitest';
import { type Dim, dim, Matrix } from '../src/index';

// README snippet start
declare const images: Float32Array; // 784 values per image, read at run time
const B = dim('batch', images.length / 784); // checked: a non-negative integer
const x = new Matrix(784, B, images); // Matrix<784, Dim<'batch'>>
const w = Matrix.random(128, 784, { seed: 1 });
const z = w.mul(x); // Matrix<128, Dim<'batch'>>
// @ts-expect-error a 'test' matrix cannot be added to a 'batch' one
z.add(Matrix.zeros(128, dim('test', 1000)));
// README snippet end

it("types the README's run-time sizes snippet as it says", () => {
  expectTypeOf(x).toEqualTypeOf<Matrix<784, Dim<'batch'>>>();
  expectTypeOf(z).toEqualTypeOf<Matrix<128, Dim<'batch'>>>();
});
