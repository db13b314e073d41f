import { RESAMPLE_MODULE } from './resample-binary';

/** The image, and its copy with two zero rows and columns each side (wasm/resample.mjs's SIDE and PADDED_SIDE). */
const PIXELS = 28 * 28;
const PADDED_PIXELS = 32 * 32;

interface ResampleExports {
  resample(
    input: number,
    padded: number,
    out: number,
    transform: number,
    points: number,
    cells: number,
    weights: number,
    controls: number,
    elasticX: number,
    elasticY: number,
    round: number,
  ): void;
}

/** The compiled module, once per thread: null where WebAssembly SIMD is missing or compiling it was refused. */
let compiled: WebAssembly.Module | null | undefined;

function compiledModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      const binary = atob(RESAMPLE_MODULE);
      const bytes = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
      compiled = typeof WebAssembly === 'object' ? new WebAssembly.Module(bytes) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/**
 * DigitAugmenter's per-pixel work in WebAssembly (wasm/resample.mjs), with the same bits as its TypeScript loop:
 * one instance and one 64 KiB memory per augmenter, holding the image, the output and everything the transform
 * reads. The augmenter writes the transform, the warp's tables and control points and the elastic fields into the
 * views below, then calls `resample`.
 */
export class WasmResampler {
  /** shiftX, shiftY, cos θ, sin θ. */
  readonly transform: Float64Array;
  readonly input: Float32Array;
  readonly out: Float32Array;
  /** The warp's per-pixel cell and four weights (see WarpGrid), and its control points as (x, y) pairs. */
  readonly cells: Int32Array;
  readonly weights: Float64Array;
  readonly controls: Float64Array;
  readonly elasticX: Float32Array;
  readonly elasticY: Float32Array;
  private readonly padded: Float32Array;

  private constructor(
    private readonly exports: ResampleExports,
    memory: WebAssembly.Memory,
  ) {
    let at = 0;
    // Each array on a 64-byte boundary, one after the other.
    const take = <T>(
      Type: new (buffer: ArrayBuffer, offset: number, length: number) => T,
      length: number,
      bytes: number,
    ): T => {
      const array = new Type(memory.buffer, at, length);
      at += Math.ceil((length * bytes) / 64) * 64;
      return array;
    };
    this.transform = take(Float64Array, 4, 8);
    this.input = take(Float32Array, PIXELS, 4);
    this.padded = take(Float32Array, PADDED_PIXELS, 4);
    this.out = take(Float32Array, PIXELS, 4);
    this.cells = take(Int32Array, PIXELS, 4);
    this.weights = take(Float64Array, 4 * PIXELS, 8);
    this.controls = take(Float64Array, 2 * PIXELS, 8);
    this.elasticX = take(Float32Array, PIXELS, 4);
    this.elasticY = take(Float32Array, PIXELS, 4);
  }

  /** A resampler with a memory of its own; undefined where the module cannot run (the TypeScript loop then does). */
  static create(): WasmResampler | undefined {
    const module = compiledModule();
    if (!module) return undefined;
    try {
      const memory = new WebAssembly.Memory({ initial: 1, maximum: 1 });
      const instance = new WebAssembly.Instance(module, { env: { memory } });
      return new WasmResampler(instance.exports as unknown as ResampleExports, memory);
    } catch {
      return undefined;
    }
  }

  /**
   * out = `input` resampled by `transform`, plus the warp's displacement when `points` > 0 (its tables and this
   * sample's control points written), plus the elastic fields when `elastic`; rounded to integers when `round`.
   */
  resample(points: number, elastic: boolean, round: boolean): void {
    const { input, padded, out, transform, cells, weights, controls, elasticX, elasticY } = this;
    this.exports.resample(
      input.byteOffset,
      padded.byteOffset,
      out.byteOffset,
      transform.byteOffset,
      points,
      cells.byteOffset,
      weights.byteOffset,
      controls.byteOffset,
      elastic ? elasticX.byteOffset : 0,
      elastic ? elasticY.byteOffset : 0,
      round ? 1 : 0,
    );
  }
}
