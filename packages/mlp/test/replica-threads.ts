import { Worker } from 'node:worker_threads';
import type { DataParallelOptions } from '../src/index';

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url);

/**
 * Helper threads running `file`, reporting failures as @nn/train's do, splitting the update or not; records what
 * happened to them.
 */
export function threadsOf(
  count: number,
  file = 'replica-worker.mjs',
  data: Record<string, unknown> = {},
  splitUpdate = false,
) {
  const log = { started: 0, terminated: 0, exited: 0, workers: [] as Worker[] };
  const options: DataParallelOptions = {
    threads: count,
    splitUpdate,
    startThread(init, onFailure) {
      log.started++;
      const worker = new Worker(fixture(file), { workerData: { init, ...data } });
      log.workers.push(worker);
      let terminating = false;
      worker.on('error', (error) => onFailure(error.message));
      worker.on('exit', (code) => {
        log.exited++;
        if (!terminating && code !== 0) onFailure(`thread exited with code ${code}`);
      });
      return {
        terminate() {
          terminating = true;
          log.terminated++;
          return worker.terminate();
        },
      };
    },
  };
  return { options, log };
}
