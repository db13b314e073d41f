// @nn/onnx: @nn/mlp networks as ONNX models, for ONNX Runtime and every engine that reads ONNX.
export { exportOnnx, ONNX_INPUT_NAME, ONNX_OPSET, ONNX_OUTPUT_NAME, type OnnxExportOptions } from './export-onnx';
