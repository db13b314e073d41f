// WAT source of A·Bᵀ as dot products along k, read straight from the rows of A and B (no transposed copy).
import { lanes, range } from './wat.mjs';

/** One f32x4 step of a dot tile: four k of rows×4 dot products. */
function dotStep(rows) {
  return [
    ...range(4).map((c) => `    (local.set $bv${c} (v128.load (local.get $pb${c})))`),
    ...range(rows).flatMap((r) => [
      `    (local.set $av (v128.load (local.get $pa${r})))`,
      ...range(4).map(
        (c) =>
          `    (local.set $c${r}_${c} (f32x4.add (local.get $c${r}_${c}) (f32x4.mul (local.get $av) (local.get $bv${c}))))`,
      ),
    ]),
  ];
}

/** Moves a dot tile's row pointers on by `bytes`. */
function advance(rows, bytes) {
  return [
    ...range(rows).map((r) => `    (local.set $pa${r} (i32.add (local.get $pa${r}) (i32.const ${bytes})))`),
    ...range(4).map((c) => `    (local.set $pb${c} (i32.add (local.get $pb${c}) (i32.const ${bytes})))`),
  ];
}

/** Sums row r's four f32x4 accumulators across their lanes (six shuffles) into $s: lane c holds dot product c. */
function sum4(r) {
  const [x0, x1, x2, x3] = range(4).map((c) => `(local.get $c${r}_${c})`);
  const u0 = `(f32x4.add (i8x16.shuffle ${lanes(0, 4, 1, 5)} ${x0} ${x1}) (i8x16.shuffle ${lanes(2, 6, 3, 7)} ${x0} ${x1}))`;
  const u1 = `(f32x4.add (i8x16.shuffle ${lanes(0, 4, 1, 5)} ${x2} ${x3}) (i8x16.shuffle ${lanes(2, 6, 3, 7)} ${x2} ${x3}))`;
  return [
    `  (local.set $u0 ${u0})`,
    `  (local.set $u1 ${u1})`,
    `  (local.set $s (f32x4.add (i8x16.shuffle ${lanes(0, 1, 4, 5)} (local.get $u0) (local.get $u1)) (i8x16.shuffle ${lanes(2, 3, 6, 7)} (local.get $u0) (local.get $u1))))`,
  ];
}

/** k mod 4 leftover products of a dot tile, into lane 0 of each accumulator. */
function dotLeftovers(rows) {
  return [
    '  (block $tdone (loop $tnext',
    '    (br_if $tdone (i32.ge_u (local.get $p) (local.get $k)))',
    ...range(rows).flatMap((r) =>
      range(4).map(
        (c) =>
          `    (local.set $c${r}_${c} (f32x4.replace_lane 0 (local.get $c${r}_${c}) (f32.add (f32x4.extract_lane 0 (local.get $c${r}_${c})) (f32.mul (f32.load (local.get $pa${r})) (f32.load (local.get $pb${c}))))))`,
      ),
    ),
    ...advance(rows, 4),
    '    (local.set $p (i32.add (local.get $p) (i32.const 1)))',
    '    (br $tnext)))',
  ];
}

/**
 * Rows i..i+rows of out (=|+=) A·Bᵀ with B stored n×k (row j of B is column j of Bᵀ), four columns at a time
 * (the last n mod 4 are left to `dot_element`): dot products along k, four k at a time in f32x4 lanes, rows×4
 * accumulators, each row's four summed across lanes at the end (six shuffles) into one f32x4 of out. One call
 * covers all the columns: at k = 64 a tile is only 16 turns of the loop.
 */
function dotTile(rows) {
  const acc = range(rows).flatMap((r) => range(4).map((c) => `$c${r}_${c}`));
  const lines = [
    `(func $dot_rows_${rows} (param $n i32) (param $k i32) (param $a i32) (param $b i32) (param $out i32) (param $acc i32) (param $i i32)`,
    '  (local $j i32) (local $p i32) (local $k4 i32) (local $o i32) (local $av v128) (local $u0 v128) (local $u1 v128) (local $s v128)',
    `  ${range(rows)
      .map((r) => `(local $pa${r} i32)`)
      .join(' ')} ${range(4)
      .map((c) => `(local $pb${c} i32) (local $bv${c} v128)`)
      .join(' ')}`,
    `  ${acc.map((c) => `(local ${c} v128)`).join(' ')}`,
    '  (local.set $k4 (i32.and (local.get $k) (i32.const -4)))',
    '  (block $cols (loop $column',
    '  (br_if $cols (i32.gt_u (i32.add (local.get $j) (i32.const 4)) (local.get $n)))',
    '  (local.set $p (i32.const 0))',
    ...acc.map((c) => `  (local.set ${c} (v128.const i32x4 0 0 0 0))`),
    ...range(rows).map(
      (r) =>
        `  (local.set $pa${r} (i32.add (local.get $a) (i32.shl (i32.mul (i32.add (local.get $i) (i32.const ${r})) (local.get $k)) (i32.const 2))))`,
    ),
    ...range(4).map(
      (c) =>
        `  (local.set $pb${c} (i32.add (local.get $b) (i32.shl (i32.mul (i32.add (local.get $j) (i32.const ${c})) (local.get $k)) (i32.const 2))))`,
    ),
    '  (block $done (loop $next',
    '    (br_if $done (i32.ge_u (local.get $p) (local.get $k4)))',
    ...dotStep(rows),
    ...advance(rows, 16),
    '    (local.set $p (i32.add (local.get $p) (i32.const 4)))',
    '    (br $next)))',
    ...dotLeftovers(rows),
    ...range(rows).flatMap((r) => [
      ...sum4(r),
      `  (local.set $o (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (i32.add (local.get $i) (i32.const ${r})) (local.get $n)) (local.get $j)) (i32.const 2))))`,
      '  (if (local.get $acc) (then (local.set $s (f32x4.add (local.get $s) (v128.load (local.get $o))))))',
      '  (v128.store (local.get $o) (local.get $s))',
    ]),
    '  (local.set $j (i32.add (local.get $j) (i32.const 4)))',
    '  (br $column)))',
    ')',
  ];
  return lines.join('\n');
}

/** One output element of A·Bᵀ (B n×k), for the < 4 columns left of the dot tiles. */
const dotElement = `(func $dot_element (param $n i32) (param $k i32) (param $a i32) (param $b i32) (param $out i32) (param $acc i32) (param $i i32) (param $j i32)
  (local $p i32) (local $s f32) (local $pa i32) (local $pb i32) (local $o i32)
  (local.set $pa (i32.add (local.get $a) (i32.shl (i32.mul (local.get $i) (local.get $k)) (i32.const 2))))
  (local.set $pb (i32.add (local.get $b) (i32.shl (i32.mul (local.get $j) (local.get $k)) (i32.const 2))))
  (block $done (loop $next
    (br_if $done (i32.ge_u (local.get $p) (local.get $k)))
    (local.set $s (f32.add (local.get $s) (f32.mul (f32.load (local.get $pa)) (f32.load (local.get $pb)))))
    (local.set $pa (i32.add (local.get $pa) (i32.const 4)))
    (local.set $pb (i32.add (local.get $pb) (i32.const 4)))
    (local.set $p (i32.add (local.get $p) (i32.const 1)))
    (br $next)))
  (local.set $o (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $j)) (i32.const 2))))
  (if (local.get $acc) (then (local.set $s (f32.add (local.get $s) (f32.load (local.get $o))))))
  (f32.store (local.get $o) (local.get $s)))`;

/** out (m×n) (=|+=) A (m×k) · Bᵀ, B stored n×k: rows in pairs (then one), columns in fours (then one). */
const dotDriver = `(func $gemmTransposeB (export "gemmTransposeB") (param $m i32) (param $n i32) (param $k i32) (param $a i32) (param $b i32) (param $out i32) (param $acc i32)
  (local $i i32) (local $j i32)
  (block $r2 (loop $rows2 (br_if $r2 (i32.gt_u (i32.add (local.get $i) (i32.const 2)) (local.get $m)))
    (call $dot_rows_2 (local.get $n) (local.get $k) (local.get $a) (local.get $b) (local.get $out) (local.get $acc) (local.get $i))
    (local.set $j (i32.and (local.get $n) (i32.const -4)))
    (block $c1 (loop $cols1 (br_if $c1 (i32.ge_u (local.get $j) (local.get $n)))
      (call $dot_element (local.get $n) (local.get $k) (local.get $a) (local.get $b) (local.get $out) (local.get $acc) (local.get $i) (local.get $j))
      (call $dot_element (local.get $n) (local.get $k) (local.get $a) (local.get $b) (local.get $out) (local.get $acc) (i32.add (local.get $i) (i32.const 1)) (local.get $j))
      (local.set $j (i32.add (local.get $j) (i32.const 1))) (br $cols1)))
    (local.set $i (i32.add (local.get $i) (i32.const 2))) (br $rows2)))
  (if (i32.lt_u (local.get $i) (local.get $m)) (then
    (call $dot_rows_1 (local.get $n) (local.get $k) (local.get $a) (local.get $b) (local.get $out) (local.get $acc) (local.get $i))
    (local.set $j (i32.and (local.get $n) (i32.const -4)))
    (block $d1 (loop $l1 (br_if $d1 (i32.ge_u (local.get $j) (local.get $n)))
      (call $dot_element (local.get $n) (local.get $k) (local.get $a) (local.get $b) (local.get $out) (local.get $acc) (local.get $i) (local.get $j))
      (local.set $j (i32.add (local.get $j) (i32.const 1))) (br $l1))))))`;

/**
 * out (m×n) = A (m×k) · Bᵀ (B stored n×k) at the entries of sparse lines only, 0 elsewhere: line i lists the
 * columns j wanted in row i (the backward product da = Wᵀ·dz of a layer over relu inputs, needed only where the
 * input was non-zero). Per row, its entries four at a time: four dot products against row i of A, which stays
 * in L1 meanwhile; a last group of fewer repeats its last column (the same product, stored twice).
 */
const sampledDots = `(func $sampledDots (export "sampledDots") (param $m i32) (param $n i32) (param $k i32) (param $a i32) (param $b i32) (param $offsets i32) (param $indices i32) (param $out i32)
  (local $i i32) (local $e i32) (local $end i32) (local $last i32) (local $row i32) (local $j i32) (local $p i32) (local $k4 i32)
  (local $av v128) (local $u0 v128) (local $u1 v128) (local $s v128) (local $pa0 i32)
  ${range(4)
    .map((c) => `(local $j${c} i32) (local $pb${c} i32) (local $bv${c} v128) (local $c0_${c} v128)`)
    .join(' ')}
  (local.set $k4 (i32.and (local.get $k) (i32.const -4)))
  (block $rows (loop $nextRow
    (br_if $rows (i32.ge_u (local.get $i) (local.get $m)))
    (local.set $row (i32.add (local.get $out) (i32.shl (i32.mul (local.get $i) (local.get $n)) (i32.const 2))))
    (local.set $j (i32.const 0))
    (block $zeroed (loop $zero
      (br_if $zeroed (i32.ge_u (local.get $j) (local.get $n)))
      (f32.store (i32.add (local.get $row) (i32.shl (local.get $j) (i32.const 2))) (f32.const 0))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $zero)))
    (local.set $e (i32.load (i32.add (local.get $offsets) (i32.shl (local.get $i) (i32.const 2)))))
    (local.set $end (i32.load (i32.add (local.get $offsets) (i32.shl (i32.add (local.get $i) (i32.const 1)) (i32.const 2)))))
    (local.set $last (i32.sub (local.get $end) (i32.const 1)))
    (block $entries (loop $group
      (br_if $entries (i32.ge_s (local.get $e) (local.get $end)))
${range(4)
  .map(
    (c) =>
      `      (local.set $j${c} (i32.load (i32.add (local.get $indices) (i32.shl (select (i32.add (local.get $e) (i32.const ${c})) (local.get $last) (i32.lt_s (i32.add (local.get $e) (i32.const ${c})) (local.get $end))) (i32.const 2)))))
      (local.set $pb${c} (i32.add (local.get $b) (i32.shl (i32.mul (local.get $j${c}) (local.get $k)) (i32.const 2))))
      (local.set $c0_${c} (v128.const i32x4 0 0 0 0))`,
  )
  .join('\n')}
      (local.set $pa0 (i32.add (local.get $a) (i32.shl (i32.mul (local.get $i) (local.get $k)) (i32.const 2))))
      (local.set $p (i32.const 0))
      (block $done (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $k4)))
${[...dotStep(1), ...advance(1, 16)].map((line) => `    ${line}`).join('\n')}
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $next)))
${[...dotLeftovers(1), ...sum4(0)].map((line) => `    ${line}`).join('\n')}
${range(4)
  .map(
    (c) =>
      `      (f32.store (i32.add (local.get $row) (i32.shl (local.get $j${c}) (i32.const 2))) (f32x4.extract_lane ${c} (local.get $s)))`,
  )
  .join('\n')}
      (local.set $e (i32.add (local.get $e) (i32.const 4)))
      (br $group)))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br $nextRow))))`;

export function dotProductKernels() {
  return [dotTile(2), dotTile(1), dotElement, dotDriver, sampledDots].join('\n');
}
