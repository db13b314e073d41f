// The README's example as JavaScript (ESM); `pnpm example` runs it against the built package.
import { Matrix, ShapeError } from '@nn/linalg';

const w = Matrix.random(3, 4, { seed: 42 }); // Matrix<3, 4>
const x = Matrix.from2D([[1], [0], [0.5], [2]]); // Matrix<4, 1>
const b = Matrix.zeros(3, 1); // Matrix<3, 1>
const z = w.mul(x).addColumn(b); // Matrix<3, 1>, checked by the compiler
console.log(z.toString());

const m1 = Matrix.zeros(5, 2);
const m2 = Matrix.zeros(3, 3);
try {
  // @ts-expect-error 5×2 times 3×3: inner dimensions 2 and 3 differ, so this line does not compile
  m1.mul(m2);
} catch (error) {
  if (error instanceof ShapeError) console.log(`${error.name}: ${error.message}`);
}
