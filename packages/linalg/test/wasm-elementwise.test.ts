import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../src/index';
import { KERNEL_SETS, WASM_KERNELS } from './kernel-sets';

/** Adam in float64, straight from its definition, as the reference. */
function referenceAdam(w: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, step: number[]) {
  const [beta1, beta2, stepSize, epsilon] = step as [number, number, number, number];
  const out = { w: Array.from(w), m: Array.from(m), v: Array.from(v) };
  for (let i = 0; i < w.length; i++) {
    out.m[i] = beta1 * m[i]! + (1 - beta1) * g[i]!;
    out.v[i] = beta2 * v[i]! + (1 - beta2) * g[i]! * g[i]!;
    out.w[i] = w[i]! - (stepSize * out.m[i]!) / (Math.sqrt(out.v[i]!) + epsilon);
  }
  return out;
}

describe.each(KERNEL_SETS.map((set) => [set.name, set] as const))('adamUpdate of %s', (_name, set) => {
  for (const n of [1, 3, 4, 7, 33, 1001]) {
    for (const inside of set === WASM_KERNELS ? [false, true] : [false]) {
      it(`matches the definition over ${n} parameters${inside ? ' inside the wasm memory' : ''}`, () => {
        const rng = new SeededRandom(n);
        const make = (min: number, max: number) => {
          const array = inside ? set.allocate(n) : new Float32Array(n);
          for (let i = 0; i < n; i++) array[i] = rng.uniform(min, max);
          return array;
        };
        const [w, g, m, v] = [make(-1, 1), make(-0.1, 0.1), make(-0.01, 0.01), make(0, 0.001)];
        const step = [
          0.9,
          0.999,
          (1e-3 * Math.sqrt(1 - 0.999 ** 3)) / (1 - 0.9 ** 3),
          1e-8 * Math.sqrt(1 - 0.999 ** 3),
        ];
        const expected = referenceAdam(w, g, m, v, step);
        set.adamUpdate(n, w, g, m, v, step[0]!, step[1]!, step[2]!, step[3]!);
        for (const [name, got, want] of [
          ['w', w, expected.w],
          ['m', m, expected.m],
          ['v', v, expected.v],
        ] as const) {
          const at = Array.from(got).findIndex(
            (value, i) => !(Math.abs(value - want[i]!) <= 1e-6 * (1 + Math.abs(want[i]!))),
          );
          expect(at, `${name}[${at}] = ${got[at]}, expected ${want[at]}`).toBe(-1);
        }
      });
    }
  }
});

describe.each(KERNEL_SETS.map((set) => [set.name, set] as const))('scaleAdd of %s', (_name, set) => {
  for (const n of [1, 3, 4, 7, 33, 1001]) {
    for (const inside of set === WASM_KERNELS ? [false, true] : [false]) {
      it(`computes y = αx + βy in float32 over ${n} values${inside ? ' inside the wasm memory' : ''}`, () => {
        const rng = new SeededRandom(n + 7);
        const make = () => {
          const array = inside ? set.allocate(n) : new Float32Array(n);
          for (let i = 0; i < n; i++) array[i] = rng.uniform(-1, 1);
          return array;
        };
        const [x, y] = [make(), make()];
        const expected = Float32Array.from(y, (yi, i) =>
          Math.fround(Math.fround(Math.fround(0.3) * x[i]!) + Math.fround(Math.fround(-1.7) * yi)),
        );
        const xBefore = x.slice();
        expect(set.scaleAdd(n, 0.3, x, -1.7, y)).toBe(0);
        expect(Array.from(y)).toEqual(Array.from(expected));
        expect(Array.from(x)).toEqual(Array.from(xBefore));
      });
    }
  }

  it('returns NaN when a result is infinite or NaN, wherever it is', () => {
    for (const at of [0, 5, 1000]) {
      for (const bad of [Number.POSITIVE_INFINITY, Number.NaN]) {
        const x = new Float32Array(1001).fill(1);
        const y = new Float32Array(1001).fill(2);
        x[at] = bad;
        expect(set.scaleAdd(1001, 0.5, x, 0.5, y)).toBeNaN();
        expect(y[at === 0 ? 1 : 0]).toBe(1.5);
      }
    }
  });
});
