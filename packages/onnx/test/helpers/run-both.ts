import { Matrix } from '@nn/linalg';
import type { Network } from '@nn/mlp';
import * as ort from 'onnxruntime-node';
import { exportOnnx, ONNX_INPUT_NAME, ONNX_OUTPUT_NAME } from '../../src/index';

/** Rows of `images` (784 bytes each) as one float batch [count, 784], each value multiplied by `scale`. */
export function imageRows(images: Uint8Array, scale: number): Float32Array {
  return Float32Array.from(images, (byte) => byte * scale);
}

/**
 * The network's outputs for the same samples from `network.predict` (samples as columns, transposed back to rows)
 * and from ONNX Runtime running the exported model, both [count, out] row-major. With `inputScale` the model gets
 * the raw bytes and scales them in its Mul node; without it, the scaled values.
 */
export async function outputsOfBoth(network: Network, images: Uint8Array, inputScale: number | undefined) {
  const width = network.inputSize;
  const count = images.length / width;
  const scaled = imageRows(images, 1 / 255);
  const columns = Matrix.fromArray(count, width, scaled).transpose();
  const predicted = network.predict(columns).transpose().data;

  const bytes = exportOnnx(network, inputScale === undefined ? {} : { inputScale });
  const session = await ort.InferenceSession.create(bytes);
  try {
    const fed = inputScale === undefined ? scaled : imageRows(images, 1);
    const result = await session.run({ [ONNX_INPUT_NAME]: new ort.Tensor('float32', fed, [count, width]) });
    const output = result[ONNX_OUTPUT_NAME]!;
    return { predicted, onnx: output.data as Float32Array, dims: output.dims };
  } finally {
    await session.release();
  }
}

/** The largest |a − b| over two equally long arrays. */
export function maxAbsDifference(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

/** The argmax of each row of a [count, width] row-major array. */
export function rowArgmax(values: Float32Array, width: number): Int32Array {
  return Int32Array.from({ length: values.length / width }, (_, row) => {
    let best = 0;
    for (let j = 1; j < width; j++) if (values[row * width + j]! > values[row * width + best]!) best = j;
    return best;
  });
}

export function accuracy(classes: Int32Array, labels: ArrayLike<number>): number {
  let correct = 0;
  for (let i = 0; i < classes.length; i++) if (classes[i] === labels[i]) correct++;
  return correct / classes.length;
}
