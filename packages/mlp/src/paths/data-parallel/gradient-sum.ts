import { kernels } from '@nn/linalg/internal';
import type { StepChannel } from './step-channel';

/**
 * Adds up the replicas' posted gradients into this replica's gradient arrays: g = Σ_r w_r · g_r, with w_r the
 * share of the batch in shard r. Every replica must get bit-identical sums, so the order of the float
 * operations is fixed: with two replicas each computes w_me·g_me + w_other·g_other, which is the same sum
 * (float addition is commutative, only its association matters); with more, everyone starts from g_0 and adds
 * the others in replica order. The other slots are copied into kernel memory first, so the additions run in
 * the WebAssembly kernel (a plain loop over every gradient takes longer than the copy and the sum together).
 */
export class GradientSum {
  private readonly scratch: Float32Array;
  /** Per gradient array, its part of `scratch` and of each slot. */
  private readonly scratchParts: Float32Array[];
  private readonly slotParts: Float32Array[][];

  constructor(
    private readonly channel: StepChannel,
    private readonly replica: number,
    private readonly gradients: Float32Array[],
  ) {
    this.scratch = kernels().allocate(channel.parameterCount);
    const parts = (whole: Float32Array) => {
      let end = 0;
      return gradients.map((g) => {
        end += g.length;
        return whole.subarray(end - g.length, end);
      });
    };
    this.scratchParts = parts(this.scratch);
    this.slotParts = Array.from({ length: channel.replicas }, (_, r) => parts(channel.slot(r)));
  }

  /** Writes the weighted sum into the gradient arrays; false when a result is not finite. */
  sum(weights: Float64Array): boolean {
    const { channel, replica, gradients } = this;
    const set = kernels();
    let check = 0;
    if (channel.replicas === 2) {
      // The gradient arrays still hold this replica's own gradients (identical to its slot).
      const other = 1 - replica;
      this.scratch.set(channel.slot(other));
      for (let k = 0; k < gradients.length; k++) {
        const g = gradients[k]!;
        check += set.scaleAdd(g.length, weights[other]!, this.scratchParts[k]!, weights[replica]!, g);
      }
      return Number.isFinite(check);
    }
    for (let k = 0; k < gradients.length; k++) gradients[k]!.set(this.slotParts[0]![k]!);
    for (let r = 1; r < channel.replicas; r++) {
      this.scratch.set(channel.slot(r));
      for (let k = 0; k < gradients.length; k++) {
        const g = gradients[k]!;
        check += set.scaleAdd(g.length, weights[r]!, this.scratchParts[k]!, r === 1 ? weights[0]! : 1, g);
      }
    }
    return Number.isFinite(check);
  }
}
