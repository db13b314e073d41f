import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');

/** The example's code: everything after its one-line header comment, without the import or require line. */
function body(source: string): string {
  return source
    .split('\n')
    .slice(1)
    .filter((line) => !line.includes("from '@nn/linalg'") && !line.includes("require('@nn/linalg')"))
    .join('\n')
    .trim();
}

const EXPECTED_OUTPUT = [
  'Matrix 3×1',
  '  [ 1.193 ]',
  '  [-2.291 ]',
  '  [ 0.3432]',
  'ShapeError: mul: left is 5×2, right is 3×3; inner dimensions 2 and 3 differ',
  '',
].join('\n');

describe("the README's example", () => {
  it('is examples/readme.ts verbatim', () => {
    const block = /## Example\n\n```ts\n([\s\S]*?)```/.exec(read('README.md'))?.[1];
    const source = read('examples/readme.ts');
    expect(block?.trim()).toBe(source.split('\n').slice(1).join('\n').trim());
  });

  it('shows run-time sizes with the snippet test/readme-dimensions.test-d.ts type-checks', () => {
    const block = /## Sizes known only at run time\n[\s\S]*?```ts\n([\s\S]*?)```/.exec(read('README.md'))?.[1];
    const checked = /\/\/ README snippet start\n([\s\S]*?)\/\/ README snippet end/.exec(
      read('test/readme-dimensions.test-d.ts'),
    )?.[1];
    expect(checked).toBeDefined();
    expect(block?.replace("import { dim, Matrix } from '@nn/linalg';\n\n", '')).toBe(checked);
  });

  it('has ESM and CommonJS twins with the same code', () => {
    const code = body(read('examples/readme.ts'));
    expect(body(read('examples/readme.mjs'))).toBe(code);
    expect(body(read('examples/readme.cjs'))).toBe(code);
    expect(read('examples/readme.cjs')).toContain("const { Matrix, ShapeError } = require('@nn/linalg');");
  });

  it('shows the output the README promises', () => {
    expect(read('README.md')).toContain(`\`\`\`text\n${EXPECTED_OUTPUT}\`\`\``);
  });

  // The twins import the package by its name, which resolves to the built dist (turbo builds before testing).
  it('prints that output from the built package, as ESM and as CommonJS', () => {
    expect(existsSync(new URL('../dist/index.cjs', import.meta.url)), 'run `pnpm build` first').toBe(true);
    for (const file of ['examples/readme.mjs', 'examples/readme.cjs']) {
      const output = execFileSync(process.execPath, [file], { cwd: new URL('..', import.meta.url), encoding: 'utf8' });
      expect(output).toBe(EXPECTED_OUTPUT);
    }
  });
});
