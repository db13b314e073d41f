import type { Network } from '../../model/network';
import { consecutiveViews, writeBackToBack } from './parameter-share';
import type { StepChannel } from './step-channel';

/**
 * The coordinator hands the helpers the network's starting parameters in the channel's first slot, which no step
 * uses before every helper is ready. Sent with the thread's start-up data instead, they were a copy the coordinator
 * had to make (a view would clone the whole WebAssembly memory behind it) and one each helper kept for the run.
 */
export function writeStartingParameters(channel: StepChannel, network: Network): void {
  writeBackToBack(channel.slot(0), network.parameters());
}

/** A helper's side of `writeStartingParameters`: the parameters, in `network.parameters()` order, copied in. */
export function readStartingParameters(channel: StepChannel, network: Network): void {
  const parameters = network.parameters();
  consecutiveViews(channel.slot(0), parameters).forEach((view, k) => {
    parameters[k]!.set(view);
  });
}
