// WAT source of the sparse-input kernels. A sparse operand lists, per line (a column of x for the
// forward product, a row of x for the weight gradient), its non-zero entries as (index, value) pairs:
// offsets (i32, lines + 1), indices (i32) and values (f32). Each entry adds one scaled, contiguous row
// of a dense operand into `width` accumulators, held in registers 16 floats (64 bytes) at a time.
import { range } from './wat.mjs';

/**
 * Entries per iteration of a chunk's loop: 2 entries of 16 floats use 14 of the 15 vector registers V8 gives wasm
 * (its scheduler loads every row chunk of an iteration before the first product), 3 or 4 spill.
 */
const GROUP = 2;
/**
 * Floats per chunk of a line: 4 accumulators of 4 floats. Wider chunks spill (32 floats need 8 accumulators plus
 * 8 loaded vectors per entry); narrower ones pay each entry's index and value loads for fewer products.
 */
const CHUNK = 16;

/** The address of entry $e's dense row chunk: dense + (indices[e]·$denseStride + $c)·4. */
const rowAt = (e) =>
  `(i32.add (local.get $dense) (i32.shl (i32.add (i32.mul (i32.load (i32.add (local.get $idx) (i32.shl ${e} (i32.const 2)))) (local.get $denseStride)) (local.get $c)) (i32.const 2)))`;
const splatAt = (e) => `(v128.load32_splat (i32.add (local.get $val) (i32.shl ${e} (i32.const 2))))`;

/**
 * The 4 floats from column $c of one line (the lines' last < CHUNK floats, 4 at a time): for each entry e, in order,
 * acc += values[e] · dense[indices[e]·$denseStride + $c ..], then `store`. Entries go GROUP per iteration.
 */
function quad(name, store) {
  const group = range(GROUP);
  const entry = (g) => (g === 0 ? '(local.get $e)' : `(i32.add (local.get $e) (i32.const ${g}))`);
  const product = (g) => `(f32x4.mul (local.get $x${g}) (v128.load (local.get $row${g})))`;
  return [
    `(func ${name} (param $e0 i32) (param $e1 i32) (param $idx i32) (param $val i32) (param $dense i32) (param $width i32)`,
    '  (param $c i32) (param $out i32) (param $line i32) (param $outStride i32) (param $acc i32) (param $denseStride i32)',
    `  (local $e i32) (local $o i32) ${group.map((g) => `(local $row${g} i32) (local $x${g} v128)`).join(' ')} (local $c0 v128)`,
    '  (local.set $e (local.get $e0))',
    '  (block $groups (loop $nextGroup',
    `    (br_if $groups (i32.gt_u (i32.add (local.get $e) (i32.const ${GROUP})) (local.get $e1)))`,
    ...group.flatMap((g) => [
      `    (local.set $x${g} ${splatAt(entry(g))})`,
      `    (local.set $row${g} ${rowAt(entry(g))})`,
    ]),
    ...group.map((g) => `    (local.set $c0 (f32x4.add (local.get $c0) ${product(g)}))`),
    `    (local.set $e (i32.add (local.get $e) (i32.const ${GROUP})))`,
    '    (br $nextGroup)))',
    '  (block $done (loop $next',
    '    (br_if $done (i32.ge_u (local.get $e) (local.get $e1)))',
    `    (local.set $x0 ${splatAt('(local.get $e)')})`,
    `    (local.set $row0 ${rowAt('(local.get $e)')})`,
    `    (local.set $c0 (f32x4.add (local.get $c0) ${product(0)}))`,
    '    (local.set $e (i32.add (local.get $e) (i32.const 1)))',
    '    (br $next)))',
    ...store(1),
    ')',
  ].join('\n');
}

/**
 * Every full CHUNK-float chunk of every line, chunk by chunk: for chunk c, line by line, acc += values[e] ·
 * dense[indices[e]·denseStride + c ..] over the line's entries in order, then `store`. Chunk-major, so the dense
 * rows' chunk c (one 64-byte line per row; with `packed`, copied one after another into $scratch first, so no two
 * share an L1 set) mostly stays in L1 while every line reads it; line by line, each line's rows went through L1 once
 * per chunk. Entries are walked by two pointers, so
 * an entry costs its index's multiply and no address arithmetic beyond it.
 */
function fullChunks(name, store, { packed = false } = {}) {
  const vecs = CHUNK / 4;
  const acc = range(vecs).map((v) => `$c${v}`);
  const entries = (count) => [
    ...range(count).flatMap((g) => [
      `      (local.set $x${g} (v128.load32_splat offset=${4 * g} (local.get $pv)))`,
      `      (local.set $row${g} (i32.add (local.get $base) (i32.mul (i32.load offset=${4 * g} (local.get $pi)) (local.get $rowBytes))))`,
    ]),
    ...range(count).flatMap((g) =>
      range(vecs).map(
        (v) =>
          `      (local.set $c${v} (f32x4.add (local.get $c${v}) (f32x4.mul (local.get $x${g}) (v128.load offset=${16 * v} (local.get $row${g})))))`,
      ),
    ),
    `      (local.set $pi (i32.add (local.get $pi) (i32.const ${4 * count})))`,
    `      (local.set $pv (i32.add (local.get $pv) (i32.const ${4 * count})))`,
  ];
  const offset = (next) =>
    `(i32.shl (i32.load${next ? ' offset=4' : ''} (i32.add (local.get $offs) (i32.shl (local.get $line) (i32.const 2)))) (i32.const 2))`;
  return [
    `(func ${name} (param $lines i32) (param $width i32) (param $offs i32) (param $idx i32) (param $val i32) (param $dense i32)`,
    `  (param $out i32) (param $outStride i32) (param $acc i32) (param $denseStride i32)${packed ? ' (param $rows i32) (param $scratch i32) (local $src i32) (local $dst i32) (local $r i32)' : ''}`,
    '  (local $c i32) (local $full i32) (local $line i32) (local $base i32) (local $rowBytes i32) (local $pi i32) (local $pv i32)',
    '  (local $end i32) (local $groupEnd i32) (local $o i32)',
    ...range(GROUP).map((g) => `  (local $row${g} i32) (local $x${g} v128)`),
    `  ${acc.map((c) => `(local ${c} v128)`).join(' ')}`,
    `  (local.set $rowBytes ${packed ? `(i32.const ${4 * CHUNK})` : '(i32.shl (local.get $denseStride) (i32.const 2))'})`,
    `  (local.set $full (i32.and (local.get $width) (i32.const ${-CHUNK})))`,
    '  (block $chunks (loop $nextChunk (br_if $chunks (i32.ge_u (local.get $c) (local.get $full)))',
    '  (local.set $base (i32.add (local.get $dense) (i32.shl (local.get $c) (i32.const 2))))',
    ...(packed
      ? [
          // chunk c of every dense row copied one after another into $scratch, which the lines then read
          '  (local.set $src (local.get $base)) (local.set $dst (local.get $scratch)) (local.set $r (local.get $rows))',
          '  (block $dp (loop $lp (br_if $dp (i32.eqz (local.get $r)))',
          ...range(CHUNK / 4).map(
            (v) => `    (v128.store offset=${16 * v} (local.get $dst) (v128.load offset=${16 * v} (local.get $src)))`,
          ),
          '    (local.set $src (i32.add (local.get $src) (i32.shl (local.get $denseStride) (i32.const 2))))',
          `    (local.set $dst (i32.add (local.get $dst) (i32.const ${4 * CHUNK})))`,
          '    (local.set $r (i32.sub (local.get $r) (i32.const 1))) (br $lp)))',
          '  (local.set $base (local.get $scratch))',
        ]
      : []),
    '  (local.set $line (i32.const 0))',
    '  (block $lines (loop $nextLine (br_if $lines (i32.ge_u (local.get $line) (local.get $lines)))',
    `    (local.set $pi (i32.add (local.get $idx) ${offset(false)}))`,
    `    (local.set $pv (i32.add (local.get $val) ${offset(false)}))`,
    `    (local.set $end (i32.add (local.get $idx) ${offset(true)}))`,
    `    (local.set $groupEnd (i32.sub (local.get $end) (i32.const ${4 * (GROUP - 1)})))`,
    ...acc.map((c) => `    (local.set ${c} (v128.const i32x4 0 0 0 0))`),
    '    (block $groups (loop $nextGroup (br_if $groups (i32.ge_s (local.get $pi) (local.get $groupEnd)))',
    ...entries(GROUP),
    '      (br $nextGroup)))',
    '    (block $done (loop $next (br_if $done (i32.ge_u (local.get $pi) (local.get $end)))',
    ...entries(1),
    '      (br $next)))',
    ...store(vecs),
    '    (local.set $line (i32.add (local.get $line) (i32.const 1))) (br $nextLine)))',
    `  (local.set $c (i32.add (local.get $c) (i32.const ${CHUNK}))) (br $nextChunk))))`,
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
 * Every line's full chunks (one call, chunk by chunk), then line by line its last < CHUNK floats, 4 then 1 at a
 * time. `kind` is "row" or "column". Exported as (lines, width, offsets, indices, values, dense, out, outStride,
 * accumulate, denseStride): the dense rows are denseStride ≥ width floats apart. `packed` adds (rows, scratch):
 * before each chunk, that chunk of the `rows` dense rows is copied into scratch (rows · 64 bytes), so the lines
 * read it from contiguous memory, not one 64-byte piece per row a row apart (L1 set conflicts and a page per row
 * once rows reach 4 KiB).
 */
function driver(exportName, kind, { packed = false } = {}) {
  const args = (c) =>
    `(i32.load (i32.add (local.get $offs) (i32.shl (local.get $line) (i32.const 2)))) (i32.load offset=4 (i32.add (local.get $offs) (i32.shl (local.get $line) (i32.const 2)))) (local.get $idx) (local.get $val) (local.get $dense) (local.get $width) ${c} (local.get $out) (local.get $line) (local.get $outStride) (local.get $acc) (local.get $denseStride)`;
  const step = (
    size,
    fn,
  ) => `      (block $d${size} (loop $l${size} (br_if $d${size} (i32.gt_u (i32.add (local.get $c) (i32.const ${size})) (local.get $width)))
        (call ${fn} ${args('(local.get $c)')}) (local.set $c (i32.add (local.get $c) (i32.const ${size}))) (br $l${size})))`;
  const params = ['$lines', '$width', '$offs', '$idx', '$val', '$dense', '$out', '$outStride', '$acc', '$denseStride'];
  if (packed) params.push('$rows', '$scratch');
  return `(func $${exportName} (export "${exportName}") ${params.map((p) => `(param ${p} i32)`).join(' ')} (local $line i32) (local $c i32)
  (call $${kind}_${packed ? 'packed_' : ''}chunks ${params.map((p) => `(local.get ${p})`).join(' ')})
  (if (i32.eqz (i32.and (local.get $width) (i32.const ${CHUNK - 1}))) (then (return)))
  (block $dl (loop $ll (br_if $dl (i32.ge_u (local.get $line) (local.get $lines)))
    (local.set $c (i32.and (local.get $width) (i32.const ${-CHUNK})))
${step(4, `$${kind}_quad`)}
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

/** The non-zero test and append of one value (lane `lane` of `$quad`, or `$value`) at column `column`. */
const appendValue = (column, value) => `(i32.store ${item('$ti', '(local.get $at)')} ${column})
      (f32.store ${item('$tv', '(local.get $at)')} ${value})
      (local.set $at (i32.add (local.get $at) (f32.ne ${value} (f32.const 0))))`;

/**
 * nonZeroLines(lines, length, a, to, ti, tv): line r of (to, ti, tv) lists the non-zero columns and values of row r
 * of a (lines × length, row-major), in column order (as `nonZeroLines` in TypeScript). Four values are tested at
 * once and an all-zero quad skipped (relu's dead units leave whole rows of them); within a quad every value is
 * written and the cursor moves past non-zeros only, with no branch on a value.
 */
const nonZeroLines = `(func $nonZeroLines (export "nonZeroLines") (param $lines i32) (param $length i32) (param $a i32)
  (param $to i32) (param $ti i32) (param $tv i32)
  (local $line i32) (local $k i32) (local $quads i32) (local $p i32) (local $at i32) (local $quad v128)
  (local.set $quads (i32.and (local.get $length) (i32.const -4)))
  (local.set $p (local.get $a))
  (block $dl (loop $ll (br_if $dl (i32.ge_u (local.get $line) (local.get $lines)))
    (i32.store ${item('$to', '(local.get $line)')} (local.get $at))
    (local.set $k (i32.const 0))
    (block $dq (loop $lq (br_if $dq (i32.ge_u (local.get $k) (local.get $quads)))
      (local.set $quad (v128.load align=4 (local.get $p)))
      (if (i32x4.bitmask (f32x4.ne (local.get $quad) (v128.const i32x4 0 0 0 0))) (then
        ${[0, 1, 2, 3].map((lane) => appendValue(`(i32.add (local.get $k) (i32.const ${lane}))`, `(f32x4.extract_lane ${lane} (local.get $quad))`)).join('\n        ')}))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (local.set $k (i32.add (local.get $k) (i32.const 4))) (br $lq)))
    (block $dt (loop $lt (br_if $dt (i32.ge_u (local.get $k) (local.get $length)))
      ${appendValue('(local.get $k)', '(f32.load (local.get $p))')}
      (local.set $p (i32.add (local.get $p) (i32.const 4)))
      (local.set $k (i32.add (local.get $k) (i32.const 1))) (br $lt)))
    (local.set $line (i32.add (local.get $line) (i32.const 1))) (br $ll)))
  (i32.store ${item('$to', '(local.get $lines)')} (local.get $at)))`;

export function sparseKernels() {
  return [
    transposeLines,
    nonZeroLines,
    fullChunks('$row_chunks', storeRow),
    quad('$row_quad', storeRow),
    scalarTail('$row_scalar', false),
    fullChunks('$column_chunks', storeColumn),
    quad('$column_quad', storeColumn),
    scalarTail('$column_scalar', true),
    driver('sparseRows', 'row'),
    driver('sparseColumns', 'column'),
    fullChunks('$row_packed_chunks', storeRow, { packed: true }),
    driver('sparsePackedRows', 'row', { packed: true }),
    fullChunks('$column_packed_chunks', storeColumn, { packed: true }),
    driver('sparsePackedColumns', 'column', { packed: true }),
  ].join('\n');
}
