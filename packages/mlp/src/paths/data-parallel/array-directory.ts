import type { SharedKernelMemory } from '@nn/linalg/internal';

/**
 * Where each replica's gradient and parameter arrays sit in the kernel memory the threads share (see
 * `DataParallelOptions.sharedKernelMemory`): their addresses, one Int32 word each, replica by replica, in
 * gradientList then parameterList order. Each replica writes its own before it reports ready; the others read them
 * once every replica is ready, and from then on read those arrays in place instead of copies through the channel.
 */
export class ArrayDirectory {
  private readonly words: Int32Array;

  static create(replicas: number, arraysPerReplica: number): ArrayDirectory {
    return new ArrayDirectory(new SharedArrayBuffer(4 * replicas * arraysPerReplica), arraysPerReplica);
  }

  constructor(
    readonly buffer: SharedArrayBuffer,
    private readonly arraysPerReplica: number,
  ) {
    this.words = new Int32Array(buffer);
  }

  /** Records `replica`'s arrays, which must all be views of `memory`. */
  publish(replica: number, arrays: Float32Array[], memory: SharedKernelMemory): void {
    if (arrays.length !== this.arraysPerReplica) {
      throw new RangeError(`ArrayDirectory: ${arrays.length} arrays given, ${this.arraysPerReplica} expected`);
    }
    arrays.forEach((array, i) => {
      if (!memory.contains(array)) {
        throw new RangeError(`data-parallel fit: array ${i} of replica ${replica} is not in the shared kernel memory`);
      }
      this.words[replica * this.arraysPerReplica + i] = array.byteOffset;
    });
  }

  /** `replica`'s arrays, as views of `memory`, with the lengths of `like` (this replica's own, in the same order). */
  arraysOf(replica: number, like: Float32Array[], memory: SharedKernelMemory): Float32Array[] {
    return like.map((array, i) => memory.floatsAt(this.words[replica * this.arraysPerReplica + i]!, array.length));
  }
}

/**
 * The kernel memory every replica's arrays live in, and where each replica's are: replicas then read each other's
 * gradients and updated weights in place, so nothing goes through the channel's slots on a step.
 */
export interface SharedArrays {
  readonly memory: SharedKernelMemory;
  readonly directory: ArrayDirectory;
}
