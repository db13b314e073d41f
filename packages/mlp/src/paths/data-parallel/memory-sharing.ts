import { type KernelArena, kernels, sharedKernelMemoryOf } from '@nn/linalg/internal';
import type { BatchPath } from '../step-path';
import { ArrayDirectory, type SharedArrays } from './array-directory';
import type { DataParallelOptions } from './data-parallel-options';
import { splitsUpdateOf } from './parameter-share';

/**
 * A helper's arena: its network and path hold the parameters about eight times over (weights twice, gradients,
 * optimiser slots, transposed copies), plus room for a batch's buffers. The same network always gets the same size,
 * so the next fit's helper takes the block this one gives back; one that needs more grows the memory for it. Address
 * space only: pages a helper never touches are never resident.
 */
const arenaBytes = (parameterCount: number): number => 32 * parameterCount + 16 * 2 ** 20;

/** The kernel memory this thread shares with its helpers: an arena lent to each, and where the arrays are. */
export interface MemorySharing {
  readonly arrays: SharedArrays;
  /** Arena r − 1 is helper r's. */
  readonly arenas: KernelArena[];
  /** Gives the arenas back; call once the helpers have ended. */
  release(): void;
}

/**
 * Lends each of `replicas − 1` helpers a part of this thread's kernel memory, when the update is split, the
 * kernels run over shared WebAssembly memory, `shards`' arrays live there and the memory can grow enough
 * (`DataParallelOptions.sharedKernelMemory`); otherwise undefined: the arrays go through the channel.
 */
export function shareKernelMemory(
  options: DataParallelOptions,
  shards: BatchPath,
  replicas: number,
  parameterCount: number,
): MemorySharing | undefined {
  if (options.sharedKernelMemory === false || !splitsUpdateOf(replicas, parameterCount, options.splitUpdate)) {
    return undefined;
  }
  const memory = sharedKernelMemoryOf(kernels());
  const arrays = [...shards.gradientList, ...shards.parameterList];
  if (!memory || !arrays.every((array) => memory.contains(array))) return undefined;
  const bytes = arenaBytes(parameterCount);
  const arenas: KernelArena[] = [];
  const release = () => {
    for (const arena of arenas.splice(0)) memory.returnArena(arena);
  };
  for (let helper = 1; helper < replicas; helper++) {
    const arena = memory.lendArena(bytes);
    if (!arena) {
      release();
      return undefined;
    }
    arenas.push(arena);
  }
  const directory = ArrayDirectory.create(replicas, arrays.length);
  return { arrays: { memory, directory }, arenas: [...arenas], release };
}
