import { packageTestConfig } from '../../vitest.shared.mjs';

// The real-data and download tests move the full 47 MB training files; on a busy 2-core machine that can take
// several seconds, so the per-test limit is raised from vitest's 5 s default.
export default packageTestConfig({ test: { testTimeout: 60_000 } });
