import { type ParameterRange, rangeEnd, rangeStart } from '../../training/optimizers/optimizer';

/**
 * Parameters from which the threads split the update: below, one thread's Adam over all of them takes about as
 * long as the two more waits for each other a split step needs (docs/benchmarks.md, "Copies between shared
 * buffers").
 */
export const SPLIT_UPDATE_FROM = 50_000;

/**
 * Where shares may start, in floats: a 64-byte line. A copy between two shared buffers (every copy to or from the
 * channel) runs word by word only when both ends sit alike within 8 bytes, else byte by byte, ten times slower
 * (docs/benchmarks.md, "Copies between shared buffers").
 */
export const SHARE_ALIGNMENT = 16;

/**
 * How the threads of a data-parallel fit divide the update (networks of SPLIT_UPDATE_FROM parameters or more): replica r of R updates the places
 * [start(r), start(r + 1)) of the P parameters (see `ParameterRange`), start(r) = ⌊P·r/R⌋ rounded down to a
 * multiple of SHARE_ALIGNMENT and start(R) = P, then the threads copy each other's shares through shared memory.
 * Adam's work and the gradient sum are split instead of repeated on every thread.
 */
export function shareOf(replica: number, replicas: number, parameterCount: number): ParameterRange {
  const start = (r: number): number =>
    r >= replicas
      ? parameterCount
      : Math.floor(Math.floor((parameterCount * r) / replicas) / SHARE_ALIGNMENT) * SHARE_ALIGNMENT;
  return { from: start(replica), to: start(replica + 1) };
}

/** A part of one of a path's arrays and the view of a shared array (one float per place) at the same places. */
export interface LinkedPiece {
  readonly own: Float32Array;
  readonly shared: Float32Array;
}

/**
 * The parts of `arrays` (back to back from place 0) that lie in `range`, each linked to the same places of
 * `shared`. Made once per exchange: a `subarray` per step would be garbage on every step.
 */
export function piecesWithin(arrays: Float32Array[], shared: Float32Array, range: ParameterRange): LinkedPiece[] {
  const pieces: LinkedPiece[] = [];
  let at = 0;
  for (const array of arrays) {
    const start = rangeStart(range, at);
    const end = rangeEnd(range, at, array.length);
    if (end > start) pieces.push({ own: array.subarray(start, end), shared: shared.subarray(at + start, at + end) });
    at += array.length;
  }
  return pieces;
}

/** The parts of `arrays` outside `range`, linked as `piecesWithin` links them. */
export function piecesOutside(arrays: Float32Array[], shared: Float32Array, range: ParameterRange): LinkedPiece[] {
  return [
    ...piecesWithin(arrays, shared, { from: 0, to: range.from }),
    ...piecesWithin(arrays, shared, { from: range.to, to: Number.POSITIVE_INFINITY }),
  ];
}

/** Copies each piece's own values into the shared array. */
export function copyToShared(pieces: LinkedPiece[]): void {
  for (let p = 0; p < pieces.length; p++) pieces[p]!.shared.set(pieces[p]!.own);
}

/** Copies the shared array's values into each piece's own array. */
export function copyFromShared(pieces: LinkedPiece[]): void {
  for (let p = 0; p < pieces.length; p++) pieces[p]!.own.set(pieces[p]!.shared);
}

/** Views of `whole` with the lengths of `arrays`, back to back from its start. */
export function consecutiveViews(whole: Float32Array, arrays: Float32Array[]): Float32Array[] {
  let at = 0;
  return arrays.map((array) => {
    const view = whole.subarray(at, at + array.length);
    at += array.length;
    return view;
  });
}

/** Writes `arrays` into `whole` back to back from its start (the places `consecutiveViews` gives back). */
export function writeBackToBack(whole: Float32Array, arrays: Float32Array[]): void {
  let at = 0;
  for (const array of arrays) {
    whole.set(array, at);
    at += array.length;
  }
}
