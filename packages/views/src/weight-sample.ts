import type { WireLayer } from './view-data';

/** A first layer over 28×28 images is drawn as a tile per unit, 64 a page: more at once become a wall of noise. */
export const MAX_TILES = 64;
/** Other layers are drawn as a matrix; 128 units × 256 inputs is as much as a panel shows cell by cell. */
export const MAX_MATRIX_UNITS = 128;
export const MAX_MATRIX_INPUTS = 256;
const IMAGE_INPUTS = 28 * 28;

/** One layer's full weights on the host: rows = units, cols = inputs, row-major. */
export interface LayerWeights {
  rows: number;
  cols: number;
  weights: Float32Array;
  /** One per unit; the heatmaps leave it out, the digit pad needs it. */
  bias?: Float32Array;
}

/** The weights a checkpoint file holds, after `epoch` complete epochs. */
export interface CheckpointWeights {
  epoch: number;
  layers: LayerWeights[];
}

/** `count` indices spread evenly over 0…size-1 (all of them when size ≤ count), the same on every snapshot. */
export function evenlySpaced(size: number, count: number): number[] {
  const n = Math.min(size, count);
  return Array.from({ length: n }, (_, i) => Math.floor((i * size) / n));
}

/**
 * The part of one layer's weights (rows = units, cols = inputs, row-major) the dashboard draws. A layer of
 * 784-1024-1024-10 is 7 MB a snapshot; its sample is about 300 kB, so updates keep pace with the run. A tiled layer
 * sends the page of units the page shows (`tileUnits`, at most `MAX_TILES` of them; the first units until it says),
 * any other layer an evenly spaced sample.
 */
export function sampleLayer(layer: LayerWeights, tileUnits?: readonly number[]): WireLayer {
  const { rows, cols, weights } = layer;
  const tiled = cols === IMAGE_INPUTS;
  const units = tiled ? pageOfUnits(rows, tileUnits) : evenlySpaced(rows, MAX_MATRIX_UNITS);
  const inputs = evenlySpaced(cols, tiled ? cols : MAX_MATRIX_INPUTS);
  if (units.length === rows && inputs.length === cols) return { rows, cols, units, inputs, weights: weights.slice() };
  const sample = new Float32Array(units.length * inputs.length);
  units.forEach((unit, r) => {
    const from = unit * cols;
    inputs.forEach((input, c) => {
      sample[r * inputs.length + c] = weights[from + input] as number;
    });
  });
  return { rows, cols, units, inputs, weights: sample };
}

/** The units of a page of tiles that exist in a layer of `rows` units, or its first page when none is asked for. */
function pageOfUnits(rows: number, asked: readonly number[] | undefined): number[] {
  const units = (asked ?? []).filter((unit) => Number.isInteger(unit) && unit >= 0 && unit < rows);
  return units.length > 0 ? units.slice(0, MAX_TILES) : evenlySpaced(Math.min(rows, MAX_TILES), MAX_TILES);
}

/** Every weight of a layer as it is drawn (the report pages through a whole first layer without a host). */
export function wholeLayer(layer: LayerWeights): WireLayer {
  const { rows, cols, weights } = layer;
  const all = (size: number) => Array.from({ length: size }, (_, i) => i);
  return { rows, cols, units: all(rows), inputs: all(cols), weights: weights.slice() };
}
