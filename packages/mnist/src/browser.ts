// The parts of @nn/mnist that use no Node module: IDX bytes, batches, digit images. For browsers and webviews.
export { type Batch, type BatchOptions, batches, type LabelledImages } from './batches/batches';
export { type BatchLayout, fillImages, fillLabels } from './batches/fill-batch';
export { IMAGE_SIZE, type MnistDataset } from './data/dataset';
export {
  MNIST_CLASS_NAMES,
  MNIST_FILES,
  type MnistFileKind,
  type MnistFileSpec,
  type MnistSplit,
  type MnistVariant,
} from './data/variants';
export { IdxFormatError } from './idx/idx-format-error';
export { IDX_TYPE_CODES, type IdxArray, type IdxDataByType, type IdxType } from './idx/idx-types';
export { type ReadIdxOptions, readIdx } from './idx/read-idx';
export { type WriteIdxOptions, writeIdx } from './idx/write-idx';
export { shuffledIndices } from './seeded-shuffle';
