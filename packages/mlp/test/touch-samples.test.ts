import { describe, expect, it } from 'vitest';
import { touchSamples } from '../src/training/gather-batch';

/** `inputs` behind a proxy that records every index read. */
function recorded<T extends Uint8Array | Float32Array>(inputs: T): { inputs: T; reads: number[] } {
  const reads: number[] = [];
  const proxy = new Proxy(inputs, {
    get(target, key) {
      if (typeof key === 'string' && /^\d+$/.test(key)) reads.push(Number(key));
      const value = Reflect.get(target, key);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { inputs: proxy, reads };
}

describe('touchSamples', () => {
  it('reads each page of the samples ahead in the order, first and last input included, and nothing else', () => {
    const inputSize = 10_000; // bytes: three 4 KiB pages a sample
    const { inputs, reads } = recorded(new Uint8Array(5 * inputSize));
    const order = Int32Array.of(3, 0, 4, 1, 2);
    touchSamples({ data: { inputs, labels: [0, 0, 0, 0, 0] }, scale: 1, order }, inputSize, 1, 2);
    const row = (sample: number) => sample * inputSize;
    expect(reads).toEqual([
      row(0),
      row(0) + 4096,
      row(0) + 8192,
      row(0) + inputSize - 1,
      row(4),
      row(4) + 4096,
      row(4) + 8192,
      row(4) + inputSize - 1,
    ]);
  });

  it('stops at the end of the order, and steps by pages of floats for float inputs', () => {
    const inputSize = 3000; // floats: 12 000 bytes
    const { inputs, reads } = recorded(new Float32Array(2 * inputSize));
    touchSamples({ data: { inputs, labels: [0, 0] }, scale: 1, order: Int32Array.of(1, 0) }, inputSize, 1, 64);
    expect(reads).toEqual([0, 1024, 2048, inputSize - 1]);
  });
});
