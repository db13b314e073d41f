// @ts-check
/**
 * Chrome DevTools Protocol calls into worker threads, sent through the main thread's inspector session (the
 * NodeWorker domain). allocation-fit.mjs runs V8's sampling heap profiler this way in a data-parallel fit's
 * helper thread, whose loop never returns to its event loop: the worker takes the messages as interrupts.
 */
export class WorkerInspector {
  /** @type {string[]} */
  #workers = [];
  /** @type {Map<number, { resolve: (result: unknown) => void, reject: (error: Error) => void }>} */
  #pending = new Map();
  #nextId = 1;
  #session;

  /** @param {import('node:inspector/promises').Session} session a connected session */
  constructor(session) {
    this.#session = session;
    session.on('NodeWorker.attachedToWorker', (message) => {
      this.#workers.push(/** @type {{ sessionId: string }} */ (message.params).sessionId);
    });
    session.on('NodeWorker.receivedMessageFromWorker', (message) => {
      const reply = JSON.parse(/** @type {{ message: string }} */ (message.params).message);
      const waiting = this.#pending.get(reply.id);
      if (!waiting) return;
      this.#pending.delete(reply.id);
      if (reply.error) waiting.reject(new Error(`worker inspector: ${reply.error.message}`));
      else waiting.resolve(reply.result);
    });
  }

  /** Attaches to the workers started from now on. */
  async enable() {
    await this.#session.post('NodeWorker.enable', { waitForDebuggerOnStart: false });
  }

  /** How many workers are attached. */
  get count() {
    return this.#workers.length;
  }

  /**
   * Sends `method` to every attached worker; resolves with their results, in the order they attached.
   * @param {string} method
   * @param {object} [params]
   * @returns {Promise<unknown[]>}
   */
  call(method, params = {}) {
    return Promise.all(
      this.#workers.map((sessionId) => {
        const id = this.#nextId++;
        const reply = new Promise((resolve, reject) => this.#pending.set(id, { resolve, reject }));
        const message = JSON.stringify({ id, method, params });
        return this.#session.post('NodeWorker.sendMessageToWorker', { sessionId, message }).then(() => reply);
      }),
    );
  }
}
