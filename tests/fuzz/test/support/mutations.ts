import fc from 'fast-check';

/** One damage to a file's bytes; positions are fractions of the length so they fit any file. */
type Mutation =
  | { kind: 'set'; at: number; value: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'u32'; at: number; value: number; littleEndian: boolean }
  | { kind: 'repeat'; at: number; length: number; times: number };

const fraction = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
/** Sizes and counts a hostile header would claim: small, boundary and enormous. */
export const hostileCount = fc.oneof(
  fc.integer({ min: 0, max: 300 }),
  fc.constantFrom(0xff, 0x100, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff, 2 ** 20, 2 ** 26),
  fc.integer({ min: 0, max: 0xffffffff }),
);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), at: fraction, value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fraction }),
  fc.record({ kind: fc.constant('insert' as const), at: fraction, bytes: fc.uint8Array({ maxLength: 16 }) }),
  fc.record({ kind: fc.constant('u32' as const), at: fraction, value: hostileCount, littleEndian: fc.boolean() }),
  fc.record({
    kind: fc.constant('repeat' as const),
    at: fraction,
    length: fc.integer({ min: 1, max: 64 }),
    times: fc.integer({ min: 1, max: 64 }),
  }),
);

function apply(bytes: Uint8Array, m: Mutation): Uint8Array {
  const at = Math.floor(m.at * bytes.length);
  switch (m.kind) {
    case 'set': {
      const out = bytes.slice();
      if (out.length > 0) out[at] = m.value;
      return out;
    }
    case 'truncate':
      return bytes.slice(0, at);
    case 'insert':
      return concat([bytes.subarray(0, at), m.bytes, bytes.subarray(at)]);
    case 'u32': {
      const out = bytes.slice();
      if (at + 4 <= out.length) new DataView(out.buffer).setUint32(at, m.value, m.littleEndian);
      return out;
    }
    case 'repeat': {
      const part = bytes.subarray(at, at + m.length);
      return concat([bytes.subarray(0, at), ...Array<Uint8Array>(m.times).fill(part), bytes.subarray(at)]);
    }
  }
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Valid files damaged by up to 8 mutations, and now and then bytes with no structure at all. */
export function mutatedFiles(valid: readonly Uint8Array[]): fc.Arbitrary<Uint8Array> {
  return fc.oneof(
    {
      weight: 9,
      arbitrary: fc
        .tuple(fc.constantFrom(...valid), fc.array(mutation, { maxLength: 8 }))
        .map(([base, ms]) => ms.reduce(apply, base)),
    },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 512 }) },
  );
}
