import { kernels, stepKernelsOf } from '@nn/linalg/internal';
import type { Network } from '../../model/network';
import { type DataRows, isRegression } from '../../training/dataset';

const HIDDEN = new Set(['relu', 'sigmoid', 'tanh']);

/**
 * Why the wasm-step path cannot train `network` on `data`, or undefined when it can. Its scope is what the
 * recipes use: the WebAssembly SIMD kernels over shared memory, class labels, relu/sigmoid/tanh hidden layers,
 * a softmax output with cross-entropy or a sigmoid output with squared error, SGD (any momentum) or Adam, no
 * dropout. Everything else keeps the TypeScript-driven paths.
 */
export function wasmStepUnsupported(network: Network, data: DataRows): string | undefined {
  if (!stepKernelsOf(kernels())) return 'needs the WebAssembly SIMD kernels over shared memory';
  if (network.dropout > 0) return 'dropout is not implemented in it';
  if (isRegression(data)) return 'regression targets are not implemented in it';
  const { layers, loss } = network;
  const hidden = layers.slice(0, -1).find((layer) => !HIDDEN.has(layer.activation.name));
  if (hidden) return `a ${hidden.activation.name} hidden layer is not implemented in it`;
  const output = layers[layers.length - 1]!.activation.name;
  const pairs = (output === 'softmax' && loss.name === 'crossEntropy') || (output === 'sigmoid' && loss.name === 'mse');
  if (!pairs) return `a ${output} output with ${loss.name} is not implemented in it`;
  return undefined;
}
