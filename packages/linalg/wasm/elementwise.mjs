// WAT source of the element-wise passes that measurably matter in training: the Adam update runs
// over all 109 386 parameters of the 784-128-64-10 network every step (≈0.3 ms in TypeScript, as
// much as a layer's product), so it gets an f32x4 loop.

/**
 * adam(n, w, g, m, v, beta1, beta2, stepSize, epsilon), in place over n floats:
 * m = β1·m + (1−β1)·g;  v = β2·v + (1−β2)·g²;  w −= stepSize · m / (√v + ε).
 * The caller folds Adam's bias corrections into stepSize and ε.
 */
function adamStep(type, width) {
  const load = type === 'v128' ? 'v128.load' : 'f32.load';
  const store = type === 'v128' ? 'v128.store' : 'f32.store';
  const op = (name) => (type === 'v128' ? `f32x4.${name}` : `f32.${name}`);
  const constant = (name) => (type === 'v128' ? `(f32x4.splat (local.get ${name}))` : `(local.get ${name})`);
  return `    (local.set $gi (${load} (i32.add (local.get $g) (local.get $at))))
    (local.set $mi (${op('add')} (${op('mul')} ${constant('$beta1')} (${load} (i32.add (local.get $m) (local.get $at))))
      (${op('mul')} ${constant('$oneMinusBeta1')} (local.get $gi))))
    (local.set $vi (${op('add')} (${op('mul')} ${constant('$beta2')} (${load} (i32.add (local.get $v) (local.get $at))))
      (${op('mul')} ${constant('$oneMinusBeta2')} (${op('mul')} (local.get $gi) (local.get $gi)))))
    (${store} (i32.add (local.get $m) (local.get $at)) (local.get $mi))
    (${store} (i32.add (local.get $v) (local.get $at)) (local.get $vi))
    (${store} (i32.add (local.get $w) (local.get $at))
      (${op('sub')} (${load} (i32.add (local.get $w) (local.get $at)))
        (${op('div')} (${op('mul')} ${constant('$stepSize')} (local.get $mi)) (${op('add')} (${op('sqrt')} (local.get $vi)) ${constant('$epsilon')}))))
    (local.set $at (i32.add (local.get $at) (i32.const ${width})))`;
}

const adam = `(func $adam (export "adam") (param $n i32) (param $w i32) (param $g i32) (param $m i32) (param $v i32)
  (param $beta1 f32) (param $beta2 f32) (param $stepSize f32) (param $epsilon f32)
  (local $at i32) (local $end4 i32) (local $end i32) (local $oneMinusBeta1 f32) (local $oneMinusBeta2 f32)
  (local $gi v128) (local $mi v128) (local $vi v128)
  (local.set $oneMinusBeta1 (f32.sub (f32.const 1) (local.get $beta1)))
  (local.set $oneMinusBeta2 (f32.sub (f32.const 1) (local.get $beta2)))
  (local.set $end (i32.shl (local.get $n) (i32.const 2)))
  (local.set $end4 (i32.and (local.get $end) (i32.const -16)))
  (block $d4 (loop $l4 (br_if $d4 (i32.ge_u (local.get $at) (local.get $end4)))
${adamStep('v128', 16)}
    (br $l4)))
  (call $adam_tail (local.get $at) (local.get $end) (local.get $w) (local.get $g) (local.get $m) (local.get $v)
    (local.get $beta1) (local.get $beta2) (local.get $stepSize) (local.get $epsilon)))
(func $adam_tail (param $at i32) (param $end i32) (param $w i32) (param $g i32) (param $m i32) (param $v i32)
  (param $beta1 f32) (param $beta2 f32) (param $stepSize f32) (param $epsilon f32)
  (local $oneMinusBeta1 f32) (local $oneMinusBeta2 f32) (local $gi f32) (local $mi f32) (local $vi f32)
  (local.set $oneMinusBeta1 (f32.sub (f32.const 1) (local.get $beta1)))
  (local.set $oneMinusBeta2 (f32.sub (f32.const 1) (local.get $beta2)))
  (block $d1 (loop $l1 (br_if $d1 (i32.ge_u (local.get $at) (local.get $end)))
${adamStep('f32', 4)}
    (br $l1))))`;

/**
 * The two loops of a pass from $at to $end: `body4` on 4 floats at a time (as v128) up to $end4, `between`,
 * then `body1` on the rest one at a time.
 */
function fourThenOne({ body4, between = '', body1 }) {
  return `(block $d4 (loop $l4 (br_if $d4 (i32.ge_u (local.get $at) (local.get $end4)))
    ${body4}
    (local.set $at (i32.add (local.get $at) (i32.const 16)))
    (br $l4)))
  ${between}
  (block $d1 (loop $l1 (br_if $d1 (i32.ge_u (local.get $at) (local.get $end)))
    ${body1}
    (local.set $at (i32.add (local.get $at) (i32.const 4)))
    (br $l1)))`;
}

/**
 * A pass over n floats: `body4` handles 4 at byte offset $at (as v128), `body1` the last n mod 4 one at a time.
 * `locals` are declared for both; `result` (a local of type f32) is returned when given.
 */
function floatPass({ name, params, locals = '', setup = '', body4, between, body1, result }) {
  return `(func $${name} (export "${name}") (param $n i32) ${params}${result ? ' (result f32)' : ''}
  (local $at i32) (local $end4 i32) (local $end i32) ${locals}
  (local.set $end (i32.shl (local.get $n) (i32.const 2)))
  (local.set $end4 (i32.and (local.get $end) (i32.const -16)))
  ${setup}
  ${fourThenOne({ body4, between, body1 })}${result ? `\n  (local.get ${result})` : ''})`;
}

/** The four lanes of the v128 local `name` added as (l0 + l1) + (l2 + l3). */
const laneSum = (name) =>
  `(f32.add (f32.add (f32x4.extract_lane 0 (local.get ${name})) (f32x4.extract_lane 1 (local.get ${name})))
    (f32.add (f32x4.extract_lane 2 (local.get ${name})) (f32x4.extract_lane 3 (local.get ${name}))))`;

const at = (pointer) => `(i32.add (local.get ${pointer}) (local.get $at))`;
const zero4 = '(v128.const f32x4 0 0 0 0)';

/**
 * scaleAdd(n, alpha, x, beta, y): y = α·x + β·y over n floats, as f32 multiplies then an f32 add (what a
 * data-parallel fit sums the threads' gradients with). Returns Σ (yᵢ − yᵢ): 0 when every result is finite,
 * NaN otherwise, so the caller needs no second pass to check.
 */
const scaleAdd = floatPass({
  name: 'scaleAdd',
  params: '(param $alpha f32) (param $x i32) (param $beta f32) (param $y i32)',
  locals:
    '(local $value f32) (local $check f32) (local $alpha4 v128) (local $beta4 v128) (local $value4 v128) (local $check4 v128)',
  setup: `(local.set $alpha4 (f32x4.splat (local.get $alpha)))
  (local.set $beta4 (f32x4.splat (local.get $beta)))`,
  body4: `(local.set $value4 (f32x4.add (f32x4.mul (local.get $alpha4) (v128.load ${at('$x')}))
      (f32x4.mul (local.get $beta4) (v128.load ${at('$y')}))))
    (v128.store ${at('$y')} (local.get $value4))
    (local.set $check4 (f32x4.add (local.get $check4) (f32x4.sub (local.get $value4) (local.get $value4))))`,
  between: `(local.set $check ${laneSum('$check4')})`,
  body1: `(local.set $value (f32.add (f32.mul (local.get $alpha) (f32.load ${at('$x')}))
      (f32.mul (local.get $beta) (f32.load ${at('$y')}))))
    (f32.store ${at('$y')} (local.get $value))
    (local.set $check (f32.add (local.get $check) (f32.sub (local.get $value) (local.get $value))))`,
  result: '$check',
});

/** reluForward(n, z, a): a = max(z, 0) (NaN stays NaN, −0 becomes 0, as Math.max). */
const reluForward = floatPass({
  name: 'reluForward',
  params: '(param $z i32) (param $a i32)',
  body4: `(v128.store ${at('$a')} (f32x4.max (v128.load ${at('$z')}) ${zero4}))`,
  body1: `(f32.store ${at('$a')} (f32.max (f32.load ${at('$z')}) (f32.const 0)))`,
});

/** reluBackward(n, z, da, dz): dz = da where z > 0, else 0. */
const reluBackward = floatPass({
  name: 'reluBackward',
  params: '(param $z i32) (param $da i32) (param $dz i32)',
  body4: `(v128.store ${at('$dz')} (v128.and (v128.load ${at('$da')}) (f32x4.gt (v128.load ${at('$z')}) ${zero4})))`,
  body1: `(f32.store ${at('$dz')} (select (f32.load ${at('$da')}) (f32.const 0) (f32.gt (f32.load ${at('$z')}) (f32.const 0))))`,
});

/** finiteCheck(n, x): Σ (xᵢ − xᵢ), 0 when every value is finite and NaN otherwise. */
const finiteCheck = floatPass({
  name: 'finiteCheck',
  params: '(param $x i32)',
  locals: '(local $v4 v128) (local $check4 v128) (local $v f32) (local $check f32)',
  body4: `(local.set $v4 (v128.load ${at('$x')}))
    (local.set $check4 (f32x4.add (local.get $check4) (f32x4.sub (local.get $v4) (local.get $v4))))`,
  between: `(local.set $check ${laneSum('$check4')})`,
  body1: `(local.set $v (f32.load ${at('$x')}))
    (local.set $check (f32.add (local.get $check) (f32.sub (local.get $v) (local.get $v))))`,
  result: '$check',
});

/**
 * A pass over each row of a rows×cols matrix at $x: `rowSetup` runs first (with $i the row), then `body4` on 4
 * floats at a time at address $at, `between`, `body1` on the last cols mod 4, then `rowEnd`.
 */
function rowPass({ name, params, locals = '', rowSetup = '', body4, between, body1, rowEnd = '' }) {
  return `(func $${name} (export "${name}") (param $rows i32) (param $cols i32) (param $x i32) ${params}
  (local $i i32) (local $at i32) (local $end4 i32) (local $end i32) ${locals}
  (block $di (loop $li (br_if $di (i32.ge_u (local.get $i) (local.get $rows)))
    (local.set $at (i32.add (local.get $x) (i32.shl (i32.mul (local.get $i) (local.get $cols)) (i32.const 2))))
    (local.set $end (i32.add (local.get $at) (i32.shl (local.get $cols) (i32.const 2))))
    (local.set $end4 (i32.sub (local.get $end) (i32.shl (i32.and (local.get $cols) (i32.const 3)) (i32.const 2))))
    ${rowSetup}
    ${fourThenOne({ body4, between, body1 })}
    ${rowEnd}
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br $li))))`;
}

const rowItem = (pointer) => `(i32.add (local.get ${pointer}) (i32.shl (local.get $i) (i32.const 2)))`;

/** addBias(rows, cols, x, b): x[i, j] += b[i], each unit's bias across its row of samples. */
const addBias = rowPass({
  name: 'addBias',
  params: '(param $b i32)',
  locals: '(local $value f32) (local $value4 v128)',
  rowSetup: `(local.set $value (f32.load ${rowItem('$b')}))
    (local.set $value4 (f32x4.splat (local.get $value)))`,
  body4: '(v128.store (local.get $at) (f32x4.add (v128.load (local.get $at)) (local.get $value4)))',
  body1: '(f32.store (local.get $at) (f32.add (f32.load (local.get $at)) (local.get $value)))',
});

/**
 * sumRows(rows, cols, x, out): out[i] = Σ_j x[i, j] — four running sums (lane k takes j ≡ k mod 4 of the first
 * cols − cols mod 4), added as (s0 + s1) + (s2 + s3), then the last cols mod 4 in order.
 */
const sumRows = rowPass({
  name: 'sumRows',
  params: '(param $out i32)',
  locals: '(local $sum4 v128) (local $sum f32)',
  rowSetup: `(local.set $sum4 ${zero4})`,
  body4: '(local.set $sum4 (f32x4.add (local.get $sum4) (v128.load (local.get $at))))',
  between: `(local.set $sum ${laneSum('$sum4')})`,
  body1: '(local.set $sum (f32.add (local.get $sum) (f32.load (local.get $at))))',
  rowEnd: `(f32.store ${rowItem('$out')} (local.get $sum))`,
});

/** MurmurHash3's finaliser (random.ts's fmix32) on the i32 or i32x4 local `h`, in place. */
function fmix32(h, lanes) {
  const shr = lanes ? 'i32x4.shr_u' : 'i32.shr_u';
  const xor = lanes ? 'v128.xor' : 'i32.xor';
  const mul = lanes ? 'i32x4.mul' : 'i32.mul';
  const constant = (value) => (lanes ? `(i32x4.splat (i32.const ${value}))` : `(i32.const ${value})`);
  const xorShift = (bits) => `(${xor} (local.get ${h}) (${shr} (local.get ${h}) (i32.const ${bits})))`;
  return `(local.set ${h} (${mul} ${xorShift(16)} ${constant(0x85ebca6b | 0)}))
      (local.set ${h} (${mul} ${xorShift(13)} ${constant(0xc2b2ae35 | 0)}))
      (local.set ${h} ${xorShift(16)})`;
}

/** random.ts's mixKey(seed, key) on the i32 or i32x4 local `h` holding the key, in place; `$seedPlus` = seed + golden. */
function mixKey(h, lanes) {
  const xor = lanes ? 'v128.xor' : 'i32.xor';
  const add = lanes ? 'i32x4.add' : 'i32.add';
  const constant = (value) => (lanes ? `(i32x4.splat (i32.const ${value}))` : `(i32.const ${value})`);
  const seedPlus = lanes ? '(i32x4.splat (local.get $seedPlus))' : '(local.get $seedPlus)';
  return `(local.set ${h} (${xor} (local.get ${h}) ${constant(0x85ebca6b | 0)}))
      ${fmix32(h, lanes)}
      (local.set ${h} (${add} (local.get ${h}) ${seedPlus}))
      ${fmix32(h, lanes)}`;
}

/**
 * dropoutMask(units, samples, keys, seed, threshold, keep, a, mask, dropped): inverted dropout over a units×samples
 * block. Sample j's stream is mixKey(seed, keys[j]) (written over keys[j]); unit i of it is kept when
 * uniformAt(stream, i)'s 32 bits are ≥ threshold (unsigned): mask = keep or 0, dropped = a · mask. Four samples at
 * a time, each lane its own sample's stream (random.ts's mixKey and uniformAt).
 */
const dropoutMask = `(func $dropoutMask (export "dropoutMask") (param $units i32) (param $samples i32) (param $keys i32)
  (param $seed i32) (param $threshold i32) (param $keep f32) (param $a i32) (param $mask i32) (param $dropped i32)
  (local $i i32) (local $j i32) (local $samples4 i32) (local $counter i32) (local $at i32) (local $h i32) (local $m f32)
  (local $seedPlus i32) (local $h4 v128) (local $m4 v128) (local $threshold4 v128) (local $keep4 v128)
  (local.set $samples4 (i32.and (local.get $samples) (i32.const -4)))
  (local.set $threshold4 (i32x4.splat (local.get $threshold)))
  (local.set $keep4 (f32x4.splat (local.get $keep)))
  (local.set $seedPlus (i32.add (local.get $seed) (i32.const ${0x9e3779b9 | 0})))
  (block $ds4 (loop $ls4 (br_if $ds4 (i32.ge_u (local.get $j) (local.get $samples4)))
    (local.set $at (i32.add (local.get $keys) (i32.shl (local.get $j) (i32.const 2))))
    (local.set $h4 (v128.load (local.get $at)))
    ${mixKey('$h4', true)}
    (v128.store (local.get $at) (local.get $h4))
    (local.set $j (i32.add (local.get $j) (i32.const 4)))
    (br $ls4)))
  (block $ds1 (loop $ls1 (br_if $ds1 (i32.ge_u (local.get $j) (local.get $samples)))
    (local.set $at (i32.add (local.get $keys) (i32.shl (local.get $j) (i32.const 2))))
    (local.set $h (i32.load (local.get $at)))
    ${mixKey('$h', false)}
    (i32.store (local.get $at) (local.get $h))
    (local.set $j (i32.add (local.get $j) (i32.const 1)))
    (br $ls1)))
  (block $di (loop $li (br_if $di (i32.ge_u (local.get $i) (local.get $units)))
    (local.set $counter (i32.mul (i32.add (local.get $i) (i32.const 1)) (i32.const ${0x9e3779b9 | 0})))
    (local.set $j (i32.const 0))
    (block $d4 (loop $l4 (br_if $d4 (i32.ge_u (local.get $j) (local.get $samples4)))
      (local.set $at (i32.shl (i32.add (i32.mul (local.get $i) (local.get $samples)) (local.get $j)) (i32.const 2)))
      (local.set $h4 (i32x4.add (v128.load (i32.add (local.get $keys) (i32.shl (local.get $j) (i32.const 2))))
        (i32x4.splat (local.get $counter))))
      ${fmix32('$h4', true)}
      (local.set $m4 (v128.and (i32x4.ge_u (local.get $h4) (local.get $threshold4)) (local.get $keep4)))
      (v128.store ${at('$mask')} (local.get $m4))
      (v128.store ${at('$dropped')} (f32x4.mul (v128.load ${at('$a')}) (local.get $m4)))
      (local.set $j (i32.add (local.get $j) (i32.const 4)))
      (br $l4)))
    (block $d1 (loop $l1 (br_if $d1 (i32.ge_u (local.get $j) (local.get $samples)))
      (local.set $at (i32.shl (i32.add (i32.mul (local.get $i) (local.get $samples)) (local.get $j)) (i32.const 2)))
      (local.set $h (i32.add (i32.load (i32.add (local.get $keys) (i32.shl (local.get $j) (i32.const 2))))
        (local.get $counter)))
      ${fmix32('$h', false)}
      (local.set $m (select (local.get $keep) (f32.const 0) (i32.ge_u (local.get $h) (local.get $threshold))))
      (f32.store ${at('$mask')} (local.get $m))
      (f32.store ${at('$dropped')} (f32.mul (f32.load ${at('$a')}) (local.get $m)))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $l1)))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br $li))))`;

export function elementwiseKernels() {
  return [adam, scaleAdd, reluForward, reluBackward, finiteCheck, addBias, sumRows, dropoutMask].join('\n');
}
