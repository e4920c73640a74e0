"""bench_torch.py - the training workloads of bench/bench.c, in PyTorch.

The same networks, losses, optimizers, batch sizes and data sizes as
bench/bench.c (see bench/README.md), on one thread, in float32 and float64.
Each figure is the median of RUNS timed runs after one warm-up epoch, with
their min and max, timed by processor time (time.process_time, as
bench/timing.h does for the C programs: on a shared machine the wall clock
also counts the turns of other processes). Prints lines for bench/table.awk:

    train <workload> <precision> pytorch <median> <min> <max> <unit> <peak_rss_kb> -

Run by `make bench` as
    OPENBLAS_NUM_THREADS=1 [LD_PRELOAD=libjemalloc.so.2] /usr/bin/python3 bench/bench_torch.py
"""
import math
import resource
import sys
import time

import torch

RUNS = 7
torch.set_num_threads(1)


def epoch(model, loss_fn, opt, X, Y, batch, gen):
    """One epoch as mlp_train_epoch does it: shuffle, batches, forward, loss,
    zero_grad, backward, step."""
    n = X.shape[0]
    perm = torch.randperm(n, generator=gen)
    for start in range(0, n, batch):
        idx = perm[start:start + batch]
        xb, yb = X[idx], Y[idx]
        loss = loss_fn(model(xb), yb)
        opt.zero_grad(set_to_none=False)
        loss.backward()
        opt.step()


def time_training(name, dtype, model, loss_fn, opt, X, Y, batch, epochs_per_run, per_epoch, unit):
    gen = torch.Generator().manual_seed(7)
    epoch(model, loss_fn, opt, X, Y, batch, gen)  # warm-up
    rates = []
    for _ in range(RUNS):
        t0 = time.process_time()
        for _ in range(epochs_per_run):
            epoch(model, loss_fn, opt, X, Y, batch, gen)
        rates.append(per_epoch * epochs_per_run / (time.process_time() - t0))
    rates.sort()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    prec = "float" if dtype == torch.float32 else "double"
    print(f"train {name} {prec} pytorch {rates[RUNS // 2]:.0f} {rates[0]:.0f} {rates[-1]:.0f} {unit} {rss} -", flush=True)


def w1(dtype):
    """784-128 ReLU - 10 softmax, cross-entropy, SGD 0.01, batch 32, N = 10000."""
    torch.manual_seed(1)
    n = 10000
    X = torch.rand(n, 784, dtype=dtype)
    labels = torch.randint(0, 10, (n,))
    model = torch.nn.Sequential(torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10)).to(dtype)
    # CrossEntropyLoss takes the logits: softmax and the loss fused, as in mlp.h.
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    time_training("W1", dtype, model, torch.nn.CrossEntropyLoss(), opt, X, labels, 32, 1, n, "samples/s")


def w2(dtype):
    """1-64-64-1 tanh, MSE, Adam 1e-3, y = sin(x) at 256 points; batch 32 and full batch."""
    torch.manual_seed(2)
    n = 256
    X = (torch.rand(n, 1, dtype=dtype) * 2 - 1) * math.pi
    Y = torch.sin(X)
    for name, batch, epochs in (("W2_b32", 32, 50), ("W2_full", n, 200)):
        model = torch.nn.Sequential(torch.nn.Linear(1, 64), torch.nn.Tanh(), torch.nn.Linear(64, 64), torch.nn.Tanh(),
                                    torch.nn.Linear(64, 1)).to(dtype)
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        time_training(name, dtype, model, torch.nn.MSELoss(), opt, X, Y, batch, epochs, 1, "epochs/s")


def w3(dtype):
    """8-100-100-8 ReLU, MSE, Adam 1e-3, full batch of N = 100."""
    torch.manual_seed(3)
    n = 100
    X = torch.randn(n, 8, dtype=dtype)
    Y = torch.randn(n, 8, dtype=dtype)
    model = torch.nn.Sequential(torch.nn.Linear(8, 100), torch.nn.ReLU(), torch.nn.Linear(100, 100), torch.nn.ReLU(),
                                torch.nn.Linear(100, 8)).to(dtype)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    time_training("W3", dtype, model, torch.nn.MSELoss(), opt, X, Y, n, 200, 1, "epochs/s")


if __name__ == "__main__":
    # usage: bench_torch.py [W1|W2|W3 ...] [float64|float32]  (default: all, both)
    # `make bench` runs one workload and one dtype per process, so that each
    # peak RSS belongs to one workload.
    which = [a for a in sys.argv[1:] if a.startswith("W")] or ["W1", "W2", "W3"]
    dtypes = [getattr(torch, a) for a in sys.argv[1:] if a.startswith("float")] or [torch.float64, torch.float32]
    for dtype in dtypes:
        for w in which:
            {"W1": w1, "W2": w2, "W3": w3}[w](dtype)
