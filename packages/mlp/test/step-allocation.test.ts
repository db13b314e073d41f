import { Session } from 'node:inspector/promises';
import { SeededRandom } from '@nn/linalg';
import { describe, expect, it } from 'vitest';
import { type Dataset, gatherBatch, identityOrder } from '../src/dataset';
import { Network } from '../src/index';
import { createOptimizer } from '../src/optimizers/index';
import { SparseInputLayer } from '../src/sparse-input-layer';
import { createGradients, gradientArrays, type StepResult, trainingStep } from '../src/training-step';

const STEPS = 1000;
const BATCH = 32;

/** 320 MNIST-like samples: 100 uint8 inputs, ≈80% zero. */
function data(): Dataset {
  const inputs = new Uint8Array(320 * 100);
  const labels = new Uint8Array(320);
  const rng = new SeededRandom(4);
  for (let s = 0; s < 320; s++) {
    labels[s] = s % 10;
    for (let i = 0; i < 100; i++) if (rng.next() < 0.2) inputs[s * 100 + i] = 1 + Math.floor(rng.next() * 255);
  }
  return { inputs, labels };
}

interface SamplingNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: SamplingNode[];
}

/**
 * Bytes allocated over `STEPS` calls of `step` after warming it up (so V8 has optimised it), by the V8
 * sampling heap profiler counting collected objects too: per allocating function, and in total.
 */
async function allocations(step: (i: number) => void): Promise<{ total: number; byFunction: Map<string, number> }> {
  for (let i = 0; i < 3000; i++) step(i);
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 64,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  for (let i = 0; i < STEPS; i++) step(i);
  const { profile } = (await session.post('HeapProfiler.stopSampling')) as { profile: { head: SamplingNode } };
  session.disconnect();
  const byFunction = new Map<string, number>();
  let total = 0;
  const walk = (node: SamplingNode) => {
    if (node.selfSize > 0) {
      const { functionName, url, lineNumber } = node.callFrame;
      const key = `${functionName} ${url}:${lineNumber + 1}`;
      byFunction.set(key, (byFunction.get(key) ?? 0) + node.selfSize);
      total += node.selfSize;
    }
    for (const child of node.children) walk(child);
  };
  walk(profile.head);
  return { total, byFunction };
}

function stepper(sparse: boolean): (i: number) => void {
  const network = new Network({ layerSizes: [100, 32, 16, 10], seed: 2, dropout: sparse ? 0 : 0.1 });
  const set = data();
  const layer = sparse ? new SparseInputLayer(network) : undefined;
  const gradients = layer ? layer.trainingGradients(createGradients(network)) : createGradients(network);
  const gradientList = gradientArrays(gradients);
  const parameters = layer ? layer.trainingParameters(network.parameters()) : network.parameters();
  const optimizer = createOptimizer(parameters, { type: 'adam', learningRate: 1e-3 });
  const order = identityOrder(320);
  const scratch = new Float32Array(100);
  const buffers = network.buffersFor(BATCH);
  const dropoutRng = sparse ? undefined : new SeededRandom(1);
  const result: StepResult = { loss: 0, correct: 0, finite: true };
  const dense = network.layers[0]!.passes;
  return (i) => {
    const start = (i % 10) * BATCH;
    if (layer) {
      layer.gather(set, 1 / 255, order, start, buffers.y, buffers.labels, undefined, scratch, 1);
      network.layers[0]!.passes = layer.passes;
    } else {
      gatherBatch(set, 1 / 255, order, start, buffers.x, buffers.y, buffers.labels, undefined, scratch, 1);
    }
    trainingStep(network, buffers, gradients, gradientList, parameters, optimizer, 1e-3, 1e-4, dropoutRng, result);
    network.layers[0]!.passes = dense;
    if (!result.finite) throw new Error(`step ${i} diverged`);
  };
}

/** The profiler's own allocations (its protocol messages and promises), not the step's. */
const profilerFrame = (where: string) => /node:inspector|^(Promise|then) :/.test(where);

describe('a training step after warm-up', () => {
  for (const sparse of [true, false]) {
    it(`allocates (almost) nothing on the ${sparse ? 'sparse-input' : 'dense (with dropout)'} path`, async () => {
      const { byFunction } = await allocations(stepper(sparse));
      const steps = [...byFunction].filter(([where]) => !profilerFrame(where));
      const perStep = steps.reduce((sum, [, bytes]) => sum + bytes, 0) / STEPS;
      // What remains (≈30–60 bytes) are boxed doubles: the loss a function returns and the step result holds.
      // One typed-array view, argument array or per-step buffer would be ≥ 128 bytes.
      expect(perStep, JSON.stringify(steps)).toBeLessThan(128);
    });
  }
});
