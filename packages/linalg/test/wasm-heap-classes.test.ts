import { describe, expect, it } from 'vitest';
import { classBytes, classOf, WasmHeap } from '../src/kernels/wasm-heap';

describe('the kernel heap size classes', () => {
  it('give powers of two up to 1 MiB, at least 16 bytes', () => {
    expect([1, 16, 17, 1000, 65_536, 1 << 20].map((bytes) => classBytes(classOf(bytes)))).toEqual([
      16,
      16,
      32,
      1024,
      65_536,
      1 << 20,
    ]);
  });

  it('waste at most an eighth above 1 MiB: a 784×1024 float layer takes 3.25 MiB, not 4', () => {
    expect(classBytes(classOf(784 * 1024 * 4))).toBe(3.25 * 2 ** 20);
    for (let bytes = (1 << 20) + 1; bytes < 2 ** 30; bytes = Math.ceil(bytes * 1.07)) {
      const block = classBytes(classOf(bytes));
      expect(block).toBeGreaterThanOrEqual(bytes);
      expect(block).toBeLessThanOrEqual(bytes * 1.125 + 16);
      // The class below is too small: each array gets the smallest block that holds it.
      expect(classBytes(classOf(bytes) - 1)).toBeLessThan(bytes);
    }
  });

  it('number fewer than 128 classes up to the 1 GiB the memory may reach (one number registers a block)', () => {
    expect(classOf(2 ** 30)).toBeLessThan(128);
    expect(classBytes(classOf(2 ** 30))).toBe(2 ** 30);
  });
});

describe('the kernel heap', () => {
  it('hands out zeroed arrays, also in a block that held other values before', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 64, shared: true });
    const heap = new WasmHeap(memory, true);
    const fresh = heap.allocate(300);
    expect(fresh.every((value) => value === 0)).toBe(true);
    const used = heap.allocateScratch(300 * 4);
    heap.f32().fill(7, used.address / 4, used.address / 4 + 300);
    heap.free(used.address, used.sizeClass);
    const reused = heap.allocate(300);
    expect(reused.byteOffset).toBe(used.address);
    expect(reused.every((value) => value === 0)).toBe(true);
  });

  it('starts every block of a cache line or more on a 64-byte boundary, smaller ones on their size', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 64, shared: true });
    const heap = new WasmHeap(memory, true);
    // Mixed sizes, so a block would start mid-line if only 16-byte alignment were kept.
    const arrays = [1, 3, 4, 16, 5, 128, 7, 100_352, 9, 784 * 128, 2].map((length) => heap.allocate(length));
    for (const array of arrays) {
      expect(heap.contains(array)).toBe(true);
      const align = Math.min(64, classBytes(classOf(array.length * 4)));
      expect(array.byteOffset % align, `${array.length} floats at ${array.byteOffset}`).toBe(0);
    }
  });
});
