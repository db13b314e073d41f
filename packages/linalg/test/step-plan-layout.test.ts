import { describe, expect, it } from 'vitest';
import { PLAN } from '../src/internal';
import { WIDE_COLUMNS as KERNEL_SET_WIDE_COLUMNS } from '../src/kernels/wasm-kernels';
// The WAT generators' constants: what the assembled module reads from a plan.
import { H, L, WIDE_COLUMNS } from '../wasm/step.mjs';
import { RELU, SIGMOID, SOFTMAX, TANH } from '../wasm/step-layers.mjs';

describe('the whole-step plan layout', () => {
  it('is the same in the module the generator writes and in the TypeScript that fills the plan', () => {
    expect(PLAN.header).toEqual(H);
    for (const [field, word] of Object.entries(L))
      expect([field, PLAN.layer[field as keyof typeof PLAN.layer]]).toEqual([field, word]);
    expect([RELU, SIGMOID, TANH, SOFTMAX]).toEqual(
      ['relu', 'sigmoid', 'tanh', 'softmax'].map((name) => PLAN.activations.indexOf(name as never)),
    );
  });

  it('chooses the forward sparse kernel by width as the KernelSet does (the two paths give the same bits)', () => {
    expect(WIDE_COLUMNS).toBe(KERNEL_SET_WIDE_COLUMNS);
  });
});
