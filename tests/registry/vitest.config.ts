import { packageTestConfig } from '../../vitest.shared.mjs';

// Starting a registry, publishing and two installs take a while on a cold store: generous limits.
export default packageTestConfig({ test: { testTimeout: 300_000, hookTimeout: 600_000 } });
