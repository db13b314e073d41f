/**
 * Transposes the `rows` × `cols` row-major matrix in `data` to `cols` × `rows`, where it lies, by following each
 * cycle of moves once (a bit per place marks the places done): an optimiser state in the channel is turned to the
 * network's layout without a second array of its size.
 */
export function transposeInPlace(data: Float32Array, rows: number, cols: number): void {
  const size = rows * cols;
  if (data.length !== size) {
    throw new RangeError(`transposeInPlace: ${data.length} values are not a ${rows} × ${cols} matrix`);
  }
  if (rows <= 1 || cols <= 1) return;
  // The value at place k = r·cols + c goes to c·rows + r, which is k·rows mod (size − 1); the last place stays.
  const last = size - 1;
  const done = new Uint32Array(Math.ceil(size / 32));
  for (let start = 1; start < last; start++) {
    if ((done[start >>> 5]! & (1 << (start & 31))) !== 0) continue;
    let value = data[start]!;
    let at = start;
    do {
      const to = (at * rows) % last;
      const displaced = data[to]!;
      data[to] = value;
      value = displaced;
      done[to >>> 5]! |= 1 << (to & 31);
      at = to;
    } while (at !== start);
  }
}
