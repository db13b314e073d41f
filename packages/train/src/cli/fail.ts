/** Prints one line to stderr and exits: the CLI's only way to report a problem, never a stack trace. */
export function fail(message: string, exitCode = 1): never {
  process.stderr.write(`nn: ${message}\n`);
  process.exit(exitCode);
}

/** The message of anything thrown, on one line. */
export function errorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s*\n\s*/g, ' ');
}
