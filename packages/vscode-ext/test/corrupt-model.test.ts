import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTrainConfig, RUN_FILES, readRun } from '@nn/train';
import { describe, expect, it } from 'vitest';
import { loadRun } from '../src/train-adapter';
import { epochEvent, runEvent, startEvent } from './scripted-run';

describe('a run folder whose model file is corrupt', () => {
  it('still replays its curves, without weights, instead of rejecting', async () => {
    const runsDir = mkdtempSync(join(tmpdir(), 'nn-corrupt-model-'));
    const dir = join(runsDir, '2026-12-03-120000-default');
    mkdirSync(dir);
    writeFileSync(join(dir, RUN_FILES.config), JSON.stringify(makeTrainConfig({ outDir: runsDir, epochs: 2 })));
    const events = [runEvent(dir), startEvent(2, 10), epochEvent(1, 2, 0.9)];
    writeFileSync(join(dir, RUN_FILES.metrics), events.map((e) => `${JSON.stringify(e)}\n`).join(''));
    // A header length past the end of the file: decoding it throws a ModelFormatError.
    writeFileSync(join(dir, RUN_FILES.model), new Uint8Array([255, 255, 0, 0, 0, 0, 0, 0, 123]));
    const update = await loadRun(readRun(dir));
    expect(update.epochs).toHaveLength(1);
    expect(update.weights).toBeUndefined();
  });
});
