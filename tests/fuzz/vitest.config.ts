import { packageTestConfig } from '../../vitest.shared.mjs';

// Each parser's file runs in its own process, so its peak memory (maxRSS) is that parser's alone.
export default packageTestConfig({ test: { testTimeout: 3_600_000, pool: 'forks', isolate: true } });
