import type { ViteUserConfig } from 'vitest/config';

export function packageTestConfig(overrides?: ViteUserConfig): ViteUserConfig;
