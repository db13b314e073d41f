// @ts-check
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export const BENCHMARKS_DOC = new URL('../../../docs/benchmarks.md', import.meta.url);

const INTRO = `# Benchmarks

Speed of the built packages, measured by \`pnpm bench\` (the \`bench/\` package: one file per benchmark in
\`bench/src/benchmarks/\`). Each section below is rewritten by its benchmark, with the command, date and machine.
`;

/**
 * Replaces the section `## heading` of docs/benchmarks.md with `body` (or appends it), leaving the other
 * sections, which other benchmarks own, as they are. The file is re-read right before writing.
 * @param {string} heading
 * @param {string} body
 * @param {URL} [file]
 */
export function writeDocsSection(heading, body, file = BENCHMARKS_DOC) {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : INTRO;
  const section = `## ${heading}\n\n${body.trim()}\n`;
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.trim() === `## ${heading}`);
  if (start < 0) {
    writeFileSync(file, `${text.trimEnd()}\n\n${section}`);
    return;
  }
  const nextOffset = lines.slice(start + 1).findIndex((line) => /^## /.test(line));
  const end = nextOffset < 0 ? lines.length : start + 1 + nextOffset;
  const before = lines.slice(0, start).join('\n').trimEnd();
  const after = lines.slice(end).join('\n').trim();
  writeFileSync(file, `${before}\n\n${section}${after ? `\n${after}\n` : ''}`);
}
