// WAT source of the per-layer pieces of a whole training step (step.mjs drives them): activations forward and
// backward, softmax, the loss value, the output layer's delta and the correct count. Every float rule is written
// as @nn/mlp's model writes it in TypeScript (f64 arithmetic on f32 values, rounded once when stored, e^x and
// log x from the imported Math functions), so a step here gives the same bits as the model's kernels and loops.

/** Activation codes in a layer record (the order of `STEP_ACTIVATIONS` in src/kernels/wasm-step.ts). */
export const RELU = 0;
export const SIGMOID = 1;
export const TANH = 2;
export const SOFTMAX = 3;

/** Byte address of float `i` (an i32 expression) of the array at local `$p`. */
const at = (p, i = '(local.get $i)') => `(i32.add (local.get ${p}) (i32.shl ${i} (i32.const 2)))`;
const f64At = (p, i) => `(f64.promote_f32 (f32.load ${at(p, i)}))`;
/** for $i in [0, $n): body */
const each = (body) => `(local.set $i (i32.const 0))
  (block $done (loop $next (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
    ${body}
    (local.set $i (i32.add (local.get $i) (i32.const 1))) (br $next)))`;

/** activate(code, rows, cols, z, a): a = f(z) for relu, sigmoid, tanh and (per column) softmax. */
const activate = `(func $stepActivate (param $code i32) (param $rows i32) (param $cols i32) (param $z i32) (param $a i32)
  (local $n i32) (local $i i32)
  (local.set $n (i32.mul (local.get $rows) (local.get $cols)))
  (if (i32.eq (local.get $code) (i32.const ${RELU})) (then (call $reluForward (local.get $n) (local.get $z) (local.get $a)) (return)))
  (if (i32.eq (local.get $code) (i32.const ${SOFTMAX})) (then (call $stepSoftmax (local.get $rows) (local.get $cols) (local.get $z) (local.get $a)) (return)))
  (if (i32.eq (local.get $code) (i32.const ${SIGMOID})) (then
    ${each(`(f32.store ${at('$a')} (f32.demote_f64 (f64.div (f64.const 1) (f64.add (f64.const 1) (call $exp (f64.neg ${f64At('$z', '(local.get $i)')}))))))`)}
    (return)))
  ${each(`(f32.store ${at('$a')} (f32.demote_f64 (call $tanh ${f64At('$z', '(local.get $i)')})))`)})`;

/** softmax over each column: e^(z − max) stored, summed unrounded, then each a scaled by 1/sum. */
const softmax = `(func $stepSoftmax (param $rows i32) (param $cols i32) (param $z i32) (param $a i32)
  (local $j i32) (local $i i32) (local $k i32) (local $max f64) (local $sum f64) (local $e f64) (local $inv f64)
  (block $dj (loop $lj (br_if $dj (i32.ge_u (local.get $j) (local.get $cols)))
    (local.set $max (f64.const -inf))
    (local.set $i (i32.const 0))
    (block $d1 (loop $l1 (br_if $d1 (i32.ge_u (local.get $i) (local.get $rows)))
      (local.set $k (i32.add (i32.mul (local.get $i) (local.get $cols)) (local.get $j)))
      (local.set $max (f64.max (local.get $max) ${f64At('$z', '(local.get $k)')}))
      (local.set $i (i32.add (local.get $i) (i32.const 1))) (br $l1)))
    (local.set $sum (f64.const 0))
    (local.set $i (i32.const 0))
    (block $d2 (loop $l2 (br_if $d2 (i32.ge_u (local.get $i) (local.get $rows)))
      (local.set $k (i32.add (i32.mul (local.get $i) (local.get $cols)) (local.get $j)))
      (local.set $e (call $exp (f64.sub ${f64At('$z', '(local.get $k)')} (local.get $max))))
      (f32.store ${at('$a', '(local.get $k)')} (f32.demote_f64 (local.get $e)))
      (local.set $sum (f64.add (local.get $sum) (local.get $e)))
      (local.set $i (i32.add (local.get $i) (i32.const 1))) (br $l2)))
    (local.set $inv (f64.div (f64.const 1) (local.get $sum)))
    (local.set $i (i32.const 0))
    (block $d3 (loop $l3 (br_if $d3 (i32.ge_u (local.get $i) (local.get $rows)))
      (local.set $k (i32.add (i32.mul (local.get $i) (local.get $cols)) (local.get $j)))
      (f32.store ${at('$a', '(local.get $k)')} (f32.demote_f64 (f64.mul ${f64At('$a', '(local.get $k)')} (local.get $inv))))
      (local.set $i (i32.add (local.get $i) (i32.const 1))) (br $l3)))
    (local.set $j (i32.add (local.get $j) (i32.const 1))) (br $lj))))`;

/** activateBackward(code, n, z, a, da, dz): dz = f'(z) ⊙ da (relu, sigmoid, tanh). */
const activateBackward = `(func $stepActivateBackward (param $code i32) (param $n i32) (param $z i32) (param $a i32) (param $da i32) (param $dz i32)
  (local $i i32) (local $ai f64)
  (if (i32.eq (local.get $code) (i32.const ${RELU})) (then (call $reluBackward (local.get $n) (local.get $z) (local.get $da) (local.get $dz)) (return)))
  (if (i32.eq (local.get $code) (i32.const ${SIGMOID})) (then
    ${each(`(local.set $ai ${f64At('$a', '(local.get $i)')})
    (f32.store ${at('$dz')} (f32.demote_f64 (f64.mul (f64.mul (local.get $ai) (f64.sub (f64.const 1) (local.get $ai))) ${f64At('$da', '(local.get $i)')})))`)}
    (return)))
  ${each(`(local.set $ai ${f64At('$a', '(local.get $i)')})
    (f32.store ${at('$dz')} (f32.demote_f64 (f64.mul (f64.sub (f64.const 1) (f64.mul (local.get $ai) (local.get $ai))) ${f64At('$da', '(local.get $i)')})))`)})`;

/**
 * lossValue(mse, n, cols, a, y): the batch's mean loss, cross-entropy after softmax (−Σ y·log max(a, 1e-12), zero
 * targets skipped) or squared error (Σ (a − y)²), divided by the columns.
 */
const lossValue = `(func $stepLoss (param $mse i32) (param $n i32) (param $cols i32) (param $a i32) (param $y i32) (result f64)
  (local $i i32) (local $sum f64) (local $yi f64) (local $diff f64)
  (if (local.get $mse) (then
    ${each(`(local.set $diff (f64.sub ${f64At('$a', '(local.get $i)')} ${f64At('$y', '(local.get $i)')}))
    (local.set $sum (f64.add (local.get $sum) (f64.mul (local.get $diff) (local.get $diff))))`)})
  (else
    ${each(`(local.set $yi ${f64At('$y', '(local.get $i)')})
    (if (f64.ne (local.get $yi) (f64.const 0)) (then
      (local.set $sum (f64.sub (local.get $sum) (f64.mul (local.get $yi) (call $log (f64.max ${f64At('$a', '(local.get $i)')} (f64.const 1e-12))))))))`)}))
  (f64.div (local.get $sum) (f64.convert_i32_u (local.get $cols))))`;

/**
 * outputDelta(mse, n, cols, z, a, y, da, dz): dz = (a − y)/B for cross-entropy after softmax; for squared error
 * da = (2/B)·(a − y), then through the output sigmoid.
 */
const outputDelta = `(func $stepOutputDelta (param $mse i32) (param $code i32) (param $n i32) (param $cols i32) (param $z i32) (param $a i32) (param $y i32) (param $da i32) (param $dz i32)
  (local $i i32) (local $scale f64)
  (if (local.get $mse) (then
    (local.set $scale (f64.div (f64.const 2) (f64.convert_i32_u (local.get $cols))))
    ${each(`(f32.store ${at('$da')} (f32.demote_f64 (f64.mul (local.get $scale) (f64.sub ${f64At('$a', '(local.get $i)')} ${f64At('$y', '(local.get $i)')}))))`)}
    (call $stepActivateBackward (local.get $code) (local.get $n) (local.get $z) (local.get $a) (local.get $da) (local.get $dz))
    (return)))
  (local.set $scale (f64.div (f64.const 1) (f64.convert_i32_u (local.get $cols))))
  ${each(`(f32.store ${at('$dz')} (f32.demote_f64 (f64.mul (f64.sub ${f64At('$a', '(local.get $i)')} ${f64At('$y', '(local.get $i)')}) (local.get $scale))))`)})`;

/** countCorrect(rows, cols, a, labels): columns whose first largest output (a ≥ 0.5 for one output) is the label. */
const countCorrect = `(func $stepCorrect (param $rows i32) (param $cols i32) (param $a i32) (param $labels i32) (result i32)
  (local $j i32) (local $i i32) (local $best i32) (local $bestValue f32) (local $v f32) (local $correct i32)
  (block $dj (loop $lj (br_if $dj (i32.ge_u (local.get $j) (local.get $cols)))
    (if (i32.eq (local.get $rows) (i32.const 1))
      (then (local.set $best (f32.ge (f32.load ${at('$a', '(local.get $j)')}) (f32.const 0.5))))
      (else
        (local.set $best (i32.const 0))
        (local.set $bestValue (f32.load ${at('$a', '(local.get $j)')}))
        (local.set $i (i32.const 1))
        (block $di (loop $li (br_if $di (i32.ge_u (local.get $i) (local.get $rows)))
          (local.set $v (f32.load ${at('$a', '(i32.add (i32.mul (local.get $i) (local.get $cols)) (local.get $j))')}))
          (if (f32.gt (local.get $v) (local.get $bestValue)) (then (local.set $bestValue (local.get $v)) (local.set $best (local.get $i))))
          (local.set $i (i32.add (local.get $i) (i32.const 1))) (br $li)))))
    (local.set $correct (i32.add (local.get $correct) (i32.eq (local.get $best) (i32.load ${at('$labels', '(local.get $j)')}))))
    (local.set $j (i32.add (local.get $j) (i32.const 1))) (br $lj)))
  (local.get $correct))`;

export function stepLayerFunctions() {
  return [activate, softmax, activateBackward, lossValue, outputDelta, countCorrect].join('\n');
}
