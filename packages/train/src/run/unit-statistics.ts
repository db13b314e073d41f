/**
 * unit-statistics.json: what each unit of the first hidden layer did on the test set at the newest epoch (how often
 * it fired, its weight norm, the test images that excite it most), measured by the evaluation fit runs each epoch.
 * The images' pixels are read from the test set by index, as for test-cells.json.
 */

import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { UnitStatistics } from '@nn/mlp';
import { RunFolderError } from '../errors';

/** The file's name inside a run folder (RUN_FILES.unitStatistics). */
export const UNIT_STATISTICS_FILE = 'unit-statistics.json';

/** One test image that excites a unit: its index in the test set and the unit's activation a = f(z) on it. */
export type UnitSampleRecord = [index: number, activation: number];

export interface UnitStatisticsRecord {
  epoch: number;
  /** Test images evaluated; every index is below it. */
  testSize: number;
  /** The hidden layer's activation (@nn/mlp's name). A unit fires on an image when z = w·x + b > 0. */
  activation: string;
  /** Per unit: on how many test images it fired; 0 = a dead unit (never fires on the test set). */
  active: number[];
  /** Per unit: the Euclidean norm of its weights (bias left out). */
  weightNorms: number[];
  /** Per unit: the test images with the highest z, highest first. */
  top: UnitSampleRecord[][];
}

/** The record of one evaluation's statistics, rounded to what a view shows (keeps the file small). */
export function unitStatisticsRecord(units: UnitStatistics, epoch: number, activation: string): UnitStatisticsRecord {
  const round = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(5)) : 0);
  return {
    epoch,
    testSize: units.samples,
    activation,
    active: Array.from(units.active),
    weightNorms: Array.from(units.weightNorms, round),
    top: units.top.map((list) => list.map(({ index, activation: a }): UnitSampleRecord => [index, round(a)])),
  };
}

const isCount = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;

/** Why `value` is not a valid unit-statistics.json, or undefined when it is. */
export function unitStatisticsProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return 'not an object';
  const { epoch, testSize, activation, active, weightNorms, top } = value as Record<string, unknown>;
  if (!isCount(epoch) || epoch < 1) return 'epoch is not a whole number from 1';
  if (!isCount(testSize)) return 'testSize is not a count';
  if (typeof activation !== 'string') return 'activation is not a name';
  if (!Array.isArray(active) || active.length < 1) return 'active is not a list of counts per unit';
  const units = active.length;
  if (!active.every((n) => isCount(n) && n <= testSize))
    return `active holds something other than counts ≤ ${testSize}`;
  if (!Array.isArray(weightNorms) || weightNorms.length !== units) return `weightNorms does not have ${units} entries`;
  if (!weightNorms.every((n) => Number.isFinite(n) && n >= 0)) return 'weightNorms holds something other than norms';
  if (!Array.isArray(top) || top.length !== units) return `top does not have ${units} lists`;
  for (const [unit, list] of top.entries()) {
    if (!Array.isArray(list)) return `top[${unit}] is not a list`;
    for (const sample of list) {
      if (!Array.isArray(sample) || sample.length !== 2) return `top[${unit}] holds something other than [index, a]`;
      const [index, a] = sample as unknown[];
      if (!isCount(index) || index >= testSize) return `top[${unit}] holds index ${index}, not a test image`;
      if (!Number.isFinite(a)) return `top[${unit}] holds activation ${a}, not a number`;
    }
  }
  return undefined;
}

/**
 * A run folder's unit-statistics.json, or undefined when the run has none (recorded before it existed, no epoch
 * finished yet, or a network without a hidden layer). A file that is there but unreadable or malformed is a
 * RunFolderError naming what is wrong.
 */
export function readUnitStatistics(runDir: string): UnitStatisticsRecord | undefined {
  const path = join(resolve(runDir), UNIT_STATISTICS_FILE);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new RunFolderError(path, `unreadable unit statistics: ${(error as Error).message}`);
  }
  const problem = unitStatisticsProblem(parsed);
  if (problem) throw new RunFolderError(path, `malformed unit statistics: ${problem}`);
  return parsed as UnitStatisticsRecord;
}
