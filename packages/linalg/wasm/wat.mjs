// Small helpers shared by the WAT generators.

/** [0, 1, …, count − 1] */
export const range = (count) => Array.from({ length: count }, (_, i) => i);

/** The byte indices of i8x16.shuffle that pick the given f32 lanes (0–3 from the first operand, 4–7 the second). */
export const lanes = (...floats) => floats.flatMap((f) => [4 * f, 4 * f + 1, 4 * f + 2, 4 * f + 3]).join(' ');
