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
 * The time a run spent training, over all its invocations (a resumed run has several, each starting with a `run`
 * event): an invocation that ended counts its wall time, one cut off (a closed window) the time of its epochs.
 */
export function trainingSeconds(record: Pick<RunRecord, 'events'>): number {
  let total = 0;
  let epochs = 0;
  let ended = false;
  const close = () => {
    if (!ended) total += epochs;
  };
  for (const event of record.events) {
    if (event.type === 'run') {
      close();
      epochs = 0;
      ended = false;
    } else if (event.type === 'epoch') epochs += event.seconds;
    else if (event.type === 'done') {
      total += event.seconds;
      ended = true;
    }
  }
  close();
  return total;
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
  for (const event of record.events) {
    if (event.type === 'epoch' && event.testAccuracy !== undefined) lastTested = event.testAccuracy;
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
    seconds: trainingSeconds(record),
    status,
  };
}
