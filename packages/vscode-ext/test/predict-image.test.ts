import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { save } from '@nn/mlp';
import { fromPng, toPng } from '@nn/mnist';
import type { RunRecord } from '@nn/train';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Uri } from 'vscode';
import type { ControllerDeps } from '../src/controller-deps';
import { DashboardPanel } from '../src/dashboard-panel';
import { predictImage } from '../src/predict-image';
import { parseHostMessage } from '../src/protocol';
import { RunFeed } from '../src/run-feed';
import { loadFinalWeights } from '../src/train-adapter';
import { TrainingController } from '../src/training-controller';
import { type DigitModel, trainDigitModel } from './digit-model';
import { recorded, resetFake } from './fake-vscode';
import { bundledData, missingBuild, packageDir } from './recorded-run';

const nnCli = join(packageDir, '..', 'train', 'dist', 'cli.js');
const skipReason = missingBuild() ?? (existsSync(nnCli) ? undefined : `${nnCli} is missing: build @nn/train first`);
const folder = mkdtempSync(join(tmpdir(), 'nn-predict-image-'));
const modelFile = join(folder, 'model.safetensors');

/**
 * A 28×28 MNIST digit drawn the way a user's picture comes: `scale` times larger (each pixel a block), off-centre
 * on a larger white page, dark ink on white — everything @nn/mnist's preprocessing has to undo.
 */
function pictureOf(
  digit: Uint8Array,
  scale: number,
  page: { width: number; height: number; left: number; top: number },
) {
  const grey = new Uint8Array(page.width * page.height).fill(255);
  for (let y = 0; y < 28 * scale; y++) {
    for (let x = 0; x < 28 * scale; x++) {
      const ink = digit[Math.floor(y / scale) * 28 + Math.floor(x / scale)] ?? 0;
      grey[(page.top + y) * page.width + page.left + x] = 255 - ink;
    }
  }
  return toPng(grey, page.width, page.height);
}

/** The controller of a window reopened on a finished run: it reads that run's model file as the real one does. */
function controllerShowing(model: string | undefined): TrainingController {
  const record = { path: folder } as RunRecord;
  const runs: ControllerDeps['runs'] = {
    find: () => undefined,
    newest: () => (model ? record : undefined),
    isResumable: () => false,
    isBeingWritten: async () => false,
    load: async () => {
      const feed = new RunFeed(() => true);
      const weights = await loadFinalWeights(model ?? '', 4);
      if (weights) feed.showWeights(weights);
      // As train-adapter's loadRun: a run read back from disk comes with its network.
      feed.wantPadModel();
      return feed.replay();
    },
  };
  return new TrainingController({
    startTraining: () => {
      throw new Error('not in this test');
    },
    output: { appendLine: () => {} } as never,
    extensionUri: Uri.file(packageDir),
    globalStorageUri: Uri.file(folder),
    bundledDataDir: bundledData,
    runs,
  });
}

const pictures = () =>
  (recorded.panels[0]?.posted ?? []).map((m) => parseHostMessage(m)).filter((m) => m?.type === 'padPicture');

describe.skipIf(skipReason)(`NN: Predict Image…${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let trained: DigitModel;
  let index = -1;

  beforeAll(async () => {
    trained = await trainDigitModel();
    writeFileSync(modelFile, save(trained.network, { epoch: 4, inputScale: 1 / 255 }));
    // The first test digit the network gets right as MNIST stores it: the question is the picture's path, not the model.
    const { images, labels, count } = trained.test;
    const outputs = trained.network.predictRows(images.subarray(0, 100 * 784), 100, 1 / 255);
    for (let i = 0; i < Math.min(count, 100) && index < 0; i++) {
      const row = Array.from(outputs.subarray(i * 10, i * 10 + 10));
      if (row.indexOf(Math.max(...row)) === labels[i]) index = i;
    }
  }, 120_000);

  beforeEach(() => {
    resetFake();
    recorded.workspaceFolder = folder;
  });
  afterEach(() => DashboardPanel.current?.dispose());

  it('predicts a large, off-centre, dark-on-white picture of a test digit as its label, as `nn predict` does', async () => {
    const { images, labels } = trained.test;
    const label = labels[index];
    const file = join(folder, `digit-${label}.png`);
    const digit = images.slice(index * 784, (index + 1) * 784);
    writeFileSync(file, pictureOf(digit, 6, { width: 400, height: 360, left: 20, top: 170 }));
    recorded.openDialog = [file];

    const result = await predictImage(controllerShowing(modelFile), Uri.file(packageDir));

    expect(result?.digit).toBe(label);
    const cli = JSON.parse(
      execFileSync(process.execPath, [nnCli, 'predict', modelFile, file, '--json'], { encoding: 'utf8' }),
    );
    expect(cli.digit).toBe(label);
    cli.probabilities.forEach((p: number, d: number) => {
      expect(result?.probabilities[d]).toBeCloseTo(p, 5);
    });
    // The dashboard's pad gets the very input `nn predict` classifies (fromPng, one preprocessing path).
    const shown = pictures();
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ name: `digit-${label}.png` });
    expect(Array.from((shown[0] as { pixels: Uint8Array }).pixels)).toEqual(Array.from(fromPng(readFileSync(file))));
    expect(recorded.messages).toEqual([]);
    expect(recorded.openDialogOptions[0]).toMatchObject({ canSelectMany: false, filters: { 'PNG images': ['png'] } });
  });

  it('names a file it cannot read in an error message and shows nothing', async () => {
    const file = join(folder, 'notes.png');
    writeFileSync(file, 'not a picture');
    recorded.openDialog = [file];
    expect(await predictImage(controllerShowing(modelFile), Uri.file(packageDir))).toBeUndefined();
    expect(recorded.messages.map((m) => [m.kind, m.text.startsWith('NN: cannot read notes.png: ')])).toEqual([
      ['error', true],
    ]);
    expect(recorded.panels).toEqual([]);
  });

  it('says so when there is no run with weights, and does nothing when the dialog is cancelled', async () => {
    const file = join(folder, 'blank.png');
    writeFileSync(file, toPng(new Uint8Array(28 * 28)));
    recorded.openDialog = [file];
    expect(await predictImage(controllerShowing(undefined), Uri.file(packageDir))).toBeUndefined();
    expect(recorded.messages[0]?.text).toMatch(/^NN: no trained weights to classify blank\.png with/);
    recorded.openDialog = undefined;
    expect(await predictImage(controllerShowing(modelFile), Uri.file(packageDir))).toBeUndefined();
    expect(recorded.messages).toHaveLength(1);
    expect(recorded.panels).toEqual([]);
  });
});
