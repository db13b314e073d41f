import { InvalidArgumentError } from 'commander';

/**
 * Parsers for flag values. Each throws commander's InvalidArgumentError, which commander prints as one line
 * naming the flag and the value, e.g. `error: option '--lr <rate>' argument '-1' is invalid. expected a number above 0`.
 */

export function positiveInteger(text: string): number {
  const value = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(value) || value < 1) {
    throw new InvalidArgumentError('expected a whole number of at least 1.');
  }
  return value;
}

export function nonNegativeInteger(text: string): number {
  const value = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(value)) {
    throw new InvalidArgumentError('expected a whole number of at least 0.');
  }
  return value;
}

export function positiveNumber(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidArgumentError('expected a number above 0.');
  }
  return value;
}

/** `--hidden 128,64` → [128, 64]. */
export function layerSizes(text: string): number[] {
  const parts = text.split(',');
  if (parts.some((part) => !/^\s*\d+\s*$/.test(part) || Number(part) < 1)) {
    throw new InvalidArgumentError('expected comma-separated layer sizes of at least 1, like 128,64.');
  }
  return parts.map(Number);
}
