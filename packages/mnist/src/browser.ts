// The parts of @nn/mnist that use no Node module: IDX bytes, digit images, augmentation. For browsers and webviews.
export { IMAGE_SIZE, type MnistDataset } from './data/dataset';
export {
  MNIST_CLASS_NAMES,
  MNIST_FILES,
  type MnistFileKind,
  type MnistFileSpec,
  type MnistSplit,
  type MnistVariant,
} from './data/variants';
export type { Inflater } from './idx/gzip';
export { IdxFormatError } from './idx/idx-format-error';
export { IDX_TYPE_CODES, type IdxArray, type IdxDataByType, type IdxType } from './idx/idx-types';
export { type ReadIdxOptions, readIdx } from './idx/read-idx';
export { type WriteIdxOptions, writeIdx } from './idx/write-idx';
export { type AugmentOptions, augmentImage, DigitAugmenter, WARP_LIMITS } from './images/augment';
export { DigitImageError } from './images/digit-image-error';
export { decodePngRgba, fromPng, toPng } from './images/png';
export { centreOfMass, fromRgba } from './images/preprocess';
