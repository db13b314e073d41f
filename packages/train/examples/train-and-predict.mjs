// Train the default network on the first digits, then predict a few test images with the saved model.
// Runnable after `pnpm build`: node examples/train-and-predict.mjs [--limit 500] [--out runs]
import { parseArgs } from 'node:util';
import { loadMnist } from '@nn/mnist';
import { loadModel, makeTrainConfig, trainMnist } from '@nn/train';

const { values } = parseArgs({
  options: { limit: { type: 'string', default: '500' }, out: { type: 'string', default: 'runs' } },
});
const config = makeTrainConfig({ limit: Number(values.limit), epochs: 2, outDir: values.out });
const result = await trainMnist(config);
console.log(`test accuracy ${(result.testAccuracy * 100).toFixed(1)}%, model in ${result.runDir}`);

// The saved model, as another program would load it; predictRows takes one row of 784 bytes per image.
const { network, inputScale } = loadModel(result.runDir);
const test = await loadMnist({ variant: 'digits', split: 'test', resolveFrom: import.meta.url });
const count = 5;
const outputs = network.predictRows(test.images.subarray(0, count * 784), count, inputScale);
for (let i = 0; i < count; i++) {
  const scores = Array.from(outputs.subarray(i * 10, i * 10 + 10));
  console.log(`test image ${i}: predicted ${scores.indexOf(Math.max(...scores))}, label ${test.labels[i]}`);
}
