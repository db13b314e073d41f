import type { BatchBuffers } from './batch-buffers';
import { type AugmentFn, type Dataset, gatherBatch } from './dataset';
import type { Network } from './network';
import type { SparseInputLayer } from './sparse-input-layer';

/** Gathers samples order[from … from + count) into the network's batch buffers for `count` samples. */
export type BatchGatherer = (from: number, count: number, epoch: number) => BatchBuffers;

/**
 * The gather of a training loop: a batch's non-zero inputs through `sparse` when the first layer skips zeros,
 * else the dense x; targets and labels either way. A closure over the input scale: read from an object field and
 * passed on, the number would be boxed (allocated) on every call.
 */
export function batchGatherer(
  network: Network,
  sparse: SparseInputLayer | undefined,
  data: Dataset,
  scale: number,
  order: Int32Array,
  augment: AugmentFn | undefined,
): BatchGatherer {
  const scratch = new Float32Array(network.inputSize);
  return (from, count, epoch) => {
    const buffers = network.buffersFor(count);
    if (sparse) {
      sparse.gather(data, scale, order, from, buffers.y, buffers.labels, augment, scratch, epoch);
    } else {
      gatherBatch(data, scale, order, from, buffers.x, buffers.y, buffers.labels, augment, scratch, epoch);
    }
    return buffers;
  };
}
