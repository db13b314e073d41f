import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { packageDir } from '../recorded-run';

/** Where scripts/install-code-server.sh puts Node 24 and code-server (inside the clone, git-ignored). */
export const e2eDir = join(packageDir, '.e2e');
const node = join(e2eDir, 'node', 'bin', 'node');
const entry = join(e2eDir, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');

export function missingCodeServer(): string | undefined {
  if (!existsSync(node) || !existsSync(entry)) {
    return `code-server is not installed in ${e2eDir} (run packages/vscode-ext/scripts/install-code-server.sh)`;
  }
  return undefined;
}

export interface CodeServer {
  url: string;
  workspace: string;
  stop(): Promise<void>;
}

/**
 * A fresh code-server on 127.0.0.1 with our .vsix installed and `workspaceSettings` in its folder.
 * Every file it writes (config, data, sockets, temp) stays under .e2e/r/, kept short for socket paths.
 */
export async function startCodeServer(vsix: string, workspaceSettings: Record<string, unknown>): Promise<CodeServer> {
  const root = join(e2eDir, 'r');
  rmSync(root, { recursive: true, force: true });
  const dirs = { ud: join(root, 'ud'), ext: join(root, 'ext'), ws: join(root, 'ws'), tmp: join(root, 't') };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  mkdirSync(join(dirs.ud, 'User'), { recursive: true });
  // Without this, Restricted Mode keeps extensions from running in the folder.
  writeFileSync(
    join(dirs.ud, 'User', 'settings.json'),
    JSON.stringify({ 'security.workspace.trust.enabled': false, 'workbench.startupEditor': 'none' }),
  );
  mkdirSync(join(dirs.ws, '.vscode'), { recursive: true });
  writeFileSync(join(dirs.ws, '.vscode', 'settings.json'), JSON.stringify(workspaceSettings, null, 2));

  const env = {
    ...process.env,
    TMPDIR: dirs.tmp,
    XDG_CONFIG_HOME: dirs.tmp,
    XDG_DATA_HOME: dirs.tmp,
    XDG_CACHE_HOME: dirs.tmp,
  };
  const common = ['--user-data-dir', dirs.ud, '--extensions-dir', dirs.ext];
  execFileSync(node, [entry, ...common, '--install-extension', vsix], { env, stdio: 'pipe', timeout: 120_000 });

  const port = await freePort();
  // Its own process group, so stop() can end the whole tree (server, extension host, pty host, watcher).
  const server: ChildProcess = spawn(
    node,
    [
      entry,
      ...common,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      dirs.ws,
    ],
    { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const log: string[] = [];
  server.stdout?.on('data', (chunk: Buffer) => log.push(chunk.toString()));
  server.stderr?.on('data', (chunk: Buffer) => log.push(chunk.toString()));
  const url = `http://127.0.0.1:${port}/`;
  try {
    await waitForHttp(url, 60_000, () => log.join(''));
  } catch (error) {
    if (server.pid !== undefined) signalGroup(server.pid, 'SIGKILL');
    throw error;
  }

  return {
    url: `${url}?folder=${encodeURIComponent(dirs.ws)}`,
    workspace: dirs.ws,
    async stop() {
      const pid = server.pid;
      if (pid === undefined || server.exitCode !== null) return;
      signalGroup(pid, 'SIGTERM');
      const exited = new Promise((resolve) => server.once('exit', resolve));
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      // Whatever is left of the tree (an extension host waits long for a reconnect) is killed outright.
      signalGroup(pid, 'SIGKILL');
    },
  };
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url: string, timeoutMs: number, log: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`code-server did not answer at ${url} within ${timeoutMs / 1000} s. Its output:\n${log()}`);
}
