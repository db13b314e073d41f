import { DataParallelError } from '../../errors';
import { checkSlotSizes } from '../../training/optimizers';
import type { OptimizerState } from '../../training/optimizers/optimizer';
import type { BatchPath } from '../step-path';
import { consecutiveViews, writeBackToBack } from './parameter-share';
import type { Replica } from './replica';
import { Command, type StepChannel } from './step-channel';
import { transposeInPlace } from './transpose-in-place';

/**
 * Optimiser states between the coordinator and the helpers of a data-parallel fit, through the channel: state slot
 * s goes through the channel's slot s (Adam's two fit the two or more there), whole, while no step is running.
 */
export class StateExchange {
  constructor(
    private readonly channel: StepChannel,
    /** The coordinator's replica. */
    private readonly replica: Replica,
    /** The coordinator's shard path, whose optimiser holds the state in the path's layout. */
    private readonly shards: BatchPath,
    /** The number of the next request to the helpers (shared with the steps). */
    private readonly nextRequest: () => number,
  ) {}

  /**
   * A resumed fit: each slot of `resume` (the network's layout) is written whole into the channel, the layers the
   * path trains transposed turned to its layout where they lie, and every replica, this one too, copies its share.
   * Each thread's optimiser is built without the slots (`withoutSlots`), so only its share of the state ever becomes
   * resident; sent with the helpers' start-up data, the state was also a copy the coordinator made and each helper
   * kept.
   */
  load(resume: OptimizerState): void {
    const state = this.shards.optimizer.state();
    this.slotNames(state).forEach((name, slot) => {
      const whole = this.channel.slot(slot);
      const given = resume.slots[name];
      if (!given) whole.fill(0);
      else {
        checkSlotSizes(state.slots[name]!, name, given);
        writeBackToBack(whole, given);
        this.turnLayers(consecutiveViews(whole, given), 'to the path');
      }
      const step = this.nextRequest();
      this.channel.request(step, 0, 0, slot, this.shards.optimizer, Command.LoadStateSlot);
      this.replica.loadStateSlot(step, slot);
      this.channel.marks.awaitAll('released', step);
    });
  }

  /** Transposes, where they lie in a slot's `views`, the layers the path trains transposed: to its layout or back. */
  private turnLayers(views: Float32Array[], to: 'to the path' | 'to the network'): void {
    this.shards.transposedLayers.forEach((weightsT, l) => {
      const [rows, cols] = to === 'to the path' ? [weightsT.cols, weightsT.rows] : [weightsT.rows, weightsT.cols];
      transposeInPlace(views[2 * l]!, rows, cols);
    });
  }

  /** The optimiser's slot names; each goes through the channel slot of its number, so there must be enough. */
  private slotNames(state: OptimizerState): string[] {
    const names = Object.keys(state.slots);
    if (names.length > this.channel.replicas) {
      throw new DataParallelError(
        `data-parallel fit: the optimiser's ${names.length} state slots do not fit the channel's ${this.channel.replicas}`,
      );
    }
    return names;
  }

  /**
   * Every replica posts its share of optimiser slot s into the channel's slot s, where the state is then read
   * whole; the parts of layers the path keeps transposed are turned back where they lie. Copying the other shares
   * into this thread's state instead made their pages resident for the rest of the run. Views of the channel: valid
   * until the next step, or for good after `close`.
   */
  assemble(): OptimizerState {
    const state = this.shards.optimizer.state();
    const names = this.slotNames(state);
    const slots: Record<string, Float32Array[]> = {};
    names.forEach((name, slot) => {
      const step = this.nextRequest();
      this.channel.request(step, 0, 0, slot, this.shards.optimizer, Command.PostStateSlot);
      this.replica.postStateSlot(step, slot);
      this.channel.marks.awaitAll('posted', step);
      const views = consecutiveViews(this.channel.slot(slot), state.slots[name]!);
      this.turnLayers(views, 'to the network');
      slots[name] = views;
    });
    return { ...state, slots };
  }
}

/** A resumed state's kind and step count, for an optimiser whose slots `StateExchange.load` then fills. */
export function withoutSlots(state: OptimizerState | undefined): OptimizerState | undefined {
  return state ? { kind: state.kind, step: state.step, slots: {} } : undefined;
}
