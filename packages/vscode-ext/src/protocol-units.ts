/**
 * The unit and histogram views' part of the dashboard protocol (protocol.ts holds the rest). The page asks for a
 * run's unit statistics and weight histograms when it has a new epoch to show (a few kB, read from the run folder),
 * and for one unit's top test digits when the user clicks its tile, as for a confusion cell's digits.
 */

import type { EpochHistograms, UnitsShown } from '@nn/views/units-data';

/** The page asks for the unit statistics and histograms of the run it shows; the host finds `runId` itself. */
export interface UnitsRequest {
  type: 'units';
  runId: string;
}

/** The answer: absent parts were not recorded (an older run, or no epoch finished); `problem` when unreadable. */
export interface UnitsMessage {
  type: 'units';
  runId: string;
  units?: UnitsShown;
  histograms: EpochHistograms[];
  problem?: string;
}

/** The page asks for the test digits that excite `unit` most, by the statistics of `epoch` it shows. */
export interface UnitDigitsRequest {
  type: 'unitDigits';
  runId: string;
  epoch: number;
  unit: number;
}

/** The answer: the unit's top samples and their pixels, `size`×`size` bytes each; `problem` says why there are none. */
export interface UnitDigitsMessage {
  type: 'unitDigits';
  runId: string;
  epoch: number;
  unit: number;
  samples: { index: number; activation: number }[];
  size: number;
  pixels: Uint8Array;
  problem?: string;
}

type Fields = Record<string, unknown>;
const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null;
const isCount = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;
const isFiniteNumber = (value: unknown): value is number => Number.isFinite(value);
const isProblem = (value: unknown) => value === undefined || typeof value === 'string';

export function parseUnitsRequest(value: Fields): UnitsRequest | undefined {
  return typeof value.runId === 'string' ? { type: 'units', runId: value.runId } : undefined;
}

export function parseUnitDigitsRequest(value: Fields): UnitDigitsRequest | undefined {
  const { runId, epoch, unit } = value;
  if (typeof runId !== 'string' || !isCount(epoch) || !isCount(unit)) return undefined;
  return { type: 'unitDigits', runId, epoch, unit };
}

function isUnitsShown(value: unknown): value is UnitsShown {
  if (!isObject(value)) return false;
  const { epoch, testSize, activation, active, weightNorms, top } = value;
  return (
    isCount(epoch) &&
    isCount(testSize) &&
    typeof activation === 'string' &&
    Array.isArray(active) &&
    active.every(isCount) &&
    Array.isArray(weightNorms) &&
    weightNorms.length === active.length &&
    weightNorms.every(isFiniteNumber) &&
    Array.isArray(top) &&
    top.length === active.length &&
    top.every(
      (list) =>
        Array.isArray(list) &&
        list.every(
          (s) => Array.isArray(s) && s.length === 2 && isCount(s[0]) && s[0] < testSize && isFiniteNumber(s[1]),
        ),
    )
  );
}

function isEpochHistograms(value: unknown): value is EpochHistograms {
  return (
    isObject(value) &&
    isCount(value.epoch) &&
    Array.isArray(value.layers) &&
    value.layers.every(
      (h) =>
        isObject(h) &&
        isFiniteNumber(h.min) &&
        isFiniteNumber(h.max) &&
        h.min <= h.max &&
        Array.isArray(h.counts) &&
        h.counts.length >= 1 &&
        h.counts.every(isCount),
    )
  );
}

export function isUnitsMessage(value: Fields): boolean {
  return (
    typeof value.runId === 'string' &&
    (value.units === undefined || isUnitsShown(value.units)) &&
    Array.isArray(value.histograms) &&
    value.histograms.every(isEpochHistograms) &&
    isProblem(value.problem)
  );
}

export function isUnitDigitsMessage(value: Fields): boolean {
  const { runId, epoch, unit, samples, size, pixels, problem } = value;
  return (
    typeof runId === 'string' &&
    isCount(epoch) &&
    isCount(unit) &&
    Array.isArray(samples) &&
    samples.every((s) => isObject(s) && isCount(s.index) && isFiniteNumber(s.activation)) &&
    isCount(size) &&
    pixels instanceof Uint8Array &&
    pixels.length === samples.length * size * size &&
    isProblem(problem)
  );
}
