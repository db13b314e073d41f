import type { Optimizer } from '../../training/optimizers/optimizer';
import {
  COMMAND,
  channelBytes,
  channelLayout,
  EPOCH,
  ERROR_BYTES,
  FAILED,
  READY,
  REQUESTED,
  SIZE,
  START,
  slotFloats,
} from './channel-layout';
import { FailureRecord } from './failure-record';
import { copyToShared, type LinkedPiece } from './parameter-share';
import { CORRECT, StepMarks, SUMMED_FINITE } from './step-marks';
import { reachWord } from './word-waits';

export enum Command {
  Step = 0,
  Stop = 1,
  /** Post this replica's share of the optimiser state slot numbered `size` (see Replica.postStateSlot). */
  PostStateSlot = 2,
  /** Load this replica's share of the optimiser state slot numbered `size` (see Replica.loadStateSlot). */
  LoadStateSlot = 3,
}

/** One step's request, as the replicas read it. */
export interface StepRequest {
  command: Command;
  step: number;
  epoch: number;
  start: number;
  size: number;
}

/**
 * The shared memory through which the threads of a data-parallel fit run their steps in lock step: the
 * coordinator's request (batch start, size, epoch, learning rate), one gradient slot per replica, each replica's
 * loss and correct count or absolute error (see replica.ts for a step's order, gradient-sum.ts for how the slots
 * are added up). A replica posts gradients only outside its share of the parameters, so its slot's places inside
 * that share carry its updated weights there instead (and, when the state is exported, its optimiser state).
 * When the threads share one kernel memory (memory-sharing.ts) the slots are there, so the gradient sum reads them
 * in place; else they follow the words in the channel's buffer.
 */
export class StepChannel {
  readonly buffer: SharedArrayBuffer;
  readonly replicas: number;
  readonly parameterCount: number;
  private readonly words: Int32Array;
  private readonly numbers: Float64Array; // [learning rate, loss of replica 0, 1, …, absolute error of replica 0, 1, …]
  private readonly failure: FailureRecord;
  private readonly slots: Float32Array[];
  /** True when the slots are views of the kernel memory the threads share. */
  readonly slotsInKernelMemory: boolean;
  /** How far each replica has got with the current step. */
  readonly marks: StepMarks;

  /** `slots`: all the replicas' slots (`allSlotsFloats`) in shared kernel memory; without it, in the buffer. */
  static create(replicas: number, parameterCount: number, slots?: Float32Array): StepChannel {
    const buffer = new SharedArrayBuffer(channelBytes(replicas, slots ? 0 : parameterCount));
    return new StepChannel(buffer, replicas, parameterCount, slots);
  }

  constructor(buffer: SharedArrayBuffer, replicas: number, parameterCount: number, slots?: Float32Array) {
    const { wordBytes, numberBytes, slotsAt } = channelLayout(replicas);
    this.buffer = buffer;
    this.replicas = replicas;
    this.parameterCount = parameterCount;
    this.words = new Int32Array(buffer, 0, wordBytes / 4);
    this.numbers = new Float64Array(buffer, wordBytes, numberBytes / 8);
    this.failure = new FailureRecord(this.words, FAILED, new Uint8Array(buffer, wordBytes + numberBytes, ERROR_BYTES));
    const floats = slotFloats(parameterCount);
    this.slotsInKernelMemory = slots !== undefined;
    this.slots = Array.from({ length: replicas }, (_, r) =>
      slots
        ? slots.subarray(r * floats, r * floats + parameterCount)
        : new Float32Array(buffer, slotsAt + r * 4 * floats, parameterCount),
    );
    this.marks = new StepMarks(this.words, replicas, this.failure);
  }

  /**
   * Coordinator: asks every replica for step `step` (numbered from 1) on the batch `start … start + size`, at the
   * learning rate of `rate` (read from there, never passed as a number: see `Optimizer.learningRate`).
   */
  request(
    step: number,
    epoch: number,
    start: number,
    size: number,
    rate: Pick<Optimizer, 'learningRate'>,
    command = Command.Step,
  ): void {
    this.words[START] = start;
    this.words[SIZE] = size;
    this.words[EPOCH] = epoch;
    this.numbers[0] = rate.learningRate;
    this.words[COMMAND] = command;
    // The atomic store publishes the plain writes above to whoever reads `REQUESTED` atomically.
    Atomics.store(this.words, REQUESTED, step);
    Atomics.notify(this.words, REQUESTED);
  }

  /** Coordinator: tells the replicas to return from `runReplica`. */
  stop(): void {
    this.words[COMMAND] = Command.Stop;
    Atomics.store(this.words, REQUESTED, Atomics.load(this.words, REQUESTED) + 1);
    Atomics.notify(this.words, REQUESTED);
  }

  /**
   * Replica: waits (without a time limit: the coordinator may be evaluating) for the request after `step`, and
   * writes it into `request` (one object reused for every step) and its learning rate into `rate`.
   */
  awaitRequest(step: number, request: StepRequest, rate: Pick<Optimizer, 'learningRate'>): StepRequest {
    reachWord(this.words, REQUESTED, step + 1, Number.POSITIVE_INFINITY, this.failure);
    request.command = this.words[COMMAND] as Command;
    request.step = step + 1;
    request.epoch = this.words[EPOCH]!;
    request.start = this.words[START]!;
    request.size = this.words[SIZE]!;
    rate.learningRate = this.numbers[0]!;
    return request;
  }

  /** Replica `replica` has set up and waits for requests. */
  markReady(): void {
    Atomics.add(this.words, READY, 1);
    Atomics.notify(this.words, READY);
  }

  /** How many replicas have called `markReady` (or 0 after a failure was recorded). */
  readyCount(): number {
    this.throwIfFailed();
    return Atomics.load(this.words, READY);
  }

  /**
   * Copies this replica's gradients outside its share (`pieces`, linked to its slot; and its shard's loss, correct
   * count and absolute error, read from `shard` rather than passed as numbers, which would box the loss) into its
   * slot for step `step`, once every replica has finished reading the slots of the step before.
   */
  post(
    replica: number,
    step: number,
    pieces: LinkedPiece[],
    shard: { loss: number; correct: number; absoluteError: number },
  ): void {
    this.marks.awaitAll('released', step - 1);
    copyToShared(pieces);
    this.numbers[1 + replica] = shard.loss;
    this.numbers[1 + this.replicas + replica] = shard.absoluteError;
    this.words[this.marks.wordOf(CORRECT, replica)] = shard.correct;
    this.marks.mark('posted', replica, step);
  }

  /**
   * Waits until every replica has posted step `step`; false when a shard with samples had a non-finite loss
   * (its gradients were not computed). Then read the slots, and call `release`.
   */
  awaitPosts(step: number, weights: Float64Array): boolean {
    this.marks.awaitAll('posted', step);
    for (let r = 0; r < this.replicas; r++) if (weights[r]! > 0 && !Number.isFinite(this.numbers[1 + r]!)) return false;
    return true;
  }

  /**
   * Replica `replica`'s slot, one float per place in the list of every parameter: the gradients it posted
   * outside its share, its updated weights inside.
   */
  slot(replica: number): Float32Array {
    return this.slots[replica]!;
  }

  /**
   * This replica has finished reading the slots of step `step` (they may be overwritten for the next one) and
   * summed its share, finite or not (`summedFinite`).
   */
  release(replica: number, step: number, summedFinite: boolean): void {
    this.words[this.marks.wordOf(SUMMED_FINITE, replica)] = summedFinite ? 1 : 0;
    this.marks.mark('released', replica, step);
  }

  /** True when every replica's summed share was finite (after everyone released the step). */
  allSummedFinite(): boolean {
    for (let r = 0; r < this.replicas; r++) if (this.words[this.marks.wordOf(SUMMED_FINITE, r)] === 0) return false;
    return true;
  }

  /** Writes the batch's mean loss and correct count over all shards into `into` (after the step's posts). */
  totals(weights: Float64Array, into: { loss: number; correct: number }): void {
    let loss = 0;
    let correct = 0;
    for (let r = 0; r < this.replicas; r++) {
      if (weights[r]! > 0) loss += weights[r]! * this.numbers[1 + r]!;
      correct += this.words[this.marks.wordOf(CORRECT, r)]!;
    }
    into.loss = loss;
    into.correct = correct;
  }

  /** A regression batch's absolute error, summed over all shards (after the step's posts). */
  absoluteError(): number {
    let sum = 0;
    for (let r = 0; r < this.replicas; r++) sum += this.numbers[1 + this.replicas + r]!;
    return sum;
  }

  /** Records that `replica` failed with `message` and wakes everyone, so no thread waits for it forever. */
  fail(replica: number, message: string): void {
    this.failure.record(replica, message);
  }

  /** True once a replica's failure has been recorded. */
  failed(): boolean {
    return this.failure.recorded();
  }

  private throwIfFailed(): void {
    this.failure.throwIfRecorded();
  }
}
