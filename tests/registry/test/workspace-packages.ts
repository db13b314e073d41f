import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LibraryPackage {
  name: string;
  version: string;
  folder: string;
}

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

/**
 * The publishable packages under packages/* (not private; each must be built), ordered so that each comes after the
 * @nn/* packages it depends on: the registry has no uplink, so a dependency must be there first.
 */
export function libraryPackages(root: string): LibraryPackage[] {
  const found = new Map<string, { manifest: Manifest; folder: string }>();
  for (const entry of readdirSync(join(root, 'packages'))) {
    const folder = join(root, 'packages', entry);
    const manifestPath = join(folder, 'package.json');
    if (!existsSync(manifestPath)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
    if (manifest.private) continue;
    // turbo builds them first (they are devDependencies of this package); a missing build is a set-up error.
    if (!existsSync(join(folder, 'dist'))) throw new Error(`${manifest.name} has no dist/: run \`pnpm build\` first`);
    found.set(manifest.name, { manifest, folder });
  }
  const ordered: LibraryPackage[] = [];
  const visiting = new Set<string>();
  const visit = (name: string) => {
    const entry = found.get(name);
    if (!entry || ordered.some((p) => p.name === name)) return;
    if (visiting.has(name)) throw new Error(`dependency cycle through ${name}`);
    visiting.add(name);
    const { dependencies = {}, peerDependencies = {} } = entry.manifest;
    for (const dependency of Object.keys({ ...dependencies, ...peerDependencies })) visit(dependency);
    visiting.delete(name);
    ordered.push({ name, version: entry.manifest.version, folder: entry.folder });
  };
  for (const name of [...found.keys()].sort()) visit(name);
  return ordered;
}
