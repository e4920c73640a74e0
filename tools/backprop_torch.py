#!/usr/bin/python3
"""backprop_torch.py - chapter 03's training run, done again in PyTorch.

exercises/03_backprop.c trains a 2-24-3 network (tanh, softmax, cross-entropy)
four ways with mlp.h and writes, into its output directory, what PyTorch needs
to do the same training:

  same_init.net    the initial network (mlp_net_save)
  same_data.csv    the 300 points: x1, x2 and the one-hot class y0, y1, y2
  same_order.tsv   for every epoch, the order in which mlp_train_epoch visits
                   the points (cut into batches of `batch`, the last one smaller)
  same_config.txt  seed, points, hidden, batch, lr, momentum, epochs

This script reads them (the network through tools/mlp_torch.py, the bridge),
trains the same network in PyTorch in float64 with torch.optim.SGD (the same
learning rate and momentum) on the same batches in the same order, and writes
the fixture the chapter compares its own losses with: a `# config:` line
repeating same_config.txt, then `epoch<TAB>loss` for epoch 0 (the initial
network on all the points) and every epoch after (the mean of the batch
losses, each weighted by its batch's size, as mlp_train_epoch reports it).

The configuration does not depend on MLP_SEED or MLP_QUICK, so any run of the
chapter will do. From the repository's root:

  make build/report-quick/03_backprop.html QUICK=1    # or any run of the chapter
  /usr/bin/python3 tools/backprop_torch.py build/report-quick/03_backprop reports/03_backprop/torch_losses.tsv

(Debian's python3-torch 1.13 and python3-numpy; the chapter itself never needs
Python: it reads the committed file.)
"""

import os
import sys

import numpy as np
import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mlp_torch  # noqa: E402  (the bridge, beside this file)


def main(argv):
    if len(argv) != 2:
        print(__doc__.split("\n\n")[-2], file=sys.stderr)
        print("usage: backprop_torch.py RUN_DIR FIXTURE.tsv", file=sys.stderr)
        return 2
    run, out = argv
    try:
        with open(os.path.join(run, "same_config.txt"), encoding="ascii") as f:
            config = f.read().strip()
        cfg = dict(kv.split("=") for kv in config.split())
        batch, lr, momentum, epochs = int(cfg["batch"]), float(cfg["lr"]), float(cfg["momentum"]), int(cfg["epochs"])
        model, meta = mlp_torch.read_net(os.path.join(run, "same_init.net"))
        data = mlp_torch.read_matrix_csv(os.path.join(run, "same_data.csv"))
        with open(os.path.join(run, "same_order.tsv"), encoding="ascii") as f:
            orders = [[int(t) for t in line.split()] for line in f if line.strip() and not line.startswith("#")]
    except (OSError, KeyError, ValueError, mlp_torch.BridgeError) as e:
        print(f"backprop_torch: cannot read the run in {run}: {e}", file=sys.stderr)
        return 1
    if meta["loss"] != "cross_entropy" or not isinstance(model[-1], nn.Softmax):
        print("backprop_torch: expected a softmax network trained on cross-entropy", file=sys.stderr)
        return 1
    if len(orders) != epochs:
        print(f"backprop_torch: {len(orders)} epochs in same_order.tsv, {epochs} in the configuration", file=sys.stderr)
        return 1

    n_in = model[0].in_features
    X = torch.from_numpy(data[:, :n_in].copy())
    labels = torch.from_numpy(np.argmax(data[:, n_in:], axis=1))  # one-hot rows -> class indices
    N = X.shape[0]
    logits = model[:-1]  # nn.CrossEntropyLoss takes logits: the Sequential without its nn.Softmax
    logits.train()
    loss_fn = nn.CrossEntropyLoss()  # mean over the batch, as mlp.h's cross-entropy
    opt = torch.optim.SGD(logits.parameters(), lr=lr, momentum=momentum)

    losses = []
    with torch.no_grad():
        losses.append(loss_fn(logits(X), labels).item())
    for order in orders:
        if sorted(order) != list(range(N)):
            print("backprop_torch: a line of same_order.tsv is not a permutation of the points", file=sys.stderr)
            return 1
        total = 0.0
        for start in range(0, N, batch):
            idx = torch.tensor(order[start:start + batch])
            opt.zero_grad()
            loss = loss_fn(logits(X[idx]), labels[idx])
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
        losses.append(total / N)

    tmp = out + ".tmp"
    with open(tmp, "w", encoding="ascii") as f:
        f.write("# chapter 03 (exercises/03_backprop.c): the four-ways training run, in PyTorch "
                f"{torch.__version__}, float64, torch.optim.SGD\n")
        f.write("# made by: /usr/bin/python3 tools/backprop_torch.py RUN_DIR reports/03_backprop/torch_losses.tsv\n")
        f.write(f"# config: {config}\n")
        f.write("# epoch\tloss (epoch 0: the initial network on all the points; then the mean batch loss)\n")
        for e, v in enumerate(losses):
            f.write(f"{e}\t{v:.17g}\n")
    os.replace(tmp, out)
    print(f"backprop_torch: {epochs} epochs, loss {losses[0]:.6f} -> {losses[-1]:.6f}; wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
