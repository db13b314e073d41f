import { homedir } from 'node:os';
import { join } from 'node:path';
import type { MnistVariant } from './variants';

/** Environment variables as read here; not `NodeJS.ProcessEnv`, so the published types need no `@types/node`. */
export type EnvironmentVariables = Readonly<Record<string, string | undefined>>;

/**
 * The per-user cache folder for a variant: `$XDG_CACHE_HOME/nn/mnist/<variant>` (else `~/.cache/…`) on Linux,
 * `~/Library/Caches/nn/mnist/<variant>` on macOS, `%LOCALAPPDATA%\nn\mnist\<variant>` on Windows.
 */
export function mnistCacheDir(variant: MnistVariant, env: EnvironmentVariables = process.env): string {
  const home = homedir();
  let base: string;
  if (process.platform === 'win32') base = env.LOCALAPPDATA ?? join(home, 'AppData', 'Local');
  else if (process.platform === 'darwin') base = join(home, 'Library', 'Caches');
  else base = env.XDG_CACHE_HOME || join(home, '.cache');
  return join(base, 'nn', 'mnist', variant);
}
