import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A user's shell: none of the npm_* settings or the NODE_PATH (the workspace's packages) `pnpm test` passes down. */
export const userEnv = Object.fromEntries(
  Object.entries(process.env).filter(
    ([key]) => !/^(npm|pnpm)_/i.test(key) && key !== 'NODE_OPTIONS' && key !== 'NODE_PATH',
  ),
);

export interface Output {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end; `check` (the default) throws with both streams when it fails. */
export function run(
  command: string,
  args: string[],
  cwd: string,
  options: { env?: NodeJS.ProcessEnv; check?: boolean } = {},
): Output {
  const result = spawnSync(command, args, { cwd, env: options.env ?? userEnv, encoding: 'utf8' });
  if ((options.check ?? true) && result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} in ${cwd} failed (${result.status}):\n${result.stdout}\n${result.stderr}`,
    );
  }
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export type Client = 'pnpm' | 'npm';

/** A fresh project whose `.npmrc` takes only `@nn/*` from the local registry and everything else from the usual one. */
export function createConsumer(folder: string, registryUrl: string): string {
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'package.json'), '{ "name": "consumer", "version": "1.0.0", "private": true }\n');
  writeFileSync(join(folder, '.npmrc'), `@nn:registry=${registryUrl}/\n`);
  return folder;
}

/** `pnpm add …` or `npm install …`, as the README tells a user to type it. */
export function add(client: Client, folder: string, specs: string[], dev = false): void {
  const args =
    client === 'pnpm'
      ? ['add', ...(dev ? ['-D'] : []), ...specs]
      : ['install', '--no-audit', '--no-fund', ...(dev ? ['--save-dev'] : []), ...specs];
  run(client, args, folder);
}
