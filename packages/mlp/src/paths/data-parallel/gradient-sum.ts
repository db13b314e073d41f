import { kernels } from '@nn/linalg/internal';
import type { StepChannel } from './step-channel';

/**
 * Floats of a slot copied into kernel memory at a time (256 KiB): the copy is still in L2 when the kernel adds
 * it, and the scratch stays small (a whole slot is 7.5 MB for the 784-1024-1024-10 network, in every thread).
 */
const CHUNK = 65_536;

/** One chunk of the sum: a gradient array's range, the same range of every replica's slot, and where it is copied. */
interface Chunk {
  gradient: Float32Array;
  slots: Float32Array[];
  scratch: Float32Array;
}

/**
 * Adds up the replicas' posted gradients into this replica's gradient arrays: g = Σ_r w_r · g_r, with w_r the
 * share of the batch in shard r. Every replica must get bit-identical sums, so the order of the float
 * operations is fixed: with two replicas each computes w_me·g_me + w_other·g_other, which is the same sum
 * (float addition is commutative, only its association matters); with more, everyone starts from g_0 and adds
 * the others in replica order. The other slots are copied into kernel memory first, chunk by chunk, so the
 * additions run in the WebAssembly kernel (a plain loop over every gradient takes longer than copy and sum).
 * The chunks' views are made once: a `subarray` per chunk and step would be garbage on every step.
 */
export class GradientSum {
  private readonly chunks: Chunk[] = [];
  /**
   * Kept although only its `subarray`s are used: the heap hands a block back once the array it allocated is
   * collected, and a subarray does not keep that array alive (the block then went to another allocation while the
   * sum still wrote into it).
   */
  private readonly scratch: Float32Array;

  constructor(
    private readonly channel: StepChannel,
    private readonly replica: number,
    gradients: Float32Array[],
  ) {
    this.scratch = kernels().allocate(Math.min(CHUNK, channel.parameterCount));
    const slots = Array.from({ length: channel.replicas }, (_, r) => channel.slot(r));
    let offset = 0;
    for (const gradient of gradients) {
      for (let start = 0; start < gradient.length; start += CHUNK) {
        const end = Math.min(start + CHUNK, gradient.length);
        this.chunks.push({
          gradient: gradient.subarray(start, end),
          slots: slots.map((slot) => slot.subarray(offset + start, offset + end)),
          scratch: this.scratch.subarray(0, end - start),
        });
      }
      offset += gradient.length;
    }
  }

  /** Writes the weighted sum into the gradient arrays; false when a result is not finite. */
  sum(weights: Float64Array): boolean {
    const { channel, replica, chunks } = this;
    const set = kernels();
    let check = 0;
    if (channel.replicas === 2) {
      // The gradient arrays still hold this replica's own gradients (identical to its slot).
      const other = 1 - replica;
      for (let c = 0; c < chunks.length; c++) {
        const { gradient, slots, scratch } = chunks[c]!;
        scratch.set(slots[other]!);
        check += set.scaleAdd(gradient.length, weights[other]!, scratch, weights[replica]!, gradient);
      }
      return Number.isFinite(check);
    }
    for (let c = 0; c < chunks.length; c++) {
      const { gradient, slots, scratch } = chunks[c]!;
      gradient.set(slots[0]!);
      for (let r = 1; r < channel.replicas; r++) {
        scratch.set(slots[r]!);
        check += set.scaleAdd(gradient.length, weights[r]!, scratch, r === 1 ? weights[0]! : 1, gradient);
      }
    }
    return Number.isFinite(check);
  }
}
