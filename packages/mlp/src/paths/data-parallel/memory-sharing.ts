import { type KernelArena, kernels, sharedKernelMemoryOf } from '@nn/linalg/internal';
import { allSlotsFloats } from './channel-layout';
import type { DataParallelOptions } from './data-parallel-options';

/**
 * A helper's arena: its network and path hold the parameters about eight times over (weights twice, gradients,
 * optimiser slots, transposed copies), plus room for a batch's buffers. The same network always gets the same size,
 * so the next fit's helper takes the block this one gives back; one that needs more grows the memory for it. Address
 * space only: pages a helper never touches are never resident.
 */
const arenaBytes = (parameterCount: number): number => 32 * parameterCount + 16 * 2 ** 20;

/** The kernel memory this thread shares with its helpers: the channel's slots, and an arena lent to each helper. */
export interface MemorySharing {
  /** Every replica's slot, back to back (`slotFloats` apart). */
  readonly slots: Float32Array;
  /** Arena r − 1 is helper r's. */
  readonly arenas: KernelArena[];
  /** Gives the arenas back; call once the helpers have ended. */
  release(): void;
}

/**
 * Where the kernels run over shared WebAssembly memory (and `DataParallelOptions.sharedKernelMemory` is not false):
 * the channel's slots in this thread's kernel memory and a part of it lent to each of `replicas − 1` helpers, whose
 * kernels then work there. The gradient sum reads the other threads' slots in place instead of copying them into
 * kernel memory first. Threads still write and read the slots with plain copies: those keep the traffic between
 * cores in tight loops (reading the others' own gradient arrays in place measured slower when the two cores share
 * no cache, docs/benchmarks.md). Undefined where it cannot be: the slots then live in the channel.
 */
export function shareKernelMemory(
  options: DataParallelOptions,
  replicas: number,
  parameterCount: number,
): MemorySharing | undefined {
  if (options.sharedKernelMemory === false || replicas < 2) return undefined;
  const memory = sharedKernelMemoryOf(kernels());
  if (!memory) return undefined;
  const slots = kernels().allocate(allSlotsFloats(replicas, parameterCount));
  if (!memory.contains(slots)) return undefined;
  const arenas: KernelArena[] = [];
  const release = () => {
    for (const arena of arenas.splice(0)) memory.returnArena(arena);
  };
  for (let helper = 1; helper < replicas; helper++) {
    const arena = memory.lendArena(arenaBytes(parameterCount));
    if (!arena) {
      release();
      return undefined;
    }
    arenas.push(arena);
  }
  return { slots, arenas: [...arenas], release };
}
