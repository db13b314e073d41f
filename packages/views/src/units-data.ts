/**
 * What the unit and histogram views draw, as plain data (like view-data.ts): the dashboard's host reads it from
 * the run folder (unit-statistics.json, the histograms on metrics.jsonl's epoch lines), the report embeds it.
 */

/**
 * The first hidden layer's units on the test set after `epoch`. A unit fires on an image when its pre-activation
 * z = w·x + b > 0 (relu: a > 0; sigmoid: a > 0.5; tanh: a > 0); `active[u]` = 0 marks a dead unit.
 */
export interface UnitsShown {
  epoch: number;
  testSize: number;
  activation: string;
  active: number[];
  weightNorms: number[];
  /** Per unit: [test index, activation] of the images with the highest z, highest first. */
  top: [number, number][][];
}

/** One layer's weights at an epoch's end: counts[i] over [min + i·w, min + (i+1)·w), w = (max − min)/counts.length. */
export interface HistogramShown {
  min: number;
  max: number;
  counts: number[];
}

/** Each recorded epoch's histograms, one per layer, in epoch order. */
export interface EpochHistograms {
  epoch: number;
  layers: HistogramShown[];
}

/** The test digits that excite one unit most: pixels `size`×`size` bytes per sample, one after another. */
export interface UnitDigits {
  unit: number;
  epoch: number;
  samples: { index: number; activation: number }[];
  size: number;
  pixels: Uint8Array;
  /** Why there are no digits to show, when there are none. */
  problem?: string;
}
