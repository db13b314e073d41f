// WAT source of the dense GEMM kernels, written as small generators so each register tile is spelled
// out once and unrolled here instead of by hand. Pointers are byte offsets into the module's memory.

import { lanes, range } from './wat.mjs';

/**
 * out[i..i+rows, j..j+4·vecs] (=|+=) op(A)·B over all k, with rows×vecs f32x4 accumulators kept in
 * registers (4×2 = 8 of them; 16 spill on V8 and halve the speed). op(A)(i, p) sits at
 * a + 4·(i·sai + p·sap); the kernel set calls it with A row-major (sai = k, sap = 1), laying out
 * Aᵀ first with `transpose` for AᵀB (A·Bᵀ has dot-product tiles of its own, dot-products.mjs).
 */
function gemmTile(rows, vecs) {
  const acc = range(rows).flatMap((r) => range(vecs).map((v) => `$c${r}_${v}`));
  const lines = [
    `(func $gemm_tile_${rows}x${vecs} (param $n i32) (param $k i32) (param $a i32) (param $b i32) (param $out i32)`,
    '  (param $acc i32) (param $sai i32) (param $sap i32) (param $i i32) (param $j i32)',
    `  (local $p i32) (local $pb i32) (local $sapB i32) (local $nB i32) (local $o i32) (local $av v128)`,
    `  ${range(rows)
      .map((r) => `(local $pa${r} i32)`)
      .join(' ')}`,
    `  ${range(vecs)
      .map((v) => `(local $bv${v} v128)`)
      .join(' ')}`,
    `  ${acc.map((c) => `(local ${c} v128)`).join(' ')}`,
    '  (local.set $sapB (i32.shl (local.get $sap) (i32.const 2)))',
    '  (local.set $nB (i32.shl (local.get $n) (i32.const 2)))',
    '  (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))',
    ...range(rows).map(
      (r) =>
        `  (local.set $pa${r} (i32.add (local.get $a) (i32.shl (i32.mul (i32.add (local.get $i) (i32.const ${r})) (local.get $sai)) (i32.const 2))))`,
    ),
    '  (block $done (loop $next',
    '    (br_if $done (i32.ge_u (local.get $p) (local.get $k)))',
    ...range(vecs).map((v) => `    (local.set $bv${v} (v128.load offset=${16 * v} (local.get $pb)))`),
    ...range(rows).flatMap((r) => [
      `    (local.set $av (v128.load32_splat (local.get $pa${r})))`,
      ...range(vecs).map(
        (v) =>
          `    (local.set $c${r}_${v} (f32x4.add (local.get $c${r}_${v}) (f32x4.mul (local.get $av) (local.get $bv${v}))))`,
      ),
      `    (local.set $pa${r} (i32.add (local.get $pa${r}) (local.get $sapB)))`,
    ]),
    '    (local.set $pb (i32.add (local.get $pb) (local.get $nB)))',
    '    (local.set $p (i32.add (local.get $p) (i32.const 1)))',
    '    (br $next)))',
    ...range(rows).flatMap((r) => [
      `  (local.set $o (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (i32.add (local.get $i) (i32.const ${r})) (local.get $n)) (local.get $j)) (i32.const 2))))`,
      ...range(vecs).map(
        (v) =>
          `  (if (local.get $acc) (then (local.set $c${r}_${v} (f32x4.add (local.get $c${r}_${v}) (v128.load offset=${16 * v} (local.get $o))))))\n` +
          `  (v128.store offset=${16 * v} (local.get $o) (local.get $c${r}_${v}))`,
      ),
    ]),
    ')',
  ];
  return lines.join('\n');
}

/** One output element of op(A)·B, for the < 4 columns left of the f32x4 tiles. */
const gemmElement = `(func $gemm_element (param $n i32) (param $k i32) (param $a i32) (param $b i32) (param $out i32)
  (param $acc i32) (param $sai i32) (param $sap i32) (param $i i32) (param $j i32)
  (local $p i32) (local $s f32) (local $pa i32) (local $pb i32) (local $o i32)
  (local.set $pa (i32.add (local.get $a) (i32.shl (i32.mul (local.get $i) (local.get $sai)) (i32.const 2))))
  (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))
  (block $done (loop $next
    (br_if $done (i32.ge_u (local.get $p) (local.get $k)))
    (local.set $s (f32.add (local.get $s) (f32.mul (f32.load (local.get $pa)) (f32.load (local.get $pb)))))
    (local.set $pa (i32.add (local.get $pa) (i32.shl (local.get $sap) (i32.const 2))))
    (local.set $pb (i32.add (local.get $pb) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $p (i32.add (local.get $p) (i32.const 1)))
    (br $next)))
  (local.set $o (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $j)) (i32.const 2))))
  (if (local.get $acc) (then (local.set $s (f32.add (local.get $s) (f32.load (local.get $o))))))
  (f32.store (local.get $o) (local.get $s)))`;

/**
 * Rows in blocks of 4, then 2, then 1; 4 rows go 8 columns at a time, 2 rows 16 (the same 8 accumulators, so
 * the rows left below the 4-row blocks — 2 of the last layer's 10 — run as fast as the rest), 1 row 8; then
 * 4 columns, then single elements.
 */
function gemmDriver() {
  const args =
    '(local.get $n) (local.get $k) (local.get $a) (local.get $b) (local.get $out) (local.get $acc) (local.get $sai) (local.get $sap) (local.get $i) (local.get $j)';
  const wide = { 4: 2, 2: 4, 1: 2 };
  const columns = (rows) => `      (local.set $j (i32.const 0))
      (block $dw (loop $lw (br_if $dw (i32.gt_u (i32.add (local.get $j) (i32.const ${4 * wide[rows]})) (local.get $n)))
        (call $gemm_tile_${rows}x${wide[rows]} ${args}) (local.set $j (i32.add (local.get $j) (i32.const ${4 * wide[rows]}))) (br $lw)))
      (block $d4 (loop $l4 (br_if $d4 (i32.gt_u (i32.add (local.get $j) (i32.const 4)) (local.get $n)))
        (call $gemm_tile_${rows}x1 ${args}) (local.set $j (i32.add (local.get $j) (i32.const 4))) (br $l4)))
      (block $d1 (loop $l1 (br_if $d1 (i32.ge_u (local.get $j) (local.get $n)))
        ${range(rows)
          .map(
            (r) =>
              `(call $gemm_element ${args.replace('(local.get $i)', `(i32.add (local.get $i) (i32.const ${r}))`)})`,
          )
          .join(' ')}
        (local.set $j (i32.add (local.get $j) (i32.const 1))) (br $l1)))`;
  return `(func $gemm_strided (param $m i32) (param $n i32) (param $k i32) (param $a i32) (param $b i32) (param $out i32)
  (param $acc i32) (param $sai i32) (param $sap i32) (local $i i32) (local $j i32)
  (block $r4 (loop $rows4 (br_if $r4 (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $m)))
${columns(4)}
    (local.set $i (i32.add (local.get $i) (i32.const 4))) (br $rows4)))
  (if (i32.le_u (i32.add (local.get $i) (i32.const 2)) (local.get $m)) (then
${columns(2)}
    (local.set $i (i32.add (local.get $i) (i32.const 2)))))
  (block $r1 (loop $rows1 (br_if $r1 (i32.ge_u (local.get $i) (local.get $m)))
${columns(1)}
    (local.set $i (i32.add (local.get $i) (i32.const 1))) (br $rows1))))
(func $gemm (export "gemm") (param $m i32) (param $n i32) (param $k i32) (param $a i32) (param $b i32) (param $out i32) (param $acc i32)
  (call $gemm_strided (local.get $m) (local.get $n) (local.get $k) (local.get $a) (local.get $b) (local.get $out) (local.get $acc) (local.get $k) (i32.const 1)))`;
}

/**
 * dst (cols×rows) = src (rows×cols)ᵀ, in 4×4 blocks of eight shuffles; used to lay out Aᵀ so AᵀB
 * runs on the A·B tiles. Blocks go down src's columns so dst is written row after row (strided
 * partial-line stores were 10× slower for a 128×784 source). The fringe moves one float at a time.
 * transposeColumns reads src's rows `stride` floats apart: a block of columns of a wider matrix.
 */
const transpose = `(func $transpose_range (param $rows i32) (param $stride i32) (param $src i32) (param $dst i32)
  (param $r0 i32) (param $r1 i32) (param $c0 i32) (param $c1 i32) (local $r i32) (local $c i32)
  (local.set $r (local.get $r0))
  (block $dr (loop $lr (br_if $dr (i32.ge_u (local.get $r) (local.get $r1)))
    (local.set $c (local.get $c0))
    (block $dc (loop $lc (br_if $dc (i32.ge_u (local.get $c) (local.get $c1)))
      (f32.store (i32.add (local.get $dst) (i32.shl (i32.add (i32.mul (local.get $c) (local.get $rows)) (local.get $r)) (i32.const 2)))
        (f32.load (i32.add (local.get $src) (i32.shl (i32.add (i32.mul (local.get $r) (local.get $stride)) (local.get $c)) (i32.const 2)))))
      (local.set $c (i32.add (local.get $c) (i32.const 1))) (br $lc)))
    (local.set $r (i32.add (local.get $r) (i32.const 1))) (br $lr))))
(func $transpose (export "transpose") (param $rows i32) (param $cols i32) (param $src i32) (param $dst i32)
  (call $transposeColumns (local.get $rows) (local.get $cols) (local.get $cols) (local.get $src) (local.get $dst)))
(func $transposeColumns (export "transposeColumns") (param $rows i32) (param $cols i32) (param $stride i32) (param $src i32) (param $dst i32)
  (local $r i32) (local $c i32) (local $rows4 i32) (local $cols4 i32) (local $ps i32) (local $pd i32)
  (local $x0 v128) (local $x1 v128) (local $x2 v128) (local $x3 v128) (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
  (local.set $rows4 (i32.and (local.get $rows) (i32.const -4)))
  (local.set $cols4 (i32.and (local.get $cols) (i32.const -4)))
  (block $dc (loop $lc (br_if $dc (i32.ge_u (local.get $c) (local.get $cols4)))
    (local.set $r (i32.const 0))
    (block $dr (loop $lr (br_if $dr (i32.ge_u (local.get $r) (local.get $rows4)))
      (local.set $ps (i32.add (local.get $src) (i32.shl (i32.add (i32.mul (local.get $r) (local.get $stride)) (local.get $c)) (i32.const 2))))
      (local.set $x0 (v128.load (local.get $ps)))
      (local.set $ps (i32.add (local.get $ps) (i32.shl (local.get $stride) (i32.const 2))))
      (local.set $x1 (v128.load (local.get $ps)))
      (local.set $ps (i32.add (local.get $ps) (i32.shl (local.get $stride) (i32.const 2))))
      (local.set $x2 (v128.load (local.get $ps)))
      (local.set $ps (i32.add (local.get $ps) (i32.shl (local.get $stride) (i32.const 2))))
      (local.set $x3 (v128.load (local.get $ps)))
      (local.set $t0 (i8x16.shuffle ${lanes(0, 4, 1, 5)} (local.get $x0) (local.get $x1)))
      (local.set $t1 (i8x16.shuffle ${lanes(2, 6, 3, 7)} (local.get $x0) (local.get $x1)))
      (local.set $t2 (i8x16.shuffle ${lanes(0, 4, 1, 5)} (local.get $x2) (local.get $x3)))
      (local.set $t3 (i8x16.shuffle ${lanes(2, 6, 3, 7)} (local.get $x2) (local.get $x3)))
      (local.set $pd (i32.add (local.get $dst) (i32.shl (i32.add (i32.mul (local.get $c) (local.get $rows)) (local.get $r)) (i32.const 2))))
      (v128.store (local.get $pd) (i8x16.shuffle ${lanes(0, 1, 4, 5)} (local.get $t0) (local.get $t2)))
      (local.set $pd (i32.add (local.get $pd) (i32.shl (local.get $rows) (i32.const 2))))
      (v128.store (local.get $pd) (i8x16.shuffle ${lanes(2, 3, 6, 7)} (local.get $t0) (local.get $t2)))
      (local.set $pd (i32.add (local.get $pd) (i32.shl (local.get $rows) (i32.const 2))))
      (v128.store (local.get $pd) (i8x16.shuffle ${lanes(0, 1, 4, 5)} (local.get $t1) (local.get $t3)))
      (local.set $pd (i32.add (local.get $pd) (i32.shl (local.get $rows) (i32.const 2))))
      (v128.store (local.get $pd) (i8x16.shuffle ${lanes(2, 3, 6, 7)} (local.get $t1) (local.get $t3)))
      (local.set $r (i32.add (local.get $r) (i32.const 4))) (br $lr)))
    (local.set $c (i32.add (local.get $c) (i32.const 4))) (br $lc)))
  (call $transpose_range (local.get $rows) (local.get $stride) (local.get $src) (local.get $dst) (i32.const 0) (local.get $rows4) (local.get $cols4) (local.get $cols))
  (call $transpose_range (local.get $rows) (local.get $stride) (local.get $src) (local.get $dst) (local.get $rows4) (local.get $rows) (i32.const 0) (local.get $cols)))`;

export function denseKernels() {
  const tiles = [gemmTile(4, 2), gemmTile(4, 1), gemmTile(2, 4), gemmTile(2, 1), gemmTile(1, 2), gemmTile(1, 1)];
  return [...tiles, gemmElement, gemmDriver(), transpose].join('\n');
}
