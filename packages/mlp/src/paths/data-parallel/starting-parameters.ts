import type { Network } from '../../model/network';
import type { StepChannel } from './step-channel';

/**
 * The coordinator hands the helpers the network's starting parameters in the channel's first slot, which no step
 * uses before every helper is ready. Sent with the thread's start-up data instead, they were a copy the coordinator
 * had to make (a view would clone the whole WebAssembly memory behind it) and one each helper kept for the run.
 */
export function writeStartingParameters(channel: StepChannel, network: Network): void {
  const slot = channel.slot(0);
  let at = 0;
  for (const array of network.parameters()) {
    slot.set(array, at);
    at += array.length;
  }
}

/** A helper's side of `writeStartingParameters`: the parameters, in `network.parameters()` order, copied in. */
export function readStartingParameters(channel: StepChannel, network: Network): void {
  const slot = channel.slot(0);
  let at = 0;
  for (const array of network.parameters()) {
    array.set(slot.subarray(at, at + array.length));
    at += array.length;
  }
}
