// @ts-check
/**
 * The environment of a peer benchmark process (PyTorch, numpy): the bench's own, with the thread count fixed and
 * without OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE. Some machines set those for old OpenBLAS builds; passed on, they
 * force AVX2 kernels on an AVX-512 CPU and the peer runs at half speed (docs/benchmarks.md, "Peers at their best").
 * Only the peers' processes lose them: tests and our own code never read them.
 * @param {number} threads
 * @param {Record<string, string>} [extra]
 * @returns {NodeJS.ProcessEnv}
 */
export function peerEnv(threads, extra = {}) {
  /** @type {NodeJS.ProcessEnv} */
  const env = { ...process.env, ...extra, OMP_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: String(threads) };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  return env;
}
