import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { type FitOptions, fit, Network, type OptimizerState } from '../src/index';
import { replicaThreads } from './helpers/replica-threads';
import { sparseClassBytes } from './helpers/sparse-class-bytes';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const network = () => new Network({ layerSizes: [40, 16, 8, 4], seed: 7 });
const base: FitOptions = { epochs: 2, batchSize: 32, optimizer: { type: 'adam', learningRate: 0.01 }, seed: 3 };

/** Adam's state after one epoch of `network()`, in fresh arrays nothing else refers to. */
async function stateAfterOneEpoch(): Promise<OptimizerState> {
  const result = await fit(network(), sparseClassBytes(200), { ...base, epochs: 1 });
  const { kind, step, slots } = result.optimizerState as OptimizerState;
  return { kind, step, slots: Object.fromEntries(Object.entries(slots).map(([k, s]) => [k, s.map((a) => a.slice())])) };
}

/**
 * Starts a resumed fit whose state only `fit` can reach (the options' reference is dropped, as @nn/train's run
 * does), watching one of its slot arrays; at `start` it collects and records whether that array is gone.
 */
async function resumedFit(extra: Partial<FitOptions>, seen: { path?: string; freedAtStart?: boolean }) {
  const state = await stateAfterOneEpoch();
  const watched = new WeakRef(state.slots.m![0]!);
  // A WeakRef keeps its target alive to the end of the task that made it: the fit starts in a later one.
  await new Promise((resolve) => setTimeout(resolve, 0));
  const options: FitOptions = {
    ...base,
    ...extra,
    resume: { epoch: 1, optimizerState: state },
    onEvent: (event) => {
      if (event.type !== 'start') return;
      seen.path = event.path?.name;
      gc();
      seen.freedAtStart = watched.deref() === undefined;
    },
  };
  const fitting = fit(network(), sparseClassBytes(200), options);
  options.resume = undefined;
  // Not awaited here: this function's frame, which holds `state`, ends now.
  return fitting;
}

describe('a resumed fit and its optimiser state', () => {
  const paths: [string, Partial<FitOptions>][] = [
    ['wasm-step', { sparseInput: true }],
    ['sparse-input', { sparseInput: true, wasmStep: false }],
    ['dense', { sparseInput: false }],
    ['data-parallel', { sparseInput: true, dataParallel: replicaThreads(2) }],
  ];
  for (const [name, extra] of paths) {
    it(`keeps no reference to it by the start event (${name} path): the caller's copy can be freed then`, async () => {
      const seen: { path?: string; freedAtStart?: boolean } = {};
      const result = await resumedFit(extra, seen);
      expect(result.history.map((e) => e.epoch)).toEqual([2]);
      expect(seen).toEqual({ path: name, freedAtStart: true });
    });
  }
});
