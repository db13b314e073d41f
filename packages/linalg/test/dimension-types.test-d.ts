import { describe, expectTypeOf, it } from 'vitest';
import { type Dim, dim, Matrix } from '../src/index';

/** A batch whose size the type system cannot know: it comes from data read at run time. */
declare const rowsRead: number;

describe('labelled run-time dimensions', () => {
  it('meet literal dimensions in products and keep their label', () => {
    const B = dim('batch', rowsRead);
    const w = Matrix.zeros(128, 784);
    const x = Matrix.zeros(784, B);
    expectTypeOf(x).toEqualTypeOf<Matrix<784, Dim<'batch'>>>();
    expectTypeOf(w.mul(x)).toEqualTypeOf<Matrix<128, Dim<'batch'>>>();
    const out = Matrix.zeros(128, B);
    expectTypeOf(Matrix.mulInto(out, w, x)).toEqualTypeOf<Matrix<128, Dim<'batch'>>>();
    expectTypeOf(w.mul(x).addColumn(Matrix.zeros(128, 1))).toEqualTypeOf<Matrix<128, Dim<'batch'>>>();
  });

  it('narrow a run-time-sized matrix with withShape, no cast', () => {
    const B = dim('batch', rowsRead);
    const loaded: Matrix<number, number> = Matrix.zeros(784, rowsRead);
    expectTypeOf(loaded.withShape(784, B)).toEqualTypeOf<Matrix<784, Dim<'batch'>>>();
  });

  it('do not mix two labels, or a label with an unlabelled number', () => {
    const B = dim('batch', rowsRead);
    const T = dim('test', rowsRead);
    const w = Matrix.zeros(128, 784);
    const x = Matrix.zeros(784, B);
    // @ts-expect-error the output's columns are labelled 'test', the product's 'batch'
    Matrix.mulInto(Matrix.zeros(128, T), w, x);
    // @ts-expect-error a 'batch' matrix and a 'test' matrix are different shapes
    x.add(Matrix.zeros(784, T));
    // @ts-expect-error an unlabelled run-time size could be anything
    x.add(Matrix.zeros(784, rowsRead));
    // A label still counts as a number: functions that take any size accept it.
    expectTypeOf(x).toMatchTypeOf<Matrix<784, number>>();
  });
});
