import type { FitEvent } from '@nn/mlp';
import { makeTrainConfig, type TrainEvent } from '@nn/train';
import type { TrainingEvent, TrainingOutcome, TrainingRequest, TrainingRun } from '../src/training';

/**
 * A training run driven by the test: it emits the events the test gives it and ends when told, so the
 * controller's reactions can be checked step by step (the real worker is exercised by the e2e test).
 */
export class ScriptedRun implements TrainingRun {
  readonly listeners = new Set<(event: TrainingEvent) => void>();
  stopRequests = 0;
  interruptRequests = 0;
  readonly done: Promise<TrainingOutcome>;
  private settle!: { resolve(outcome: TrainingOutcome): void; reject(error: Error): void };

  constructor(readonly request: TrainingRequest) {
    this.done = new Promise((resolve, reject) => {
      this.settle = { resolve, reject };
    });
  }

  onEvent(listener: (event: TrainingEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  stop(): void {
    this.stopRequests++;
  }

  interrupt(): void {
    this.interruptRequests++;
  }

  emit(event: TrainingEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  finish(outcome: Partial<TrainingOutcome> = {}): void {
    this.settle.resolve({ runDir: '/runs/r1', epochs: 1, testAccuracy: 0.9, stopped: false, ...outcome });
  }

  crash(message: string): void {
    this.settle.reject(new Error(message));
  }
}

/** The first event of a run: its folder, with a real default-recipe config writing there. */
export function runEvent(runDir: string, resumedFromEpoch = 0): TrainEvent {
  return { type: 'run', runDir, config: makeTrainConfig({ outDir: runDir }), resumedFromEpoch };
}

export function epochEvent(epoch: number, epochs: number, testAccuracy: number): FitEvent {
  return {
    type: 'epoch',
    epoch,
    epochs,
    loss: 0.5 / epoch,
    trainAccuracy: testAccuracy - 0.01,
    testLoss: 0.6 / epoch,
    testAccuracy,
    seconds: 1.5,
    samplesPerSecond: 1000,
    learningRate: 0.003,
  };
}

export function batchEvent(epoch: number, batch: number, batchesPerEpoch: number, loss: number): FitEvent {
  return { type: 'batch', epoch, batch, batchesPerEpoch, loss, accuracy: 0.5, samplesPerSecond: 1000 };
}

export const startEvent = (epochs: number, batchesPerEpoch: number, firstEpoch = 1): FitEvent => ({
  type: 'start',
  epochs,
  batchesPerEpoch,
  trainSize: batchesPerEpoch * 10,
  testSize: 100,
  layerSizes: [784, 16, 10],
  firstEpoch,
});
