"""GFLOP/s of numpy's float32 matmul (OpenBLAS, one thread) on the shapes given as JSON on stdin.

Input: [[m, n, k], ...] where out is m x n and the inner dimension is k. Output: JSON
{"library": ..., "results": [{"m", "n", "k", "AB", "AtB", "ABt"}]} in GFLOP/s, fastest of 7 rounds.
Run with OPENBLAS_NUM_THREADS=1 (the kernels bench sets it) so it compares with one core.
"""
import json
import sys
import time

import numpy as np
from openblas_core import openblas_core


def fastest_seconds(run):
    for _ in range(20):
        run()
    calls = 1
    while True:
        start = time.perf_counter()
        for _ in range(calls):
            run()
        if time.perf_counter() - start > 0.04:
            break
        calls *= 2
    best = float("inf")
    for _ in range(7):
        start = time.perf_counter()
        for _ in range(calls):
            run()
        best = min(best, (time.perf_counter() - start) / calls)
    return best


def main():
    shapes = json.load(sys.stdin)
    rng = np.random.default_rng(1)
    results = []
    for m, n, k in shapes:
        a = rng.uniform(-1, 1, (m, k)).astype(np.float32)
        at = np.ascontiguousarray(a.T)
        b = rng.uniform(-1, 1, (k, n)).astype(np.float32)
        bt = np.ascontiguousarray(b.T)
        out = np.empty((m, n), dtype=np.float32)
        flops = 2 * m * n * k
        forms = {
            "AB": lambda: np.matmul(a, b, out=out),
            "AtB": lambda: np.matmul(at.T, b, out=out),
            "ABt": lambda: np.matmul(a, bt.T, out=out),
        }
        row = {"m": m, "n": n, "k": k}
        for name, run in forms.items():
            row[name] = flops / fastest_seconds(run) / 1e9
        results.append(row)
    config = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
    library = f"numpy {np.__version__}, {config.get('name', 'blas')} {config.get('version', '')}".strip()
    library += f" (core {openblas_core()})"
    json.dump({"library": library, "results": results}, sys.stdout)


main()
