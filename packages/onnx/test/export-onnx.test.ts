import { ConfigError, Network } from '@nn/mlp';
import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { exportOnnx, ONNX_OPSET } from '../src/index';

const { onnx } = onnxProto;
const network = new Network({ layerSizes: [4, 3, 2], activations: ['leakyRelu', 'softmax'], seed: 1 });

describe('exportOnnx graph', () => {
  it('declares a dynamic batch, rows as samples, opset 13, one Gemm + activation per layer', () => {
    const model = onnx.ModelProto.decode(exportOnnx(network));
    expect(Number(model.opsetImport[0]!.version)).toBe(ONNX_OPSET);
    const dims = model.graph!.input![0]!.type!.tensorType!.shape!.dim!;
    expect(dims.map((d) => d.dimParam || Number(d.dimValue))).toEqual(['batch', 4]);
    expect(model.graph!.node!.map((node) => node.opType)).toEqual(['Gemm', 'LeakyRelu', 'Gemm', 'Softmax']);
    const [leaky, softmax] = [model.graph!.node![1]!, model.graph!.node![3]!];
    expect(leaky.attribute![0]!.f).toBeCloseTo(0.01, 7);
    expect(softmax.attribute![0]).toMatchObject({ name: 'axis' });
    expect(Number(softmax.attribute![0]!.i)).toBe(1);
  });

  it('stores W as [out, in] little-endian float32, bit for bit', () => {
    const model = onnx.ModelProto.decode(exportOnnx(network));
    const weight = model.graph!.initializer!.find((t) => t.name === 'layers.0.weight')!;
    expect(weight.dims!.map(Number)).toEqual([3, 4]);
    const raw = weight.rawData!;
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const values = Array.from({ length: 12 }, (_, i) => view.getFloat32(4 * i, true));
    expect(values).toEqual(Array.from(network.layers[0]!.weights.data));
  });

  it('puts the input scaling in a Mul node only when asked', () => {
    const scaled = onnx.ModelProto.decode(exportOnnx(network, { inputScale: 1 / 255 }));
    expect(scaled.graph!.node![0]!.opType).toBe('Mul');
    expect(scaled.metadataProps.find((p) => p.key === 'inputScale')?.value).toBe(String(1 / 255));
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('refuses inputScale %s with a ConfigError', (scale) => {
    expect(() => exportOnnx(network, { inputScale: scale })).toThrow(ConfigError);
  });
});
