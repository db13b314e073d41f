import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { makeTrainConfig, type RunRecord, readRun } from '@nn/train';
import { afterAll, describe, expect, it } from 'vitest';
import { RunListing } from '../src/run-listing';

const root = mkdtempSync(join(tmpdir(), 'nn-listing-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A run folder as nn train starts one: its config and a first line of metrics. */
function makeRun(folder: string, name: string): string {
  const path = join(folder, name);
  mkdirSync(path, { recursive: true });
  writeFileSync(join(path, 'config.json'), JSON.stringify(makeTrainConfig({ epochs: 3 })));
  writeFileSync(join(path, 'metrics.jsonl'), `${JSON.stringify({ type: 'log', message: 'started' })}\n`);
  return path;
}

/** A listing that counts the runs it reads. */
function countingListing() {
  const reads: string[] = [];
  const listing = new RunListing((path): RunRecord => {
    reads.push(basename(path));
    return readRun(path);
  });
  return { listing, reads };
}

describe('RunListing', () => {
  it('lists run folders newest first and leaves out what is not a run', async () => {
    const folder = join(root, 'order');
    for (const name of ['2026-12-01-100000-default', '2026-12-03-100000-default', '2026-12-02-100000-default']) {
      makeRun(folder, name);
    }
    mkdirSync(join(folder, 'not-a-run'));
    writeFileSync(join(folder, 'notes.txt'), 'hello');
    const broken = join(folder, '2026-12-04-100000-default');
    mkdirSync(broken);
    writeFileSync(join(broken, 'config.json'), '{ not json');
    const { listing } = countingListing();
    const names = (await listing.list(folder)).map((run) => basename(run.path));
    expect(names).toEqual(['2026-12-03-100000-default', '2026-12-02-100000-default', '2026-12-01-100000-default']);
    expect(await listing.list(join(root, 'no-such-folder'))).toEqual([]);
  });

  it('reads a run again only when one of its files changed, and forgets deleted runs', async () => {
    const folder = join(root, 'cache');
    const a = makeRun(folder, '2026-12-01-100000-default');
    makeRun(folder, '2026-12-02-100000-default');
    const { listing, reads } = countingListing();
    await listing.list(folder);
    expect(reads.sort()).toEqual(['2026-12-01-100000-default', '2026-12-02-100000-default']);
    reads.length = 0;
    await listing.list(folder);
    expect(reads).toEqual([]);
    appendFileSync(join(a, 'metrics.jsonl'), `${JSON.stringify({ type: 'log', message: 'more' })}\n`);
    const again = await listing.list(folder);
    expect(reads).toEqual(['2026-12-01-100000-default']);
    expect(again.find((run) => run.path === a)?.events).toHaveLength(2);
    rmSync(a, { recursive: true });
    expect((await listing.list(folder)).map((run) => basename(run.path))).toEqual(['2026-12-02-100000-default']);
  });

  it('lets the event loop run between the runs it reads', async () => {
    const folder = join(root, 'yield');
    for (let day = 1; day <= 5; day++) makeRun(folder, `2026-12-0${day}-100000-default`);
    const { listing, reads } = countingListing();
    const seenBetween: number[] = [];
    const tick = () => {
      seenBetween.push(reads.length);
      if (reads.length < 5) setImmediate(tick);
    };
    setImmediate(tick);
    await listing.list(folder);
    // The other task ran while runs were still being read, not only once the listing was done.
    expect(seenBetween.some((count) => count > 0 && count < 5)).toBe(true);
  });
});
