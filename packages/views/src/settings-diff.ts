/** One setting across runs: its name and each run's value ('—' where a run does not have it). */
export interface SettingRow {
  name: string;
  values: string[];
}

/**
 * The settings whose values differ between runs, in the order they first appear (recipe first, as each run lists
 * them): what to look at when their curves differ. Settings every run shares are left out.
 */
export function differingSettings(runs: { settings: [string, string][] }[]): SettingRow[] {
  const names: string[] = [];
  for (const run of runs) for (const [name] of run.settings) if (!names.includes(name)) names.push(name);
  const rows = names.map((name) => ({
    name,
    values: runs.map((run) => run.settings.find(([setting]) => setting === name)?.[1] ?? '—'),
  }));
  return rows.filter((row) => row.values.some((value) => value !== row.values[0]));
}
