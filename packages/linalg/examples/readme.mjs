// The README's example, run by `pnpm example` against the built package.
import { Matrix } from '@nn/linalg';

const w = Matrix.random(3, 4, { seed: 42 }); // Matrix<3, 4>
const x = Matrix.from2D([[1], [0], [0.5], [2]]); // Matrix<4, 1>
const b = Matrix.zeros(3, 1); // Matrix<3, 1>

const z = w.mul(x).addColumn(b); // Matrix<3, 1>: checked at compile time and at run time
console.log(z.toString());

try {
  Matrix.zeros(5, 2).mul(Matrix.zeros(3, 3)); // in TypeScript this line does not compile
} catch (error) {
  console.log(`${error.name}: ${error.message}`);
}
