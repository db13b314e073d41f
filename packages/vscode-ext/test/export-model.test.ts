import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { load } from '@nn/mlp';
import { makeTrainConfig, type RunRecord, readRun, trainMnist } from '@nn/train';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { exportModel } from '../src/export-model';
import { recorded, resetFake } from './fake-vscode';
import { bundledData, missingBuild, workerPath } from './recorded-run';

const skipReason = missingBuild();

describe.skipIf(skipReason !== undefined)(`NN: Export Model…${skipReason ? ` — skipped: ${skipReason}` : ''}`, () => {
  let run: RunRecord;
  const out = () => mkdtempSync(join(tmpdir(), 'nn-export-'));

  beforeAll(async () => {
    const config = makeTrainConfig({ outDir: out(), hiddenLayers: [16], limit: 500, epochs: 1, batchSize: 50 });
    const { runDir } = await trainMnist({ ...config, dataDir: bundledData }, { workerPath });
    run = readRun(runDir);
  }, 120_000);

  beforeEach(() => {
    resetFake();
  });

  it("saves the shown run's model where the user chooses, byte for byte, and it loads", async () => {
    const target = join(out(), 'digits.safetensors');
    recorded.saveDialog = target;
    const written = await exportModel({ shownRun: () => run });
    expect(written).toBe(target);
    expect(readFileSync(target)).toEqual(readFileSync(run.modelPath!));
    expect(load(readFileSync(target)).layerSizes).toEqual([784, 16, 10]);
    const asked = recorded.saveDialogOptions[0] as { defaultUri: { fsPath: string } };
    expect(basename(asked.defaultUri.fsPath)).toBe(`${basename(run.path)}.safetensors`);
    expect(recorded.messages.at(-1)?.text).toContain(`NN: exported the model of run ${basename(run.path)} (1 epoch)`);
    expect(readdirSync(join(target, '..'))).toEqual(['digits.safetensors']);
  });

  it('replaces an existing file whole (the dialog asked), and leaves nothing when the folder cannot be written', async () => {
    const target = join(out(), 'old.safetensors');
    writeFileSync(target, 'an older model');
    recorded.saveDialog = target;
    await exportModel({ shownRun: () => run });
    expect(readFileSync(target)).toEqual(readFileSync(run.modelPath!));
    const blocked = join(out(), 'not-a-folder');
    writeFileSync(blocked, 'a file');
    recorded.saveDialog = join(blocked, 'model.safetensors');
    expect(await exportModel({ shownRun: () => run })).toBeUndefined();
    expect(recorded.messages.at(-1)).toMatchObject({ kind: 'error' });
    expect(recorded.messages.at(-1)?.text).toContain(`NN: cannot write ${join(blocked, 'model.safetensors')}`);
  });

  it('says what to do when there is no model yet, and does nothing when the dialog is cancelled', async () => {
    expect(await exportModel({ shownRun: () => undefined })).toBeUndefined();
    expect(recorded.messages.at(-1)?.text).toMatch(/^NN: no model to export yet\. Train MNIST first/);
    expect(recorded.saveDialogOptions).toHaveLength(0);
    const folder = out();
    mkdirSync(join(folder, 'kept'));
    recorded.saveDialog = undefined;
    expect(await exportModel({ shownRun: () => run })).toBeUndefined();
    expect(existsSync(join(folder, 'kept'))).toBe(true);
    expect(recorded.saveDialogOptions).toHaveLength(1);
  });
});
