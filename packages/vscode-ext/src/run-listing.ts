import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { RUN_FILES, type RunRecord, readRun } from '@nn/train';

/** The files whose size and time say whether a run changed since it was last read. */
const STAMPED = [RUN_FILES.config, RUN_FILES.metrics, RUN_FILES.summary, RUN_FILES.model] as const;

/**
 * The runs folder, read for the lists the extension shows (the dashboard's history, NN: Open Run…, NN: Compare
 * Runs…) without holding up the extension host, where every other extension and the editor's own services run:
 * a run is read once and kept until one of its files changes size or time, and between the reads of runs that did
 * change the listing gives way to the event loop, so a folder of many long runs never blocks the editor for long.
 */
export class RunListing {
  private readonly kept = new Map<string, { stamp: string; record: RunRecord }>();

  constructor(private readonly read: (path: string) => RunRecord = readRun) {}

  /** Every run folder directly inside `folder`, newest first; folders that are not runs, or broken, are left out. */
  async list(folder: string): Promise<RunRecord[]> {
    const root = resolve(folder);
    if (!existsSync(root)) return [];
    const records: RunRecord[] = [];
    const seen = new Set<string>();
    for (const name of readdirSync(root).sort().reverse()) {
      const path = join(root, name);
      const stamp = stampOf(path);
      if (stamp === undefined) continue;
      seen.add(path);
      let entry = this.kept.get(path);
      if (entry?.stamp !== stamp) {
        await new Promise((resolve) => setImmediate(resolve));
        try {
          entry = { stamp, record: this.read(path) };
        } catch {
          // Being created right now, or damaged by hand: not listable, and not worth failing the list.
          this.kept.delete(path);
          continue;
        }
        this.kept.set(path, entry);
      }
      records.push(entry.record);
    }
    for (const path of this.kept.keys()) if (!seen.has(path)) this.kept.delete(path);
    return records;
  }
}

/** Sizes and times of a run folder's files, or undefined when `path` is not a run folder (no config.json). */
function stampOf(path: string): string | undefined {
  try {
    if (!statSync(path).isDirectory()) return undefined;
    const parts: string[] = [];
    for (const file of STAMPED) {
      const stats = statSync(join(path, file), { throwIfNoEntry: false });
      if (file === RUN_FILES.config && !stats) return undefined;
      parts.push(stats ? `${stats.size}@${stats.mtimeMs}` : '-');
    }
    return parts.join(' ');
  } catch {
    // A dangling symlink, or an entry deleted since readdir.
    return undefined;
  }
}
