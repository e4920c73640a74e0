"""gdb pretty-printers for mlp.h: matrices print as grids with their shape.

Load in gdb with
    (gdb) source tools/gdb/mlp_printers.py
(or put that line in ~/.gdbinit, with the full path). Then
    (gdb) print net->layers[0].W        a matrix: shape, then rows
    (gdb) print net->layers[0]          a layer: summary, then its matrices
    (gdb) print *net                    the whole network, layer by layer
    (gdb) print/r net->layers[0].W      the raw struct, without the printer
Large matrices are elided: at most MAX_ROWS rows and MAX_COLS columns are
shown, the rest replaced by "...". Numbers use the same format as
mlp_mat_print (%.6g), so gdb and the program's own printouts can be compared.
"""
import gdb
import gdb.printing

MAX_ROWS = 8
MAX_COLS = 8


def _shown(n, limit):
    """Indices to show out of n: all, or the first limit-2 and the last 1."""
    if n <= limit:
        return list(range(n)), None
    head = list(range(limit - 2))
    return head + [n - 1], len(head)


def mat_grid(val):
    rows, cols = int(val["rows"]), int(val["cols"])
    cap, data = int(val["cap"]), val["data"]
    kind = "view " if cap == 0 and int(data) != 0 else ""
    title = "%s%dx%d matrix" % (kind, rows, cols)
    if rows == 0 or cols == 0 or int(data) == 0:
        return title + " (empty)"
    row_idx, row_gap = _shown(rows, MAX_ROWS)
    col_idx, col_gap = _shown(cols, MAX_COLS)
    lines = [title]
    for r_pos, i in enumerate(row_idx):
        if r_pos == row_gap:
            lines.append("  ...  (%d rows not shown)" % (rows - len(row_idx)))
        cells = []
        for c_pos, j in enumerate(col_idx):
            if c_pos == col_gap:
                cells.append(" ...")
            cells.append(" % .6g" % float(data[i * cols + j]))
        lines.append("  [" + "".join(cells) + " ]")
    return "\n".join(lines)


class MatPrinter:
    """mlp_mat: 'R x C matrix' followed by its rows."""

    def __init__(self, val):
        self.val = val

    def to_string(self):
        return mat_grid(self.val)


class LayerPrinter:
    """mlp_layer: a one-line summary, then every matrix as a grid."""

    FIELDS = ("W", "b", "Z", "A", "dA", "dZ", "dW", "db")

    def __init__(self, val):
        self.val = val

    def to_string(self):
        v = self.val
        act = str(v["act"]).replace("MLP_", "").lower()
        s = "dense %d -> %d, %s" % (int(v["n_in"]), int(v["n_out"]), act)
        if float(v["dropout"]) > 0:
            s += ", dropout %g" % float(v["dropout"])
        return s

    def children(self):
        v = self.val
        x = v["X"]
        if int(x) != 0:
            yield "X", x.dereference()
        for name in self.FIELDS:
            yield name, v[name]


class NetPrinter:
    """mlp_net: inputs, loss, last batch size, then each layer."""

    def __init__(self, val):
        self.val = val

    def to_string(self):
        v = self.val
        loss = str(v["loss"]).replace("MLP_", "").lower()
        return "network: %d inputs, %d layers, loss %s, last batch B = %d" % (
            int(v["n_in"]), int(v["n_layers"]), loss, int(v["batch"]))

    def children(self):
        v = self.val
        for l in range(int(v["n_layers"])):
            yield "layers[%d]" % l, v["layers"][l]


def build():
    pp = gdb.printing.RegexpCollectionPrettyPrinter("mlp.h")
    pp.add_printer("mlp_mat", "^mlp_mat$", MatPrinter)
    pp.add_printer("mlp_layer", "^mlp_layer$", LayerPrinter)
    pp.add_printer("mlp_net", "^mlp_net$", NetPrinter)
    return pp


gdb.printing.register_pretty_printer(gdb.current_objfile(), build(), replace=True)
