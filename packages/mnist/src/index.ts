export * from './browser';
export { bundledMnistDir } from './data/bundled-dir';
export { type EnvironmentVariables, mnistCacheDir } from './data/cache-dir';
export { type DownloadMnistOptions, type DownloadProgress, downloadMnist, MnistChecksumError } from './data/download';
export { MnistDownloadError } from './data/download-error';
export { type LoadMnistOptions, loadMnist } from './data/load-mnist';
export { type LocatedMnist, type LocateMnistOptions, locateMnist, MnistNotFoundError } from './data/locate';
export {
  MAX_IDX_FILE_BYTES,
  readRegularFile,
  readRegularFileSync,
  UnreadableFileError,
} from './data/read-regular-file';
export { DEBIAN_FASHION_MNIST_DIR, DEFAULT_BASE_URLS, MNIST_DIR_ENV } from './data/variants';
export { readIdxFile, writeFileAtomic, writeIdxFile, zlibInflater } from './idx/idx-file';
