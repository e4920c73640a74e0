#!/usr/bin/python3
"""make_reference.py: the numbers PyTorch gives, for tests/test_reference.c to compare against.

Run it from anywhere with Debian's Python, the one that sees python3-torch:

    /usr/bin/python3 tests/reference/make_reference.py

It writes tests/reference/reference.txt (or the path given as its only argument).
The format is described in tests/reference/README.md and in the header the script
writes at the top of the file. Running it twice gives the same bytes (on the same
machine with the same BLAS: see "Regenerating" in the README for the BLAS the committed
file was made with).

For each small network below it records, in float64:
  - the architecture, the initial W and b of every layer, a batch X and targets Y;
  - the loss and every dW and db after one backward pass;
  - for each optimizer configuration, the loss at each of STEPS steps on that same
    batch (zero_grad, forward, loss, backward, step) and the parameters after them;
    configurations with an L1 penalty (l1 * sum |W| added to the loss) or with the
    gradient clipped by its global norm (torch.nn.utils.clip_grad_norm_) included;
  - for some networks, the same with dropout on hidden layers, with masks drawn by
    torch's dropout and recorded, so that mlp.h can be given the same masks;
  - for some networks, a data set and mlp_gradient_noise's two measures on it.
After the networks come PyTorch's learning-rate schedulers (torch.optim.lr_scheduler),
the rate at each of SCHEDULE_EPOCHS epochs, for mlp_schedule_lr.

mlp.h conventions this script follows (see the >>loss and >>optim sections of mlp.h):
  - W in mlp.h is n_in x n_out, the transpose of nn.Linear.weight; b is nn.Linear.bias.
  - Cross-entropy: mlp.h's output layer is a softmax and the loss is computed from its
    Z; here the last Linear has no activation and nn.CrossEntropyLoss gets the logits,
    with class-probability targets.
  - BCE: nn.BCELoss on the outputs. With a sigmoid output mlp.h computes it from the
    logits (like nn.BCEWithLogitsLoss); the logits stay moderate so both agree.
  - Weight decay applies to the weights only unless decay_bias is set; here the weights
    and the biases are two parameter groups, the biases with weight_decay 0 unless the
    configuration says decay_bias 1. L1 likewise: l1 * sum |p| over the weights, and
    over the biases too with decay_bias.
  - Clipping (mlp_optim.clip_norm) scales the gradient of the loss before the step, and
    the optimizer adds weight decay after it, as torch's does. mlp.h adds L1 there too,
    while here L1 is part of the loss, whose gradient clip_grad_norm_ would scale: so
    no configuration combines the two (they would not be the same computation).
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
L1 = 0.05          # the L1 coefficient of the "_l1" and "_elastic" configurations
CLIP = 0.02        # a gradient norm to clip to, below every network's (so it bites)
CLIP_LOOSE = 100.0  # one above every network's (so clipping changes nothing)
SCHEDULE_EPOCHS = 30  # epochs of each learning-rate schedule
FORMAT_VERSION = 2

DTYPE = torch.float64

# The networks. layers: (units, activation[, leaky ReLU slope]); the last is the output
# layer as mlp.h declares it. targets: how Y is drawn (see make_targets).
# Optional (format version 2):
#   dropout: [(case name, dropout probability per layer, configurations to run with it)]:
#            the gradient, and STEPS steps of each configuration, with fixed dropout masks;
#   noise:   (N, batch_size): a data set of N samples for mlp_gradient_noise;
#   zero_W, zero_b, zero_X_col: parameters ((layer, row, col) in mlp.h's layout, or
#            (layer, unit)) set to exactly 0, and an input column of X set to 0, so that
#            L1's subgradient at 0 matters (some weights stay at 0: their gradient is 0).
DROPOUT_CONFIGS = ["sgd", "sgd_momentum_wd", "adam"]
NETS = [
    dict(name="mse_1h", n_in=3, loss="mse", batch=6, seed=11, targets="normal",
         layers=[(5, "tanh"), (2, "identity")],
         dropout=[("p50", [0.5, 0], DROPOUT_CONFIGS)], noise=(10, 4)),
    dict(name="ce_1h", n_in=4, loss="cross_entropy", batch=8, seed=12, targets="one_hot",
         layers=[(6, "relu"), (3, "softmax")],
         dropout=[("p30", [0.3, 0], DROPOUT_CONFIGS)], noise=(300, 64)),
    dict(name="bce_1h", n_in=3, loss="bce", batch=6, seed=13, targets="binary",
         layers=[(4, "sigmoid"), (2, "sigmoid")],
         dropout=[("p25", [0.25, 0], DROPOUT_CONFIGS)]),
    dict(name="mse_2h", n_in=3, loss="mse", batch=7, seed=14, targets="uniform",
         layers=[(5, "leaky_relu", 0.01), (4, "softmax"), (2, "sigmoid")],
         dropout=[("p20_p50", [0.2, 0.5, 0], DROPOUT_CONFIGS), ("p00_p50", [0, 0.5, 0], ["sgd"])]),
    dict(name="ce_2h", n_in=4, loss="cross_entropy", batch=7, seed=15, targets="probabilities",
         layers=[(6, "leaky_relu", 0.2), (5, "tanh"), (3, "softmax")],
         dropout=[("p10_p40", [0.1, 0.4, 0], DROPOUT_CONFIGS)]),
    dict(name="bce_2h", n_in=2, loss="bce", batch=5, seed=16, targets="uniform",
         layers=[(4, "identity"), (3, "relu"), (1, "sigmoid")],
         dropout=[("p50_p30", [0.5, 0.3, 0], DROPOUT_CONFIGS)], noise=(9, 3)),
    # BCE on a softmax output: mlp.h takes its plain (not fused) BCE path here.
    dict(name="bce_softmax", n_in=3, loss="bce", batch=5, seed=17, targets="binary",
         layers=[(4, "tanh"), (3, "softmax")],
         dropout=[("p30", [0.3, 0], DROPOUT_CONFIGS)]),
    # Parameters at exactly 0, for L1's subgradient there (format version 2). X's last
    # column is 0, so row 2 of W[0] gets no gradient from the data: its zeros must stay 0
    # under every penalty (sign(0) = 0), while its one nonzero weight is pulled towards 0.
    dict(name="l1_zero", n_in=3, loss="mse", batch=6, seed=18, targets="normal",
         layers=[(4, "tanh"), (2, "identity")],
         zero_W=[(0, 2, 0), (0, 2, 1), (0, 2, 3), (0, 0, 1), (1, 3, 0)], zero_b=[(0, 2), (1, 1)],
         zero_X_col=2),
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
    # L1 and the elastic net (format version 2). mlp.h's l1 adds l1 sign(p) to the gradient of
    # the weights (and of the biases with decay_bias); here l1 * sum |W| is added to the loss
    # and autograd differentiates it, with sign(0) = 0 (see penalty()).
    ("sgd_l1", "sgd", S, {"l1": L1}),
    ("sgd_l1_all", "sgd", S, {"l1": L1, "decay_bias": 1}),
    ("sgd_elastic", "sgd", S, {"l1": L1, "weight_decay": WD}),
    # The same elastic net with the L2 term in the loss too, (wd/2) ||W||^2, instead of the
    # optimizer's weight_decay: checks that mlp.h's weight_decay is that penalty's gradient.
    ("sgd_elastic_l2_in_loss", "sgd", S, {"l1": L1, "weight_decay": WD, "_l2_in_loss": 1}),
    ("sgd_momentum_elastic", "sgd", S, {"momentum": 0.9, "l1": L1, "weight_decay": WD}),
    ("sgd_nesterov_elastic_all", "sgd", S, {"momentum": 0.9, "nesterov": 1, "l1": L1, "weight_decay": WD,
                                            "decay_bias": 1}),
    ("adagrad_l1", "adagrad", A, {"l1": L1}),
    ("rmsprop_elastic", "rmsprop", A, {"l1": L1, "weight_decay": WD}),
    ("adam_l1", "adam", A, {"l1": L1}),
    ("adam_elastic", "adam", A, {"l1": L1, "weight_decay": WD}),
    ("adam_elastic_all", "adam", A, {"l1": L1, "weight_decay": WD, "decay_bias": 1}),
    ("adamw_l1", "adamw", A, {"l1": L1}),
    # Clipping the global gradient norm (torch.nn.utils.clip_grad_norm_) before each step.
    # CLIP is below every network's gradient norm at every step (train() checks that it
    # bites); CLIP_LOOSE is above all of them, where clipping must change nothing.
    ("sgd_clip", "sgd", S, {"clip_norm": CLIP}),
    ("sgd_clip_loose", "sgd", S, {"clip_norm": CLIP_LOOSE}),
    ("sgd_momentum_clip_wd", "sgd", S, {"momentum": 0.9, "clip_norm": CLIP, "weight_decay": WD}),
    ("sgd_nesterov_clip", "sgd", S, {"momentum": 0.9, "nesterov": 1, "clip_norm": CLIP}),
    ("adagrad_clip", "adagrad", A, {"clip_norm": CLIP}),
    ("rmsprop_momentum_clip", "rmsprop", A, {"momentum": 0.9, "clip_norm": CLIP}),
    ("adam_clip", "adam", A, {"clip_norm": CLIP}),
    ("adamw_clip_wd_all", "adamw", A, {"clip_norm": CLIP, "weight_decay": WD, "decay_bias": 1}),
]

CONFIG_BY_NAME = {c[0]: c for c in CONFIGS}

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

    def loss(self, X, Y, dropout=None):
        """The loss of the batch. dropout (optional): per layer, None or (p, seed, mask):
        that layer's output goes through torch's own dropout, with the global generator
        seeded so that it draws `mask` again (checked here, element for element)."""
        h = X
        for i, (lin, act, (_, name, _)) in enumerate(zip(self.linears, self.acts, self.layers)):
            h = lin(h)
            if name in ("relu", "leaky_relu"):
                self.min_relu_margin = min(self.min_relu_margin, h.detach().abs().min().item())
            if act is not None:
                h = act(h)
            if dropout is not None and dropout[i] is not None:
                p, seed, mask = dropout[i]
                torch.manual_seed(seed)
                dropped = nn.functional.dropout(h, p, training=True)
                if not torch.equal(dropped.detach(), h.detach() * mask):
                    raise SystemExit("torch's dropout did not draw the recorded mask again")
                h = dropped
        return self.loss_fn(h, Y)

    def layer_params(self):
        """W and b of every layer, in mlp.h's order (W0, b0, W1, b1, ...)."""
        return [p for lin in self.linears for p in (lin.weight, lin.bias)]


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
    if settings.get("_l2_in_loss"):
        wd = 0.0  # penalty() puts it in the loss instead
    kwargs = {}
    for key, value in settings.items():
        if key in ("weight_decay", "decay_bias", "l1", "clip_norm") or key.startswith("_"):
            continue  # handled by the parameter groups, penalty() or train()
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


def penalty(net, settings):
    """The penalty terms PyTorch users add to the loss, or None.

    l1 * sum |p| over the weights (and the biases with decay_bias): autograd
    differentiates |p| as sign(p), with sign(0) = 0 (checked in main), which is mlp.h's
    l1 sign(p). With _l2_in_loss also (weight_decay / 2) sum p^2, whose gradient
    weight_decay * p is what mlp.h's (coupled) weight_decay adds."""
    params = net.weights() + (net.biases() if settings.get("decay_bias", 0) else [])
    terms = []
    if settings.get("l1", 0):
        terms.append(settings["l1"] * sum(p.abs().sum() for p in params))
    if settings.get("_l2_in_loss"):
        terms.append(settings["weight_decay"] / 2 * sum((p * p).sum() for p in params))
    return sum(terms) if terms else None


def train(net, params, X, Y, config, dropout=None):
    """STEPS steps as in mlp.h: zero_grad, forward, loss, backward, (clip,) step.

    The recorded loss is the data loss, without penalty(), which is what mlp_loss returns.
    With clip_norm, torch.nn.utils.clip_grad_norm_ scales the gradient of every W and b
    together between backward and step. Checked here: a clip_norm of CLIP or less bites
    at the first step at least (at later ones the gradient may have shrunk below it), a
    larger one never."""
    _, kind, lr, settings = config
    net.set_params(params)
    for p in net.weights() + net.biases():
        p.grad = None
    opt = make_optimizer(net, kind, lr, settings)
    clip = settings.get("clip_norm", 0)
    losses = []
    for step in range(STEPS):
        opt.zero_grad()
        loss = net.loss(X, Y, dropout)
        extra = penalty(net, settings)
        if extra is None:
            loss.backward()
        else:
            (loss + extra).backward()
        if clip > 0:
            norm = nn.utils.clip_grad_norm_(net.layer_params(), clip).item()
            if (clip > CLIP and norm > clip) or (clip <= CLIP and step == 0 and norm <= clip):
                raise SystemExit("%s %s: gradient norm %.6g at step %d with clip_norm %g: clipping should %s"
                                 % (net.spec["name"], config[0], norm, step + 1, clip,
                                    "bite" if clip <= CLIP else "not bite"))
        opt.step()
        losses.append(loss.item())
    return losses, net.get_params()


def gradient_noise(net, params, X, Y, batch_size):
    """mlp_gradient_noise's two measures, by autograd: with J the mean loss over all N
    samples and J_b that of mini-batch b (consecutive rows, the last batch smaller):
        ||grad J||^2   and   (1/N_b) sum_b ||grad J_b - grad J||^2;
    also ||grad J|| as clip_grad_norm_ measures it (what mlp_net_grad_norm computes), and
    grad J itself."""
    net.set_params(params)

    def grad_of(Xb, Yb):
        for p in net.weights() + net.biases():
            p.grad = None
        net.loss(Xb, Yb).backward()
        return torch.cat([p.grad.detach().reshape(-1).clone() for p in net.layer_params()])

    full = grad_of(X, Y)
    grads = net.get_grads()
    norm = nn.utils.clip_grad_norm_(net.layer_params(), math.inf).item()  # coefficient 1: measures only
    norm_sq = (full * full).sum().item()
    squares = []
    for start in range(0, X.shape[0], batch_size):
        g = grad_of(X[start:start + batch_size], Y[start:start + batch_size])
        squares.append(((g - full) ** 2).sum())
    variance = torch.stack(squares).mean().item()
    return norm, norm_sq, variance, grads


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


def write_opt(out, config, losses, final):
    """An "opt" block: the configuration (mlp_optim fields only: keys starting with '_'
    change how PyTorch is asked, not what mlp.h does), the losses, the final parameters."""
    name, kind, lr, settings = config
    fields = [(k, v) for k, v in settings.items() if not k.startswith("_")]
    pairs = " ".join("%s %s" % (k, str(v) if isinstance(v, int) else num(v)) for k, v in fields)
    out.append("opt %s %s %s %d%s" % (name, kind, num(lr), len(fields), " " + pairs if pairs else ""))
    out.append("losses %d %s" % (len(losses), " ".join(num(x) for x in losses)))
    for i, (W, b) in enumerate(final):
        write_matrix(out, "W", i, W)
        write_matrix(out, "b", i, b)


def write_dropout(out, spec, net, params, X, Y, gen, case, case_name, probs, config_names):
    """A "dropout" block: one mask per layer with dropout, drawn by torch's own dropout
    (nn.functional.dropout of a matrix of ones: 0 or 1/(1 - p), what mlp.h keeps in
    mlp_layer.M), then the loss and gradient with torch's dropout drawing those same
    masks again (Net.loss), and STEPS steps of each configuration with the same masks
    at every step (mlp.h: keep_masks = 1)."""
    if len(probs) != len(net.layers) or probs[-1] != 0 or not all(0 <= p < 1 for p in probs):
        raise ValueError("%s %s: one dropout probability per layer, in [0, 1), 0 on the output layer"
                         % (spec["name"], case_name))
    dropout = []
    for l, ((n_out, _, _), p) in enumerate(zip(net.layers, probs)):
        if p == 0:
            dropout.append(None)
            continue
        seed = 2000 + 100 * spec["seed"] + 10 * case + l
        torch.manual_seed(seed)
        mask = nn.functional.dropout(torch.ones(spec["batch"], n_out, dtype=DTYPE), p, training=True)
        if not (mask == 0).any() or not (mask != 0).any():
            raise SystemExit("%s %s: the mask of layer %d drops all or nothing; pick another seed"
                             % (spec["name"], case_name, l))
        dropout.append((p, seed, mask))

    def grads_with_dropout(p):
        net.set_params(p)
        for q in net.weights() + net.biases():
            q.grad = None
        loss = net.loss(X, Y, dropout)
        loss.backward()
        return loss.item(), net.get_grads()

    label = "%s dropout %s" % (spec["name"], case_name)
    loss, grads = grads_with_dropout(params)
    check_sensitivity(label, grads_with_dropout, params, gen)
    out.append("dropout %s %d %s" % (case_name, len(probs), " ".join(num(p) for p in probs)))
    for l, d in enumerate(dropout):
        if d is not None:
            write_matrix(out, "M", l, d[2])
    out.append("loss %s" % num(loss))
    for i, (dW, db) in enumerate(grads):
        write_matrix(out, "dW", i, dW)
        write_matrix(out, "db", i, db)
    for config in (CONFIG_BY_NAME[c] for c in config_names):
        losses, final = train(net, params, X, Y, config, dropout)
        check_sensitivity("%s %s" % (label, config[0]), lambda p: train(net, p, X, Y, config, dropout), params, gen)
        write_opt(out, config, losses, final)


def write_noise(out, spec, net, params, gen):
    """A "noise" block: a data set of N samples and what gradient_noise() measures on it."""
    N, batch_size = spec["noise"]
    data_gen = torch.Generator().manual_seed(3000 + spec["seed"])
    X = torch.randn(N, spec["n_in"], dtype=DTYPE, generator=data_gen)
    Y = make_targets(spec["targets"], N, net.layers[-1][0], data_gen)
    norm, norm_sq, variance, grads = gradient_noise(net, params, X, Y, batch_size)
    check_sensitivity(spec["name"] + " noise", lambda p: gradient_noise(net, p, X, Y, batch_size), params, gen)
    out.append("noise %d" % batch_size)
    write_matrix(out, "X", None, X)
    write_matrix(out, "Y", None, Y)
    out.append("grad_norm %s" % num(norm))
    out.append("grad_norm_sq %s" % num(norm_sq))
    out.append("batch_variance %s" % num(variance))
    for i, (dW, db) in enumerate(grads):
        write_matrix(out, "dW", i, dW)
        write_matrix(out, "db", i, db)


# Learning-rate schedules (format version 2): (name, mlp.h kind, base lr, mlp_schedule
# fields). make_scheduler builds PyTorch's scheduler for each; the rate is recorded at the
# start of each of SCHEDULE_EPOCHS epochs, before that epoch's scheduler.step().
SCHEDULES = [
    ("step", "step", 0.1, {"step_size": 7, "gamma": 0.5}),
    ("step_3", "step", 0.05, {"step_size": 3, "gamma": 0.3}),
    ("exponential", "exponential", 0.1, {"gamma": 0.9}),
    ("cosine", "cosine", 0.1, {"T_max": 10, "eta_min": 0.001}),  # past T_max it rises again
    ("cosine_long", "cosine", 0.2, {"T_max": 25, "eta_min": 0.0}),
    ("cyclic", "cyclic", 0.001, {"max_lr": 0.01, "step_size": 4}),
    ("cyclic_7", "cyclic", 0.01, {"max_lr": 0.1, "step_size": 7}),
    ("warmup_constant", "constant", 0.1, {"warmup": 6, "warmup_start": 0.2}),
    ("warmup_step", "step", 0.1, {"step_size": 5, "gamma": 0.5, "warmup": 4, "warmup_start": 0.25}),
    ("warmup_exponential", "exponential", 0.1, {"gamma": 0.9, "warmup": 3, "warmup_start": 0.1}),
    ("warmup_cosine", "cosine", 0.1, {"T_max": 20, "eta_min": 0.001, "warmup": 5}),  # both default to 1/3
    ("warmup_cyclic", "cyclic", 0.001, {"max_lr": 0.01, "step_size": 4, "warmup": 4, "warmup_start": 0.25}),
]


def make_scheduler(opt, kind, base_lr, f):
    """PyTorch's scheduler for one of SCHEDULES. A warm-up is LinearLR(warmup_start, 1,
    warmup) followed by the schedule (SequentialLR), as mlp.h's >>schedule says."""
    S = torch.optim.lr_scheduler
    if kind == "step":
        main = lambda: S.StepLR(opt, step_size=f["step_size"], gamma=f["gamma"])
    elif kind == "exponential":
        main = lambda: S.ExponentialLR(opt, gamma=f["gamma"])
    elif kind == "cosine":
        main = lambda: S.CosineAnnealingLR(opt, T_max=f["T_max"], eta_min=f["eta_min"])
    elif kind == "cyclic":
        main = lambda: S.CyclicLR(opt, base_lr=base_lr, max_lr=f["max_lr"], step_size_up=f["step_size"],
                                  mode="triangular", cycle_momentum=False)
    elif kind == "constant":
        main = None
    else:
        raise ValueError(kind)
    if not f.get("warmup"):
        return main() if main is not None else S.LambdaLR(opt, lambda t: 1.0)
    linear = {"total_iters": f["warmup"]}
    if "warmup_start" in f:
        linear["start_factor"] = f["warmup_start"]
    warm = S.LinearLR(opt, **linear)
    if main is None:
        return warm  # after total_iters LinearLR keeps the factor 1
    return S.SequentialLR(opt, [warm, main()], milestones=[f["warmup"]])


def write_schedules(out):
    import warnings
    for name, kind, base_lr, fields in SCHEDULES:
        p = torch.zeros(1, dtype=DTYPE, requires_grad=True)
        opt = torch.optim.SGD([p], lr=base_lr)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SequentialLR's step(0) at the milestone warns
            scheduler = make_scheduler(opt, kind, base_lr, fields)
            lrs = []
            for _ in range(SCHEDULE_EPOCHS):
                lrs.append(opt.param_groups[0]["lr"])
                opt.step()  # (an epoch of training would go here)
                scheduler.step()
        pairs = " ".join("%s %s" % (k, str(v) if isinstance(v, int) else num(v)) for k, v in fields.items())
        out.append("schedule %s %s %s %d%s" % (name, kind, num(base_lr), len(fields), " " + pairs if pairs else ""))
        out.append("lrs %d %s" % (len(lrs), " ".join(num(x) for x in lrs)))


def write_net(out, spec):
    torch.manual_seed(spec["seed"])
    net = Net(spec)  # nn.Linear's own initialization, from the seed above
    gen = torch.Generator().manual_seed(1000 + spec["seed"])
    params = net.get_params()
    X = torch.randn(spec["batch"], spec["n_in"], dtype=DTYPE, generator=gen)
    Y = make_targets(spec["targets"], spec["batch"], net.layers[-1][0], gen)
    for layer, row, col in spec.get("zero_W", []):
        params[layer][0][row, col] = 0.0
    for layer, unit in spec.get("zero_b", []):
        params[layer][1][unit] = 0.0
    if "zero_X_col" in spec:
        X[:, spec["zero_X_col"]] = 0.0

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
        write_opt(out, config, losses, final)

    for case, (case_name, probs, config_names) in enumerate(spec.get("dropout", [])):
        write_dropout(out, spec, net, params, X, Y, gen, case, case_name, probs, config_names)
    if "noise" in spec:
        write_noise(out, spec, net, params, gen)

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
#   dropout <name> <n_layers> <p_0 ... p_last>         then, with fixed dropout masks:
#   M <l> <B> <n_out> <numbers>                        the mask of each layer with p_l > 0
#   loss <L>  dW <l> ...  db <l> ...  opt ...          gradient; steps of configurations
#   noise <batch_size>  X <N> ...  Y <N> ...           a data set, and on it:
#   grad_norm <v>  grad_norm_sq <v>  batch_variance <v>  dW <l> ...  db <l> ...
#   schedule <name> <kind> <base_lr> <n> (<field> <value>) x n    a learning-rate schedule
#   lrs <T> <lr_0 ... lr_T-1>                          its rate at epochs 0 .. T-1
#   end                                                the end of the file
# W is n_in x n_out (nn.Linear.weight transposed); matrices are row-major."""


def blas_in_use():
    """The BLAS library this process loaded (torch's matrix products go through it), if
    /proc says: its rounding shows in the last digits of the fixture."""
    try:
        with open("/proc/self/maps") as f:
            names = {line.split()[-1] for line in f if "blas" in line.split()[-1].rsplit("/", 1)[-1]}
    except OSError:
        return None
    return ", ".join(sorted(names)) or None


def main():
    blas = blas_in_use()
    if blas and "openblas" in blas:
        sys.stderr.write("make_reference.py: note: torch uses %s; the committed reference.txt was made with the\n"
                         "reference BLAS, so the last digits will differ (see README.md, Regenerating)\n" % blas)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                              "reference.txt")
    out = [HEADER, "mlp_reference %d" % FORMAT_VERSION, "torch %s" % torch.__version__, "steps %d" % STEPS]
    # mlp.h's subgradient of |p| at 0 is 0: check that autograd's is too.
    zero = torch.zeros(1, dtype=DTYPE, requires_grad=True)
    zero.abs().sum().backward()
    if zero.grad.item() != 0 or torch.sign(zero).item() != 0:
        raise SystemExit("this PyTorch differentiates |p| at 0 as %r, not 0" % zero.grad.item())
    write_defaults(out)
    for spec in NETS:
        write_net(out, spec)
    out.append("")
    write_schedules(out)
    out.append("")
    out.append("end")
    with open(path, "w", newline="\n") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
