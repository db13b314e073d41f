import type { ParameterRange } from '../../training/optimizers/optimizer';
import { type LinkedPiece, piecesWithin, SPLIT_UPDATE_FROM, shareOf } from './parameter-share';

/**
 * Where each replica's channel slot keeps what the replicas exchange in a step. When each replica sums and
 * updates everything, its slot holds all its gradients, each at its own place. When the update is split, the slot
 * holds only the gradients outside the replica's share (the others sum them), packed together with the share's
 * places left out; once every replica has summed, the same floats from place 0 carry the replica's updated
 * weights of its share (or, on export, a slot of its optimiser state). A 2-thread slot is then half the parameters.
 */
export class SlotLayout {
  /** Whether the replicas split the update (else each sums and updates all parameters). */
  readonly split: boolean;
  /** Floats per slot. */
  readonly length: number;
  private readonly shares: ParameterRange[];

  /** `splitUpdate`: `DataParallelOptions.splitUpdate`; undefined decides by the parameter count. */
  constructor(replicas: number, parameterCount: number, splitUpdate?: boolean) {
    this.split = replicas > 1 && (splitUpdate ?? parameterCount >= SPLIT_UPDATE_FROM);
    const whole = { from: 0, to: parameterCount };
    this.shares = Array.from({ length: replicas }, (_, r) =>
      this.split ? shareOf(r, replicas, parameterCount) : whole,
    );
    const sizes = this.shares.map(({ from, to }) => to - from);
    this.length = this.split ? Math.max(...sizes.map((size) => Math.max(size, parameterCount - size))) : parameterCount;
  }

  /** The parameters replica `replica` sums and updates: all of them, unless the update is split. */
  share(replica: number): ParameterRange {
    return this.shares[replica]!;
  }

  /** Where replica `owner`'s slot holds the gradient of `place` (a place outside its share when split). */
  gradientPosition(owner: number, place: number): number {
    const { from, to } = this.shares[owner]!;
    return this.split && place >= to ? place - (to - from) : place;
  }

  /** The gradients replica `replica` posts (`arrays`, in parameter order), each linked to its place in `slot`. */
  postedGradients(replica: number, arrays: Float32Array[], slot: Float32Array): LinkedPiece[] {
    const { from, to } = this.shares[replica]!;
    if (!this.split) return piecesWithin(arrays, slot, { from, to });
    return [
      ...piecesWithin(arrays, slot, { from: 0, to: from }),
      ...piecesWithin(arrays, slot, { from: to, to: Number.POSITIVE_INFINITY }, to - from),
    ];
  }

  /** Replica `owner`'s share of `arrays` (weights or a state slot), linked to where its slot carries them. */
  shareValues(owner: number, arrays: Float32Array[], slot: Float32Array): LinkedPiece[] {
    const share = this.shares[owner]!;
    return piecesWithin(arrays, slot, share, share.from);
  }
}
