import { describe, expect, it } from 'vitest';
import { epochEndCollector } from '../src/job/epoch-collection';

describe('epochEndCollector', () => {
  it('collects after an epoch once 5 s have passed since the start or the last collection', () => {
    let clock = 0;
    let collections = 0;
    const collect = epochEndCollector(
      () => () => collections++,
      () => clock,
    );
    const collectedAt: number[] = [];
    for (const t of [300, 4_900, 5_000, 6_000, 9_999, 10_000, 25_000]) {
      clock = t;
      if (collect()) collectedAt.push(t);
    }
    expect(collectedAt).toEqual([5_000, 10_000, 25_000]);
    expect(collections).toBe(3);
  });

  it('collects at once when asked, whatever the interval, and counts from there', () => {
    let clock = 0;
    const collectedAt: number[] = [];
    const collect = epochEndCollector(
      () => () => collectedAt.push(clock),
      () => clock,
    );
    clock = 200;
    expect(collect(true)).toBe(true);
    clock = 5_000;
    expect(collect()).toBe(false);
    clock = 5_200;
    expect(collect()).toBe(true);
    expect(collectedAt).toEqual([200, 5_200]);
  });

  it('does nothing where the process does not expose gc (an editor, a plain node)', () => {
    let clock = 0;
    const collect = epochEndCollector(
      () => undefined,
      () => clock,
    );
    clock = 60_000;
    expect(collect()).toBe(false);
    expect(collect(true)).toBe(false);
  });
});
