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

/** Plain decimals only (`0.01`, `1e-3`): `Number` would also take hex (`0x1`), binary and octal. */
const DECIMAL = /^\s*(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

export function positiveNumber(text: string): number {
  const value = Number(text);
  if (!DECIMAL.test(text) || !Number.isFinite(value) || value <= 0) {
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

/**
 * A parser for a flag naming one of `names`, where `aliases` maps older spellings to a name; the message lists
 * only today's names.
 */
export function oneOfNames<T extends string>(names: readonly T[], aliases: Readonly<Record<string, T>> = {}) {
  return (text: string): T => {
    if ((names as readonly string[]).includes(text)) return text as T;
    if (Object.hasOwn(aliases, text)) return aliases[text]!;
    throw new InvalidArgumentError(`expected one of ${names.join(', ')}.`);
  };
}

/** A number in [0, 1), such as a momentum coefficient. */
export function fraction(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !(value >= 0 && value < 1)) throw new InvalidArgumentError('expected a number in [0, 1).');
  return value;
}
