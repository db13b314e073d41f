import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TrainError } from '../errors';

/**
 * The page script and stylesheet that the build bundles from @nn/views (tsup.config.ts): beside the built CLI in
 * dist/report/, or, when this module runs from its source (tests), in the package's dist/report/.
 */
function pageAsset(name: string): string {
  for (const relative of [`./report/${name}`, `../../dist/report/${name}`]) {
    const path = fileURLToPath(new URL(relative, import.meta.url));
    if (existsSync(path)) return readFileSync(path, 'utf8');
  }
  throw new TrainError(`the report page's ${name} is missing: build @nn/train first (pnpm --filter @nn/train build)`);
}

/** Nothing by default; data: images; the page's one script and one stylesheet by their hashes. */
function pagePolicy(script: string, style: string): string {
  return ["default-src 'none'", 'img-src data:', `style-src ${sha256(style)}`, `script-src ${sha256(script)}`].join(
    '; ',
  );
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** `<` as a JSON escape, so no text inside the data (a run id, a setting) can close the block it sits in. */
const embeddable = (data: unknown) => JSON.stringify(data).replace(/</g, '\\u003c');

export const escapeHtml = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

/** What a self-contained page is made of: its bundled script (`<name>.js`, `<name>.css`), title, body and data. */
export interface PageParts {
  /** The bundle's name in dist/report/ (its script and stylesheet). */
  asset: string;
  /** Already escaped for HTML. */
  title: string;
  bodyAttributes: string;
  /** The markup after the title heading. */
  body: string;
  /** The id of the JSON block the page script reads its data from. */
  dataId: string;
  data: unknown;
}

/**
 * One self-contained HTML file: the data as a JSON block, the script and stylesheet inline. The policy allows
 * nothing by default: no request of any kind, images only from data: URLs, and the one script and one stylesheet
 * only because their hashes are listed (an injected script or style would not match).
 */
export function selfContainedPage(parts: PageParts): string {
  const script = pageAsset(`${parts.asset}.js`);
  const style = pageAsset(`${parts.asset}.css`);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${pagePolicy(script, style)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${parts.title}</title>
<style>${style}</style>
</head>
<body ${parts.bodyAttributes}>
<h2>${parts.title}</h2>
${parts.body}<script type="application/json" id="${parts.dataId}">${embeddable(parts.data)}</script>
<script>${script}</script>
</body>
</html>
`;
}
