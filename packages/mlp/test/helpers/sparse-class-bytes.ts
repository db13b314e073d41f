import type { ClassDataset } from '../../src/index';

/** `count` samples of 40 uint8 inputs in 4 classes, ≈80% zeros like MNIST's background (so sparse inputs apply). */
export function sparseClassBytes(count = 256): ClassDataset {
  const inputs = new Uint8Array(count * 40);
  const labels = new Uint8Array(count);
  for (let s = 0; s < count; s++) {
    labels[s] = s % 4;
    for (let i = 0; i < 40; i++) {
      const hash = (s * 2654435761 + i * 40503) >>> 0;
      const inClassBand = Math.floor(i / 10) === s % 4;
      if (hash % 100 < (inClassBand ? 45 : 8)) inputs[s * 40 + i] = 30 + (hash % 220);
    }
  }
  return { inputs, labels };
}
