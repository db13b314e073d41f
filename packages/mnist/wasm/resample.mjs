// WAT source of the augmentation's resampling (src/images/wasm-resampler.ts loads it): every output pixel of a
// 28×28 digit read bilinearly at the point the inverse transform maps it to. Two pixels of a row go through each
// iteration, one in each lane of the f64x2 values, so the arithmetic is the TypeScript loop's (augment.ts),
// operation for operation and in the same order, and gives the same bits; only the loads and the lane shuffles
// differ.

/**
 * Image side, and the padded copy's: two zero columns and rows each side, so no read needs a bounds test (the
 * resampler's memory layout, src/images/wasm-resampler.ts, sizes its arrays from the same two).
 */
const SIDE = 28;
const PADDED_SIDE = 32;
const PAD = 2;
const CENTRE = (SIDE - 1) / 2;

/** The f64x2 (lane0, lane1) of two f64 expressions. */
const f64Pair = (lane0, lane1) => `(f64x2.replace_lane 1 (f64x2.splat ${lane0}) ${lane1})`;
/** i8x16.shuffle bytes picking f64 lane `a` of the first operand and lane `b` of the second. */
const lanesOf = (a, b) =>
  [...Array(8).keys()]
    .map((k) => 8 * a + k)
    .concat([...Array(8).keys()].map((k) => 16 + 8 * b + k))
    .join(' ');

/**
 * The warp's displacement of pixel `pixel` (an i32 expression) as an (x, y) pair: w0·c[k] + w1·c[k+1] +
 * w2·c[k+points] + w3·c[k+points+1], summed left to right, with k the pixel's cell, w its four weights (f64,
 * `weights` + 32·pixel) and c the control points' (x, y) pairs.
 */
const warpAt = (pixel) => `(block (result v128)
        (local.set $k (i32.add (local.get $controls) (i32.shl (i32.load (i32.add (local.get $cells) (i32.shl ${pixel} (i32.const 2)))) (i32.const 4))))
        (local.set $w (i32.add (local.get $weights) (i32.shl ${pixel} (i32.const 5))))
        (f64x2.add (f64x2.add (f64x2.add
          (f64x2.mul (v128.load64_splat (local.get $w)) (v128.load (local.get $k)))
          (f64x2.mul (v128.load64_splat offset=8 (local.get $w)) (v128.load offset=16 (local.get $k))))
          (f64x2.mul (v128.load64_splat offset=16 (local.get $w)) (v128.load (i32.add (local.get $k) (local.get $rowBytes)))))
          (f64x2.mul (v128.load64_splat offset=24 (local.get $w)) (v128.load offset=16 (i32.add (local.get $k) (local.get $rowBytes))))))`;

/** The lanes of `floors` (a local of integer-valued f64) clamped to [−PAD, SIDE], plus 1.5·2⁵² (see resample). */
const corner = (floors) =>
  `(f64x2.add (f64x2.pmin (local.get $high) (f64x2.pmax (local.get $low) (local.get ${floors}))) (local.get $magic))`;

/** The f64x2 of the two f32 at `address` (an i32 expression) + `offset` bytes. */
const twoFloats = (address, offset = 0) => `(f64x2.promote_low_f32x4 (v128.load64_zero offset=${offset} ${address}))`;

/**
 * One of the four neighbours of both pixels, as a pair: the two f32 at byte `offset` of the rows starting at $atA
 * and $atB, promoted.
 */
const neighbours = (offset) =>
  `(f64x2.promote_low_f32x4 (v128.load32_lane offset=${offset} 1 (local.get $atB) (v128.load32_zero offset=${offset} (local.get $atA))))`;

/**
 * resample(input, padded, out, transform, points, cells, weights, controls, elasticX, elasticY, round):
 * copies `input` (28×28 f32) into the middle of `padded` (32×32 f32, its border zero), then for each pixel p:
 * s = centre + R(−θ)·(p − centre − shift), plus the warp's displacement when `points` > 0, plus the elastic one
 * (f32 fields) when `elasticX` ≠ 0; out[p] = the bilinear read of the image at s (zero outside), rounded to an
 * integer (ties up, as Math.round) when `round`. `transform` holds f64 shiftX, shiftY, cos θ, sin θ. Two pixels
 * of a row at a time: the lanes of $sx hold their x coordinates, those of $sy their y.
 */
const resample = `(func (export "resample") (param $input i32) (param $padded i32) (param $out i32) (param $transform i32)
  (param $points i32) (param $cells i32) (param $weights i32) (param $controls i32) (param $elasticX i32)
  (param $elasticY i32) (param $round i32)
  (local $x i32) (local $y i32) (local $i i32) (local $k i32) (local $w i32) (local $rowBytes i32)
  (local $atA i32) (local $atB i32) (local $py f64)
  (local $shiftX v128) (local $cos v128) (local $sin v128) (local $centre v128) (local $xs v128) (local $px v128)
  (local $rowX v128) (local $rowY v128) (local $sx v128) (local $sy v128) (local $a v128) (local $b v128)
  (local $fx v128) (local $fy v128) (local $cell v128) (local $v v128) (local $floor v128)
  (local $one v128) (local $low v128) (local $high v128) (local $magic v128)
  ;; the padded copy: row y of the input at row y + ${PAD}, column ${PAD}
  (block $dc (loop $lc (br_if $dc (i32.ge_u (local.get $y) (i32.const ${SIDE})))
    (memory.copy
      (i32.add (local.get $padded) (i32.shl (i32.add (i32.mul (i32.add (local.get $y) (i32.const ${PAD})) (i32.const ${PADDED_SIDE})) (i32.const ${PAD})) (i32.const 2)))
      (i32.add (local.get $input) (i32.shl (i32.mul (local.get $y) (i32.const ${SIDE})) (i32.const 2)))
      (i32.const ${4 * SIDE}))
    (local.set $y (i32.add (local.get $y) (i32.const 1))) (br $lc)))
  (local.set $shiftX (v128.load64_splat (local.get $transform)))
  (local.set $cos (v128.load64_splat offset=16 (local.get $transform)))
  (local.set $sin (v128.load64_splat offset=24 (local.get $transform)))
  (local.set $rowBytes (i32.shl (local.get $points) (i32.const 4)))
  (local.set $centre (f64x2.splat (f64.const ${CENTRE})))
  ;; constants in locals: V8 would otherwise make them again in every iteration
  (local.set $one (f64x2.splat (f64.const 1)))
  (local.set $low (f64x2.splat (f64.const ${-PAD})))
  (local.set $high (f64x2.splat (f64.const ${SIDE})))
  (local.set $magic (f64x2.splat (f64.const ${2 ** 52 + 2 ** 51})))
  (local.set $y (i32.const 0))
  (block $dy (loop $ly (br_if $dy (i32.ge_u (local.get $y) (i32.const ${SIDE})))
    (local.set $py (f64.sub (f64.sub (f64.convert_i32_s (local.get $y)) (f64.const ${CENTRE})) (f64.load offset=8 (local.get $transform))))
    (local.set $rowX (f64x2.mul (local.get $sin) (f64x2.splat (local.get $py))))
    (local.set $rowY (f64x2.mul (local.get $cos) (f64x2.splat (local.get $py))))
    (local.set $xs ${f64Pair('(f64.const 0)', '(f64.const 1)')})
    (local.set $x (i32.const 0))
    (block $dx (loop $lx (br_if $dx (i32.ge_u (local.get $x) (i32.const ${SIDE})))
      (local.set $px (f64x2.sub (f64x2.sub (local.get $xs) (local.get $centre)) (local.get $shiftX)))
      ;; sx = (centre + cos·px) + sin·py, sy = (centre − sin·px) + cos·py
      (local.set $sx (f64x2.add (f64x2.add (local.get $centre) (f64x2.mul (local.get $cos) (local.get $px))) (local.get $rowX)))
      (local.set $sy (f64x2.add (f64x2.sub (local.get $centre) (f64x2.mul (local.get $sin) (local.get $px))) (local.get $rowY)))
      (if (local.get $points) (then
        (local.set $a ${warpAt('(local.get $i)')})
        (local.set $b ${warpAt('(i32.add (local.get $i) (i32.const 1))')})
        (local.set $sx (f64x2.add (local.get $sx) (i8x16.shuffle ${lanesOf(0, 0)} (local.get $a) (local.get $b))))
        (local.set $sy (f64x2.add (local.get $sy) (i8x16.shuffle ${lanesOf(1, 1)} (local.get $a) (local.get $b))))))
      (if (local.get $elasticX) (then
        (local.set $sx (f64x2.add (local.get $sx) ${twoFloats('(i32.add (local.get $elasticX) (i32.shl (local.get $i) (i32.const 2)))')}))
        (local.set $sy (f64x2.add (local.get $sy) ${twoFloats('(i32.add (local.get $elasticY) (i32.shl (local.get $i) (i32.const 2)))')}))))
      ;; each cell's corner (x0, y0), clamped to [−${PAD}, ${SIDE}] (NaN to −${PAD}): a corner further out reads only the
      ;; zero border, as the TypeScript loop's "outside" gives 0. Adding 1.5·2⁵² leaves an integer in the low 32 bits
      ;; of each f64 lane (i32 lanes 0 and 2), cheaper than a saturating conversion.
      (local.set $fx (f64x2.floor (local.get $sx)))
      (local.set $fy (f64x2.floor (local.get $sy)))
      (local.set $cell (i32x4.add (i32x4.shl ${corner('$fy')} (i32.const ${Math.log2(PADDED_SIDE)})) ${corner('$fx')}))
      (local.set $atA (i32.add (local.get $padded) (i32.shl (i32.add (i32x4.extract_lane 0 (local.get $cell)) (i32.const ${PAD * PADDED_SIDE + PAD})) (i32.const 2))))
      (local.set $atB (i32.add (local.get $padded) (i32.shl (i32.add (i32x4.extract_lane 2 (local.get $cell)) (i32.const ${PAD * PADDED_SIDE + PAD})) (i32.const 2))))
      (local.set $fx (f64x2.sub (local.get $sx) (local.get $fx)))
      (local.set $fy (f64x2.sub (local.get $sy) (local.get $fy)))
      (local.set $a (f64x2.sub (local.get $one) (local.get $fx)))
      (local.set $b (f64x2.sub (local.get $one) (local.get $fy)))
      ;; ((1 − fx)(1 − fy)·i00 + fx(1 − fy)·i01) + (1 − fx)fy·i10 + fx·fy·i11, left to right
      (local.set $v (f64x2.add (f64x2.add (f64x2.add
        (f64x2.mul (f64x2.mul (local.get $a) (local.get $b)) ${neighbours(0)})
        (f64x2.mul (f64x2.mul (local.get $fx) (local.get $b)) ${neighbours(4)}))
        (f64x2.mul (f64x2.mul (local.get $a) (local.get $fy)) ${neighbours(4 * PADDED_SIDE)}))
        (f64x2.mul (f64x2.mul (local.get $fx) (local.get $fy)) ${neighbours(4 * PADDED_SIDE + 4)})))
      (if (local.get $round) (then
        (local.set $floor (f64x2.floor (local.get $v)))
        (local.set $v (v128.bitselect (f64x2.add (local.get $floor) (local.get $one)) (local.get $floor)
          (f64x2.ge (f64x2.sub (local.get $v) (local.get $floor)) (f64x2.splat (f64.const 0.5)))))))
      (v128.store64_lane 0 (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 2))) (f32x4.demote_f64x2_zero (local.get $v)))
      (local.set $xs (f64x2.add (local.get $xs) (f64x2.add (local.get $one) (local.get $one))))
      (local.set $i (i32.add (local.get $i) (i32.const 2)))
      (local.set $x (i32.add (local.get $x) (i32.const 2))) (br $lx)))
    (local.set $y (i32.add (local.get $y) (i32.const 1))) (br $ly))))`;

/** The module: its memory is its own (the loader makes it), one instance per augmenter. */
export function resampleModuleWat() {
  return `(module
(import "env" "memory" (memory 1))
${resample}
)`;
}
