import type { ActivationName } from './activations/activation';

/** What `Network.summary` needs: layer sizes, one activation per weight layer, the loss and dropout. */
export interface SummaryInput {
  layerSizes: readonly number[];
  activations: readonly ActivationName[];
  loss: string;
  dropout: number;
}

/**
 * A table in the manner of Keras' `model.summary()`: one line per weight layer with its weight and bias shapes
 * ([out, in], PyTorch's layout, as saved), activation and parameter count, then the total.
 */
export function formatSummary({ layerSizes, activations, loss, dropout }: SummaryInput): string {
  const rows = activations.map((activation, l) => {
    const fanIn = layerSizes[l]!;
    const fanOut = layerSizes[l + 1]!;
    return [`${l}`, `${fanOut}×${fanIn}`, `${fanOut}`, activation, groupThousands(fanOut * fanIn + fanOut)];
  });
  const total = activations.reduce((sum, _, l) => sum + layerSizes[l + 1]! * (layerSizes[l]! + 1), 0);
  const table = [
    ['layer', 'weights', 'bias', 'activation', 'parameters'],
    ...rows,
    ['total', '', '', '', groupThousands(total)],
  ];
  const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
  // Text columns left-aligned, the parameter counts right-aligned so their digits line up.
  const lines = table.map((row) =>
    row
      .map((cell, c) => (c === row.length - 1 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
      .join('  ')
      .trimEnd(),
  );
  const header = `Network ${layerSizes.join('→')}, loss ${loss}${dropout > 0 ? `, dropout ${dropout}` : ''}`;
  return [header, ...lines].join('\n');
}

function groupThousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}
