// @ts-check
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

/** One line naming where and when a benchmark ran, for the docs. */
export function describeMachine() {
  let model = cpus()[0]?.model ?? 'unknown CPU';
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) model = line.split(':')[1]?.trim() ?? model;
  } catch {
    // Not Linux: os.cpus() already named the model.
  }
  const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
  // Other work on the machine lowers every number; the load average says how much there was.
  const load = loadavg()[0]?.toFixed(1) ?? '?';
  return `${date} UTC, ${model} (${cpus().length} logical cores, load average ${load}), Node ${process.version}`;
}
