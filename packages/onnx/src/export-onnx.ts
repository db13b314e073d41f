import { ConfigError, type Network } from '@nn/mlp';
import { activationNode } from './activation-node';
import { floatInitializer } from './initializer';
import { onnx } from './onnx-proto';

/** What `exportOnnx` takes besides the network. */
export interface OnnxExportOptions {
  /**
   * When given, the graph starts with `Mul(input, inputScale)`, so it takes inputs as they come (e.g. pixel
   * values 0–255 with 1/255); without it the graph takes inputs already scaled, as `network.predict` does.
   */
  inputScale?: number;
  /** Stored as the model's producer name (default '@nn/onnx'). */
  producerName?: string;
}

/** Opset 13: Softmax over one axis (earlier opsets flatten from it), Gemm with an optional 1-D bias. */
export const ONNX_OPSET = 13;
/** IR version 7 is what opset 13 shipped with; every current runtime reads it. */
const IR_VERSION = 7;
/** The name of the graph's input, `[batch, inputSize]`, for feeding it in a runtime. */
export const ONNX_INPUT_NAME = 'input';
/** The name of the graph's output, `[batch, outputSize]`. */
export const ONNX_OUTPUT_NAME = 'output';

/**
 * The network as an ONNX model's bytes: per layer `Gemm(a, W, b, transB=1)` then its activation, with samples as
 * rows (`input` [batch, in] → `output` [batch, out], batch dynamic). W stays [out, in] as in @nn/mlp; transB
 * turns `a·Wᵀ + b` into the column form `W·a + b` read sideways.
 */
export function exportOnnx(network: Network, options: OnnxExportOptions = {}): Uint8Array {
  const { inputScale } = options;
  if (inputScale !== undefined && !(Number.isFinite(inputScale) && inputScale > 0)) {
    throw new ConfigError(`exportOnnx: inputScale must be a positive finite number, got ${inputScale}`);
  }
  const nodes = [];
  const initializers = [];
  let current = ONNX_INPUT_NAME;
  if (inputScale !== undefined) {
    initializers.push(floatInitializer('input_scale', [], [inputScale]));
    nodes.push(
      onnx.NodeProto.create({
        opType: 'Mul',
        input: [current, 'input_scale'],
        output: ['scaled_input'],
        name: 'scale',
      }),
    );
    current = 'scaled_input';
  }
  const last = network.layers.length - 1;
  network.layers.forEach((layer, l) => {
    const weight = `layers.${l}.weight`;
    const bias = `layers.${l}.bias`;
    initializers.push(floatInitializer(weight, [layer.weights.rows, layer.weights.cols], layer.weights.data));
    initializers.push(floatInitializer(bias, [layer.bias.rows], layer.bias.data));
    const z = `layers.${l}.z`;
    nodes.push(
      onnx.NodeProto.create({
        opType: 'Gemm',
        input: [current, weight, bias],
        output: [z],
        name: `layers.${l}.gemm`,
        attribute: [onnx.AttributeProto.create({ name: 'transB', i: 1, type: onnx.AttributeProto.AttributeType.INT })],
      }),
    );
    const a = l === last ? ONNX_OUTPUT_NAME : `layers.${l}.a`;
    nodes.push(activationNode(layer.activation.name, z, a, `layers.${l}.${layer.activation.name}`));
    current = a;
  });
  const graph = onnx.GraphProto.create({
    name: `mlp_${network.layerSizes.join('_')}`,
    node: nodes,
    initializer: initializers,
    input: [matrixValue(ONNX_INPUT_NAME, network.inputSize)],
    output: [matrixValue(ONNX_OUTPUT_NAME, network.outputSize)],
  });
  const model = onnx.ModelProto.create({
    irVersion: IR_VERSION,
    opsetImport: [onnx.OperatorSetIdProto.create({ domain: '', version: ONNX_OPSET })],
    producerName: options.producerName ?? '@nn/onnx',
    graph,
    metadataProps: [
      { key: 'layerSizes', value: JSON.stringify(network.layerSizes) },
      { key: 'activations', value: JSON.stringify(network.activationNames) },
      ...(inputScale === undefined ? [] : [{ key: 'inputScale', value: String(inputScale) }]),
    ],
  });
  return onnx.ModelProto.encode(model).finish();
}

/** A float tensor [batch, width] with the batch left symbolic, so one model runs any batch size. */
function matrixValue(name: string, width: number) {
  return onnx.ValueInfoProto.create({
    name,
    type: {
      tensorType: {
        elemType: onnx.TensorProto.DataType.FLOAT,
        shape: { dim: [{ dimParam: 'batch' }, { dimValue: width }] },
      },
    },
  });
}
