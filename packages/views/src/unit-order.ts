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
 * The layer's rows reordered as `sort` says (ties and units without statistics keep their order), so the heatmap
 * draws tiles in that order and its probe still names each tile's own unit.
 */
export function sortLayer(layer: WireLayer, sort: UnitSort, units: UnitsShown | undefined): WireLayer {
  if (sort === 'trained' || !units) return layer;
  const values = sort === 'norm' ? units.weightNorms : units.active;
  const order = layer.units.map((_, r) => r);
  const key = (r: number) => values[layer.units[r]!] ?? Number.NEGATIVE_INFINITY;
  order.sort((p, q) => key(q) - key(p) || p - q);
  const width = layer.inputs.length;
  const weights = new Float32Array(layer.weights.length);
  order.forEach((from, to) => {
    weights.set(layer.weights.subarray(from * width, (from + 1) * width), to * width);
  });
  return { ...layer, units: order.map((r) => layer.units[r]!), weights };
}

/** The units of the whole layer that never fired on the test set. */
export function deadUnits(units: UnitsShown): number[] {
  return units.active.flatMap((count, unit) => (count === 0 ? [unit] : []));
}
