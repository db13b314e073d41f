import { kernels } from '@nn/linalg/internal';
import type { ParameterRange } from '../../training/optimizers/optimizer';
import { piecesWithin } from './parameter-share';
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
 * Adds up the replicas' posted gradients over this replica's share of the parameters, into its gradient arrays:
 * g = w_me·g_me + Σ w_r·g_r over the other replicas r in order, with w_r the share of the batch in shard r. Only
 * this replica sums its share, so the order only has to be fixed, not agreed; with two replicas either share is
 * w_0·g_0 + w_1·g_1, as when every replica summed everything. The other slots are copied into kernel memory
 * first, chunk by chunk, so the additions run in the WebAssembly kernel (a plain loop takes longer than copy and
 * sum). The chunks' views are made once: a `subarray` per chunk and step would be garbage on every step.
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
    share: ParameterRange,
  ) {
    this.scratch = kernels().allocate(Math.min(CHUNK, channel.parameterCount));
    const slots = Array.from({ length: channel.replicas }, (_, r) => channel.slot(r));
    for (let start = share.from; start < share.to; start += CHUNK) {
      const end = Math.min(start + CHUNK, share.to);
      for (const piece of piecesWithin(gradients, slots[0]!, start, end)) {
        const from = piece.shared.byteOffset - slots[0]!.byteOffset;
        this.chunks.push({
          gradient: piece.own,
          slots: slots.map((slot) => new Float32Array(slot.buffer, slot.byteOffset + from, piece.own.length)),
          scratch: this.scratch.subarray(0, piece.own.length),
        });
      }
    }
  }

  /** Writes the weighted sum into this replica's share of the gradient arrays; false when a result is not finite. */
  sum(weights: Float64Array): boolean {
    const { channel, replica, chunks } = this;
    const set = kernels();
    let check = 0;
    for (let c = 0; c < chunks.length; c++) {
      const { gradient, slots, scratch } = chunks[c]!;
      // The gradient arrays still hold this replica's own gradients.
      let own = weights[replica]!;
      for (let r = 0; r < channel.replicas; r++) {
        if (r === replica) continue;
        scratch.set(slots[r]!);
        check += set.scaleAdd(gradient.length, weights[r]!, scratch, own, gradient);
        own = 1;
      }
    }
    return Number.isFinite(check);
  }
}
