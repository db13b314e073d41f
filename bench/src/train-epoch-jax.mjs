// @ts-check
/**
 * jax-js (`@jax-js/jax`, jit-compiled Wasm kernels) as a peer in the training-epoch benchmark: the same
 * 784-128-64-10 relu/relu/softmax network, cross-entropy, Adam (lr 1e-3), batch 128, two epochs over the
 * 60 000 MNIST training images. The first epoch includes jit tracing and Wasm compilation (cold); the second
 * reuses the compiled step (warm). Prints one JSON line { coldSeconds, warmSeconds, coldCpuSeconds, warmCpuSeconds,
 * peakRssMb, finalLoss } (CPU seconds: user + system of the whole process, so waiting for a core does not count).
 *   node bench/src/train-epoch-jax.mjs
 * jax-js counts references: every argument is consumed by the call it is passed to, so an array used twice
 * is passed as `x.ref` the first time (see the package README).
 */

import { blockUntilReady, init, jit, nn, numpy as np, valueAndGrad } from '@jax-js/jax';
import { readMnist, shuffleInPlace } from './lib/mnist.mjs';

const BATCH = 128;
const LEARNING_RATE = 1e-3;
const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-7; // tfjs's Adam default, so the peers run the same update
const LAYER_SIZES = [784, 128, 64, 10];

/** @typedef {import('@jax-js/jax').Array} JaxArray */

/** @typedef {{ w: JaxArray[], b: JaxArray[] }} Params */

/**
 * Glorot-uniform weights (as tfjs-layers' dense default) and zero biases, from a small seeded generator.
 * @returns {Params}
 */
function initialParams() {
  let state = 1;
  const uniform = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  /** @type {Params} */
  const params = { w: [], b: [] };
  for (let layer = 0; layer + 1 < LAYER_SIZES.length; layer++) {
    const fanIn = LAYER_SIZES[layer] ?? 0;
    const fanOut = LAYER_SIZES[layer + 1] ?? 0;
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    const w = Float32Array.from({ length: fanIn * fanOut }, () => (2 * uniform() - 1) * limit);
    params.w.push(np.array(w).reshape([fanIn, fanOut]));
    params.b.push(np.zeros([fanOut]));
  }
  return params;
}

/** @param {Params} p */
const zerosLike = (p) => ({ w: p.w.map((w) => np.zeros(w.shape)), b: p.b.map((b) => np.zeros(b.shape)) });

/**
 * Mean cross-entropy of softmax(logits) against one-hot labels.
 * @param {Params} params @param {JaxArray} x batch×784 @param {JaxArray} y batch×10 one-hot
 */
function loss(params, x, y) {
  const [w1, w2, w3] = /** @type {[JaxArray, JaxArray, JaxArray]} */ (params.w);
  const [b1, b2, b3] = /** @type {[JaxArray, JaxArray, JaxArray]} */ (params.b);
  const h1 = nn.relu(np.matmul(x, w1).add(b1));
  const h2 = nn.relu(np.matmul(h1, w2).add(b2));
  const logProbabilities = nn.logSoftmax(np.matmul(h2, w3).add(b3));
  return logProbabilities
    .mul(y)
    .sum()
    .mul(-1 / (x.shape[0] ?? 1));
}

/**
 * One Adam step on one parameter; `stepSize` carries the bias corrections (lr·√(1−β₂ᵗ)/(1−β₁ᵗ)).
 * @param {JaxArray} p @param {JaxArray} g @param {JaxArray} m @param {JaxArray} v @param {JaxArray} stepSize
 * @returns {[JaxArray, JaxArray, JaxArray]}
 */
function adam(p, g, m, v, stepSize) {
  const m2 = m.mul(BETA1).add(g.ref.mul(1 - BETA1));
  const v2 = v.mul(BETA2).add(g.ref.mul(g).mul(1 - BETA2));
  const p2 = p.sub(m2.ref.mul(stepSize).div(np.sqrt(v2.ref).add(EPSILON)));
  return [p2, m2, v2];
}

/**
 * The whole training step, compiled once per batch shape: forward, backward and the Adam update.
 * @param {Params} params @param {Params} m @param {Params} v @param {JaxArray} x @param {JaxArray} y
 * @param {JaxArray} stepSize
 */
function trainStep(params, m, v, x, y, stepSize) {
  // The gradient consumes its arguments; the parameters are needed again for the update.
  const borrowed = { w: params.w.map((w) => w.ref), b: params.b.map((b) => b.ref) };
  const [value, grads] = valueAndGrad(loss)(borrowed, x, y);
  /** @type {Params} */ const p2 = { w: [], b: [] };
  /** @type {Params} */ const m2 = { w: [], b: [] };
  /** @type {Params} */ const v2 = { w: [], b: [] };
  for (const key of /** @type {const} */ (['w', 'b'])) {
    params[key].forEach((p, i) => {
      const g = /** @type {JaxArray} */ (grads[key][i]);
      const [pNext, mNext, vNext] = adam(p, g, m[key][i] ?? p, v[key][i] ?? p, stepSize.ref);
      p2[key].push(pNext);
      m2[key].push(mNext);
      v2[key].push(vNext);
    });
  }
  stepSize.dispose();
  return { params: p2, m: m2, v: v2, loss: value };
}

async function main() {
  await init('wasm');
  const { images, labels } = readMnist('train');
  const count = labels.length;
  const step = jit(trainStep);
  let params = initialParams();
  let m = zerosLike(params);
  let v = zerosLike(params);
  let t = 0;
  let finalLoss = Number.NaN;

  const order = Int32Array.from({ length: count }, (_, i) => i);
  const epoch = async () => {
    shuffleInPlace(order);
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    /** @type {JaxArray | undefined} */
    let lastLoss;
    // The last 96 images make a smaller batch, which compiles a second step in the cold epoch only.
    for (let start = 0; start < count; start += BATCH) {
      const size = Math.min(BATCH, count - start);
      const x = new Float32Array(size * 784);
      const y = new Float32Array(size * 10);
      for (let j = 0; j < size; j++) {
        const sample = order[start + j] ?? 0;
        for (let p = 0; p < 784; p++) x[j * 784 + p] = (images[sample * 784 + p] ?? 0) / 255;
        y[j * 10 + (labels[sample] ?? 0)] = 1;
      }
      t++;
      const stepSize = (LEARNING_RATE * Math.sqrt(1 - BETA2 ** t)) / (1 - BETA1 ** t);
      lastLoss?.dispose();
      const next = step(
        params,
        m,
        v,
        np.array(x).reshape([size, 784]),
        np.array(y).reshape([size, 10]),
        np.array(new Float32Array([stepSize])).reshape([]),
      );
      ({ params, m, v } = next);
      lastLoss = next.loss;
      // Wait for each step as a training loop does: left unsynchronised, jax-js queues the steps lazily
      // and a whole epoch ran ≈30× slower in ≈2.5 GB (measured here).
      await blockUntilReady(params);
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuStarted);
    finalLoss = lastLoss ? Number((await lastLoss.data())[0]) : Number.NaN;
    return { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
  };

  const cold = await epoch();
  const warm = await epoch();
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const result = {
    coldSeconds: cold.seconds,
    warmSeconds: warm.seconds,
    coldCpuSeconds: cold.cpuSeconds,
    warmCpuSeconds: warm.cpuSeconds,
    peakRssMb,
    finalLoss,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

await main();
