import type { ActivationName } from '@nn/mlp';
import { onnx } from './onnx-proto';

/** @nn/mlp's leakyRelu slope for negative inputs (src/model/activations/leaky-relu.ts). */
const LEAKY_RELU_ALPHA = 0.01;

/** The ONNX node computing `output = f(input)` for one of @nn/mlp's activations (columns there, rows here). */
export function activationNode(activation: ActivationName, input: string, output: string, name: string) {
  const node = (opType: string, attribute: InstanceType<typeof onnx.AttributeProto>[] = []) =>
    onnx.NodeProto.create({ opType, input: [input], output: [output], name, attribute });
  switch (activation) {
    case 'relu':
      return node('Relu');
    case 'sigmoid':
      return node('Sigmoid');
    case 'tanh':
      return node('Tanh');
    case 'identity':
      return node('Identity');
    case 'leakyRelu':
      return node('LeakyRelu', [floatAttribute('alpha', LEAKY_RELU_ALPHA)]);
    case 'softmax':
      // Samples are rows in ONNX, so the classes lie along axis 1.
      return node('Softmax', [intAttribute('axis', 1)]);
  }
}

function floatAttribute(name: string, f: number) {
  return onnx.AttributeProto.create({ name, f, type: onnx.AttributeProto.AttributeType.FLOAT });
}

function intAttribute(name: string, i: number) {
  return onnx.AttributeProto.create({ name, i, type: onnx.AttributeProto.AttributeType.INT });
}
