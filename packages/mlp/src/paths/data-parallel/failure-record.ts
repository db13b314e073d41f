import { DataParallelError } from '../../errors';

/**
 * The first failure of any thread of a data-parallel fit, in the step channel's shared memory: which replica
 * (0 in `words[flag]`, else 1 + its index) and its message, so every other thread throws a `DataParallelError`
 * naming it instead of waiting for an answer that will not come.
 */
export class FailureRecord {
  constructor(
    private readonly words: Int32Array,
    private readonly flag: number,
    private readonly text: Uint8Array,
  ) {}

  /** Records `replica`'s failure (only the first one is kept) and wakes every waiting thread. */
  record(replica: number, message: string): void {
    const bytes = new TextEncoder().encode(message).subarray(0, this.text.length - 1);
    if (Atomics.compareExchange(this.words, this.flag, 0, replica + 1) !== 0) return;
    this.text.fill(0);
    this.text.set(bytes);
    for (let i = 0; i < this.words.length; i++) Atomics.notify(this.words, i);
  }

  recorded(): boolean {
    return Atomics.load(this.words, this.flag) !== 0;
  }

  throwIfRecorded(): void {
    const failed = Atomics.load(this.words, this.flag);
    if (failed === 0) return;
    const end = this.text.indexOf(0);
    // TextDecoder refuses views of shared memory: decode a copy.
    const message = new TextDecoder().decode(this.text.slice(0, end < 0 ? this.text.length : end));
    throw new DataParallelError(`data-parallel replica ${failed - 1} failed: ${message}`);
  }
}

export function silentReplica(replica: number, timeoutMs: number): DataParallelError {
  return new DataParallelError(`data-parallel fit: replica ${replica} did not answer within ${timeoutMs / 1000} s`);
}
