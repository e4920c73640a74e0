#!/usr/bin/python3
"""make_reference.py: the numbers PyTorch gives, for tests/test_reference.c to compare against.

Run it from anywhere with Debian's Python, the one that sees python3-torch:

    /usr/bin/python3 tests/reference/make_reference.py

It writes tests/reference/reference.txt (or the path given as its only argument).
The format is described in tests/reference/README.md and in the header the script
writes at the top of the file. Running it twice gives the same bytes.

For each small network below it records, in float64:
  - the architecture, the initial W and b of every layer, a batch X and targets Y;
  - the loss and every dW and db after one backward pass;
  - for each optimizer configuration, the loss at each of STEPS steps on that same
    batch (zero_grad, forward, loss, backward, step) and the parameters after them.

mlp.h conventions this script follows (see the >>loss and >>optim sections of mlp.h):
  - W in mlp.h is n_in x n_out, the transpose of nn.Linear.weight; b is nn.Linear.bias.
  - Cross-entropy: mlp.h's output layer is a softmax and the loss is computed from its
    Z; here the last Linear has no activation and nn.CrossEntropyLoss gets the logits,
    with class-probability targets.
  - BCE: nn.BCELoss on the outputs. With a sigmoid output mlp.h computes it from the
    logits (like nn.BCEWithLogitsLoss); the logits stay moderate so both agree.
  - Weight decay applies to the weights only unless decay_bias is set; here the weights
    and the biases are two parameter groups, the biases with weight_decay 0 unless the
    configuration says decay_bias 1.
"""

import math
import os
import sys

import torch
from torch import nn

STEPS = 5          # optimizer steps per configuration
LR_SGD = 0.1       # learning rate of the SGD family
LR_ADAPTIVE = 0.01  # learning rate of AdaGrad, RMSProp, Adam, AdamW
WD = 0.1           # the weight decay of the "_wd" configurations
FORMAT_VERSION = 1

DTYPE = torch.float64

# The networks. layers: (units, activation[, leaky ReLU slope]); the last is the output
# layer as mlp.h declares it. targets: how Y is drawn (see make_targets).
NETS = [
    dict(name="mse_1h", n_in=3, loss="mse", batch=6, seed=11, targets="normal",
         layers=[(5, "tanh"), (2, "identity")]),
    dict(name="ce_1h", n_in=4, loss="cross_entropy", batch=8, seed=12, targets="one_hot",
         layers=[(6, "relu"), (3, "softmax")]),
    dict(name="bce_1h", n_in=3, loss="bce", batch=6, seed=13, targets="binary",
         layers=[(4, "sigmoid"), (2, "sigmoid")]),
    dict(name="mse_2h", n_in=3, loss="mse", batch=7, seed=14, targets="uniform",
         layers=[(5, "leaky_relu", 0.01), (4, "softmax"), (2, "sigmoid")]),
    dict(name="ce_2h", n_in=4, loss="cross_entropy", batch=7, seed=15, targets="probabilities",
         layers=[(6, "leaky_relu", 0.2), (5, "tanh"), (3, "softmax")]),
    dict(name="bce_2h", n_in=2, loss="bce", batch=5, seed=16, targets="uniform",
         layers=[(4, "identity"), (3, "relu"), (1, "sigmoid")]),
    # BCE on a softmax output: mlp.h takes its plain (not fused) BCE path here.
    dict(name="bce_softmax", n_in=3, loss="bce", batch=5, seed=17, targets="binary",
         layers=[(4, "tanh"), (3, "softmax")]),
]

# The optimizer configurations: (name, kind, lr, settings). Settings are mlp_optim
# fields changed after the constructor (mlp_sgd(lr), ...); everything else keeps the
# constructor's default, which is PyTorch's (the "defaults" lines check that).
S, A = LR_SGD, LR_ADAPTIVE
CONFIGS = [
    ("sgd", "sgd", S, {}),
    ("sgd_wd", "sgd", S, {"weight_decay": WD}),
    ("sgd_momentum", "sgd", S, {"momentum": 0.9}),
    ("sgd_momentum_wd", "sgd", S, {"momentum": 0.9, "weight_decay": WD}),
    ("sgd_momentum_wd_all", "sgd", S, {"momentum": 0.9, "weight_decay": WD, "decay_bias": 1}),
    ("sgd_dampening", "sgd", S, {"momentum": 0.9, "dampening": 0.1}),
    ("sgd_dampening_wd", "sgd", S, {"momentum": 0.9, "dampening": 0.1, "weight_decay": WD}),
    ("sgd_nesterov", "sgd", S, {"momentum": 0.9, "nesterov": 1}),
    ("sgd_nesterov_wd", "sgd", S, {"momentum": 0.9, "nesterov": 1, "weight_decay": WD}),
    ("adagrad", "adagrad", A, {}),
    ("adagrad_wd", "adagrad", A, {"weight_decay": WD}),
    ("adagrad_wd_all", "adagrad", A, {"weight_decay": WD, "decay_bias": 1}),
    ("adagrad_lr_decay", "adagrad", A, {"lr_decay": 0.1}),
    ("adagrad_lr_decay_wd", "adagrad", A, {"lr_decay": 0.1, "weight_decay": WD}),
    ("rmsprop", "rmsprop", A, {}),
    ("rmsprop_wd", "rmsprop", A, {"weight_decay": WD}),
    ("rmsprop_momentum", "rmsprop", A, {"momentum": 0.9}),
    ("rmsprop_momentum_wd", "rmsprop", A, {"momentum": 0.9, "weight_decay": WD}),
    ("rmsprop_momentum_wd_all", "rmsprop", A, {"momentum": 0.9, "weight_decay": WD, "decay_bias": 1}),
    ("adam", "adam", A, {}),
    ("adam_wd", "adam", A, {"weight_decay": WD}),
    ("adam_wd_all", "adam", A, {"weight_decay": WD, "decay_bias": 1}),
    ("adamw", "adamw", A, {}),  # AdamW's default weight decay, 0.01, on the weights
    ("adamw_nowd", "adamw", A, {"weight_decay": 0.0}),
    ("adamw_wd", "adamw", A, {"weight_decay": WD}),
    ("adamw_wd_all", "adamw", A, {"weight_decay": WD, "decay_bias": 1}),
]

TORCH_OPTIMIZERS = {
    "sgd": torch.optim.SGD,
    "adagrad": torch.optim.Adagrad,
    "rmsprop": torch.optim.RMSprop,
    "adam": torch.optim.Adam,
    "adamw": torch.optim.AdamW,
}

# PyTorch default hyperparameters recorded for each optimizer, by their mlp_optim
# names. The last four have no mlp_optim field: mlp.h implements only the case where
# they are off, which must be PyTorch's default.
DEFAULT_KEYS = ["momentum", "dampening", "nesterov", "alpha", "beta1", "beta2", "eps", "lr_decay",
                "weight_decay", "initial_accumulator_value", "centered", "amsgrad", "maximize"]

# How near a ReLU's input may come to 0 (where its derivative jumps) and how much a
# tiny change of the initial parameters may move the results (see check_sensitivity).
MIN_RELU_MARGIN = 1e-6
PERTURBATION = 1e-13


def num(x):
    """A float as the shortest text that reads back as the same double."""
    x = float(x)
    if not math.isfinite(x):
        raise ValueError("non-finite value %r" % x)
    return repr(x)


def activation_module(act, slope):
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
    if act == "softmax":
        return nn.Softmax(dim=1)
    raise ValueError(act)


def layer_specs(spec):
    """(units, activation, slope) per layer; slope is mlp.h's default 0.01 unless given."""
    return [(l[0], l[1], l[2] if len(l) > 2 else 0.01) for l in spec["layers"]]


class Net:
    """The torch twin of an mlp.h network: Linear layers and their activations."""

    def __init__(self, spec):
        self.spec = spec
        self.layers = layer_specs(spec)
        self.linears = []
        self.acts = []
        n_in = spec["n_in"]
        for i, (n_out, act, slope) in enumerate(self.layers):
            self.linears.append(nn.Linear(n_in, n_out, dtype=DTYPE))
            last = i == len(self.layers) - 1
            if last and spec["loss"] == "cross_entropy":
                if act != "softmax":
                    raise ValueError("cross-entropy needs a softmax output layer in mlp.h")
                self.acts.append(None)  # CrossEntropyLoss takes the logits
            else:
                self.acts.append(activation_module(act, slope))
            n_in = n_out
        if spec["loss"] == "mse":
            self.loss_fn = nn.MSELoss()
        elif spec["loss"] == "cross_entropy":
            self.loss_fn = nn.CrossEntropyLoss()
        elif spec["loss"] == "bce":
            self.loss_fn = nn.BCELoss()
        else:
            raise ValueError(spec["loss"])
        self.min_relu_margin = math.inf

    def weights(self):
        return [lin.weight for lin in self.linears]

    def biases(self):
        return [lin.bias for lin in self.linears]

    def get_params(self):
        """[(W, b)] per layer as mlp.h stores them: W is n_in x n_out."""
        return [(lin.weight.detach().t().clone(), lin.bias.detach().clone()) for lin in self.linears]

    def set_params(self, params):
        with torch.no_grad():
            for lin, (W, b) in zip(self.linears, params):
                lin.weight.copy_(W.t())
                lin.bias.copy_(b)

    def get_grads(self):
        return [(lin.weight.grad.detach().t().clone(), lin.bias.grad.detach().clone()) for lin in self.linears]

    def loss(self, X, Y):
        h = X
        for lin, act, (_, name, _) in zip(self.linears, self.acts, self.layers):
            h = lin(h)
            if name in ("relu", "leaky_relu"):
                self.min_relu_margin = min(self.min_relu_margin, h.detach().abs().min().item())
            if act is not None:
                h = act(h)
        return self.loss_fn(h, Y)


def make_targets(kind, batch, n_out, gen):
    if kind == "normal":
        return torch.randn(batch, n_out, dtype=DTYPE, generator=gen)
    if kind == "uniform":
        return torch.rand(batch, n_out, dtype=DTYPE, generator=gen)
    if kind == "binary":
        return torch.randint(0, 2, (batch, n_out), generator=gen).to(DTYPE)
    if kind == "one_hot":
        labels = torch.randint(0, n_out, (batch,), generator=gen)
        return nn.functional.one_hot(labels, n_out).to(DTYPE)
    if kind == "probabilities":
        return torch.softmax(2 * torch.randn(batch, n_out, dtype=DTYPE, generator=gen), dim=1)
    raise ValueError(kind)


def make_optimizer(net, kind, lr, settings):
    """The torch optimizer for one configuration, weights and biases in two groups."""
    cls = TORCH_OPTIMIZERS[kind]
    defaults = cls([torch.zeros(1, dtype=DTYPE)], lr=lr).defaults
    wd = settings.get("weight_decay", defaults["weight_decay"])
    kwargs = {}
    for key, value in settings.items():
        if key in ("weight_decay", "decay_bias"):
            continue
        if key == "nesterov":
            kwargs["nesterov"] = bool(value)
        elif key in ("beta1", "beta2"):
            betas = list(kwargs.get("betas", defaults["betas"]))
            betas[0 if key == "beta1" else 1] = value
            kwargs["betas"] = tuple(betas)
        else:
            kwargs[key] = value
    groups = [
        {"params": net.weights(), "weight_decay": wd},
        {"params": net.biases(), "weight_decay": wd if settings.get("decay_bias", 0) else 0.0},
    ]
    return cls(groups, lr=lr, **kwargs)


def gradients(net, params, X, Y):
    net.set_params(params)
    for p in net.weights() + net.biases():
        p.grad = None
    loss = net.loss(X, Y)
    loss.backward()
    return loss.item(), net.get_grads()


def train(net, params, X, Y, config):
    """STEPS steps as in mlp.h: zero_grad, forward, loss, backward, step."""
    _, kind, lr, settings = config
    net.set_params(params)
    for p in net.weights() + net.biases():
        p.grad = None
    opt = make_optimizer(net, kind, lr, settings)
    losses = []
    for _ in range(STEPS):
        opt.zero_grad()
        loss = net.loss(X, Y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses, net.get_params()


def flatten(values):
    """Everything compared, as one list of floats (losses and matrices)."""
    out = []
    for v in values:
        if isinstance(v, (list, tuple)):
            out.extend(flatten(v))
        elif isinstance(v, torch.Tensor):
            out.extend(float(x) for x in v.reshape(-1))
        else:
            out.append(float(v))
    return out


def check_sensitivity(name, run, params, gen):
    """Refuse a case whose results a rounding error could move past the test's tolerance.

    mlp.h and PyTorch round differently (summation order, fused operations), by about
    1e-16 per operation. Scaling every initial parameter by 1 +- PERTURBATION (1e-13)
    must move every result by less than the test's tolerance, abs 1e-12 + rel 1e-10: then
    a difference of rounding, a thousand times smaller, cannot come near it. This catches
    what would make the test fragile: a ReLU input that changes sign, an adaptive step
    dividing two gradients that are mostly rounding noise, a chaotic trajectory."""
    base = flatten(run(params))
    perturbed = []
    for W, b in params:
        sW = torch.randint(0, 2, W.shape, generator=gen).to(DTYPE) * 2 - 1
        sb = torch.randint(0, 2, b.shape, generator=gen).to(DTYPE) * 2 - 1
        perturbed.append((W * (1 + PERTURBATION * sW), b * (1 + PERTURBATION * sb)))
    moved = flatten(run(perturbed))
    worst = max(abs(x - y) / (1e-12 + 1e-10 * abs(x)) for x, y in zip(base, moved))
    if not worst < 1:
        raise SystemExit("%s: too sensitive to rounding (a 1e-13 change moved a result by %.3g "
                         "of the tolerance); pick another seed or learning rate" % (name, worst))


def write_matrix(out, tag, index, M):
    """`tag index rows cols` and then the rows, one per line."""
    if M.dim() == 1:
        M = M.reshape(1, -1)
    rows, cols = M.shape
    out.append("%s %d %d %d" % (tag, index, rows, cols) if index is not None else "%s %d %d" % (tag, rows, cols))
    for i in range(rows):
        out.append(" ".join(num(x) for x in M[i].tolist()))


def write_defaults(out):
    for kind, cls in TORCH_OPTIMIZERS.items():
        d = dict(cls([torch.zeros(1, dtype=DTYPE)], lr=0.1).defaults)
        if "betas" in d:
            d["beta1"], d["beta2"] = d.pop("betas")
        pairs = []
        for key in DEFAULT_KEYS:
            if key in d:
                value = d[key]
                pairs.append("%s %s" % (key, str(int(value)) if isinstance(value, bool) else num(value)))
        out.append("defaults %s %d %s" % (kind, len(pairs), " ".join(pairs)))


def write_net(out, spec):
    torch.manual_seed(spec["seed"])
    net = Net(spec)  # nn.Linear's own initialization, from the seed above
    gen = torch.Generator().manual_seed(1000 + spec["seed"])
    params = net.get_params()
    X = torch.randn(spec["batch"], spec["n_in"], dtype=DTYPE, generator=gen)
    Y = make_targets(spec["targets"], spec["batch"], net.layers[-1][0], gen)

    loss, grads = gradients(net, params, X, Y)
    check_sensitivity(spec["name"] + " gradients", lambda p: gradients(net, p, X, Y), params, gen)

    out.append("")
    out.append("net %s %d %s %d" % (spec["name"], spec["n_in"], spec["loss"], len(net.layers)))
    for i, (n_out, act, slope) in enumerate(net.layers):
        out.append("layer %d %d %s %s" % (i, n_out, act, num(slope)))
    for i, (W, b) in enumerate(params):
        write_matrix(out, "W", i, W)
        write_matrix(out, "b", i, b)
    write_matrix(out, "X", None, X)
    write_matrix(out, "Y", None, Y)
    out.append("loss %s" % num(loss))
    for i, (dW, db) in enumerate(grads):
        write_matrix(out, "dW", i, dW)
        write_matrix(out, "db", i, db)

    for config in CONFIGS:
        name, kind, lr, settings = config
        losses, final = train(net, params, X, Y, config)
        check_sensitivity("%s %s" % (spec["name"], name), lambda p: train(net, p, X, Y, config), params, gen)
        pairs = " ".join("%s %s" % (k, str(v) if isinstance(v, int) else num(v)) for k, v in settings.items())
        out.append("opt %s %s %s %d%s" % (name, kind, num(lr), len(settings), " " + pairs if pairs else ""))
        out.append("losses %d %s" % (len(losses), " ".join(num(x) for x in losses)))
        for i, (W, b) in enumerate(final):
            write_matrix(out, "W", i, W)
            write_matrix(out, "b", i, b)

    if net.min_relu_margin < MIN_RELU_MARGIN:
        raise SystemExit("%s: a ReLU input came within %.3g of 0; pick another seed"
                         % (spec["name"], net.min_relu_margin))


HEADER = """\
# PyTorch's numbers for mlp.h, written by tests/reference/make_reference.py
# (do not edit; regenerate: /usr/bin/python3 tests/reference/make_reference.py).
# Read by tests/test_reference.c; the format is in tests/reference/README.md.
# Tokens are separated by blanks and newlines; '#' starts a comment line.
#   mlp_reference <version>
#   torch <version>
#   steps <K>                                          optimizer steps per configuration
#   defaults <optimizer> <n> (<key> <value>) x n       PyTorch's default hyperparameters
#   net <name> <n_in> <loss> <n_layers>                then, for that network:
#   layer <l> <n_out> <activation> <slope>             one per layer
#   W <l> <rows> <cols> <numbers>  b <l> 1 <cols> <numbers>      initial parameters
#   X <B> <n_in> <numbers>  Y <B> <n_out> <numbers>    the batch
#   loss <L>  dW <l> ...  db <l> ...                   after one forward and backward
#   opt <name> <optimizer> <lr> <n> (<field> <value>) x n   a configuration, then
#   losses <K> <L_1 ... L_K>  W <l> ...  b <l> ...     per-step losses, final parameters
#   end                                                the end of the file
# W is n_in x n_out (nn.Linear.weight transposed); matrices are row-major."""


def main():
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                              "reference.txt")
    out = [HEADER, "mlp_reference %d" % FORMAT_VERSION, "torch %s" % torch.__version__, "steps %d" % STEPS]
    write_defaults(out)
    for spec in NETS:
        write_net(out, spec)
    out.append("")
    out.append("end")
    with open(path, "w", newline="\n") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
