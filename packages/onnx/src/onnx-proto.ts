// onnx-proto is CommonJS whose module.exports is the namespace root; the default import reads it the same way
// under Node's ESM loader, tsup's CJS output and browser bundlers.
import onnxProto from 'onnx-proto';

export const onnx = onnxProto.onnx;
