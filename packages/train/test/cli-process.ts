import { type ChildProcess, spawn } from 'node:child_process';
import { cliPath } from './support';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built `nn` with Node, as a user would. */
export function runCli(args: string[], cwd?: string): Promise<CliResult> {
  return finished(startCli(args, cwd));
}

export function startCli(args: string[], cwd?: string): ChildProcess & { output: { stdout: string; stderr: string } } {
  const child = spawn(process.execPath, [cliPath, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => {
    output.stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output.stderr += chunk.toString();
  });
  return Object.assign(child, { output });
}

export function finished(child: ReturnType<typeof startCli>): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, ...child.output }));
  });
}

/** Resolves once `test` holds for the child's output (checked as output arrives). */
export function waitForOutput(
  child: ReturnType<typeof startCli>,
  test: (output: { stdout: string; stderr: string }) => boolean,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (test(child.output)) {
        child.stdout?.off('data', check);
        child.stderr?.off('data', check);
        resolve();
      }
    };
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    child.on('close', () => reject(new Error(`exited before the expected output:\n${child.output.stderr}`)));
    check();
  });
}
