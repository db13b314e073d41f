import { describe, expect, it } from 'vitest';
import {
  type ClassDataset,
  ConfigError,
  DataParallelError,
  type DataParallelOptions,
  type FitOptions,
  fit,
  loadCheckpoint,
  Network,
  save,
} from '../src/index';
import { shiftBySample } from './fixtures/shift-by-sample.mjs';
import { threadsOf } from './replica-threads';

/** `count` samples of 40 features in 4 classes, as uint8 with ≈80% zeros (so the sparse first layer applies). */
function dataset(count: number): ClassDataset {
  const inputs = new Uint8Array(count * 40);
  const labels = new Uint8Array(count);
  for (let s = 0; s < count; s++) {
    labels[s] = s % 4;
    for (let i = 0; i < 40; i++) {
      const on = Math.floor(i / 10) === s % 4 ? (s * 7 + i) % 3 !== 0 : (s * 13 + i * 5) % 17 === 0;
      inputs[s * 40 + i] = on ? 60 + ((s * 31 + i * 17) % 190) : 0;
    }
  }
  return { inputs, labels };
}

const network = (dropout = 0) => new Network({ layerSizes: [40, 16, 8, 4], dropout, seed: 7 });
const weights = (n: Network) => n.parameters().map((p) => Array.from(p));
const base: FitOptions = {
  epochs: 3,
  batchSize: 33,
  optimizer: { type: 'adam', learningRate: 0.01 },
  schedule: { type: 'cosine' },
  weightDecay: 1e-4,
  seed: 3,
};

for (const splitUpdate of [false, true]) {
  describe(`fit with dataParallel (${splitUpdate ? 'the update split between threads' : 'every thread updating all'})`, () => {
    const threads = (count: number, file?: string, data?: Record<string, unknown>) =>
      threadsOf(count, file, data, splitUpdate);

    for (const sparseInput of [true, false]) {
      it(`gives the same weights on every run, whatever the timing (${sparseInput ? 'sparse' : 'dense'} first layer)`, async () => {
        const runs = [];
        for (let run = 0; run < 2; run++) {
          const n = network(0.1);
          const { options, log } = threads(2);
          const result = await fit(n, dataset(400), { ...base, sparseInput, dataParallel: options });
          expect(result.history).toHaveLength(3);
          expect(log).toMatchObject({ started: 1, terminated: 1 });
          runs.push(weights(n));
        }
        expect(runs[1]).toEqual(runs[0]);
      });
    }

    for (const sparseInput of [true, false]) {
      it(`resumes from a checkpoint to exactly the weights of an uninterrupted run (${sparseInput ? 'sparse' : 'dense'} first layer)`, async () => {
        // The resumed state reaches the helpers through the channel: each must start from its share of it.
        const options: FitOptions = { ...base, epochs: 3, sparseInput };
        const uninterrupted = network();
        await fit(uninterrupted, dataset(400), { ...options, dataParallel: threads(2).options });
        const first = network();
        let saved: Uint8Array | undefined;
        await fit(first, dataset(400), {
          ...options,
          dataParallel: threads(2).options,
          onEpochEnd: ({ epoch, optimizerState }) => {
            if (epoch === 1) saved = save(first, { epoch, optimizerState });
          },
        });
        const checkpoint = loadCheckpoint(saved!);
        const resumed = checkpoint.network;
        const result = await fit(resumed, dataset(400), {
          ...options,
          dataParallel: threads(2).options,
          resume: { epoch: checkpoint.epoch!, optimizerState: checkpoint.optimizerState! },
        });
        expect(result.history.map((e) => e.epoch)).toEqual([2, 3]);
        expect(weights(resumed)).toEqual(weights(uninterrupted));
      });
    }

    it('refuses a resumed state whose slots do not match the network, naming the slot, and stops its helpers', async () => {
      const parameters = network().parameters();
      const wrong = parameters.map((p, k) => new Float32Array(k === 2 ? p.length + 1 : p.length));
      const { options, log } = threads(2);
      const error = await fit(network(), dataset(400), {
        ...base,
        dataParallel: options,
        resume: { epoch: 1, optimizerState: { kind: 'adam', step: 13, slots: { m: wrong, v: wrong } } },
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toBe('optimizer state slot "m" does not match the network\'s parameter sizes');
      expect(log).toMatchObject({ started: 1, terminated: 1 });
    });

    for (const count of [2, 3]) {
      it(`takes the same step as one thread, within float rounding, with ${count} threads on an uneven split`, async () => {
        // One step over all 101 samples: the shards (51 + 50, or 34 + 34 + 33) must be weighted by their sizes.
        const options: FitOptions = { ...base, epochs: 1, batchSize: 101, shuffle: false };
        const one = network();
        await fit(one, dataset(101), options);
        const many = network();
        await fit(many, dataset(101), { ...options, dataParallel: threads(count).options });
        const [a, b] = [weights(one).flat(), weights(many).flat()];
        const worst = Math.max(...a.map((v, i) => Math.abs(v - b[i]!)));
        expect(worst).toBeLessThan(1e-6);
        expect(b).not.toEqual(weights(network()).flat());
      });
    }

    for (const sparseInput of [true, false]) {
      for (const dropout of [0, 0.25]) {
        const what = `${sparseInput ? 'sparse' : 'dense'} first layer, ${dropout ? 'dropout 0.25' : 'no dropout'}`;
        it(`trains as one thread does over many steps, within float rounding (${what})`, async () => {
          // 3 epochs of 13 uneven batches (400 = 12 × 33 + 4): every step splits differently, and sums in another
          // order. With dropout, each sample's masks depend on (seed, epoch, sample) alone, so the threads draw the
          // masks one thread would.
          const options: FitOptions = { ...base, sparseInput };
          const one = network(dropout);
          await fit(one, dataset(400), options);
          const two = network(dropout);
          await fit(two, dataset(400), { ...options, dataParallel: threads(2).options });
          const [a, b, start] = [weights(one).flat(), weights(two).flat(), weights(network(dropout)).flat()];
          expect(Math.max(...a.map((v, i) => Math.abs(v - b[i]!)))).toBeLessThan(1e-4);
          expect(Math.max(...a.map((v, i) => Math.abs(v - start[i]!)))).toBeGreaterThan(0.05);
          if (dropout > 0) {
            // The masks mattered: the same run without dropout ends elsewhere.
            const plain = network(0);
            await fit(plain, dataset(400), options);
            const c = weights(plain).flat();
            expect(Math.max(...a.map((v, i) => Math.abs(v - c[i]!)))).toBeGreaterThan(0.01);
          }
        });
      }
    }

    for (const [what, optimizer, sparseInput] of [
      ['Adam', base.optimizer, false],
      ['Adam, sparse first layer', base.optimizer, true],
      ['SGD with momentum', { type: 'sgd', learningRate: 0.05, momentum: 0.9 }, false],
    ] as const) {
      it(`hands out the whole optimiser state (${what}), every thread's share, after each epoch and at the end`, async () => {
        // Each thread updates only its share of the parameters and of the optimiser state: the states handed out
        // must hold the helpers' shares too, as one thread's do, and in the network's layout (the sparse first
        // layer keeps its part transposed while training).
        const collect = async (dataParallel?: DataParallelOptions) => {
          const states: Record<string, Float32Array[]>[] = [];
          const result = await fit(network(), dataset(400), {
            ...base,
            optimizer,
            sparseInput,
            ...(dataParallel ? { dataParallel } : {}),
            onEpochEnd: ({ optimizerState }) => {
              // slice(), not structuredClone: a data-parallel state views shared memory, which a clone still shares.
              const slots = Object.entries(optimizerState.slots).map(([name, arrays]) => [
                name,
                arrays.map((a) => a.slice()),
              ]);
              states.push(Object.fromEntries(slots));
            },
          });
          return [...states, result.optimizerState.slots].map((slots) =>
            Object.fromEntries(
              Object.entries(slots).map(([name, arrays]) => [name, arrays.flatMap((a) => Array.from(a))]),
            ),
          );
        };
        const one = await collect();
        for (const count of [2, 3]) {
          const many = await collect(threads(count).options);
          expect(many).toHaveLength(4);
          many.forEach((slots, e) => {
            expect(Object.keys(slots)).toEqual(Object.keys(one[e]!));
            for (const [name, values] of Object.entries(slots)) {
              const reference = one[e]![name]!;
              const worst = Math.max(
                ...values.map((v, i) => Math.abs(v - reference[i]!) / (1e-3 + Math.abs(reference[i]!))),
              );
              expect(worst, `${count} threads, state ${e}, slot ${name}`).toBeLessThan(1e-2);
              // The last thread's share (the state's end) moved: not left at its start.
              expect(
                values.slice(-20).some((v) => v !== 0),
                `${name}'s last values`,
              ).toBe(true);
            }
          });
        }
      });
    }

    it('augments in every thread as one thread does, when the thread bodies pass the same augmentation', async () => {
      const options: FitOptions = { ...base, augment: shiftBySample };
      const one = network();
      await fit(one, dataset(400), options);
      const two = network();
      await fit(two, dataset(400), { ...options, dataParallel: threads(2, 'augmenting-replica-worker.mjs').options });
      const plain = network();
      await fit(plain, dataset(400), { ...base, dataParallel: threads(2).options });
      const [a, b, c] = [weights(one).flat(), weights(two).flat(), weights(plain).flat()];
      expect(Math.max(...a.map((v, i) => Math.abs(v - b[i]!)))).toBeLessThan(1e-4);
      // The augmentation changed what was learned: a run that ignored it would not match the augmented one.
      expect(Math.max(...b.map((v, i) => Math.abs(v - c[i]!)))).toBeGreaterThan(0.05);
    });

    it('throws a DataParallelError when a helper thread is not given the augmentation', async () => {
      const { options } = threads(2, 'augmenting-replica-worker.mjs', { withoutAugment: true });
      await expect(
        fit(network(), dataset(200), { ...base, augment: shiftBySample, dataParallel: options }),
      ).rejects.toThrow(
        /replica 1 failed: this fit augments its samples: pass the same augment function to runReplica/,
      );
    });

    it('learns as well as one thread', async () => {
      const options: FitOptions = { ...base, epochs: 8, testData: dataset(200) };
      const one = await fit(network(), dataset(800), options);
      const two = await fit(network(), dataset(800), { ...options, dataParallel: threads(2).options });
      const accuracy = (r: typeof one) => r.history[r.history.length - 1]!.testAccuracy!;
      expect(accuracy(one)).toBeGreaterThan(0.9);
      expect(Math.abs(accuracy(two) - accuracy(one))).toBeLessThan(0.03);
      expect(two.history[7]!.loss).toBeLessThan(two.history[0]!.loss);
    });

    it('stops on abort after the current batch and ends its threads', async () => {
      const controller = new AbortController();
      const { options, log } = threads(2);
      const result = await fit(network(), dataset(400), {
        ...base,
        epochs: 50,
        signal: controller.signal,
        batchEventInterval: 0,
        onEvent: (event) => {
          if (event.type === 'batch' && event.batch === 3) controller.abort();
        },
        dataParallel: options,
      });
      expect(result.stopped).toBe(true);
      expect(log.terminated).toBe(1);
      await expect.poll(() => log.exited).toBe(1);
    });

    it('throws a DataParallelError naming the failure of a helper thread, without waiting for it', async () => {
      const { options, log } = threads(2, 'failing-replica-worker.mjs');
      // The thread's own message, not the "did not answer" of a 60 s wait, which would also outlast the test's limit.
      await expect(fit(network(), dataset(200), { ...base, dataParallel: options })).rejects.toThrow(
        /replica 1 failed: layerSizes\[1\] must be a positive integer, got 0/,
      );
      expect(log.terminated).toBe(1);
    });

    it('throws a DataParallelError at once when a helper thread dies without a word mid-fit', async () => {
      const { options, log } = threads(2);
      let killed = false;
      const failure = fit(network(), dataset(400), {
        ...base,
        epochs: 500,
        batchEventInterval: 0,
        onEvent: (event) => {
          if (event.type === 'batch' && event.epoch === 2 && !killed) {
            killed = true;
            // As if the thread ran out of memory: it ends without reporting anything through the channel.
            void log.workers[0]!.terminate();
          }
        },
        dataParallel: options,
      });
      // Heard through the thread's exit event: a silent replica would end in "did not answer within 60 s" instead,
      // after the test's own 60 s limit.
      await expect(failure).rejects.toThrow(/replica 1 failed: thread exited with code 1/);
      expect(killed).toBe(true);
    });

    it('throws a DataParallelError when a helper thread cannot start', async () => {
      const { options } = threads(2, 'no-such-worker.mjs');
      const failure = fit(network(), dataset(200), { ...base, dataParallel: options });
      await expect(failure).rejects.toThrow(DataParallelError);
      await expect(failure).rejects.toThrow(/no-such-worker\.mjs/);
    });

    it('rejects what cannot be split across threads', async () => {
      const { options } = threads(2);
      await expect(fit(network(), dataset(100), { ...base, batchSize: 1, dataParallel: options })).rejects.toThrow(
        new ConfigError('dataParallel: batchSize 1 cannot be split across 2 threads'),
      );
      await expect(
        fit(network(), dataset(100), { ...base, dataParallel: { ...options, threads: 1.5 } }),
      ).rejects.toThrow(/dataParallel.threads must be a positive integer, got 1.5/);
    });
  });
}
