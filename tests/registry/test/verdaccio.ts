import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

/** A Verdaccio started on 127.0.0.1 in its own process group, with its storage in `folder`. */
export interface LocalRegistry {
  url: string;
  /** What the server printed, for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

/** Publishing to @nn/* needs no user; nothing is proxied (no uplinks), so nothing leaves the machine. */
const CONFIG = `storage: ./storage
uplinks: {}
packages:
  '@nn/*': { access: $all, publish: $anonymous }
  '**': { access: $all }
log: { type: stdout, format: pretty, level: warn }
`;

export async function startRegistry(folder: string): Promise<LocalRegistry> {
  writeFileSync(join(folder, 'config.yaml'), CONFIG);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve('verdaccio/package.json');
  // `bin` is a string in verdaccio's manifest; the object form is handled too in case that changes.
  const { bin: binField } = JSON.parse(readFileSync(manifestPath, 'utf8')) as { bin: string | Record<string, string> };
  const binPath = typeof binField === 'string' ? binField : binField.verdaccio;
  if (!binPath) throw new Error(`no verdaccio executable named in ${manifestPath}`);
  const bin = join(dirname(manifestPath), binPath);
  // detached: the server gets its own process group, so stopping it also stops anything it started.
  const server = spawn(
    process.execPath,
    [bin, '--config', join(folder, 'config.yaml'), '--listen', `127.0.0.1:${port}`],
    {
      cwd: folder,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  server.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  server.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  const registry: LocalRegistry = { url, log: () => output, stop: () => stopGroup(server, exited) };
  try {
    await waitForPing(url, server, 60_000);
  } catch (error) {
    await registry.stop();
    throw new Error(`${(error as Error).message}\n--- verdaccio output ---\n${output}`);
  }
  return registry;
}

async function waitForPing(url: string, server: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`verdaccio exited with code ${server.exitCode} before answering`);
    try {
      const response = await fetch(`${url}/-/ping`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`verdaccio did not answer ${url}/-/ping within ${timeoutMs / 1000} s`);
}

/** SIGTERM to the whole group, SIGKILL if it lingers. */
async function stopGroup(server: ChildProcess, exited: Promise<void>): Promise<void> {
  if (server.pid === undefined || server.exitCode !== null || server.signalCode !== null) return;
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-server.pid!, signal);
    } catch {
      // The group is already gone.
    }
  };
  signalGroup('SIGTERM');
  const timer = setTimeout(() => signalGroup('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** A port the OS just handed out, so parallel runs do not collide. */
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
