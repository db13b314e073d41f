// @ts-check
// Runs the benchmarks in src/benchmarks/ (each file exports `title` and `run()`), or only those named:
//   pnpm bench                            every benchmark, sections written into docs/benchmarks.md
//   pnpm --filter @nn/bench bench gemm    one of them
//   ... bench gemm --no-docs              print only
import { readdirSync } from 'node:fs';
import { writeDocsSection } from './lib/docs.mjs';
import { describeMachine } from './lib/machine.mjs';

const args = process.argv.slice(2);
const writeDocs = !args.includes('--no-docs');
const wanted = args.filter((arg) => !arg.startsWith('--'));
const folder = new URL('./benchmarks/', import.meta.url);
const available = readdirSync(folder)
  .filter((file) => file.endsWith('.mjs'))
  .map((file) => file.replace(/\.mjs$/, ''))
  .sort();
const unknown = wanted.filter((name) => !available.includes(name));
if (unknown.length > 0) {
  console.error(`unknown benchmark ${unknown.join(', ')}; available: ${available.join(', ')}`);
  process.exit(2);
}
const command = wanted.length === 0 ? 'pnpm bench' : `pnpm --filter @nn/bench bench ${wanted.join(' ')}`;

for (const name of wanted.length > 0 ? wanted : available) {
  /** @type {{ title: string, run: () => Promise<string> }} */
  const benchmark = await import(new URL(`${name}.mjs`, folder).href);
  console.log(`\n## ${benchmark.title}\n`);
  const machine = describeMachine();
  const result = await benchmark.run();
  console.log(result);
  if (writeDocs) {
    writeDocsSection(benchmark.title, `Measured with \`${command}\` on ${machine}.\n\n${result}`);
    console.log(`\n(written to docs/benchmarks.md, section "${benchmark.title}")`);
  }
}
