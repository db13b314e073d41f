import { packageTestConfig } from '../../vitest.shared.mjs';

// Training runs (in child processes and worker threads) take seconds each, more on a busy CI machine.
export default packageTestConfig({ test: { testTimeout: 60_000 } });
