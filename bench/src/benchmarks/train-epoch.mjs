// @ts-check
// One training epoch on full MNIST, @nn/mlp against tfjs-layers (cpu and wasm): see ../train-epoch-mlp.mjs.
import { measureTrainingEpoch } from '../train-epoch-mlp.mjs';

export const title = 'Training epoch';

export async function run() {
  const table = measureTrainingEpoch();
  return `One epoch over the 60 000 MNIST training images, batch 128, 784-128-64-10 relu/relu/softmax, cross-entropy,
Adam (lr 1e-3); each row in its own child process (peak RSS is that process's maximum resident set, data included).
tfjs-layers is driven with \`trainOnBatch\` on batches gathered from the same uint8 images.

${table}`;
}
