import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Matrix } from '@nn/linalg';
import { describe, expect, it } from 'vitest';
import {
  type ActivationName,
  activationByName,
  backward,
  createGradients,
  type DropoutDraws,
  decodeSafetensors,
  forward,
  gradientArrays,
  type LossName,
  loadCheckpoint,
  lossByName,
  type OptimizerConfig,
  save,
} from '../src/index';
import { ParameterUpdate } from '../src/paths/parameter-update';

/**
 * @nn/mlp's model against PyTorch's autograd (fixtures written by test/fixtures/torch/generate.py in float64; ours
 * run in float32). Tolerances: |ours − torch| ≤ ABS + REL·|torch| per value.
 */
const ABS = 2e-6;
const REL = 1e-5;
const fixtureDir = fileURLToPath(new URL('./fixtures/torch/', import.meta.url));
const reference = JSON.parse(readFileSync(join(fixtureDir, 'reference.json'), 'utf8'));
const networkFile = new Uint8Array(readFileSync(join(fixtureDir, 'network.safetensors')));

function expectClose(ours: ArrayLike<number>, torch: ArrayLike<number>, what: string, scale = 1): void {
  expect(ours.length, what).toBe(torch.length);
  let worst = 0;
  let at = -1;
  for (let i = 0; i < torch.length; i++) {
    const excess = Math.abs(ours[i]! - torch[i]!) - scale * (ABS + REL * Math.abs(torch[i]!));
    if (excess > worst) [worst, at] = [excess, i];
  }
  expect(at, `${what}: index ${at}, ours ${ours[at]}, torch ${torch[at]}`).toBe(-1);
}

describe('activations against PyTorch (forward and the backward rule dz = f′(z) ⊙ da)', () => {
  const { rows, cols, z, da, cases } = reference.activations;
  for (const [name, expected] of Object.entries(cases) as [ActivationName, { a: number[]; dz: number[] }][]) {
    it(name, () => {
      const activation = activationByName(name);
      const zs = Float32Array.from(z);
      const a = new Float32Array(rows * cols);
      const dz = new Float32Array(rows * cols);
      activation.forward(zs, a, rows, cols);
      activation.backward(zs, a, Float32Array.from(da), dz, rows, cols);
      expectClose(a, expected.a, `${name} forward`);
      expectClose(dz, expected.dz, `${name} backward`);
    });
  }
});

describe('losses against PyTorch (value, and dz at the output layer through its activation)', () => {
  const { rows, cols, z, cases } = reference.losses;
  for (const [label, c] of Object.entries(cases) as [string, LossCase][]) {
    it(label, () => {
      const activation = activationByName(c.activation);
      const loss = lossByName(c.loss);
      const zs = Float32Array.from(z);
      const a = new Float32Array(rows * cols);
      activation.forward(zs, a, rows, cols);
      const y = Float32Array.from(c.y);
      const dz = new Float32Array(rows * cols);
      loss.outputDelta(zs, a, y, new Float32Array(rows * cols), dz, rows, cols, activation);
      expectClose([loss.value(a, y, rows, cols, activation)], [c.value], `${label} value`);
      expectClose(dz, c.dz, `${label} dz`);
    });
  }
});

interface LossCase {
  activation: ActivationName;
  loss: LossName;
  y: number[];
  value: number;
  dz: number[];
}

describe('optimisers against torch.optim (5 steps on fixed gradients)', () => {
  const { w0, b0, gradients, cases } = reference.optimizers;
  for (const [name, c] of Object.entries(cases) as [string, OptimizerCase][]) {
    it(name, () => {
      const parameters = [Float32Array.from(w0), Float32Array.from(b0)];
      const grads = [new Float32Array(w0.length), new Float32Array(b0.length)];
      const update = new ParameterUpdate(parameters, grads, c.config, undefined, c.weightDecay);
      for (const g of gradients) {
        grads[0]!.set(g.w);
        grads[1]!.set(g.b);
        update.apply();
      }
      expectClose(parameters[0]!, c.w, `${name} weights`);
      expectClose(parameters[1]!, c.b, `${name} biases`);
    });
  }
});

interface OptimizerCase {
  config: OptimizerConfig;
  weightDecay: number;
  w: number[];
  b: number[];
}

describe('the 784-128-64-10 network of a file written outside @nn/mlp, against PyTorch', () => {
  const { network } = loadCheckpoint(networkFile);
  const { tensors } = decodeSafetensors(networkFile);
  const tensor = (name: string) => tensors.get(name)!.data as Float32Array;
  const x = new Matrix(784, 8, tensor('test.x').slice());
  const y = new Matrix(10, 8, tensor('test.y').slice());

  it('loads with the weights PyTorch wrote (W [out, in] as nn.Linear stores it)', () => {
    expect(network.layerSizes).toEqual([784, 128, 64, 10]);
    expectClose(network.layers[1]!.weights.data, tensor('layers.1.weight'), 'W2', 0);
  });

  for (const variant of ['plain', 'dropout'] as const) {
    it(`gives PyTorch's outputs, loss and gradients (${variant === 'plain' ? 'no dropout' : 'dropout masks given explicitly'})`, () => {
      const masks =
        variant === 'dropout' ? maskStream([tensor('dropout.mask.0'), tensor('dropout.mask.1')]) : undefined;
      const pass = forward(network, x, network.buffersFor(8), masks);
      const outputs = pass.a[2]!;
      expectClose(outputs.data, tensor(`${variant}.output`), 'outputs');
      const loss = network.loss.value(outputs.data, y.data, 10, 8, network.layers[2]!.activation);
      expectClose([loss], tensor(`${variant}.loss`), 'loss', 10);
      const gradients = backward(network, x, y, pass, createGradients(network), masks !== undefined);
      gradientArrays(gradients).forEach((ours, k) => {
        // Sums over 784 inputs and 8 samples in float32: a few more roundings than a single activation.
        expectClose(ours, tensor(`${variant}.grad.${k}`), `gradient ${k}`, 10);
      });
    });
  }
});

/**
 * Dropout numbers that reproduce given masks (units × samples per hidden layer): a unit is dropped where its number
 * is below p, so 0 drops and 0.99 keeps.
 */
function maskStream(masks: Float32Array[]): DropoutDraws {
  return {
    fill(layer, draws) {
      masks[layer]!.forEach((m, i) => {
        draws[i] = m === 0 ? 0 : 0.99;
      });
    },
  };
}

const python = '/usr/bin/python3';
const torchMissing = (() => {
  try {
    execFileSync(python, ['-c', 'import torch'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return `${python} cannot import torch (Debian: apt-get install python3-torch)`;
  }
})();

describe('a model file written by save(), read by PyTorch', () => {
  it.skipIf(torchMissing !== undefined)(
    `opens in PyTorch with the same meaning${torchMissing ? ` — skipped: ${torchMissing}` : ''}`,
    () => {
      const { network } = loadCheckpoint(networkFile);
      const dir = mkdtempSync(join(tmpdir(), 'nn-torch-'));
      try {
        const file = join(dir, 'ours.safetensors');
        writeFileSync(file, save(network));
        const out = execFileSync(python, [join(fixtureDir, 'read_ours.py'), file], { encoding: 'utf8' });
        const theirs = JSON.parse(out) as { output: number[]; shape: number[] };
        expect(theirs.shape).toEqual([10, 8]);
        const x = new Matrix(
          784,
          8,
          (decodeSafetensors(networkFile).tensors.get('test.x')!.data as Float32Array).slice(),
        );
        expectClose(network.predict(x).data, theirs.output, 'PyTorch on our file');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it.skipIf(torchMissing !== undefined)(
    `the fixtures are what generate.py writes today${torchMissing ? ` — skipped: ${torchMissing}` : ''}`,
    () => {
      const run = () => execFileSync(python, [join(fixtureDir, 'generate.py'), '--check'], { encoding: 'utf8' });
      expect(run()).toContain('fixtures are current');
    },
  );
});
