// The seed's training loop written by hand with @nn/mlp's primitives: forward, backward, an optimiser step.
// test/seed-loop.test.ts runs it on MNIST and checks it against fit() with the seed's settings.
import { Matrix } from '@nn/linalg';
import {
  backward,
  type ClassDataset,
  createGradients,
  createOptimizer,
  forward,
  gradientArrays,
  Network,
} from '@nn/mlp';

/** The seed's network: 784-128-64-10, sigmoid everywhere, squared error, weights uniform in [−1, 1). */
export function seedNetwork(seed = 1): Network<784, 10> {
  return new Network({
    layerSizes: [784, 128, 64, 10],
    activations: ['sigmoid', 'sigmoid', 'sigmoid'],
    loss: 'mse',
    initializer: 'uniform',
    seed,
  });
}

/** One sample at a time, in order, plain SGD at rate r: the seed's loop. */
export function trainLikeTheSeed(network: Network<784, 10>, data: ClassDataset, epochs: number, r: number): void {
  const x = Matrix.zeros(784, 1); // one image, a column of pixels in [0, 1]
  const y = Matrix.zeros(10, 1); //  its label, one-hot
  const gradients = createGradients(network); // dw and db of every layer, filled by each backward pass
  const sgd = createOptimizer(network.parameters(), { type: 'sgd', learningRate: r });
  for (let epoch = 1; epoch <= epochs; epoch++) {
    for (let i = 0; i < data.labels.length; i++) {
      for (let p = 0; p < 784; p++) x.data[p] = data.inputs[i * 784 + p]! / 255;
      y.fill(0).set(data.labels[i]!, 0, 1);
      const pass = forward(network, x); //         z1 = W1·x + b1; a1 = σ(z1); … a3 = σ(W3·a2 + b3)
      backward(network, x, y, pass, gradients); // dz3 = σ'(z3) ⊙ 2(a3 − y); dw3 = dz3·a2ᵀ; db3 = dz3; da2 = W3ᵀ·dz3; …
      sgd.step(network.parameters(), gradientArrays(gradients)); // w −= r·dw; b −= r·db
    }
  }
}
