import { describe, expect, it } from 'vitest';
import { type KernelSet, loadWasmKernels, sharedKernelMemoryOf } from '../src/internal';

/** A kernel set over a memory of its own, and one over an arena lent from it (as a helper thread would load). */
function lenderAndBorrower(bytes: number) {
  const lender = loadWasmKernels()!;
  const memory = sharedKernelMemoryOf(lender)!;
  const arena = memory.lendArena(bytes)!;
  const borrower = loadWasmKernels({ arena })!;
  return { lender, memory, arena, borrower };
}

const addressOf = (array: Float32Array) => array.byteOffset;
const inside = (array: Float32Array, arena: { from: number; to: number }) =>
  addressOf(array) >= arena.from && addressOf(array) + array.byteLength <= arena.to;

describe("kernels working in another set's memory (an arena)", () => {
  it("allocate inside the arena, and each set reads the other one's arrays in place", () => {
    const { lender, memory, arena, borrower } = lenderAndBorrower(1 << 20);
    expect(arena.clean).toBe(true);
    const theirs = borrower.allocate(1000);
    expect(inside(theirs, arena)).toBe(true);
    expect(theirs.buffer).toBe(memory.memory.buffer);
    theirs.forEach((_, i) => {
      theirs[i] = i;
    });
    // The lender sees the borrower's array where it is, and its kernels take it without a copy.
    const view = memory.floatsAt(addressOf(theirs), theirs.length);
    expect(memory.contains(view)).toBe(true);
    const mine = lender.allocate(1000).fill(1);
    expect(lender.scaleAdd(1000, 2, view, 1, mine)).toBe(0);
    expect(mine[999]).toBe(1 + 2 * 999);
    expect(sharedKernelMemoryOf(borrower)!.memory).toBe(memory.memory);
  });

  it('grow the memory for what does not fit, never into blocks the lender hands out', () => {
    const { lender, arena, borrower } = lenderAndBorrower(64 * 1024);
    const big = borrower.allocate(100_000); // 400 KB: more than the arena
    expect(big.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(inside(big, arena)).toBe(false);
    big.fill(7);
    const later = Array.from({ length: 8 }, () => lender.allocate(50_000).fill(-1));
    expect(big.every((v) => v === 7)).toBe(true);
    for (const array of later) {
      const [a, b] = [addressOf(array), addressOf(big)];
      expect(a + array.byteLength <= b || b + big.byteLength <= a).toBe(true);
    }
  });

  it('lends the block given back again, as not clean, and the next borrower still gets zeros', () => {
    const { memory, arena, borrower } = lenderAndBorrower(1 << 20);
    borrower.allocate(1000).fill(3);
    memory.returnArena(arena);
    const again = memory.lendArena(1 << 20)!;
    expect(again.from).toBe(arena.from);
    expect(again.clean).toBe(false);
    const next: KernelSet = loadWasmKernels({ arena: again })!;
    expect(next.allocate(1000).every((v) => v === 0)).toBe(true);
  });

  it('refuses a view outside the memory', () => {
    const { memory } = lenderAndBorrower(1 << 16);
    expect(() => memory.floatsAt(memory.memory.buffer.byteLength - 8, 4)).toThrow(/lie outside the memory/);
  });
});
