/**
 * Where things sit in a step channel's shared memory: an Int32 header of control words and per-replica counters,
 * the Float64 numbers (learning rate, each replica's loss, then each replica's absolute error), the failure text, then one slot per replica
 * (gradients and weights, see StepChannel), each part 16-byte aligned.
 */

/** Control words of the channel's Int32 header. */
export const REQUESTED = 0; // the step number the coordinator last asked for
export const COMMAND = 1;
export const START = 2;
export const SIZE = 3;
export const EPOCH = 4;
export const FAILED = 5; // 0, or 1 + the index of the replica that failed
export const READY = 6; // replicas that have finished setting up
export const HEADER = 8; // then per replica: 4 step marks (step-marks.ts), correct[r], summedFinite[r]
/** Words per replica after `HEADER`, in the order above. */
export const REPLICA_WORDS = 6;

export const ERROR_BYTES = 1024;

/** Byte offsets of the numbers and of the first slot, for `replicas` threads. */
export function channelLayout(replicas: number): { wordBytes: number; numberBytes: number; slotsAt: number } {
  const wordBytes = align((HEADER + REPLICA_WORDS * replicas) * 4, 16);
  const numberBytes = align((1 + 2 * replicas) * 8, 16);
  return { wordBytes, numberBytes, slotsAt: wordBytes + numberBytes + ERROR_BYTES };
}

/** The bytes of a channel whose slots (one per replica, `parameterCount` floats each) follow its words. */
export function channelBytes(replicas: number, parameterCount: number): number {
  return channelLayout(replicas).slotsAt + 4 * allSlotsFloats(replicas, parameterCount);
}

/** Floats from one slot's start to the next's: whole cache lines, so every slot starts on one. */
export function slotFloats(parameterCount: number): number {
  return align(parameterCount * 4, 64) / 4;
}

/** Floats of all the replicas' slots back to back, as a channel lays them out in kernel memory. */
export function allSlotsFloats(replicas: number, parameterCount: number): number {
  return replicas * slotFloats(parameterCount);
}

export function align(bytes: number, to: number): number {
  return Math.ceil(bytes / to) * to;
}
