import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { load, Network, save } from '@nn/mlp';
import { exportOnnx } from '@nn/onnx';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli-process';
import { tempDir } from './support';

function savedModel(): { dir: string; file: string } {
  const dir = tempDir();
  const file = join(dir, 'model.safetensors');
  const network = new Network({ layerSizes: [784, 16, 10], seed: 4 });
  writeFileSync(file, save(network, { inputScale: 1 / 255 }));
  return { dir, file };
}

describe('nn export --format onnx', () => {
  it('writes the model beside the file, with the file input scale in the graph', async () => {
    const { dir, file } = savedModel();
    const { code, stdout, stderr } = await runCli(['export', file, '--format', 'onnx']);
    expect(code, stderr).toBe(0);
    expect(stdout).toContain(join(dir, 'model.onnx'));
    const expected = new Uint8Array(exportOnnx(load(readFileSync(file)), { inputScale: 1 / 255 }));
    expect(new Uint8Array(readFileSync(join(dir, 'model.onnx')))).toEqual(expected);
    expect(readdirSync(dir).sort()).toEqual(['model.onnx', 'model.safetensors']); // no temp file left
  });

  it('refuses to overwrite without --force, and replaces with it', async () => {
    const { dir } = savedModel();
    const out = join(dir, 'exported.onnx');
    writeFileSync(out, 'keep me');
    const refused = await runCli(['export', dir, '--format', 'onnx', '--out', out]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/exported\.onnx exists; pass --force/);
    expect(readFileSync(out, 'utf8')).toBe('keep me');
    const forced = await runCli(['export', dir, '--format', 'onnx', '--out', out, '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(out).byteLength).toBeGreaterThan(784 * 16 * 4);
  });

  it('needs --format onnx', async () => {
    const { file } = savedModel();
    const { code, stderr } = await runCli(['export', file, '--format', 'keras']);
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/onnx/);
  });
});
