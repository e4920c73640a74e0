#!/usr/bin/python3
"""mlp_torch.py - from mlp.h to PyTorch and back.

Reads a network file written by mlp_net_save (the text format v1 described in
mlp.h under >>io, "the network file") into a torch.nn.Sequential of nn.Linear
and activation modules in float64, and writes such a model back to a network
file that mlp_net_load accepts. Every conversion is checked: PyTorch's outputs
are compared with mlp.h's own on the same inputs (to 1e-12 relative to the
largest output, in double), and the script says what it found.

Usage (run from anywhere; Debian's PyTorch is for /usr/bin/python3):

  /usr/bin/python3 tools/mlp_torch.py to-torch NET.net MODEL.pt [--inputs X.csv [--outputs P.csv]]
      NET.net -> a pickled nn.Sequential (torch.save(model)), checked against mlp.h
  /usr/bin/python3 tools/mlp_torch.py from-torch MODEL.pt NET.net [--loss NAME]
      a saved nn.Sequential -> NET.net, then loaded by mlp.h and checked
  /usr/bin/python3 tools/mlp_torch.py roundtrip NET.net OUT.net [--inputs X.csv]
      both at once: NET.net into PyTorch (checked), back into OUT.net (checked)

The check: by default the script draws 64 random inputs (N(0, 1), numpy seed
1), has mlp.h evaluate them with the small C program tools/mlp_eval.c (built
into build/tools/mlp_eval with `cc` the first time, or when mlp.h changed),
and compares with the PyTorch model in evaluation mode. --inputs X.csv uses
those inputs instead (a CSV or TSV as mlp_csv_save writes it, one sample per
row), and --outputs P.csv takes mlp.h's outputs on them from that file, so
that no C compiler is needed. --no-verify skips the check.

From Python:

  import sys; sys.path.insert(0, "tools"); import mlp_torch
  model, meta = mlp_torch.read_net("sine.net")      # nn.Sequential, float64
  ...                                               # train it with torch.optim
  mlp_torch.write_net(model, "sine2.net", meta)     # back to mlp.h

Layout: mlp.h stores W as n_in x n_out (Z = X W + b), the transpose of
nn.Linear.weight (n_out x n_in); b is nn.Linear.bias. Layer l of the file
becomes nn.Linear, then its activation (nn.Identity, nn.Sigmoid, nn.Tanh,
nn.ReLU, nn.LeakyReLU(slope), nn.Softmax(dim=1)), then nn.Dropout(p) if the
layer has dropout. The loss is not a module: it is kept in meta["loss"] (and
on the model as model.mlp_meta). A cross-entropy network ends in nn.Softmax,
so the Sequential outputs what mlp_predict does, probabilities; to train it
with nn.CrossEntropyLoss, which takes logits, use model[:-1]. The optimizer
part of a file (if any) is not carried over: the script says so.

Errors are reported as `file:line: what is wrong` (an unknown activation, a
version other than v1, a matrix of the wrong shape, a truncated file) or
name the module that mlp.h cannot represent; the exit status is then 1.
"""

import argparse
import os
import subprocess
import sys
import tempfile

import numpy as np
import torch
from torch import nn

VERSION = "v1"
ACTIVATIONS = ("identity", "sigmoid", "tanh", "relu", "leaky_relu", "softmax")
LOSSES = ("mse", "cross_entropy", "bce")
INITS = ("auto", "xavier_uniform", "xavier_normal", "he_uniform", "he_normal", "lecun_normal",
         "uniform", "normal", "constant", "pytorch")
OPTIMIZERS = ("sgd", "adagrad", "rmsprop", "adam", "adamw")
TOLERANCE = 1e-12
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class BridgeError(Exception):
    """Something the bridge cannot read or represent; the message says where and what."""


# ---- reading a network file ---------------------------------------------------------------

class _Lines:
    """The file as numbered lines of tokens, read one key line at a time."""

    def __init__(self, path):
        self.path = path
        try:
            with open(path, "r", encoding="ascii") as f:
                text = f.read()
        except OSError as e:
            raise BridgeError(f"{path}: cannot read: {e.strerror}")
        except UnicodeDecodeError:
            raise BridgeError(f"{path}: not a text file (an mlp.h network file is ASCII)")
        self.lines = [(n + 1, line.split()) for n, line in enumerate(text.split("\n")) if line.strip()]
        self.pos = 0

    def fail(self, msg, line=None):
        if line is None:
            line = self.lines[self.pos - 1][0] if 0 < self.pos <= len(self.lines) else len(self.lines)
        raise BridgeError(f"{self.path}:{line}: {msg}")

    def next(self, what):
        if self.pos >= len(self.lines):
            self.fail(f"the file ends where {what} should be (truncated?)")
        line = self.lines[self.pos]
        self.pos += 1
        return line

    def key(self, key, n_values=None):
        """The next line must be `key value...`; returns the values (strings)."""
        num, toks = self.next(f"'{key}'")
        if toks[0] != key:
            self.fail(f"expected '{key}', found '{toks[0]}'", num)
        if n_values is not None and len(toks) - 1 != n_values:
            self.fail(f"'{key}' needs {n_values} value(s), found {len(toks) - 1}", num)
        return toks[1:]

    def int_(self, tok, what, lo, hi):
        try:
            v = int(tok)
        except ValueError:
            self.fail(f"{what}: '{tok}' is not a whole number")
        if not lo <= v <= hi:
            self.fail(f"{what} is {v}, outside {lo}..{hi}")
        return v

    def real(self, tok, what):
        try:
            v = float(tok)
        except ValueError:
            self.fail(f"{what}: '{tok}' is not a number")
        if not np.isfinite(v):
            self.fail(f"{what} is {tok}, not a finite number")
        return v

    def name(self, tok, what, names):
        if tok not in names:
            self.fail(f"unknown {what} '{tok}' (mlp.h knows: {', '.join(names)})")
        return tok

    def matrix(self, key, rows, cols, owner):
        vals = self.key(key, 2)
        r = self.int_(vals[0], f"{owner}: the rows of {key}", 0, 1 << 24)
        c = self.int_(vals[1], f"{owner}: the columns of {key}", 0, 1 << 24)
        if (r, c) != (rows, cols):
            self.fail(f"{owner}: {key} is {r}x{c}, but the network needs {rows}x{cols}")
        out = np.empty((rows, cols), dtype=np.float64)
        for i in range(rows):
            num, toks = self.next(f"row {i} of {key}")
            if len(toks) != cols:
                self.fail(f"{owner}: row {i} of {key} has {len(toks)} numbers; it needs {cols}", num)
            for j, t in enumerate(toks):
                out[i, j] = self.real(t, f"{owner}: {key}[{i}][{j}]")
        return out


def read_net(path):
    """Reads an mlp.h network file. Returns (model, meta): an nn.Sequential in
    float64 and evaluation mode, and a dict of what the Sequential does not
    hold (loss, the dropout generator, each layer's init), for write_net."""
    r = _Lines(path)
    num, toks = r.next("the first line")
    if toks[:2] != ["mlp.h", "network"]:
        r.fail("not an mlp.h network file (it should start with 'mlp.h network v1')", num)
    if len(toks) != 3:
        r.fail("the first line should be 'mlp.h network v1'", num)
    if toks[2] != VERSION:
        r.fail(f"version '{toks[2]}' is not supported (this script reads {VERSION}, as mlp.h does)", num)
    meta = {}
    meta["real"] = r.name(r.key("real", 1)[0], "real", ("double", "float"))
    n_in = r.int_(r.key("inputs", 1)[0], "inputs", 1, 1 << 24)
    meta["loss"] = r.name(r.key("loss", 1)[0], "loss", LOSSES)
    meta["training"] = r.int_(r.key("training", 1)[0], "training", 0, 1)
    rng = r.key("rng", 6)
    for k in range(4):
        if len(rng[k]) != 16 or any(ch not in "0123456789abcdef" for ch in rng[k]):
            r.fail(f"the generator's state: expected 16 hexadecimal digits, found '{rng[k]}'")
    r.int_(rng[4], "has_spare", 0, 1)
    r.real(rng[5], "spare")
    meta["rng"] = " ".join(rng)
    n_layers = r.int_(r.key("layers", 1)[0], "layers", 1, 1 << 16)
    modules, meta["layers"] = [], []
    width = n_in
    for l in range(n_layers):
        owner = f"layer {l}"
        r.int_(r.key("layer", 1)[0], "the layer number", l, l)
        units = r.int_(r.key("units", 1)[0], f"{owner}: units", 1, 1 << 24)
        act = r.name(r.key("activation", 1)[0], "activation", ACTIVATIONS)
        slope = r.real(r.key("slope", 1)[0], f"{owner}: slope")
        init = r.key("init", 3)
        r.name(init[0], "init", INITS)
        r.real(init[1], f"{owner}: init_a"), r.real(init[2], f"{owner}: init_b")
        dropout = r.real(r.key("dropout", 1)[0], f"{owner}: dropout")
        if not 0 <= dropout < 1:
            r.fail(f"{owner}: dropout must be in [0, 1), found {dropout}")
        if dropout > 0 and l == n_layers - 1:
            r.fail(f"{owner}: the output layer cannot have dropout")
        W = r.matrix("W", width, units, owner)
        b = r.matrix("b", 1, units, owner)
        lin = nn.Linear(width, units, dtype=torch.float64)
        with torch.no_grad():
            lin.weight.copy_(torch.from_numpy(W.T.copy()))  # nn.Linear.weight is n_out x n_in
            lin.bias.copy_(torch.from_numpy(b[0]))
        modules.append(lin)
        modules.append(_activation_module(act, slope))
        if dropout > 0:
            modules.append(nn.Dropout(dropout))
        meta["layers"].append({"slope": slope, "init": " ".join(init), "dropout": dropout})
        width = units
    if meta["loss"] == "cross_entropy" and act != "softmax":
        r.fail(f"the loss is cross_entropy, which needs a softmax output layer, but it is {act}")
    opt = r.key("optimizer", 1)[0]
    if opt != "none":
        r.name(opt, "optimizer", OPTIMIZERS)
        meta["dropped_optimizer"] = opt
        while r.pos < len(r.lines) and r.lines[r.pos][1] != ["end"]:
            r.pos += 1
    r.key("end", 0)
    if r.pos < len(r.lines):
        r.fail(f"unexpected '{r.lines[r.pos][1][0]}' after 'end' (trailing garbage)", r.lines[r.pos][0])
    model = nn.Sequential(*modules)
    model.eval()
    model.mlp_meta = meta
    return model, meta


def _activation_module(act, slope):
    if act == "identity":
        return nn.Identity()
    if act == "sigmoid":
        return nn.Sigmoid()
    if act == "tanh":
        return nn.Tanh()
    if act == "relu":
        return nn.ReLU()
    if act == "leaky_relu":
        return nn.LeakyReLU(slope)
    return nn.Softmax(dim=1)


# ---- writing a network file ----------------------------------------------------------------

def _splitmix64_state(seed):
    """mlp_rng_seed(seed)'s state: four splitmix64 outputs (for a model with no generator of its own)."""
    mask, state, out = (1 << 64) - 1, seed, []
    for _ in range(4):
        state = (state + 0x9E3779B97F4A7C15) & mask
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
        out.append(z ^ (z >> 31))
    return " ".join(f"{v:016x}" for v in out) + " 0 0"


def _layers_of(model):
    """The Sequential as mlp.h layers: a list of (nn.Linear, activation name, slope, dropout)."""
    if isinstance(model, nn.Linear):
        model = nn.Sequential(model)
    if not isinstance(model, nn.Sequential):
        raise BridgeError(f"the model is a {type(model).__name__}; the bridge converts an nn.Sequential "
                          "of nn.Linear and activation modules")
    mods = list(model)
    layers, i = [], 0
    while i < len(mods):
        m = mods[i]
        if not isinstance(m, nn.Linear):
            raise BridgeError(f"module {i} ({type(m).__name__}) should be an nn.Linear: each mlp.h layer is "
                              "nn.Linear, then at most one activation, then at most one nn.Dropout")
        i += 1
        act, slope, dropout = "identity", None, 0.0
        if i < len(mods) and not isinstance(mods[i], (nn.Linear, nn.Dropout)):
            a = mods[i]
            if isinstance(a, nn.Identity):
                act = "identity"
            elif isinstance(a, nn.Sigmoid):
                act = "sigmoid"
            elif isinstance(a, nn.Tanh):
                act = "tanh"
            elif isinstance(a, nn.ReLU):
                act = "relu"
            elif isinstance(a, nn.LeakyReLU):
                act, slope = "leaky_relu", float(a.negative_slope)
            elif isinstance(a, nn.Softmax) and a.dim in (1, -1):
                act = "softmax"
            else:
                what = f"nn.Softmax(dim={a.dim})" if isinstance(a, nn.Softmax) else type(a).__name__
                raise BridgeError(f"module {i} ({what}) has no counterpart in mlp.h, whose activations are "
                                  f"{', '.join(ACTIVATIONS)} (softmax over dim=1)")
            i += 1
        if i < len(mods) and isinstance(mods[i], nn.Dropout):
            dropout = float(mods[i].p)
            i += 1
        layers.append((m, act, slope, dropout))
    return layers


def _fmt(x):
    """A number as mlp_net_save writes it in double: 17 significant digits, enough for the same bits."""
    return "%.17g" % x


def write_net(model, path, meta=None, loss=None):
    """Writes an nn.Sequential (as read_net makes them) to an mlp.h network
    file, format v1. meta (from read_net, or model.mlp_meta) supplies the
    loss, the dropout generator and each layer's init; without it the loss is
    cross_entropy for a softmax output and mse otherwise (or `loss`).
    Returns the loss it recorded."""
    if meta is None:
        meta = getattr(model, "mlp_meta", None) or {}
    layers = _layers_of(model)
    if loss is None:
        loss = meta.get("loss") or ("cross_entropy" if layers[-1][1] == "softmax" else "mse")
    if loss not in LOSSES:
        raise BridgeError(f"unknown loss '{loss}' (mlp.h knows: {', '.join(LOSSES)})")
    if loss == "cross_entropy" and layers[-1][1] != "softmax":
        raise BridgeError("the loss cross_entropy needs a softmax output layer (nn.Softmax(dim=1) last), "
                          f"but the last layer's activation is {layers[-1][1]}")
    if layers[-1][3] > 0:
        raise BridgeError("the output layer cannot have dropout in mlp.h (the model ends in nn.Dropout)")
    n_in = layers[0][0].in_features
    out = ["mlp.h network v1", "real double", f"inputs {n_in}", f"loss {loss}",
           f"training {int(meta.get('training', int(model.training)))}",
           "rng " + meta.get("rng", _splitmix64_state(0)), f"layers {len(layers)}"]
    old = meta.get("layers", [])
    width = n_in
    for l, (lin, act, slope, dropout) in enumerate(layers):
        if lin.in_features != width:
            raise BridgeError(f"layer {l}: nn.Linear({lin.in_features}, {lin.out_features}) follows a layer of "
                              f"{width} units: the shapes do not chain")
        if lin.weight.shape != (lin.out_features, lin.in_features):
            raise BridgeError(f"layer {l}: weight is {tuple(lin.weight.shape)}, but nn.Linear({lin.in_features}, "
                              f"{lin.out_features}) needs ({lin.out_features}, {lin.in_features})")
        W = lin.weight.detach().to(torch.float64).numpy().T  # mlp.h's W is n_in x n_out
        b = (lin.bias.detach().to(torch.float64).numpy() if lin.bias is not None
             else np.zeros(lin.out_features))  # no bias: the same function as a zero bias
        if not (np.all(np.isfinite(W)) and np.all(np.isfinite(b))):
            raise BridgeError(f"layer {l}: a weight or bias is NaN or infinite; mlp_net_load would refuse it")
        info = old[l] if l < len(old) else {}
        if slope is None:
            slope = info.get("slope", 0.01)
        out += [f"layer {l}", f"units {lin.out_features}", f"activation {act}", "slope " + _fmt(slope),
                "init " + info.get("init", "auto 0 0"), "dropout " + _fmt(dropout),
                f"W {W.shape[0]} {W.shape[1]}"]
        out += [" ".join(_fmt(x) for x in row) for row in W]
        out += [f"b 1 {b.shape[0]}", " ".join(_fmt(x) for x in b)]
        width = lin.out_features
    out += ["optimizer none", "end"]
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="ascii") as f:  # like mlp_net_save: a complete file or none
        f.write("\n".join(out) + "\n")
    os.replace(tmp, path)
    return loss


# ---- checking against mlp.h ------------------------------------------------------------------

def _eval_binary():
    """build/tools/mlp_eval, compiled from tools/mlp_eval.c if missing or older than its sources."""
    exe = os.path.join(ROOT, "build", "tools", "mlp_eval")
    srcs = [os.path.join(ROOT, "tools", "mlp_eval.c"), os.path.join(ROOT, "mlp.h")]
    if not os.path.exists(exe) or any(os.path.getmtime(s) > os.path.getmtime(exe) for s in srcs):
        os.makedirs(os.path.dirname(exe), exist_ok=True)
        cmd = [os.environ.get("CC", "cc"), "-std=c99", "-O2", "-ffp-contract=off", "-o", exe, srcs[0], "-lm"]
        print("mlp_torch: building the C helper: " + " ".join(cmd), file=sys.stderr)
        try:
            subprocess.run(cmd, check=True)
        except (OSError, subprocess.CalledProcessError) as e:
            raise BridgeError(f"could not build {exe} ({e}); use --outputs or --no-verify")
    return exe


def read_matrix_csv(path):
    """A matrix as mlp_csv_save writes it (',' or tab separated, '#' comments, an optional header)."""
    rows = []
    try:
        with open(path, "r", encoding="utf-8") as f:
            for num, line in enumerate(f, 1):
                line = line.strip()
                if not line or line.startswith("#"):
                    continue
                fields = line.split("\t") if "\t" in line else line.split(",")
                try:
                    rows.append([float(x) for x in fields])
                except ValueError:
                    if rows:
                        raise BridgeError(f"{path}:{num}: not a row of numbers: {line[:60]}")
                    continue  # a header line
    except OSError as e:
        raise BridgeError(f"{path}: cannot read: {e.strerror}")
    if not rows or any(len(r) != len(rows[0]) for r in rows):
        raise BridgeError(f"{path}: no rows, or rows of different lengths")
    return np.array(rows, dtype=np.float64)


def write_matrix_csv(M, path):
    with open(path, "w", encoding="ascii") as f:
        for row in M:
            f.write(",".join(_fmt(x) for x in row) + "\n")


def mlp_outputs(net_path, X):
    """mlp.h's outputs of the network file on inputs X, through tools/mlp_eval.c."""
    exe = _eval_binary()
    with tempfile.TemporaryDirectory() as d:
        xin, pout = os.path.join(d, "X.csv"), os.path.join(d, "P.csv")
        write_matrix_csv(X, xin)
        res = subprocess.run([exe, "predict", net_path, xin, pout], capture_output=True, text=True)
        if res.returncode != 0:
            raise BridgeError(f"mlp.h could not evaluate {net_path}: {res.stderr.strip()}")
        return read_matrix_csv(pout)


def check(model, net_path, inputs=None, outputs=None, what="PyTorch and mlp.h"):
    """Compares the model's outputs with mlp.h's on the same inputs; raises if they differ."""
    n_in = _layers_of(model)[0][0].in_features
    if inputs is not None:
        X = read_matrix_csv(inputs)
        source = f"the {X.shape[0]} inputs of {inputs}"
    else:
        X = np.random.default_rng(1).standard_normal((64, n_in))
        source = "64 random inputs"
    if X.shape[1] != n_in:
        raise BridgeError(f"the inputs have {X.shape[1]} columns, but the network has {n_in} inputs")
    P_mlp = read_matrix_csv(outputs) if outputs is not None else mlp_outputs(net_path, X)
    was_training = model.training
    model.eval()  # no dropout, as mlp_predict
    with torch.no_grad():
        P_torch = model(torch.from_numpy(X).to(torch.float64)).numpy()
    model.train(was_training)
    if P_torch.shape != P_mlp.shape:
        raise BridgeError(f"{what}: outputs of shape {P_torch.shape} (PyTorch) and {P_mlp.shape} (mlp.h)")
    diff = float(np.max(np.abs(P_torch - P_mlp)))
    scale = max(1.0, float(np.max(np.abs(P_mlp))))
    if not diff <= TOLERANCE * scale:
        raise BridgeError(f"{what} DIFFER on {source}: largest difference {diff:.3g} "
                          f"(tolerance {TOLERANCE:g} x {scale:.3g})")
    print(f"mlp_torch: {what} agree on {source}: largest difference {diff:.2g} "
          f"(tolerance {TOLERANCE:g}, outputs up to {float(np.max(np.abs(P_mlp))):.3g})")


def describe(model, meta):
    layers = _layers_of(model)
    arch = " -> ".join([str(layers[0][0].in_features)] + [f"{lin.out_features} {act}" for lin, act, _, _ in layers])
    return f"{arch}, loss {meta.get('loss', '?')}"


# ---- the command line -------------------------------------------------------------------------

def main(argv):
    p = argparse.ArgumentParser(prog="mlp_torch.py", description="From mlp.h to PyTorch and back (see the top of this file).")
    sub = p.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("to-torch", help="an mlp.h network file -> a saved nn.Sequential")
    a.add_argument("net"), a.add_argument("model")
    b = sub.add_parser("from-torch", help="a saved nn.Sequential -> an mlp.h network file")
    b.add_argument("model"), b.add_argument("net")
    b.add_argument("--loss", choices=LOSSES, help="the loss to record (default: the model's, else by its output)")
    c = sub.add_parser("roundtrip", help="an mlp.h network file -> PyTorch -> another mlp.h network file")
    c.add_argument("net"), c.add_argument("out")
    for s in (a, b, c):
        s.add_argument("--inputs", help="check on these inputs (CSV/TSV, one sample per row) instead of random ones")
        s.add_argument("--no-verify", action="store_true", help="do not compare with mlp.h's outputs")
    a.add_argument("--outputs", help="mlp.h's outputs on --inputs (CSV/TSV): no C helper needed")
    args = p.parse_args(argv)
    try:
        if args.cmd in ("to-torch", "roundtrip"):
            model, meta = read_net(args.net)
            print(f"mlp_torch: read {args.net}: {describe(model, meta)}")
            if "dropped_optimizer" in meta:
                print(f"mlp_torch: note: the file's optimizer ({meta['dropped_optimizer']}) and its state are not "
                      "carried over")
            if not args.no_verify:
                outputs = getattr(args, "outputs", None)
                if outputs and not args.inputs:
                    raise BridgeError("--outputs needs --inputs (the inputs those outputs belong to)")
                check(model, args.net, args.inputs, outputs, "PyTorch and mlp.h")
            if args.cmd == "to-torch":
                torch.save(model, args.model)
                print(f"mlp_torch: wrote {args.model} (torch.load it: an nn.Sequential in float64)")
                return 0
            write_net(model, args.out, meta)
            print(f"mlp_torch: wrote {args.out}")
            if not args.no_verify:
                check(model, args.out, args.inputs, None, f"PyTorch and mlp.h's load of {args.out}")
            return 0
        try:
            model = torch.load(args.model)
        except Exception as e:  # torch.load raises many kinds
            raise BridgeError(f"{args.model}: torch.load failed: {e}")
        if isinstance(model, dict):
            raise BridgeError(f"{args.model} holds a state_dict, not a model: save the module itself "
                              "(torch.save(model, path)), or call mlp_torch.write_net(model, path) from Python")
        model = model.to(torch.float64)
        meta = getattr(model, "mlp_meta", None) or {}
        loss = write_net(model, args.net, meta, args.loss)
        print(f"mlp_torch: wrote {args.net}: {describe(model, {'loss': loss})}")
        if not args.no_verify:
            check(model, args.net, args.inputs, None, f"PyTorch and mlp.h's load of {args.net}")
        return 0
    except BridgeError as e:
        print(f"mlp_torch: error: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
