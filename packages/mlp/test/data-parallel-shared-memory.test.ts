import { kernels, sharedKernelMemoryOf } from '@nn/linalg/internal';
import { describe, expect, it } from 'vitest';
import { type ClassDataset, type FitOptions, fit, Network } from '../src/index';
import { threadsOf } from './replica-threads';

/** 300 samples of 60 features in 3 classes, ≈75% zeros. */
function dataset(): ClassDataset {
  const inputs = new Uint8Array(300 * 60);
  const labels = new Uint8Array(300);
  for (let s = 0; s < 300; s++) {
    labels[s] = s % 3;
    for (let i = 0; i < 60; i++) {
      const on = Math.floor(i / 20) === s % 3 ? (s + i) % 4 !== 0 : (s * 11 + i * 3) % 13 === 0;
      inputs[s * 60 + i] = on ? 40 + ((s * 29 + i * 7) % 200) : 0;
    }
  }
  return { inputs, labels };
}

const options: FitOptions = {
  epochs: 2,
  batchSize: 32,
  optimizer: { type: 'adam', learningRate: 0.01 },
  weightDecay: 1e-4,
  seed: 5,
};
const memory = () => sharedKernelMemoryOf(kernels())!;

/** A split-update fit on 2 threads: the weights, the final Adam state, and how much this thread's memory grew. */
async function splitFit(sparseInput: boolean, sharedKernelMemory?: boolean) {
  const network = new Network({ layerSizes: [60, 32, 16, 3], dropout: 0.1, seed: 9 });
  const { options: dataParallel, log } = threadsOf(2, 'replica-worker.mjs', {}, true);
  const before = memory().memory.buffer.byteLength;
  const result = await fit(network, dataset(), {
    ...options,
    sparseInput,
    dataParallel: { ...dataParallel, ...(sharedKernelMemory === undefined ? {} : { sharedKernelMemory }) },
  });
  const state = Object.values(result.optimizerState.slots).map((arrays) => arrays.map((a) => Array.from(a)));
  await waitFor(() => log.exited === 1);
  return {
    weights: network.parameters().map((p) => Array.from(p)),
    state,
    grown: memory().memory.buffer.byteLength - before,
  };
}

async function waitFor(done: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(done()).toBe(true);
  // The arenas come back in a promise chained on the threads' ends.
  await new Promise((resolve) => setTimeout(resolve, 0));
}

describe('data-parallel threads sharing one kernel memory (the channel slots there)', () => {
  // First in this file, so the first fit of this thread with a helper: nothing has been lent before.
  it("lends the helper a part of this thread's memory, and takes it back for the next fit", async () => {
    const first = await splitFit(true);
    const second = await splitFit(true);
    const third = await splitFit(true);
    // The first lends an arena of 16 MiB or more; the later ones lend the same block again.
    expect(first.grown).toBeGreaterThanOrEqual(16 * 2 ** 20);
    expect(second.grown + third.grown).toBeLessThan(16 * 2 ** 20);
  });

  for (const sparseInput of [true, false]) {
    it(`train to the bits of threads that copy the posted gradients in first (${sparseInput ? 'wasm-step' : 'dense'} shards)`, async () => {
      const channel = await splitFit(sparseInput, false);
      const shared = await splitFit(sparseInput);
      expect(shared.weights).toEqual(channel.weights);
      expect(shared.state).toEqual(channel.state);
      // The state is whole: the helper's share of Adam's moments is not left at zero.
      expect(shared.state[0]![0]!.slice(-64).some((m) => m !== 0)).toBe(true);
    });
  }
});
