import { onnx } from './onnx-proto';

/**
 * A float32 initializer (a constant tensor of the graph). ONNX's raw_data is little-endian whatever the host,
 * so the values go through a DataView rather than the Float32Array's own bytes.
 */
export function floatInitializer(name: string, dims: readonly number[], values: ArrayLike<number>) {
  const count = dims.reduce((product, dim) => product * dim, 1);
  if (values.length !== count) {
    throw new RangeError(`initializer ${name}: dims [${dims.join(', ')}] need ${count} values, got ${values.length}`);
  }
  const bytes = new Uint8Array(4 * count);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < count; i++) view.setFloat32(4 * i, values[i]!, true);
  return onnx.TensorProto.create({ name, dims: [...dims], dataType: onnx.TensorProto.DataType.FLOAT, rawData: bytes });
}
