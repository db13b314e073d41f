// WAT source of the sparse-input kernels. A sparse operand lists, per line (a column of x for the
// forward product, a row of x for the weight gradient), its non-zero entries as (index, value) pairs:
// offsets (i32, lines + 1), indices (i32) and values (f32). Each entry adds one scaled, contiguous row
// of a dense operand into `width` accumulators, held in registers 16 floats (64 bytes) at a time.
import { range } from './wat.mjs';

/** Entries per iteration of a chunk's loop. */
const GROUP = 2;
/**
 * Floats per chunk of a line. Measured over 200 MNIST batches of 128 (a throw-away micro-benchmark, both products
 * of the first layer): 16 floats in 4 accumulators ran ≈1.35× faster than 32 in 8, and 64 in 16 slower still —
 * V8 holds only 16 vector registers, so wider chunks spill — and looping over a line's chunks inside one call
 * instead of one call per chunk gained another ≈10% on the weight gradient's 784 mostly short lines.
 */
const CHUNK = 16;

/** The address of entry $e's dense row chunk: dense + (indices[e]·$denseStride + $c)·4. */
const rowAt = (e) =>
  `(i32.add (local.get $dense) (i32.shl (i32.add (i32.mul (i32.load (i32.add (local.get $idx) (i32.shl ${e} (i32.const 2)))) (local.get $denseStride)) (local.get $c)) (i32.const 2)))`;
const splatAt = (e) => `(v128.load32_splat (i32.add (local.get $val) (i32.shl ${e} (i32.const 2))))`;

/**
 * Accumulates a `4·vecs`-wide chunk starting at float column $c: for each entry e of one line, in order,
 * acc += values[e] · dense[indices[e]·$denseStride + $c ..]. `store` decides where the chunk goes. Entries go GROUP
 * per iteration (less loop bookkeeping); the last ones one at a time. With `wholeLine`, the function runs every
 * full chunk of the line, from $c = 0 while $c + 4·vecs ≤ $width, instead of the one at $c.
 */
function chunk(name, vecs, storeLines, { wholeLine = false } = {}) {
  const acc = range(vecs).map((v) => `$c${v}`);
  const group = range(GROUP);
  const entry = (g) => (g === 0 ? '(local.get $e)' : `(i32.add (local.get $e) (i32.const ${g}))`);
  const product = (g, v) => `(f32x4.mul (local.get $x${g}) (v128.load offset=${16 * v} (local.get $row${g})))`;
  const width = 4 * vecs;
  return [
    `(func ${name} (param $e0 i32) (param $e1 i32) (param $idx i32) (param $val i32) (param $dense i32) (param $width i32)`,
    '  (param $c i32) (param $out i32) (param $line i32) (param $outStride i32) (param $acc i32) (param $denseStride i32)',
    `  (local $e i32) (local $o i32) ${group.map((g) => `(local $row${g} i32) (local $x${g} v128)`).join(' ')} ${acc.map((c) => `(local ${c} v128)`).join(' ')}`,
    ...(wholeLine
      ? [
          '  (local.set $c (i32.const 0))',
          '  (block $chunks (loop $nextChunk',
          `  (br_if $chunks (i32.gt_u (i32.add (local.get $c) (i32.const ${width})) (local.get $width)))`,
          ...acc.map((c) => `  (local.set ${c} (v128.const i32x4 0 0 0 0))`),
        ]
      : []),
    '  (local.set $e (local.get $e0))',
    '  (block $groups (loop $nextGroup',
    `    (br_if $groups (i32.gt_u (i32.add (local.get $e) (i32.const ${GROUP})) (local.get $e1)))`,
    ...group.flatMap((g) => [
      `    (local.set $x${g} ${splatAt(entry(g))})`,
      `    (local.set $row${g} ${rowAt(entry(g))})`,
    ]),
    ...group.flatMap((g) =>
      range(vecs).map((v) => `    (local.set $c${v} (f32x4.add (local.get $c${v}) ${product(g, v)}))`),
    ),
    `    (local.set $e (i32.add (local.get $e) (i32.const ${GROUP})))`,
    '    (br $nextGroup)))',
    '  (block $done (loop $next',
    '    (br_if $done (i32.ge_u (local.get $e) (local.get $e1)))',
    `    (local.set $x0 ${splatAt('(local.get $e)')})`,
    `    (local.set $row0 ${rowAt('(local.get $e)')})`,
    ...range(vecs).map((v) => `    (local.set $c${v} (f32x4.add (local.get $c${v}) ${product(0, v)}))`),
    '    (local.set $e (i32.add (local.get $e) (i32.const 1)))',
    '    (br $next)))',
    ...storeLines(vecs),
    ...(wholeLine ? [`  (local.set $c (i32.add (local.get $c) (i32.const ${width})))`, '  (br $nextChunk)))'] : []),
    ')',
  ].join('\n');
}

/** Row store: out[line, c..] is contiguous (the weight gradient's rows). */
const storeRow = (vecs) => [
  '  (local.set $o (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (local.get $line) (local.get $outStride)) (local.get $c)) (i32.const 2))))',
  ...range(vecs).map(
    (v) =>
      `  (if (local.get $acc) (then (local.set $c${v} (f32x4.add (local.get $c${v}) (v128.load offset=${16 * v} (local.get $o))))))\n` +
      `  (v128.store offset=${16 * v} (local.get $o) (local.get $c${v}))`,
  ),
];

/** Column store: out[c.., line] steps by a row (the forward product writes one sample's column). */
const storeColumn = (vecs) =>
  range(vecs).flatMap((v) =>
    range(4).map((lane) => {
      const at = `(i32.add (local.get $out) (i32.shl (i32.add (i32.mul (i32.add (local.get $c) (i32.const ${4 * v + lane})) (local.get $outStride)) (local.get $line)) (i32.const 2)))`;
      const value = `(f32x4.extract_lane ${lane} (local.get $c${v}))`;
      return `  (local.set $o ${at})\n  (f32.store (local.get $o) (if (result f32) (local.get $acc) (then (f32.add (f32.load (local.get $o)) ${value})) (else ${value})))`;
    }),
  );

/** The scalar tail (< 4 floats) of a line: the same sum one float at a time. */
function scalarTail(name, column) {
  const at = column
    ? '(i32.add (i32.mul (local.get $c) (local.get $outStride)) (local.get $line))'
    : '(i32.add (i32.mul (local.get $line) (local.get $outStride)) (local.get $c))';
  return `(func ${name} (param $e0 i32) (param $e1 i32) (param $idx i32) (param $val i32) (param $dense i32) (param $width i32)
  (param $c i32) (param $out i32) (param $line i32) (param $outStride i32) (param $acc i32) (param $denseStride i32)
  (local $e i32) (local $s f32) (local $o i32)
  (local.set $e (local.get $e0))
  (block $done (loop $next
    (br_if $done (i32.ge_u (local.get $e) (local.get $e1)))
    (local.set $s (f32.add (local.get $s) (f32.mul (f32.load (i32.add (local.get $val) (i32.shl (local.get $e) (i32.const 2))))
      (f32.load (i32.add (local.get $dense) (i32.shl (i32.add (i32.mul (i32.load (i32.add (local.get $idx) (i32.shl (local.get $e) (i32.const 2)))) (local.get $denseStride)) (local.get $c)) (i32.const 2)))))))
    (local.set $e (i32.add (local.get $e) (i32.const 1)))
    (br $next)))
  (local.set $o (i32.add (local.get $out) (i32.shl ${at} (i32.const 2))))
  (if (local.get $acc) (then (local.set $s (f32.add (local.get $s) (f32.load (local.get $o))))))
  (f32.store (local.get $o) (local.get $s)))`;
}

/**
 * For each of `lines` lines: width floats in chunks of CHUNK (one call), then 4, then 1. `kind` is "row" or
 * "column". exported as (lines, width, offsets, indices, values, dense, out, outStride, accumulate,
 * denseStride): the dense rows are denseStride ≥ width floats apart.
 */
function driver(exportName, kind) {
  const args = (c) =>
    `(i32.load (i32.add (local.get $offs) (i32.shl (local.get $line) (i32.const 2)))) (i32.load offset=4 (i32.add (local.get $offs) (i32.shl (local.get $line) (i32.const 2)))) (local.get $idx) (local.get $val) (local.get $dense) (local.get $width) ${c} (local.get $out) (local.get $line) (local.get $outStride) (local.get $acc) (local.get $denseStride)`;
  const step = (
    size,
    fn,
  ) => `      (block $d${size} (loop $l${size} (br_if $d${size} (i32.gt_u (i32.add (local.get $c) (i32.const ${size})) (local.get $width)))
        (call ${fn} ${args('(local.get $c)')}) (local.set $c (i32.add (local.get $c) (i32.const ${size}))) (br $l${size})))`;
  return `(func $${exportName} (export "${exportName}") (param $lines i32) (param $width i32) (param $offs i32) (param $idx i32) (param $val i32)
  (param $dense i32) (param $out i32) (param $outStride i32) (param $acc i32) (param $denseStride i32) (local $line i32) (local $c i32)
  (block $dl (loop $ll (br_if $dl (i32.ge_u (local.get $line) (local.get $lines)))
    (local.set $c (i32.const 0))
      (call $${kind}_chunks ${args('(i32.const 0)')})
      (local.set $c (i32.and (local.get $width) (i32.const ${-CHUNK})))
${step(4, `$${kind}_chunk1`)}
${step(1, `$${kind}_scalar`)}
    (local.set $line (i32.add (local.get $line) (i32.const 1))) (br $ll))))`;
}

/** The address of element `i` (an expression) of the i32/f32 array at `$pointer`. */
const item = (pointer, i) => `(i32.add (local.get ${pointer}) (i32.shl ${i} (i32.const 2)))`;

/**
 * transposeLines(sourceLines, targetLines, so, si, sv, to, ti, tv): the other compressed form of a sparse matrix
 * by counting sort, each target line sorted by index (as `transposeSparseLines` in TypeScript): count the entries
 * per target line into to[t + 1], prefix-sum, place each entry using to[t] as line t's cursor, shift back.
 */
const transposeLines = `(func $transposeLines (export "transposeLines") (param $sourceLines i32) (param $targetLines i32)
  (param $so i32) (param $si i32) (param $sv i32) (param $to i32) (param $ti i32) (param $tv i32)
  (local $t i32) (local $e i32) (local $end i32) (local $line i32) (local $slot i32) (local $at i32)
  (block $dz (loop $lz (br_if $dz (i32.gt_u (local.get $t) (local.get $targetLines)))
    (i32.store ${item('$to', '(local.get $t)')} (i32.const 0))
    (local.set $t (i32.add (local.get $t) (i32.const 1))) (br $lz)))
  (local.set $end (i32.load ${item('$so', '(local.get $sourceLines)')}))
  (block $dc (loop $lc (br_if $dc (i32.ge_u (local.get $e) (local.get $end)))
    (local.set $slot ${item('$to', `(i32.add (i32.load ${item('$si', '(local.get $e)')}) (i32.const 1))`)})
    (i32.store (local.get $slot) (i32.add (i32.load (local.get $slot)) (i32.const 1)))
    (local.set $e (i32.add (local.get $e) (i32.const 1))) (br $lc)))
  (local.set $t (i32.const 0))
  (block $dp (loop $lp (br_if $dp (i32.ge_u (local.get $t) (local.get $targetLines)))
    (local.set $slot ${item('$to', '(i32.add (local.get $t) (i32.const 1))')})
    (i32.store (local.get $slot) (i32.add (i32.load (local.get $slot)) (i32.load ${item('$to', '(local.get $t)')})))
    (local.set $t (i32.add (local.get $t) (i32.const 1))) (br $lp)))
  (block $dl (loop $ll (br_if $dl (i32.ge_u (local.get $line) (local.get $sourceLines)))
    (local.set $e (i32.load ${item('$so', '(local.get $line)')}))
    (local.set $end (i32.load ${item('$so', '(i32.add (local.get $line) (i32.const 1))')}))
    (block $de (loop $le (br_if $de (i32.ge_u (local.get $e) (local.get $end)))
      (local.set $slot ${item('$to', `(i32.load ${item('$si', '(local.get $e)')})`)})
      (local.set $at (i32.load (local.get $slot)))
      (i32.store (local.get $slot) (i32.add (local.get $at) (i32.const 1)))
      (i32.store ${item('$ti', '(local.get $at)')} (local.get $line))
      (f32.store ${item('$tv', '(local.get $at)')} (f32.load ${item('$sv', '(local.get $e)')}))
      (local.set $e (i32.add (local.get $e) (i32.const 1))) (br $le)))
    (local.set $line (i32.add (local.get $line) (i32.const 1))) (br $ll)))
  (local.set $t (local.get $targetLines))
  (block $ds (loop $ls (br_if $ds (i32.eqz (local.get $t)))
    (i32.store ${item('$to', '(local.get $t)')} (i32.load ${item('$to', '(i32.sub (local.get $t) (i32.const 1))')}))
    (local.set $t (i32.sub (local.get $t) (i32.const 1))) (br $ls)))
  (i32.store (local.get $to) (i32.const 0)))`;

export function sparseKernels() {
  return [
    transposeLines,
    chunk('$row_chunks', CHUNK / 4, storeRow, { wholeLine: true }),
    chunk('$row_chunk1', 1, storeRow),
    scalarTail('$row_scalar', false),
    chunk('$column_chunks', CHUNK / 4, storeColumn, { wholeLine: true }),
    chunk('$column_chunk1', 1, storeColumn),
    scalarTail('$column_scalar', true),
    driver('sparseRows', 'row'),
    driver('sparseColumns', 'column'),
  ].join('\n');
}
