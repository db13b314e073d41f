import { kernels } from '@nn/linalg/internal';
import type { ParameterRange } from '../../training/optimizers/optimizer';
import { piecesWithin, SHARE_ALIGNMENT } from './parameter-share';
import type { StepChannel } from './step-channel';

/**
 * Floats of a slot copied into kernel memory at a time (256 KiB): the copy is still in L2 when the kernel adds
 * it, and the scratch stays small (a whole slot is 7.5 MB for the 784-1024-1024-10 network, in every thread).
 */
const CHUNK = 65_536;

/**
 * One chunk of the sum: a gradient array's range, the same range of every replica's slot, where a slot is copied
 * (unless read in place), and where this replica's own gradients wait for their turn (replicas after the second only).
 */
interface Chunk {
  gradient: Float32Array;
  sources: Float32Array[];
  scratch: Float32Array;
  own: Float32Array;
}

/**
 * Adds up the replicas' gradients over this replica's share of the parameters, into its gradient arrays:
 * g = ((w_0·g_0 + w_1·g_1) + w_2·g_2) + …, with w_r the share of the batch in shard r, in that order whichever
 * replica sums (float addition is commutative, so the first pair may start from either): replicas that each sum
 * everything get the same bits, and a split update gives the bits of an unsplit one. Its own gradients are in
 * the arrays, the others' in their slots: read in place when the slots are in the kernel memory the threads share
 * (see memory-sharing.ts), else copied into kernel memory first, chunk by chunk, so the additions run in the
 * WebAssembly kernel (a plain loop takes longer than copy and sum). The chunks' views are made once: a `subarray`
 * per chunk and step would be garbage on every step.
 */
export class GradientSum {
  private readonly chunks: Chunk[] = [];
  /**
   * Kept although only its `subarray`s are used: the heap hands a block back once the array it allocated is
   * collected, and a subarray does not keep that array alive (the block then went to another allocation while the
   * sum still wrote into it).
   */
  private readonly scratch: Float32Array;
  /** Where a replica after the second keeps its own gradients while the sum starts from the first two. */
  private readonly ownScratch: Float32Array;

  /** Whether the slots are in the kernel memory the threads share, so the kernel reads them in place. */
  private readonly inPlace: boolean;

  constructor(
    channel: StepChannel,
    private readonly replica: number,
    gradients: Float32Array[],
    share: ParameterRange,
  ) {
    const inPlace = channel.slotsInKernelMemory;
    this.inPlace = inPlace;
    const slots = Array.from({ length: channel.replicas }, (_, r) => channel.slot(r));
    // SHARE_ALIGNMENT floats more, so each chunk's copy can sit in the scratch as its slot piece sits in its line.
    const chunk = Math.min(CHUNK, channel.parameterCount) + SHARE_ALIGNMENT;
    this.scratch = inPlace ? new Float32Array(0) : kernels().allocate(chunk);
    this.ownScratch = replica >= 2 ? kernels().allocate(chunk) : this.scratch;
    for (let start = share.from; start < share.to; start += CHUNK) {
      const range = { from: start, to: Math.min(start + CHUNK, share.to) };
      const linked = slots.map((slot) => piecesWithin(gradients, slot, range));
      linked[0]!.forEach((piece, p) => {
        const length = piece.own.length;
        // The scratch is line-aligned kernel memory: starting the copy at the piece's place within its line keeps
        // both ends of the copy alike within 8 bytes (see SHARE_ALIGNMENT).
        const lead = (piece.shared.byteOffset % (4 * SHARE_ALIGNMENT)) / 4;
        this.chunks.push({
          gradient: piece.own,
          sources: linked.map((pieces) => pieces[p]!.shared),
          scratch: inPlace ? this.scratch : this.scratch.subarray(lead, lead + length),
          own: replica >= 2 ? this.ownScratch.subarray(lead, lead + length) : piece.own,
        });
      });
    }
  }

  /** Writes the weighted sum into this replica's share of the gradient arrays; false when a result is not finite. */
  sum(weights: Float64Array): boolean {
    const { replica, chunks } = this;
    const replicas = weights.length;
    if (replicas < 2) return true;
    const set = kernels();
    let check = 0;
    for (let c = 0; c < chunks.length; c++) {
      const { gradient, sources, scratch, own } = chunks[c]!;
      const n = gradient.length;
      // The first pair: the arrays hold this replica's gradients, which for replicas 0 and 1 are one of the pair.
      if (replica < 2) {
        check = set.scaleAdd(
          n,
          weights[1 - replica]!,
          this.read(sources[1 - replica]!, scratch),
          weights[replica]!,
          gradient,
        );
      } else {
        own.set(gradient);
        gradient.set(sources[0]!);
        check = set.scaleAdd(n, weights[1]!, this.read(sources[1]!, scratch), weights[0]!, gradient);
      }
      for (let r = 2; r < replicas; r++) {
        const term = r === replica ? own : this.read(sources[r]!, scratch);
        check += set.scaleAdd(n, weights[r]!, term, 1, gradient);
      }
      if (!Number.isFinite(check)) return false;
    }
    return true;
  }

  /** Another replica's piece as the kernel reads it: in place, or copied into the scratch. */
  private read(source: Float32Array, scratch: Float32Array): Float32Array {
    if (this.inPlace) return source;
    scratch.set(source);
    return scratch;
  }
}
