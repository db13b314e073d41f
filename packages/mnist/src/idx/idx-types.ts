/** The six element types of the IDX format, by the code stored in the third byte of the header. */
export const IDX_TYPE_CODES = {
  uint8: 0x08,
  int8: 0x09,
  int16: 0x0b,
  int32: 0x0c,
  float32: 0x0d,
  float64: 0x0e,
} as const;

/** An IDX element type by name: `uint8`, `int8`, `int16`, `int32`, `float32` or `float64`. */
export type IdxType = keyof typeof IDX_TYPE_CODES;

/** The typed array that holds the elements of each IDX element type. */
export interface IdxDataByType {
  uint8: Uint8Array;
  int8: Int8Array;
  int16: Int16Array;
  int32: Int32Array;
  float32: Float32Array;
  float64: Float64Array;
}

/** An IDX array: its element type, its dimensions (outermost first) and its elements in row-major order. */
export type IdxArray = { [T in IdxType]: { type: T; dims: readonly number[]; data: IdxDataByType[T] } }[IdxType];

export const IDX_ELEMENT_BYTES: Record<IdxType, number> = {
  uint8: 1,
  int8: 1,
  int16: 2,
  int32: 4,
  float32: 4,
  float64: 8,
};

export function idxTypeOfCode(code: number): IdxType | undefined {
  for (const [type, typeCode] of Object.entries(IDX_TYPE_CODES)) {
    if (typeCode === code) return type as IdxType;
  }
  return undefined;
}
