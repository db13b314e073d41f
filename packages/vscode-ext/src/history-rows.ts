import { statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { RUN_FILES, type RunRecord } from '@nn/train';
import type { HistoryRun, HistoryStatus } from './protocol-history';

/** The settings a glance at the history needs: the network, how it was trained, and on what. */
function keySettings(record: RunRecord): string {
  const { config } = record;
  const layers = [784, ...config.hiddenLayers, 10].join('-');
  const parts = [
    `${layers} ${config.activation}`,
    `${config.optimizer} ${config.learningRate}`,
    `batch ${config.batchSize}`,
  ];
  if (config.dropout) parts.push(`dropout ${config.dropout}`);
  if (config.augmentation) parts.push('augmented');
  if (config.limit !== undefined) parts.push(`${config.limit} images`);
  if (config.dataset !== 'digits') parts.push(config.dataset);
  return parts.join(' · ');
}

/**
 * One run of the runs folder as the history lists it. `trainingId` is the run this window trains: it has no summary
 * yet and is "running"; any other run without one was cut off ("interrupted").
 */
export function historyRow(record: RunRecord, trainingId: string | undefined): HistoryRun {
  const id = basename(record.path);
  const status: HistoryStatus =
    id === trainingId ? 'running' : record.summary ? (record.summary.stopped ? 'stopped' : 'finished') : 'interrupted';
  let lastTested: number | undefined;
  let epochSeconds = 0;
  let runSeconds = 0;
  let ends = 0;
  for (const event of record.events) {
    if (event.type === 'epoch') {
      epochSeconds += event.seconds;
      if (event.testAccuracy !== undefined) lastTested = event.testAccuracy;
    }
    if (event.type === 'done') {
      runSeconds += event.seconds;
      ends++;
    }
  }
  const testAccuracy = status === 'running' ? lastTested : (record.summary?.testAccuracy ?? lastTested);
  // config.json is written once, when the run's folder is made: its time is the run's start.
  const started = statSync(join(record.path, RUN_FILES.config)).mtimeMs;
  return {
    id,
    recipe: record.config.recipe,
    settings: keySettings(record),
    completedEpochs: record.completedEpochs,
    epochs: record.config.epochs,
    ...(testAccuracy === undefined ? {} : { testAccuracy }),
    started,
    // Each invocation's wall time once it ended (a resumed run has two); a run cut off has only its epochs' times.
    seconds: ends > 0 && status !== 'running' ? runSeconds : epochSeconds,
    status,
  };
}
