// @ts-check
/**
 * The seed article's own recipe on full MNIST: 784-128-64-10, sigmoid everywhere, mean-squared error with the
 * seed's 2·(a − y), uniform [−1, 1) weights, plain SGD (r = 0.1), one sample per step. @nn/mlp's per-sample
 * path (with each kernel set) against its batched path run at batch size 1 (what fit did before), each in
 * its own child process. The per-sample path trains 3 epochs (the seed's count), the slower ones 1.
 * `pnpm --filter @nn/bench bench seed-recipe` runs it through src/benchmarks/seed-recipe.mjs; directly:
 *   node bench/src/seed-recipe-mlp.mjs [--only <contender>]
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { readMnist } from './lib/mnist.mjs';

/** name → child environment (NN_KERNELS picks @nn/linalg's kernel set) and fit's `perSampleSgd` option. */
export const CONTENDERS = {
  'per-sample path (wasm-simd kernels)': { env: {}, perSampleSgd: true, epochs: 3 },
  'per-sample path (typescript kernels)': { env: { NN_KERNELS: 'typescript' }, perSampleSgd: true, epochs: 1 },
  'batched path at batch size 1 (before)': { env: {}, perSampleSgd: false, epochs: 1 },
};

/** @param {'train' | 't10k'} split */
function readSplit(split) {
  const { images, labels } = readMnist(split);
  return { inputs: images, labels };
}

/** @param {string} name */
async function runOne(name) {
  const contender = CONTENDERS[/** @type {keyof typeof CONTENDERS} */ (name)];
  const { Network, evaluate, fit } = await import('@nn/mlp');
  const network = new Network({
    layerSizes: [784, 128, 64, 10],
    activations: ['sigmoid', 'sigmoid', 'sigmoid'],
    loss: 'mse',
    initializer: 'uniform',
    seed: 1,
  });
  const load = loadavg()[0] ?? Number.NaN;
  const cpuStart = process.cpuUsage();
  const { history } = await fit(network, readSplit('train'), {
    epochs: contender.epochs,
    batchSize: 1,
    optimizer: { type: 'sgd', learningRate: 0.1 },
    seed: 1,
    perSampleSgd: contender.perSampleSgd,
  });
  const cpu = process.cpuUsage(cpuStart);
  // The fastest epoch: other work on the machine only ever slows an epoch down.
  const seconds = Math.min(...history.map((epoch) => epoch.seconds));
  const testAccuracy = evaluate(network, readSplit('t10k')).accuracy;
  const cpuSeconds = (cpu.user + cpu.system) / 1e6 / contender.epochs;
  process.stdout.write(
    `${JSON.stringify({ name, epochs: contender.epochs, seconds, cpuSeconds, load, testAccuracy })}\n`,
  );
}

/**
 * One markdown row; `base` is the CPU seconds per epoch the ratio is taken against.
 * @param {{ name: string, epochs: number, seconds: number, cpuSeconds: number, load: number, testAccuracy: number }} r
 * @param {number} [base]
 */
export function seedRecipeRow(r, base = Number.NaN) {
  return `| ${r.name} | ${r.epochs} | ${r.seconds.toFixed(2)} | ${r.cpuSeconds.toFixed(2)} | ${(r.cpuSeconds / base).toFixed(2)} | ${r.load.toFixed(1)} | ${(100 * r.testAccuracy).toFixed(2)}% |`;
}

export const SEED_RECIPE_HEADER = [
  '| implementation | epochs | s/epoch (wall, fastest epoch) | CPU s/epoch | CPU time ÷ first row | load average at start | test accuracy after the epochs |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
].join('\n');

/**
 * Runs each contender in a child process, one after the other; returns the CPU seconds per epoch of the
 * first (the ratio's base) and one markdown row per contender.
 * @param {string[]} names
 */
export function measureSeedRecipe(names = Object.keys(CONTENDERS)) {
  const self = fileURLToPath(import.meta.url);
  /** @type {{ name: string, epochs: number, seconds: number, cpuSeconds: number, load: number, testAccuracy: number }[]} */
  const results = names.map((name) => {
    const env = { ...process.env, ...CONTENDERS[/** @type {keyof typeof CONTENDERS} */ (name)].env };
    const out = execFileSync(process.execPath, [self, '--child', name], {
      encoding: 'utf8',
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    return JSON.parse(out.trim().split('\n').at(-1) ?? '{}');
  });
  return {
    base: results[0]?.cpuSeconds ?? Number.NaN,
    rows: results.map((r) => seedRecipeRow(r, results[0]?.cpuSeconds)),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  if (args[0] === '--child') await runOne(args[1] ?? '');
  else {
    const { rows } = measureSeedRecipe(args[0] === '--only' ? [args[1] ?? ''] : undefined);
    console.log([SEED_RECIPE_HEADER, ...rows].join('\n'));
  }
}
