const PAGE_BYTES = 65536;
/** Blocks are 16-byte aligned so f32x4 loads of a block's start are aligned. */
const MIN_CLASS = 4;
/**
 * Blocks of a cache line or more start on one: the kernels read rows 64 bytes at a time, and a row starting
 * mid-line makes every such read touch two lines (docs/benchmarks.md, "Cache-line-aligned kernel memory").
 */
const LINE_BYTES = 64;

/**
 * The kernels' WebAssembly memory and a size-class allocator over it. With a shared memory (where
 * SharedArrayBuffer exists) growing keeps earlier views valid, so Float32Arrays can live here for
 * good and the kernels read them in place; a plain memory detaches its views when it grows, so then
 * it only holds per-call scratch copies.
 */
export class WasmHeap {
  readonly memory: WebAssembly.Memory;
  readonly shared: boolean;
  private top = 16; // address 0 stays unused
  /**
   * The end of the part of memory this heap hands out from: the pages it grew itself or an arena's end. Another
   * thread may grow a shared memory too, and `grow` gives each caller pages of its own, so the heap never takes
   * memory it was not given.
   */
  private regionEnd: number;
  /** Blocks below this may hold data from an arena's earlier use, so they are zeroed even when fresh. */
  private readonly dirtyBelow: number;
  private readonly freeBlocks: number[][] = [];
  private readonly knownBuffers = new WeakSet<ArrayBufferLike>();
  private f32View = new Float32Array(0);
  private i32View = new Int32Array(0);
  // Blocks handed out by `allocate` return to their free list when their Float32Array is collected.
  private readonly registry = new FinalizationRegistry<number>((block) =>
    this.free(Math.floor(block / CLASSES), block % CLASSES),
  );

  /**
   * `arena`: start in that part of `memory` (lent by the thread that owns the memory; `clean` when never used),
   * growing the memory for more only when it is full. Without one, `memory` is this heap's own.
   */
  constructor(memory: WebAssembly.Memory, shared: boolean, arena?: { from: number; to: number; clean: boolean }) {
    this.memory = memory;
    this.shared = shared;
    this.top = arena?.from ?? 16;
    this.regionEnd = arena?.to ?? memory.buffer.byteLength;
    this.dirtyBelow = arena && !arena.clean ? arena.to : 0;
    this.refresh();
  }

  /** A zeroed Float32Array inside the memory, or an ordinary one when that cannot be (plain memory, full). */
  allocate(length: number): Float32Array {
    return this.allocateArray(Float32Array, length);
  }

  /** `allocate` for an Int32Array. */
  allocateInts(length: number): Int32Array {
    return this.allocateArray(Int32Array, length);
  }

  private allocateArray<T extends Float32Array | Int32Array>(
    Type: new (...args: [number] | [ArrayBufferLike, number, number]) => T,
    length: number,
  ): T {
    if (!this.shared || length === 0) return new Type(length);
    const sizeClass = classOf(length * 4);
    const fresh = this.top;
    const address = this.allocateClass(sizeClass);
    if (address === undefined) return new Type(length);
    const view = new Type(this.memory.buffer, address, length);
    this.knownBuffers.add(view.buffer);
    // Memory past the top was never handed out and is still the zeros it grew with; not writing them keeps its
    // pages out of the process's resident memory until used (a helper thread's optimiser state outside its share).
    if (address < fresh || address < this.dirtyBelow) view.fill(0);
    this.registry.register(view, address * CLASSES + sizeClass);
    return view;
  }

  /** True when `array` is a view of this memory, so a kernel can read or write it in place. */
  contains(array: Float32Array | Int32Array): boolean {
    return this.knownBuffers.has(array.buffer);
  }

  /**
   * A view of `length` floats at `address`, which this heap did not hand out: another thread's array in the same
   * shared memory. The kernels read and write it in place; its block stays that thread's.
   */
  floatsAt(address: number, length: number): Float32Array {
    const buffer = this.memory.buffer;
    if (address % 4 !== 0 || address + 4 * length > buffer.byteLength) {
      throw new RangeError(
        `WasmHeap: ${length} floats at ${address} lie outside the memory (${buffer.byteLength} bytes)`,
      );
    }
    this.knownBuffers.add(buffer);
    return new Float32Array(buffer, address, length);
  }

  /**
   * A scratch block of at least `bytes`; give it back with `free(address, sizeClass)`. `fresh`: never handed out
   * before, so still the zeros the memory grew with.
   */
  allocateScratch(bytes: number): { address: number; sizeClass: number; fresh: boolean } {
    const sizeClass = classOf(bytes);
    const before = this.top;
    const address = this.allocateClass(sizeClass);
    if (address === undefined) {
      throw new RangeError(`WasmHeap: cannot grow WebAssembly memory for ${bytes} bytes of scratch`);
    }
    return { address, sizeClass, fresh: address >= before };
  }

  free(address: number, sizeClass: number): void {
    const list = this.freeBlocks[sizeClass];
    if (list) list.push(address);
    else this.freeBlocks[sizeClass] = [address];
  }

  /** A Float32Array over the whole memory (re-made after growth). */
  f32(): Float32Array {
    if (this.f32View.buffer !== this.memory.buffer) this.refresh();
    return this.f32View;
  }

  i32(): Int32Array {
    if (this.i32View.buffer !== this.memory.buffer) this.refresh();
    return this.i32View;
  }

  private allocateClass(sizeClass: number): number | undefined {
    const reused = this.freeBlocks[sizeClass]?.pop();
    if (reused !== undefined) return reused;
    const bytes = classBytes(sizeClass);
    const align = Math.min(bytes, LINE_BYTES);
    for (;;) {
      const address = Math.ceil(this.top / align) * align;
      if (address + bytes <= this.regionEnd) {
        this.top = address + bytes;
        return address;
      }
      const pages = Math.ceil((address + bytes - this.regionEnd) / PAGE_BYTES);
      let grownFrom: number;
      try {
        grownFrom = this.memory.grow(pages) * PAGE_BYTES;
      } catch {
        return undefined;
      }
      // Pages right after this heap's region extend it; else another thread grew the memory meanwhile (or the
      // region is an arena), and this heap goes on in the pages it was given.
      if (grownFrom !== this.regionEnd) this.top = grownFrom;
      this.regionEnd = grownFrom + pages * PAGE_BYTES;
      this.refresh();
    }
  }

  private refresh(): void {
    const buffer = this.memory.buffer;
    this.knownBuffers.add(buffer);
    this.f32View = new Float32Array(buffer);
    this.i32View = new Int32Array(buffer);
  }
}

/**
 * Size classes: powers of two up to 1 MiB, then eight steps per doubling, so a large array (a 784×1024 layer's
 * 3.06 MiB, in every thread several times over) wastes at most an eighth of its size instead of up to half.
 * Class c < FINE_FROM is 2^c bytes; class FINE_FROM + 8·d + j is (8 + j + 1)/8 · 2^(20 + d) bytes.
 */
const FINE_FROM = 21;
/** Class numbers stay below this (1 GiB at most), so a block is registered as one number: address·CLASSES + class. */
const CLASSES = 128;

/** The smallest class holding `bytes`. */
export function classOf(bytes: number): number {
  const power = Math.max(MIN_CLASS, Math.ceil(Math.log2(Math.max(bytes, 1))));
  if (power <= 20) return power;
  const doubling = power - 21; // 2^(20 + doubling) < bytes ≤ 2^(21 + doubling)
  const eighth = 2 ** (17 + doubling);
  const eighths = Math.ceil(bytes / eighth); // 9 … 16
  return FINE_FROM + 8 * doubling + (eighths - 9);
}

/** The bytes of a block of class `sizeClass`. */
export function classBytes(sizeClass: number): number {
  if (sizeClass < FINE_FROM) return 2 ** sizeClass;
  const doubling = Math.floor((sizeClass - FINE_FROM) / 8);
  const eighths = 9 + ((sizeClass - FINE_FROM) % 8);
  return eighths * 2 ** (17 + doubling);
}
