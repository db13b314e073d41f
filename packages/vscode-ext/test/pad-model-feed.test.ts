import type { FitEvent } from '@nn/mlp';
import { describe, expect, it } from 'vitest';
import { PAD_MODEL_INTERVAL_MS } from '../src/pad-model-feed';
import { parseHostMessage, type UpdateMessage } from '../src/protocol';
import { RunFeed, type Timer } from '../src/run-feed';
import { batchEvent, runEvent, startEvent } from './scripted-run';

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
    for (let step = 0; step < ms; step += 50) {
      this.time += 50;
      for (const timer of this.timers.filter((t) => t.at <= this.time)) {
        this.clearTimeout(timer);
        timer.callback();
      }
    }
  }
}

/** A 784-32-10 snapshot whose every weight and bias is `batch`, so a message shows which snapshot it carries. */
function snapshot(batch: number): FitEvent {
  const layer = (rows: number, cols: number) => ({
    rows,
    cols,
    weights: new Float32Array(rows * cols).fill(batch),
    bias: new Float32Array(rows).fill(batch),
  });
  return { type: 'snapshot', epoch: 1, batch, layers: [layer(32, 784), layer(10, 32)] };
}

function feedWithPage() {
  const clock = new ManualClock();
  const posted: UpdateMessage[] = [];
  let visible = true;
  const feed = new RunFeed((message) => {
    if (!visible) return false;
    posted.push(message);
    return true;
  }, clock);
  feed.apply(runEvent('/runs/r1'));
  feed.apply(startEvent(1, 100));
  feed.wantPadModel();
  return { clock, posted, feed, hide: (hidden: boolean) => (visible = !hidden) };
}

const padBatches = (posted: UpdateMessage[]) => posted.flatMap((m) => (m.padModel ? [m.padModel.batch] : []));

describe('the digit pad network in the dashboard updates', () => {
  it('carries every weight and bias, with the run’s activations and input scale, and passes the page’s check', () => {
    const { clock, posted, feed } = feedWithPage();
    feed.apply(snapshot(1));
    clock.advance(100);
    const model = posted.at(-1)?.padModel;
    expect(model?.layers.map((l) => [l.rows, l.cols, l.weights.length, l.bias.length])).toEqual([
      [32, 784, 32 * 784, 32],
      [10, 32, 320, 10],
    ]);
    // The default recipe: relu hidden layers and a softmax output; bytes scaled to [0, 1] as in training.
    expect(model?.activations).toEqual(['relu', 'softmax']);
    expect(model?.inputScale).toBeCloseTo(1 / 255);
    expect(parseHostMessage(posted.at(-1))).toBeDefined();
    expect(parseHostMessage({ ...posted.at(-1), padModel: { ...model, activations: ['relu'] } })).toBeUndefined();
  });

  it('goes out at most once per interval, the newest only, without holding back the points', () => {
    const { clock, posted, feed } = feedWithPage();
    for (let batch = 1; batch <= 30; batch++) {
      feed.apply(snapshot(batch));
      feed.apply(batchEvent(1, batch, 100, 1 / batch));
      clock.advance(100);
    }
    // 3 s of snapshots every 100 ms: the first at once, the newest at the end of the interval, points every 100 ms.
    expect(padBatches(posted)).toEqual([1, 1 + PAD_MODEL_INTERVAL_MS / 100]);
    expect(posted.flatMap((m) => m.batches.map((b) => b.batch))).toHaveLength(30);
    clock.advance(PAD_MODEL_INTERVAL_MS);
    // The last snapshot goes out after its wait although no other event came.
    expect(padBatches(posted).at(-1)).toBe(30);
  });

  it('is not retried for a hidden page; the replay of a page shown again carries the newest', () => {
    const { clock, posted, feed, hide } = feedWithPage();
    hide(true);
    feed.apply(snapshot(7));
    clock.advance(5 * PAD_MODEL_INTERVAL_MS);
    expect(posted).toEqual([]);
    hide(false);
    expect(feed.replay().padModel?.batch).toBe(7);
    clock.advance(PAD_MODEL_INTERVAL_MS);
    expect(padBatches(posted)).toEqual([]);
  });

  it('goes only to a page that asked for it: a fresh page asks again, and gets the newest at once', () => {
    const { clock, posted, feed } = feedWithPage();
    const replay = feed.replay();
    expect(replay.padModel).toBeUndefined();
    for (let batch = 1; batch <= 30; batch++) {
      feed.apply(snapshot(batch));
      clock.advance(100);
    }
    expect(padBatches(posted)).toEqual([]);
    expect(feed.padModel?.batch).toBe(30);
    feed.wantPadModel();
    clock.advance(100);
    expect(padBatches(posted)).toEqual([30]);
    // A page reloaded from one that used the pad starts with the newest network, and its asking sends it no copy.
    expect(feed.replay().padModel?.batch).toBe(30);
    feed.wantPadModel();
    clock.advance(PAD_MODEL_INTERVAL_MS);
    expect(padBatches(posted)).toEqual([30]);
    // That page asked, so the next gets the network in its replay; the one after, which never asked, does not,
    // and its asking sends the newest.
    expect(feed.replay().padModel?.batch).toBe(30);
    expect(feed.replay().padModel).toBeUndefined();
    feed.wantPadModel();
    // Within the interval of the copy the replay sent, then as soon as it is over.
    clock.advance(PAD_MODEL_INTERVAL_MS - 100);
    expect(padBatches(posted)).toEqual([30]);
    clock.advance(100);
    expect(padBatches(posted)).toEqual([30, 30]);
  });
});
