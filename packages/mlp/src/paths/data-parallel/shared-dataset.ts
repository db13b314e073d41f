import type { DataRows } from '../../training/dataset';

/** `data` with its arrays in shared memory (copied there unless they already are), for the helper threads. */
export function sharedDataset(data: DataRows): DataRows {
  const shared = (array: ArrayBufferView) => array.buffer instanceof SharedArrayBuffer;
  const inputs = shared(data.inputs) ? data.inputs : copiedToShared(data.inputs);
  const scale = data.inputScale !== undefined ? { inputScale: data.inputScale } : {};
  const { labels, targets } = data;
  // Regression: the target rows travel like the inputs; labels are absent.
  if (targets !== undefined) {
    // A plain array from JavaScript (the type asks for a Float32Array) becomes one on the way.
    const rows = targets instanceof Float32Array ? targets : Float32Array.from(targets);
    return { inputs, targets: shared(rows) ? rows : copiedToShared(rows), ...scale };
  }
  const sharedLabels =
    ArrayBuffer.isView(labels) && shared(labels as unknown as ArrayBufferView)
      ? labels!
      : copiedToShared(Int32Array.from(labels!));
  return { inputs, labels: sharedLabels, ...scale };
}

function copiedToShared<T extends Uint8Array | Float32Array | Int32Array>(array: T): T {
  const Type = array.constructor as new (buffer: SharedArrayBuffer) => T;
  const copy = new Type(new SharedArrayBuffer(array.byteLength));
  copy.set(array as never);
  return copy;
}
