import { fit, Network } from '@nn/mlp';
import { loadMnist, type MnistDataset } from '@nn/mnist';
import { padModel } from '../src/pad-model';
import type { PadModel } from '../src/protocol';
import { bundledData } from './recorded-run';

/** Enough real digits for a 784-64-10 network to tell a stroke from a ring in a few seconds of training. */
const TRAIN_DIGITS = 5000;

export interface DigitModel {
  network: Network;
  /** The same network as the dashboard's host sends it to the digit pad. */
  model: PadModel;
  test: MnistDataset;
}

/** Trains a small network on the first real MNIST digits shipped with the extension, with @nn/mlp's fit. */
export async function trainDigitModel(epochs = 4): Promise<DigitModel> {
  const train = await loadMnist({ split: 'train', dir: bundledData });
  const test = await loadMnist({ split: 'test', dir: bundledData });
  const network = new Network({ layerSizes: [784, 64, 10], seed: 7 });
  await fit(
    network,
    {
      inputs: train.images.subarray(0, TRAIN_DIGITS * 784),
      labels: train.labels.subarray(0, TRAIN_DIGITS),
      inputScale: 1 / 255,
    },
    { epochs, batchSize: 32, optimizer: { type: 'adam', learningRate: 0.002 }, seed: 7 },
  );
  const layers = network.layers.map((layer) => ({
    rows: layer.weights.rows,
    cols: layer.weights.cols,
    weights: layer.weights.data.slice(),
    bias: layer.bias.data.slice(),
  }));
  const model = padModel(layers, { epoch: epochs, batch: 0 }, { activation: 'relu', loss: 'crossEntropy' });
  if (!model) throw new Error('padModel refused a network with every bias');
  return { network, model, test };
}
