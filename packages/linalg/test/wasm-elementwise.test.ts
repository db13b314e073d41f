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

describe.each(KERNEL_SETS.map((set) => [set.name, set] as const))('adamUpdate from an offset, of %s', (_name, set) => {
  for (const inside of set === WASM_KERNELS ? [false, true] : [false]) {
    it(`updates only the n parameters from the offset, as a whole-array call would${inside ? ' inside the wasm memory' : ''}`, () => {
      const rng = new SeededRandom(5);
      const length = 41;
      const make = (min: number, max: number) => {
        const array = inside ? set.allocate(length) : new Float32Array(length);
        for (let i = 0; i < length; i++) array[i] = rng.uniform(min, max);
        return array;
      };
      const arrays = [make(-1, 1), make(-0.1, 0.1), make(-0.01, 0.01), make(0, 0.001)] as const;
      const whole = arrays.map((a) => a.slice()) as unknown as typeof arrays;
      const before = arrays.map((a) => a.slice());
      const step = [0.9, 0.999, 1e-3, 1e-8] as const;
      set.adamUpdate(length, ...whole, ...step);
      // 13 … 30: a start and an end that are not multiples of 4, so both scalar ends and the vector middle run.
      set.adamUpdate(18, ...arrays, ...step, 13);
      for (const k of [0, 2, 3] as const) {
        for (let i = 0; i < length; i++) {
          const expected = i >= 13 && i < 31 ? whole[k][i] : before[k]![i];
          expect(arrays[k][i], `array ${k}[${i}]`).toBe(expected);
        }
      }
    });
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

describe.each(KERNEL_SETS.map((set) => [set.name, set] as const))('training passes of %s', (_name, set) => {
  const fill = (n: number, seed: number, inside: boolean) => {
    const rng = new SeededRandom(seed);
    const array = inside ? set.allocate(n) : new Float32Array(n);
    for (let i = 0; i < n; i++) array[i] = rng.uniform(-1, 1);
    return array;
  };
  const places = set === WASM_KERNELS ? [false, true] : [false];

  for (const inside of places) {
    const where = inside ? ' inside the wasm memory' : '';
    it(`reluForward and reluBackward match their definitions${where}`, () => {
      for (const n of [1, 3, 4, 7, 33, 1001]) {
        const z = fill(n, n, inside);
        z[0] = -0;
        if (n > 2) z[2] = Number.NaN;
        const da = fill(n, n + 1, inside);
        const a = fill(n, 5, inside);
        const dz = fill(n, 6, inside);
        set.reluForward(n, z, a);
        set.reluBackward(n, z, da, dz);
        expect(Array.from(a)).toEqual(Array.from(z, (v) => Math.max(v, 0)));
        expect(Object.is(a[0], 0)).toBe(true);
        expect(Array.from(dz)).toEqual(Array.from(z, (v, i) => (v > 0 ? da[i]! : 0)));
      }
    });

    it(`addBias adds each row's bias and sumRows sums each row${where}`, () => {
      for (const [rows, cols] of [
        [1, 1],
        [3, 5],
        [10, 7],
        [64, 96],
        [128, 128],
      ] as const) {
        const x = fill(rows * cols, rows + cols, inside);
        const b = fill(rows, rows, inside);
        const before = Float32Array.from(x);
        set.addBias(rows, cols, x, b);
        expect(Array.from(x)).toEqual(Array.from(before, (v, k) => Math.fround(v + b[Math.floor(k / cols)]!)));
        const sums = fill(rows, 9, inside);
        set.sumRows(rows, cols, x, sums);
        for (let i = 0; i < rows; i++) {
          let exact = 0;
          for (let j = 0; j < cols; j++) exact += x[i * cols + j]!;
          expect(Math.abs(sums[i]! - exact)).toBeLessThanOrEqual(cols * 2 ** -23 * (1 + Math.abs(exact)));
        }
      }
    });

    it(`finiteCheck is 0 for finite values and NaN for any infinity or NaN${where}`, () => {
      const x = fill(1001, 3, inside);
      expect(set.finiteCheck(1001, x)).toBe(0);
      for (const at of [0, 500, 1000]) {
        for (const bad of [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN]) {
          const copy = fill(1001, 3, inside);
          copy[at] = bad;
          expect(set.finiteCheck(1001, copy)).toBeNaN();
        }
      }
    });
  }
});

it('sumRows gives the same float32 sums in every kernel set', () => {
  const rng = new SeededRandom(11);
  const x = Float32Array.from({ length: 37 * 131 }, () => rng.uniform(-3, 3));
  const [first, ...others] = KERNEL_SETS.map((set) => {
    const out = new Float32Array(37);
    set.sumRows(37, 131, x, out);
    return Array.from(out);
  });
  expect(others).toHaveLength(2);
  for (const sums of others) expect(sums).toEqual(first);
});
