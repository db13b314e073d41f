import type { EpochEvent, FitEvent } from '@nn/mlp';
import { evenlySpaced, MAX_MATRIX_INPUTS, MAX_MATRIX_UNITS, MAX_TILES, sampleLayer } from '@nn/views/weight-sample';
import { describe, expect, it } from 'vitest';
import type { UpdateMessage } from '../src/protocol';
import { RunFeed, type Timer } from '../src/run-feed';
import { batchEvent, epochEvent, runEvent, startEvent } from './scripted-run';

/** A clock the test moves by hand: timers fire only in advance(). */
class ManualClock implements Timer {
  time = 0;
  private timers: { at: number; callback: () => void }[] = [];
  now = () => this.time;
  setTimeout(callback: () => void, ms: number): unknown {
    const timer = { at: this.time + ms, callback };
    this.timers.push(timer);
    return timer;
  }
  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t !== handle);
  }
  advance(ms: number): void {
    this.time += ms;
    for (const timer of this.timers.filter((t) => t.at <= this.time)) {
      this.clearTimeout(timer);
      timer.callback();
    }
  }
}

function snapshot(batch: number, rows: number, cols: number): FitEvent {
  const layer = (r: number, c: number) => ({
    rows: r,
    cols: c,
    weights: Float32Array.from({ length: r * c }, (_, i) => i + batch),
    bias: new Float32Array(r),
  });
  return { type: 'snapshot', epoch: 1, batch, layers: [layer(rows, cols), layer(10, rows)] };
}

function feedWithPage(visible = () => true) {
  const clock = new ManualClock();
  const posted: UpdateMessage[] = [];
  const feed = new RunFeed((message) => {
    if (!visible()) return false;
    posted.push(message);
    return true;
  }, clock);
  return { clock, posted, feed };
}

describe('RunFeed', () => {
  it('names the run after its folder', () => {
    const { clock, posted, feed } = feedWithPage();
    feed.apply(runEvent('/w/.nn/runs/2026-12-03-184834-default'));
    feed.apply(startEvent(2, 100));
    clock.advance(100);
    expect(posted[0]?.run?.id).toBe('2026-12-03-184834-default');
    expect(posted[0]?.status).toBe('running');
    // The configuration the run really used, recipe first (the run event's config: the default recipe).
    expect(posted[0]?.run?.settings.slice(0, 3)).toEqual([
      ['recipe', 'default'],
      ['dataset', 'digits'],
      ['hidden layers', '128, 64'],
    ]);
  });

  it('sends no second snapshot until the page has drawn the first, then only the newest', () => {
    const { clock, posted, feed } = feedWithPage();
    feed.apply(runEvent('/runs/r1'));
    feed.apply(startEvent(1, 100));
    feed.apply(snapshot(1, 32, 784));
    clock.advance(100);
    const first = posted.at(-1);
    expect(first?.weights?.batch).toBe(1);
    // The page is slow: three snapshots and some batches arrive before it has drawn the first.
    for (let batch = 2; batch <= 4; batch++) {
      feed.apply(snapshot(batch, 32, 784));
      feed.apply(batchEvent(1, batch, 100, 1 / batch));
      clock.advance(100);
    }
    expect(posted.slice(1).map((m) => m.weights)).toEqual([undefined, undefined, undefined]);
    expect(posted.slice(1).flatMap((m) => m.batches.map((b) => b.batch))).toEqual([2, 3, 4]);
    feed.drawn(first?.seq ?? -1);
    clock.advance(100);
    expect(posted.at(-1)?.weights?.batch).toBe(4);
    expect(posted.at(-1)?.batches).toEqual([]);
  });

  it('sends the newest weights again with the page of tiles the page turned to, and keeps them for later snapshots', () => {
    const { clock, posted, feed } = feedWithPage();
    feed.apply(runEvent('/runs/r1'));
    feed.apply(startEvent(1, 100));
    feed.apply(snapshot(1, 100, 784));
    clock.advance(100);
    const first = posted.at(-1);
    expect(first?.weights?.layers[0]?.units).toEqual(Array.from({ length: MAX_TILES }, (_, u) => u));
    feed.drawn(first?.seq ?? -1);
    feed.showTileUnits([99, 64, 70]);
    clock.advance(100);
    const turned = posted.at(-1)?.weights?.layers[0];
    expect(turned?.units).toEqual([99, 64, 70]);
    // Unit 64's weights, pixel 3: batch 1's layer holds i + 1 at row-major index i.
    expect(turned?.weights[784 + 3]).toBe(64 * 784 + 3 + 1);
    feed.drawn(posted.at(-1)?.seq ?? -1);
    feed.apply(snapshot(2, 100, 784));
    clock.advance(100);
    expect(posted.at(-1)?.weights?.layers[0]?.units).toEqual([99, 64, 70]);
    expect(posted.at(-1)?.weights?.batch).toBe(2);
  });

  it('keeps a snapshot for a hidden page and lets a replay carry it', () => {
    let visible = false;
    const { clock, posted, feed } = feedWithPage(() => visible);
    feed.apply(runEvent('/runs/r1'));
    feed.apply(startEvent(1, 100));
    feed.apply(snapshot(5, 16, 784));
    clock.advance(100);
    expect(posted).toEqual([]);
    visible = true;
    const replay = feed.replay();
    expect(replay.weights?.batch).toBe(5);
    feed.apply(snapshot(6, 16, 784));
    clock.advance(100);
    expect(posted.at(-1)?.weights).toBeUndefined();
    feed.drawn(replay.seq);
    clock.advance(100);
    expect(posted.at(-1)?.weights?.batch).toBe(6);
  });

  it('smooths the loss by steps, so a few sparse points do not hold the curve high', () => {
    const { feed } = feedWithPage();
    feed.apply(runEvent('/runs/r1'));
    feed.apply(startEvent(1, 469));
    feed.apply(batchEvent(1, 1, 469, 2.3));
    feed.apply(batchEvent(1, 120, 469, 0.4));
    const [first, second] = feed.replay().batches;
    expect(first?.smoothedLoss).toBe(2.3);
    // 119 batches later, 13 smoothing windows of 9 batches have passed: the old loss weighs nothing.
    expect(second?.smoothedLoss).toBeCloseTo(0.4, 1);
  });
});

describe('a resumed run', () => {
  it('drops the points of the epoch it redoes, and sends the page the whole run in their place', () => {
    const { clock, posted, feed } = feedWithPage();
    feed.apply(runEvent('/runs/r1'));
    feed.apply(startEvent(3, 100));
    feed.apply(batchEvent(1, 50, 100, 0.5));
    feed.apply(epochEvent(1, 3, 0.95));
    feed.apply(batchEvent(2, 40, 100, 0.3));
    clock.advance(100);
    // The window reloaded during epoch 2; the run resumes from the checkpoint after epoch 1.
    feed.apply(runEvent('/runs/r1', 1));
    feed.apply(startEvent(3, 100, 2));
    feed.apply(batchEvent(2, 10, 100, 0.35));
    clock.advance(100);
    const last = posted.at(-1);
    expect(last?.reset).toBe(true);
    expect(last?.batches.map((b) => b.step)).toEqual([50, 110]);
    expect(last?.epochs.map((e) => e.epoch)).toEqual([1]);
    expect(feed.replay().batches.map((b) => [b.step, Number.isFinite(b.smoothedLoss)])).toEqual([
      [50, true],
      [110, true],
    ]);
  });
});

describe("the test set's confusion", () => {
  const counts = (right: number) => [
    [right, 1],
    [2, right],
  ];

  const epochWith = (epoch: number, accuracy: number, confusion: number[][]) => ({
    ...(epochEvent(epoch, 3, accuracy) as EpochEvent),
    confusion,
  });

  it('goes out with its epoch, only the newest is kept for a reloaded page, and a redone epoch drops it', () => {
    const { clock, posted, feed } = feedWithPage();
    feed.apply(runEvent('/runs/r1'));
    feed.apply(startEvent(3, 100));
    feed.apply(epochWith(1, 0.9, counts(5)));
    clock.advance(100);
    expect(posted.at(-1)?.confusion).toEqual({ epoch: 1, counts: counts(5) });
    feed.apply(epochWith(2, 0.95, counts(7)));
    clock.advance(100);
    expect(posted.at(-1)?.confusion).toEqual({ epoch: 2, counts: counts(7) });
    expect(feed.replay().confusion).toEqual({ epoch: 2, counts: counts(7) });
    // An epoch line of an older run folder has none: nothing is sent.
    feed.apply(epochEvent(3, 3, 0.96));
    clock.advance(100);
    expect(posted.at(-1)?.confusion).toBeUndefined();
    // Resumed after epoch 1: epoch 2's matrix is redone, so the page is not told it again on a replay.
    feed.apply(startEvent(3, 100, 2));
    expect(feed.replay().confusion).toBeUndefined();
  });
});

describe('sampleLayer', () => {
  it('sends a 1024-unit first layer as its first page of 64 tiles with all their pixels', () => {
    const weights = Float32Array.from({ length: 1024 * 784 }, (_, i) => i);
    const wire = sampleLayer({ rows: 1024, cols: 784, weights });
    expect(wire.units).toEqual(Array.from({ length: MAX_TILES }, (_, i) => i));
    expect(wire.inputs).toHaveLength(784);
    expect(wire.weights[784 + 5]).toBe(784 + 5);
  });

  it('sends the page of tiles the page asked for, in its order, leaving out units the layer lacks', () => {
    const weights = Float32Array.from({ length: 1024 * 784 }, (_, i) => i);
    const wire = sampleLayer({ rows: 1024, cols: 784, weights }, [900, 3, 5000, 17]);
    expect(wire.units).toEqual([900, 3, 17]);
    expect(wire.weights[784 + 5]).toBe(3 * 784 + 5);
    expect(wire.weights[2 * 784]).toBe(17 * 784);
    const many = sampleLayer({ rows: 1024, cols: 784, weights }, evenlySpaced(1024, 100));
    expect(many.units).toHaveLength(MAX_TILES);
  });

  it('samples units and inputs of a big hidden matrix, and keeps a small layer whole', () => {
    const weights = Float32Array.from({ length: 1024 * 1024 }, (_, i) => i);
    const wire = sampleLayer({ rows: 1024, cols: 1024, weights });
    expect([wire.units.length, wire.inputs.length]).toEqual([MAX_MATRIX_UNITS, MAX_MATRIX_INPUTS]);
    expect(wire.weights[MAX_MATRIX_INPUTS + 1]).toBe(8 * 1024 + 4);
    const small = sampleLayer({ rows: 10, cols: 16, weights: new Float32Array(160).fill(2) });
    expect([small.units.length, small.inputs.length, small.weights[159]]).toEqual([10, 16, 2]);
  });
});
