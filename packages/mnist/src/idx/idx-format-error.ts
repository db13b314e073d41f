/**
 * Thrown for any input that is not a well-formed IDX file (or gzip of one). `offset` is the byte offset, in the
 * IDX bytes (after inflating, for gzip input), where the problem was found; `source` names the file when known.
 */
export class IdxFormatError extends Error {
  override name = 'IdxFormatError';
  readonly offset: number;
  readonly reason: string;
  readonly source: string | undefined;

  constructor(reason: string, offset: number, source?: string) {
    super(`${source === undefined ? 'IDX' : source}: ${reason} (at byte ${offset})`);
    this.reason = reason;
    this.offset = offset;
    this.source = source;
  }
}
