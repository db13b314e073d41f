// @ts-check
// The seed's recipe (sigmoid, MSE, per-sample SGD) on full MNIST: @nn/mlp in ../seed-recipe-mlp.mjs, then
// PyTorch's per-sample loop (../../python/seed_recipe_torch.py) when /usr/bin/python3 has torch.
import { loadavg } from 'node:os';
import { blasLabel, runTorchScript } from '../lib/torch.mjs';
import { measureSeedRecipe, SEED_RECIPE_HEADER, seedRecipeRow } from '../seed-recipe-mlp.mjs';

export const title = 'Seed recipe (per-sample SGD)';

/**
 * PyTorch's per-sample loop on one thread as a table row, or a note when python3 cannot import torch.
 * @param {number} base CPU seconds per epoch of the first row
 */
function measureTorch(base) {
  const load = loadavg()[0] ?? Number.NaN;
  const result = runTorchScript('seed_recipe_torch.py', [], 1);
  if (typeof result === 'string') return result;
  const { seconds, cpuSeconds, testAccuracy, torch, openblasCore } = result;
  const name = `PyTorch ${torch}, per-sample loop (1 thread, ${blasLabel(openblasCore)})`;
  return seedRecipeRow({ name, epochs: 1, seconds, cpuSeconds, load, testAccuracy }, base);
}

export async function run() {
  const { base, rows } = measureSeedRecipe();
  const torch = measureTorch(base);
  const torchRow = torch.startsWith('|') ? torch : undefined;
  return `The seed article's recipe on the 60 000 MNIST training images: 784-128-64-10, sigmoid in every layer,
mean-squared error (the seed's 2·(a − y)), uniform [−1, 1) weights, plain SGD with r = 0.1, batch size 1. fit() takes
the per-sample path by itself there (W1 kept transposed; layer 1's forward product and update over each image's
non-zero pixels only; no weight gradient formed); \`perSampleSgd: false\` runs the batched path at batch size 1 instead,
which is what fit did before. Each row in its own child process: the per-sample path trains the seed's 3 epochs,
the slower rows 1; test accuracy on the 10 000 test images after them. Wall time is the fastest epoch; CPU s/epoch is
the process's user + system time per epoch, the steadier figure on a loaded machine (the ratio uses it).
PyTorch: \`bench/python/seed_recipe_torch.py\`, the same network and recipe, \`torch.set_num_threads(1)\`, one
shuffled row of a preloaded float tensor per step.${torchRow ? '' : ` ${torch}`}

${[SEED_RECIPE_HEADER, ...rows, ...(torchRow ? [torchRow] : [])].join('\n')}`;
}
