// MNIST-like inputs for the sparse benchmark: a centred blob of ink covering about 19% of the
// pixels of each 28×28 image, varying per image, with values in (0, 1].

export function mnistLikeInput(pixels, batch, seed) {
  const side = Math.round(Math.sqrt(pixels));
  const x = new Float32Array(pixels * batch);
  let state = seed;
  const random = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  for (let s = 0; s < batch; s++) {
    const cx = side / 2 + (random() - 0.5) * 4;
    const cy = side / 2 + (random() - 0.5) * 4;
    for (let p = 0; p < pixels; p++) {
      const dx = (p % side) - cx;
      const dy = Math.floor(p / side) - cy;
      // Ink where a noisy ring of radius ~7 lies, like a drawn stroke.
      const r = Math.sqrt(dx * dx + dy * dy);
      if (Math.abs(r - 7) < 2.2 + random() * 1.2) x[p * batch + s] = 0.2 + 0.8 * random();
    }
  }
  return x;
}

/** Column form (per sample) and row form (per pixel) of a pixels×batch row-major matrix. */
export function denseToSparse(x, rows, cols) {
  const build = (lines, width, at) => {
    const offsets = new Int32Array(lines + 1);
    const indices = [];
    const values = [];
    for (let line = 0; line < lines; line++) {
      for (let i = 0; i < width; i++) {
        const v = at(line, i);
        if (v !== 0) {
          indices.push(i);
          values.push(v);
        }
      }
      offsets[line + 1] = indices.length;
    }
    return { offsets, indices: Int32Array.from(indices), values: Float32Array.from(values) };
  };
  return {
    columns: build(cols, rows, (s, p) => x[p * cols + s]),
    rows: build(rows, cols, (p, s) => x[p * cols + s]),
  };
}
