// WAT source of a whole training step over a "plan": i32 words in memory that give the network's sizes and the
// addresses of its buffers (written once by @nn/mlp's wasm-step path; the layout is `PLAN` in
// src/kernels/wasm-step.ts). Two calls make a step: stepGradients (sparse first layer, dense layers, loss, correct
// count, backward, finite check) and stepUpdate (weight decay, then SGD or Adam). Each calls the same kernels, in
// the same order, as the TypeScript step paths do through the KernelSet, so their results are the same bits.
// They live in this module, not one of @nn/mlp's own, so they call the kernels directly over the one memory, and
// wabt assembles them with the rest (a second module would import the memory and every kernel it calls).
import { stepLayerFunctions } from './step-layers.mjs';

/**
 * From this many units on, layer 0's forward writes its sums down z's columns, as the KernelSet's
 * sparseGemmTransposeA does from its WIDE_COLUMNS (src/kernels/wasm-kernels.ts; a test keeps the two equal).
 */
export const WIDE_COLUMNS = 1024;

/** Header words of a plan (byte offset = 4·word); src/kernels/wasm-step.ts's PLAN must agree (a test checks). */
export const H = {
  layers: 0,
  inputSize: 1,
  lossIsMse: 2,
  sampleOffsets: 3,
  sampleIndices: 4,
  sampleValues: 5,
  inputOffsets: 6,
  inputIndices: 7,
  inputValues: 8,
  y: 9,
  labels: 10,
  scratch: 11,
  results: 12,
  hyper: 13,
  optimizer: 14,
  packScratch: 15,
};
/** Words of a layer record; records start at plan + 64, 64 bytes each. */
export const L = {
  units: 0,
  inputs: 1,
  activation: 2,
  w: 3,
  b: 4,
  z: 5,
  a: 6,
  dz: 7,
  da: 8,
  dw: 9,
  db: 10,
};
/** Optimiser slots per layer: words 11, 12 (first slot of W and b) and 13, 14 (second). */
const SLOT = [11, 12, 13, 14];

const header = (word) => `(i32.load offset=${4 * word} (local.get $plan))`;
const field = (word, layer = '$layer') => `(i32.load offset=${4 * word} (local.get ${layer}))`;
const recordOf = (l) => `(i32.add (local.get $plan) (i32.add (i32.const 64) (i32.shl ${l} (i32.const 6))))`;
const hyper = (index) => `(f64.load offset=${8 * index} ${header(H.hyper)})`;

/**
 * stepGradients(plan, B, checked): the batch's non-zero inputs per input (transposeLines, for dW1ᵀ), the forward pass (layer 0 over the batch's non-zero inputs per sample, as
 * sparseGemmTransposeA: rows of zᵀ then one transpose), loss → results[0] (f64), correct → results i32 word 4;
 * when the loss is finite, the backward pass (dW1ᵀ over the non-zeros per input) and, when `checked`, Σ finiteCheck
 * of the gradients → results[1] (a data-parallel thread skips it: the sum of every thread's gradients is checked).
 */
const gradients = `(func (export "stepGradients") (param $plan i32) (param $B i32) (param $checked i32)
  (local $l i32) (local $last i32) (local $layer i32) (local $below i32) (local $units i32) (local $n i32)
  (local $loss f64) (local $check f64) (local $results i32)
  (local.set $last (i32.sub ${header(H.layers)} (i32.const 1)))
  (local.set $results ${header(H.results)})
  (call $transposeLines (local.get $B) ${header(H.inputSize)} ${header(H.sampleOffsets)} ${header(H.sampleIndices)}
    ${header(H.sampleValues)} ${header(H.inputOffsets)} ${header(H.inputIndices)} ${header(H.inputValues)})
  (block $df (loop $lf (br_if $df (i32.gt_s (local.get $l) (local.get $last)))
    (local.set $layer ${recordOf('(local.get $l)')})
    (local.set $units ${field(L.units)})
    (if (i32.eqz (local.get $l))
      (then
        ;; as sparseGemmTransposeA: W1ᵀ's chunks copied together when the batch has ≥ 4 entries per input, the
        ;; sums written down z's columns from WIDE_COLUMNS units on, else as rows of zᵀ and one transpose
        (if (i32.ge_u (i32.load (i32.add ${header(H.sampleOffsets)} (i32.shl (local.get $B) (i32.const 2))))
              (i32.shl ${field(L.inputs)} (i32.const 2)))
          (then
            (if (i32.ge_u (local.get $units) (i32.const ${WIDE_COLUMNS}))
              (then
                (call $sparsePackedColumns (local.get $B) (local.get $units) ${header(H.sampleOffsets)} ${header(H.sampleIndices)}
                  ${header(H.sampleValues)} ${field(L.w)} ${field(L.z)} (local.get $B) (i32.const 0) (local.get $units)
                  ${field(L.inputs)} ${header(H.packScratch)}))
              (else
                (call $sparsePackedRows (local.get $B) (local.get $units) ${header(H.sampleOffsets)} ${header(H.sampleIndices)}
                  ${header(H.sampleValues)} ${field(L.w)} ${header(H.scratch)} (local.get $units) (i32.const 0) (local.get $units)
                  ${field(L.inputs)} ${header(H.packScratch)})
                (call $transpose (local.get $B) (local.get $units) ${header(H.scratch)} ${field(L.z)}))))
          (else
            (call $sparseRows (local.get $B) (local.get $units) ${header(H.sampleOffsets)} ${header(H.sampleIndices)}
              ${header(H.sampleValues)} ${field(L.w)} ${header(H.scratch)} (local.get $units) (i32.const 0) (local.get $units))
            (call $transpose (local.get $B) (local.get $units) ${header(H.scratch)} ${field(L.z)}))))
      (else
        (call $gemm (local.get $units) (local.get $B) ${field(L.inputs)} ${field(L.w)} ${field(L.a, '$below')} ${field(L.z)} (i32.const 0))))
    (call $addBias (local.get $units) (local.get $B) ${field(L.z)} ${field(L.b)})
    (call $stepActivate ${field(L.activation)} (local.get $units) (local.get $B) ${field(L.z)} ${field(L.a)})
    (local.set $below (local.get $layer))
    (local.set $l (i32.add (local.get $l) (i32.const 1))) (br $lf)))
  (local.set $n (i32.mul (local.get $units) (local.get $B)))
  (local.set $loss (call $stepLoss ${header(H.lossIsMse)} (local.get $n) (local.get $B) ${field(L.a)} ${header(H.y)}))
  (f64.store (local.get $results) (local.get $loss))
  (i32.store offset=16 (local.get $results) (call $stepCorrect (local.get $units) (local.get $B) ${field(L.a)} ${header(H.labels)}))
  (if (f64.ne (f64.sub (local.get $loss) (local.get $loss)) (f64.const 0)) (then (return)))
  (call $stepOutputDelta ${header(H.lossIsMse)} ${field(L.activation)} (local.get $n) (local.get $B) ${field(L.z)} ${field(L.a)}
    ${header(H.y)} ${field(L.da)} ${field(L.dz)})
  (local.set $l (local.get $last))
  (block $db (loop $lb
    (local.set $layer ${recordOf('(local.get $l)')})
    (local.set $units ${field(L.units)})
    (if (i32.eqz (local.get $l))
      (then
        ;; as sparseGemmTransposeB: dz1ᵀ, then each chunk of its rows copied together while the inputs' lines read it
        (call $transpose (local.get $units) (local.get $B) ${field(L.dz)} ${header(H.scratch)})
        (call $sparsePackedRows ${field(L.inputs)} (local.get $units) ${header(H.inputOffsets)} ${header(H.inputIndices)}
          ${header(H.inputValues)} ${header(H.scratch)} ${field(L.dw)} (local.get $units) (i32.const 0) (local.get $units)
          (local.get $B) ${header(H.packScratch)}))
      (else
        (local.set $below ${recordOf('(i32.sub (local.get $l) (i32.const 1))')})
        (call $gemmTransposeB (local.get $units) ${field(L.inputs)} (local.get $B) ${field(L.dz)} ${field(L.a, '$below')} ${field(L.dw)} (i32.const 0))))
    (call $sumRows (local.get $units) (local.get $B) ${field(L.dz)} ${field(L.db)})
    (if (local.get $checked) (then
      (local.set $check (f64.add (local.get $check) (f64.promote_f32 (call $finiteCheck (i32.mul (local.get $units) ${field(L.inputs)}) ${field(L.dw)}))))
      (local.set $check (f64.add (local.get $check) (f64.promote_f32 (call $finiteCheck (local.get $units) ${field(L.db)}))))))
    (br_if $db (i32.eqz (local.get $l)))
    ;; da below = Wᵀ·dz (Wᵀ laid out first, as gemmTransposeA), then dz below = f'(z) ⊙ da
    (call $transpose (local.get $units) ${field(L.inputs)} ${field(L.w)} ${header(H.scratch)})
    (call $gemm ${field(L.inputs)} (local.get $B) (local.get $units) ${header(H.scratch)} ${field(L.dz)} ${field(L.da, '$below')} (i32.const 0))
    (call $stepActivateBackward ${field(L.activation, '$below')} (i32.mul ${field(L.units, '$below')} (local.get $B))
      ${field(L.z, '$below')} ${field(L.a, '$below')} ${field(L.da, '$below')} ${field(L.dz, '$below')})
    (local.set $l (i32.sub (local.get $l) (i32.const 1))) (br $lb)))
  (f64.store offset=8 (local.get $results) (local.get $check)))`;

/**
 * stepUpdate(plan, from, to): for the parameters whose place in the list of every parameter (W then b, layer by
 * layer, back to back) is in [from, to) — all of them, or one data-parallel thread's share — dW += λ·W (biases left
 * alone), then the optimiser's rule. The hyperparameters are f64 at plan's hyper block: β1, β2, Adam's step size and
 * ε (bias corrections folded in), the learning rate, λ and the momentum. Optimiser codes: 0 plain SGD, 1 momentum,
 * 2 Nesterov, 3 Adam.
 */
const update = `(func (export "stepUpdate") (param $plan i32) (param $from i32) (param $to i32)
  (local $l i32) (local $layer i32) (local $n i32) (local $at i32)
  (block $dl (loop $ll (br_if $dl (i32.ge_u (local.get $l) ${header(H.layers)}))
    (local.set $layer ${recordOf('(local.get $l)')})
    (local.set $n (i32.mul ${field(L.units)} ${field(L.inputs)}))
    (call $stepUpdateSpan (local.get $plan) (local.get $from) (local.get $to) (local.get $at) (local.get $n)
      ${field(L.w)} ${field(L.dw)} ${field(SLOT[0])} ${field(SLOT[2])} (i32.const 1))
    (local.set $at (i32.add (local.get $at) (local.get $n)))
    (call $stepUpdateSpan (local.get $plan) (local.get $from) (local.get $to) (local.get $at) ${field(L.units)}
      ${field(L.b)} ${field(L.db)} ${field(SLOT[1])} ${field(SLOT[3])} (i32.const 0))
    (local.set $at (i32.add (local.get $at) ${field(L.units)}))
    (local.set $l (i32.add (local.get $l) (i32.const 1))) (br $ll))))`;

/**
 * The part of one parameter array (n floats, placed at $at in the list of every parameter) that lies in
 * [from, to): weight decay when $decays, then the optimiser's rule.
 */
const updateSpan = `(func $stepUpdateSpan (param $plan i32) (param $from i32) (param $to i32) (param $at i32) (param $n i32)
  (param $w i32) (param $g i32) (param $s1 i32) (param $s2 i32) (param $decays i32)
  (local $lo i32) (local $hi i32) (local $skip i32) (local $end i32) (local $decay f64)
  ;; lo = max(from − at, 0), hi = min(to − at, n), as signed offsets into this array
  (local.set $lo (i32.sub (local.get $from) (local.get $at)))
  (if (i32.lt_s (local.get $lo) (i32.const 0)) (then (local.set $lo (i32.const 0))))
  (local.set $hi (i32.sub (local.get $to) (local.get $at)))
  (if (i32.gt_s (local.get $hi) (local.get $n)) (then (local.set $hi (local.get $n))))
  (if (i32.ge_s (local.get $lo) (local.get $hi)) (then (return)))
  (local.set $skip (i32.shl (local.get $lo) (i32.const 2)))
  (local.set $w (i32.add (local.get $w) (local.get $skip)))
  (local.set $g (i32.add (local.get $g) (local.get $skip)))
  (local.set $n (i32.sub (local.get $hi) (local.get $lo)))
  (local.set $decay ${hyper(5)})
  (if (i32.and (local.get $decays) (f64.gt (local.get $decay) (f64.const 0))) (then
    (local.set $end (i32.add (local.get $g) (i32.shl (local.get $n) (i32.const 2))))
    (block $dd (loop $ld (br_if $dd (i32.ge_u (local.get $g) (local.get $end)))
      (f32.store (local.get $g) (f32.demote_f64 (f64.add (f64.promote_f32 (f32.load (local.get $g)))
        (f64.mul (local.get $decay) (f64.promote_f32 (f32.load (local.get $w)))))))
      (local.set $w (i32.add (local.get $w) (i32.const 4)))
      (local.set $g (i32.add (local.get $g) (i32.const 4))) (br $ld)))
    (local.set $w (i32.sub (local.get $w) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $g (i32.sub (local.get $g) (i32.shl (local.get $n) (i32.const 2))))))
  (call $stepOptimize (local.get $plan) (local.get $n) (local.get $w) (local.get $g)
    (i32.add (local.get $s1) (local.get $skip)) (i32.add (local.get $s2) (local.get $skip))))`;

/** One parameter's update: Adam through the adam kernel (f32 hyperparameters, as its wrapper passes them), SGD in f64. */
const optimize = `(func $stepOptimize (param $plan i32) (param $n i32) (param $w i32) (param $g i32) (param $s1 i32) (param $s2 i32)
  (local $code i32) (local $end i32) (local $rate f64) (local $momentum f64) (local $gi f64) (local $vi f64)
  (local.set $code ${header(H.optimizer)})
  (if (i32.eq (local.get $code) (i32.const 3)) (then
    (call $adam (local.get $n) (local.get $w) (local.get $g) (local.get $s1) (local.get $s2)
      (f32.demote_f64 ${hyper(0)}) (f32.demote_f64 ${hyper(1)}) (f32.demote_f64 ${hyper(2)}) (f32.demote_f64 ${hyper(3)}))
    (return)))
  (local.set $rate ${hyper(4)})
  (local.set $momentum ${hyper(6)})
  (local.set $end (i32.add (local.get $w) (i32.shl (local.get $n) (i32.const 2))))
  (block $d (loop $l (br_if $d (i32.ge_u (local.get $w) (local.get $end)))
    (local.set $gi (f64.promote_f32 (f32.load (local.get $g))))
    (if (i32.eqz (local.get $code))
      (then (local.set $vi (local.get $gi)))
      (else
        (local.set $vi (f64.add (f64.mul (local.get $momentum) (f64.promote_f32 (f32.load (local.get $s1)))) (local.get $gi)))
        (f32.store (local.get $s1) (f32.demote_f64 (local.get $vi)))
        (if (i32.eq (local.get $code) (i32.const 2))
          (then (local.set $vi (f64.add (local.get $gi) (f64.mul (local.get $momentum) (local.get $vi))))))))
    (f32.store (local.get $w) (f32.demote_f64 (f64.sub (f64.promote_f32 (f32.load (local.get $w))) (f64.mul (local.get $rate) (local.get $vi)))))
    (local.set $w (i32.add (local.get $w) (i32.const 4)))
    (local.set $g (i32.add (local.get $g) (i32.const 4)))
    (local.set $s1 (i32.add (local.get $s1) (i32.const 4)))
    (br $l))))`;

/** The step's functions; they need `$exp`, `$log` and `$tanh` imported from Math (see module.mjs). */
export function stepFunctions() {
  return [stepLayerFunctions(), gradients, update, updateSpan, optimize].join('\n');
}

/** The imports the step's functions need, placed before any function of the module. */
export const stepImports = `(import "Math" "exp" (func $exp (param f64) (result f64)))
(import "Math" "log" (func $log (param f64) (result f64)))
(import "Math" "tanh" (func $tanh (param f64) (result f64)))`;
