import type { UnitsShown } from './units-data';
import type { WireLayer } from './view-data';

/** How the first layer's tiles are ordered: as the network holds them, or by a statistic, largest first. */
export type UnitSort = 'trained' | 'norm' | 'active';

export const UNIT_SORTS: readonly { value: UnitSort; label: string }[] = [
  { value: 'trained', label: 'as trained' },
  { value: 'norm', label: 'by weight norm' },
  { value: 'active', label: 'by how often it fires' },
];

/**
 * Every unit of a layer of `count` units in the order `sort` says (ties and units without statistics keep their
 * index order): the tiles page through this order, so a sort ranks the whole layer, not only the tiles on screen.
 */
export function orderUnits(count: number, sort: UnitSort, units: UnitsShown | undefined): number[] {
  const order = Array.from({ length: count }, (_, unit) => unit);
  if (sort === 'trained' || !units) return order;
  const values = sort === 'norm' ? units.weightNorms : units.active;
  const key = (unit: number) => values[unit] ?? Number.NEGATIVE_INFINITY;
  return order.sort((p, q) => key(q) - key(p) || p - q);
}

/**
 * The rows of `layer` for the units `wanted`, in that order, leaving out those the layer does not carry (a page
 * the host has not sent the weights of yet), so the heatmap draws them as tiles and its probe names each one.
 */
export function pickUnits(layer: WireLayer, wanted: readonly number[]): WireLayer {
  const rowOf = new Map(layer.units.map((unit, r) => [unit, r]));
  const rows = wanted.flatMap((unit) => {
    const r = rowOf.get(unit);
    return r === undefined ? [] : [r];
  });
  const width = layer.inputs.length;
  const weights = new Float32Array(rows.length * width);
  rows.forEach((from, to) => {
    weights.set(layer.weights.subarray(from * width, (from + 1) * width), to * width);
  });
  return { ...layer, units: rows.map((r) => layer.units[r]!), weights };
}

/** The units of the whole layer that never fired on the test set. */
export function deadUnits(units: UnitsShown): number[] {
  return units.active.flatMap((count, unit) => (count === 0 ? [unit] : []));
}
