import { readIdxFile } from '../idx/idx-file';
import { IdxFormatError } from '../idx/idx-format-error';
import type { MnistDataset } from './dataset';
import { type LocateMnistOptions, locateMnist } from './locate';

/** What `loadMnist` takes: `locateMnist`'s options, whose folder it then reads, and where to put the data. */
export interface LoadMnistOptions extends LocateMnistOptions {
  /**
   * Put images and labels in SharedArrayBuffer memory (read straight there from uncompressed files), for worker
   * threads that read the data set in place; default false.
   */
  shared?: boolean;
}

/**
 * Loads one split of MNIST or Fashion-MNIST (see `locateMnist` for where the files come from), checking that the
 * images are N×28×28 bytes, that there are as many labels as images, and that every label is 0–9.
 */
export async function loadMnist(options: LoadMnistOptions): Promise<MnistDataset> {
  const variant = options.variant ?? 'digits';
  const located = locateMnist({ ...options, variant });
  const shared = options.shared ?? false;
  const [images, labels] = await Promise.all([
    readIdxFile(located.files.images, shared),
    readIdxFile(located.files.labels, shared),
  ]);
  const [count, rows, cols] = images.dims;
  if (images.type !== 'uint8' || images.dims.length !== 3 || rows !== 28 || cols !== 28 || count === undefined) {
    throw new IdxFormatError(
      `expected uint8 images of N×28×28, found ${images.type} [${images.dims.join(', ')}]`,
      2,
      located.files.images,
    );
  }
  if (labels.type !== 'uint8' || labels.dims.length !== 1 || labels.dims[0] !== count) {
    throw new IdxFormatError(
      `expected ${count} uint8 labels to match the images, found ${labels.type} [${labels.dims.join(', ')}]`,
      2,
      located.files.labels,
    );
  }
  const bad = labels.data.findIndex((label) => label > 9);
  if (bad >= 0) {
    throw new IdxFormatError(
      `label ${labels.data[bad]} of example ${bad} is not a class 0–9`,
      8 + bad,
      located.files.labels,
    );
  }
  return {
    variant,
    split: options.split,
    images: images.data,
    labels: labels.data,
    count,
    rows: 28,
    cols: 28,
    dir: located.dir,
  };
}
