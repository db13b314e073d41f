/** What the run pickers show in their empty filter box; the e2e tests find each picker by it. */
export const OPEN_RUN_PLACEHOLDER = 'The run to show in the dashboard';
export const COMPARE_RUNS_PLACEHOLDER = 'Tick two runs or more to compare';
