import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const manifest = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8'));
const settings = manifest.contributes.configuration.properties as Record<string, { scope?: string }>;

describe('folder settings a workspace must not choose', () => {
  it('nn.runsFolder and nn.dataFolder are machine-scoped: a .vscode/settings.json cannot point them elsewhere', () => {
    expect(settings['nn.runsFolder']?.scope).toBe('machine');
    expect(settings['nn.dataFolder']?.scope).toBe('machine');
  });
});
