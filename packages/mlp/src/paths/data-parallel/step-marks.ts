import { HEADER } from './channel-layout';
import { type FailureRecord, silentReplica } from './failure-record';
import { ANSWER_TIMEOUT_MS, awaitWord, reachWord } from './word-waits';

/**
 * What a replica has done with a step: posted its gradients, finished reading everyone's (and summed its share),
 * published its updated share of the weights, or copied in everyone's (so its slot's weights may be overwritten).
 */
export type StepMark = 'posted' | 'released' | 'updated' | 'collected';
const MARKS: readonly StepMark[] = ['posted', 'released', 'updated', 'collected'];
/** Where, after the marks, each replica's correct count and its summed-share check sit (in replica blocks). */
export const CORRECT = 4;
export const SUMMED_FINITE = 5;

/**
 * The step channel's per-replica words: one per mark, holding the last step the replica reached it for, and the
 * waits on them (blocking, or with the event loop running for the coordinator).
 */
export class StepMarks {
  constructor(
    private readonly words: Int32Array,
    private readonly replicas: number,
    private readonly failure: FailureRecord,
  ) {}

  /**
   * Coordinator: true once every replica has posted (`posted`) or finished reading (`released`) step `step`,
   * blocking this thread for at most `blockMs` of sleep per replica. Past that, `whenAll` waits with the event
   * loop running, so a helper thread's exit is heard.
   */
  allWithin(mark: StepMark, step: number, blockMs: number): boolean {
    const base = this.wordOf(MARKS.indexOf(mark), 0);
    for (let r = 0; r < this.replicas; r++)
      if (!reachWord(this.words, base + r, step, blockMs, this.failure)) return false;
    return true;
  }

  /** Coordinator: resolves once every replica has reached `mark` for `step`; rejects on a failure or a silent replica. */
  async whenAll(mark: StepMark, step: number): Promise<void> {
    const base = this.wordOf(MARKS.indexOf(mark), 0);
    const deadline = performance.now() + ANSWER_TIMEOUT_MS;
    for (let r = 0; r < this.replicas; r++) {
      if (!(await awaitWord(this.words, base + r, step, deadline, this.failure))) {
        throw silentReplica(r, ANSWER_TIMEOUT_MS);
      }
    }
  }

  /** Blocks until every replica has reached `mark` for `step` (throwing once one has been silent too long). */
  awaitAll(mark: StepMark, step: number): void {
    const base = this.wordOf(MARKS.indexOf(mark), 0);
    for (let r = 0; r < this.replicas; r++) this.reachOrFail(base + r, step, r);
  }

  /** Blocks until replica `replica` has reached `mark` for `step`. */
  awaitMark(mark: StepMark, replica: number, step: number): void {
    this.reachOrFail(this.wordOf(MARKS.indexOf(mark), replica), step, replica);
  }

  /** Replica `replica` has reached `mark` for step `step`. */
  mark(mark: StepMark, replica: number, step: number): void {
    const index = this.wordOf(MARKS.indexOf(mark), replica);
    Atomics.store(this.words, index, step);
    Atomics.notify(this.words, index);
  }

  /** Word `field` (a mark's index in MARKS, CORRECT or SUMMED_FINITE) of replica `replica`. */
  wordOf(field: number, replica: number): number {
    return HEADER + field * this.replicas + replica;
  }

  /** `reachWord` for replica `replica`'s word, throwing once it has been silent for the time a step may take. */
  private reachOrFail(index: number, target: number, replica: number): void {
    if (!reachWord(this.words, index, target, ANSWER_TIMEOUT_MS, this.failure)) {
      throw silentReplica(replica, ANSWER_TIMEOUT_MS);
    }
  }
}
