import { DataParallelError } from '../../errors';
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
   * A resumed fit: the coordinator's optimiser state (in the path's layout) goes to the helpers slot by slot through
   * the channel, and each copies its share. Sent with their start-up data instead, it was a copy of the whole state
   * the coordinator made and each helper kept for the run, and each helper's whole state became resident.
   */
  load(): void {
    const state = this.shards.optimizer.state();
    const names = this.slotNames(state);
    names.forEach((name, slot) => {
      writeBackToBack(this.channel.slot(slot), state.slots[name]!);
      const step = this.nextRequest();
      this.channel.request(step, 0, 0, slot, this.shards.optimizer, Command.LoadStateSlot);
      this.replica.loadStateSlot(step, slot);
      this.channel.marks.awaitAll('released', step);
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
   * whole; the first layer's part, if the path keeps it transposed, is
   * turned back where it lies. Copying the other shares into this thread's state instead made their pages
   * resident for the rest of the run. Views of the channel: valid until the next step, or for good after `close`.
   */
  assemble(): OptimizerState {
    const state = this.shards.optimizer.state();
    const names = this.slotNames(state);
    const first = this.shards.transposedFirstLayer;
    const slots: Record<string, Float32Array[]> = {};
    names.forEach((name, slot) => {
      const step = this.nextRequest();
      this.channel.request(step, 0, 0, slot, this.shards.optimizer, Command.PostStateSlot);
      this.replica.postStateSlot(step, slot);
      this.channel.marks.awaitAll('posted', step);
      const views = consecutiveViews(this.channel.slot(slot), state.slots[name]!);
      if (first) transposeInPlace(views[0]!, first.rows, first.cols);
      slots[name] = views;
    });
    return { ...state, slots };
  }
}
