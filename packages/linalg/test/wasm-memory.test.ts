import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../src/index';
import { kernels, loadWasmKernels, simdSupported, typescriptKernels } from '../src/internal';
import { WASM_COPYING_KERNELS, WASM_KERNELS } from './kernel-sets';
import { errorBound, randomValues, referenceProduct } from './support/reference';

describe('WebAssembly SIMD kernels', () => {
  it('are detected and chosen by default on this Node', () => {
    expect(simdSupported()).toBe(true);
    const expected = process.env.NN_KERNELS === 'typescript' ? typescriptKernels : WASM_KERNELS;
    expect(kernels()).toBe(expected);
  });

  it('are assembled from the committed sources: wasm-binary.ts is up to date', () => {
    const script = fileURLToPath(new URL('../scripts/build-wasm.mjs', import.meta.url));
    expect(execFileSync(process.execPath, [script, '--check'], { encoding: 'utf8' })).toContain('up to date');
  });

  it('allocate zeroed arrays inside the shared memory; the plain-memory set hands out ordinary ones', () => {
    const inside = WASM_KERNELS.allocate(1000);
    expect(inside.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(inside.every((v) => v === 0)).toBe(true);
    expect(WASM_COPYING_KERNELS.allocate(10).buffer).toBeInstanceOf(ArrayBuffer);
  });

  it('keep earlier arrays valid while the memory grows, and read them in place', () => {
    const rng = new SeededRandom(11);
    const [m, n, k] = [33, 40, 57];
    const a = WASM_KERNELS.allocate(m * k);
    a.set(randomValues(rng, m * k, 0.2));
    const copyOfA = Float32Array.from(a);
    // 48 MiB more, far beyond the memory's first pages: it must grow several times.
    const filler = Array.from({ length: 12 }, () => WASM_KERNELS.allocate(1 << 20).fill(1));
    expect(Array.from(a)).toEqual(Array.from(copyOfA));

    const b = randomValues(rng, k * n, 0.2); // outside: copied
    const out = WASM_KERNELS.allocate(m * n); // inside: written in place
    WASM_KERNELS.gemm(m, n, k, a, b, out, false);
    const { product, magnitude } = referenceProduct('gemm', m, n, k, copyOfA, b);
    const worst = Array.from(out).findIndex(
      (value, i) => !(Math.abs(value - product[i]!) <= errorBound(k, magnitude[i]!, 0)),
    );
    expect(worst).toBe(-1);
    expect(filler[11]![(1 << 20) - 1]).toBe(1);
  });

  it('copy only operands that live outside the memory: a product over heap arrays leaves the memory its size', () => {
    const set = loadWasmKernels()!;
    const [m, n, k] = [1024, 1024, 128];
    const a = set.allocate(m * k).fill(0.5);
    const b = set.allocate(n * k).fill(0.25);
    const out = set.allocate(m * n);
    const ones = [set.allocate(m * k).fill(1), set.allocate(k * n).fill(1)] as const;
    const size = () => set.allocate(1).buffer.byteLength;
    const before = size();
    set.gemmTransposeB(m, n, k, a, b, out, false);
    set.gemm(m, n, k, ones[0], ones[1], out, true);
    expect(out[m * n - 1]).toBe(k * 0.125 + k);
    // The 4 MB output and the operands were read and written in place: no scratch block as large as any of them.
    expect(size() - before).toBeLessThan(n * k * 4);
  });

  it('mix operands inside and outside the memory in every form, with accumulation', () => {
    const rng = new SeededRandom(12);
    const [m, n, k] = [9, 35, 33];
    for (const form of ['gemm', 'gemmTransposeA', 'gemmTransposeB'] as const) {
      for (let mask = 0; mask < 8; mask++) {
        const place = (bit: number, values: Float32Array) => {
          if (!(mask & bit)) return values;
          const inside = WASM_KERNELS.allocate(values.length);
          inside.set(values);
          return inside;
        };
        const a = place(1, randomValues(rng, m * k, 0.3));
        const b = place(2, randomValues(rng, k * n, 0.3));
        const out = place(4, randomValues(rng, m * n, 0));
        const previous = Float32Array.from(out);
        WASM_KERNELS[form](m, n, k, a, b, out, true);
        const { product, magnitude } = referenceProduct(form, m, n, k, Float32Array.from(a), Float32Array.from(b));
        const worst = Array.from(out).findIndex((value, i) => {
          const expected = product[i]! + previous[i]!;
          return !(Math.abs(value - expected) <= errorBound(k, magnitude[i]!, previous[i]!));
        });
        expect(worst, `${form}, inside-mask ${mask}`).toBe(-1);
      }
    }
  });
});
