import { assertDimension } from './shape-error';

declare const dimensionName: unique symbol;

/**
 * A size known only at run time, labelled with a name: `Matrix<784, Dim<'batch'>>` meets `Matrix<128, 784>` in a
 * product and gives `Matrix<128, Dim<'batch'>>`, while a `Dim<'batch'>` where a `Dim<'test'>` (or a literal) is
 * expected does not compile. A label is a type only: at run time it is the plain number.
 */
export type Dim<Name extends string> = number & { readonly [dimensionName]: Name };

/**
 * Labels the run-time size `size` as `name` (`const B = dim('batch', rows.length)`), after checking it is a
 * non-negative integer; then `Matrix.zeros(784, B)` or `m.withShape(784, B)` give matrices typed with it.
 */
export function dim<Name extends string>(name: Name, size: number): Dim<Name> {
  assertDimension('dim', name, size);
  return size as Dim<Name>;
}
