#!/usr/bin/env bash
# tests/gdb_walkthrough.sh - replays the gdb walkthrough (docs/debugging.md) with
# tools/gdb/walkthrough.gdb and checks what gdb prints against what the program
# prints by itself, so that the walkthrough's commands and numbers stay true:
#   - dZ, dW, db of both layers and the output layer's A, printed by the
#     pretty-printer, equal the program's own mlp_mat_print output, row by row;
#   - the by-hand formulas typed in gdb, (A - Y)/B and dA * (1 - A^2), give
#     the dZ the library computed (to 1e-12);
#   - the weight after the step is W - lr dW;
#   - the debug build runs the reference loops: MLP__FAST_PATHS is 0, and
#     `next` through mlp_mat_mul_tn walks the loop that sums dW[0][0].
# The program is built as `make debug` builds it (-DMLP_REFERENCE_LOOPS).
# Ends with "N passed, M failed"; skipped (0 passed, 0 failed) without gdb.
set -u
cd "$(dirname "$0")/.."
OUT=${BUILD:-build}/tests/gdb
mkdir -p "$OUT"
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok   walkthrough: $1"; }
bad() { failed=$((failed + 1)); echo "FAIL walkthrough: $1"; }

if ! command -v gdb >/dev/null 2>&1 || ! gdb -batch -ex "python print(1)" >/dev/null 2>&1; then
    echo "skip walkthrough: gdb with Python is not installed (apt-get install gdb)"
    echo "0 passed, 0 failed"
    exit 0
fi
cc -std=c99 -O0 -g3 -ffp-contract=off -DMLP_REFERENCE_LOOPS -I. -o "$OUT/step_by_step" examples/02_step_by_step.c -lm || {
    bad "could not build examples/02_step_by_step.c"
    echo "$passed passed, $failed failed"
    exit 1
}
"$OUT/step_by_step" >"$OUT/program.out"
gdb -batch -x tools/gdb/walkthrough.gdb "$OUT/step_by_step" >"$OUT/gdb.out" 2>&1

# gdb_block NAME: the lines gdb printed after "@@ NAME" up to the next "@@",
# keeping only matrix rows "  [ ... ]" and values "$n = ..."
gdb_block() {
    awk -v want="@@ $1" '$0 == want { on = 1; next } /^@@ / { on = 0 } on' "$OUT/gdb.out" |
        grep -E '^  \[|^\$[0-9]+ = [-0-9]'
}
# program_matrix LAYER NAME: the rows the program printed for that matrix
program_matrix() {
    awk -v layer="--- layer $1 ---" -v name="$2 (" '
        $0 == layer { in_layer = 1; next }
        /^--- layer/ { in_layer = 0 }
        in_layer && index($0, name) == 1 { on = 1; next }
        on && /^  \[/ { print; next }
        { on = 0 }' "$OUT/program.out"
}
same_rows() { # NAME GDB_BLOCK LAYER MATRIX
    local g p
    g=$(gdb_block "$2" | grep '^  \[')
    p=$(program_matrix "$3" "$4")
    if [ -n "$g" ] && [ "$g" = "$p" ]; then ok "$1"; else
        bad "$1"
        printf '  gdb printed:\n%s\n  the program printed:\n%s\n' "$g" "$p"
    fi
}
values() { gdb_block "$1" | sed -n 's/^\$[0-9]* = //p'; }

same_rows "layer 1 A (softmax output)" A1 1 A
same_rows "layer 1 dZ = (A - Y)/B" dZ1 1 dZ
same_rows "layer 1 dW = X^T dZ" dW1 1 dW
same_rows "layer 1 db" db1 1 db
same_rows "layer 0 dZ = dA * (1 - A^2)" dZ0 0 dZ
same_rows "layer 0 dW" dW0 0 dW
same_rows "layer 0 db" db0 0 db
for pair in dZ1_by_hand dZ0_by_hand; do
    v=$(values $pair | tr '\n' ' ')
    if echo "$v" | awk '{ d = $1 - $2; if (d < 0) d = -d; s = $2 < 0 ? -$2 : $2; exit !(NF == 2 && d <= 1e-12 * s + 1e-300) }'; then
        ok "$pair: the formula typed in gdb gives the library's dZ ($v)"
    else bad "$pair: $v"; fi
done
# The product: MLP__FAST_PATHS = 0, the line after the sum over k, and c
# (i = j = 0, k = n = 3 samples) equal to layer 1's dW[0][0] as printed.
prod=$(values product | tr '\n' ' ')
dw=$(program_matrix 1 dW | head -1 | awk '{ print $2 }')
if awk '$0 == "@@ product" { on = 1; next } /^@@ / { on = 0 } on' "$OUT/gdb.out" | grep -q 'C->data\[(size_t)i \* p + j\] = c;' &&
    echo "$prod $dw" | awk '{ d = $2 - $6; if (d < 0) d = -d; exit !(NF == 6 && $1 == 0 && $3 == 0 && $4 == 0 && $5 == 3 && d <= 1e-6) }'; then
    ok "the debug build steps through the reference loop of dW = X^T dZ (fast paths $(echo $prod | cut -d' ' -f1), c = $(echo $prod | cut -d' ' -f2) = dW[0][0] $dw)"
else bad "stepping into mlp_mat_mul_tn: expected MLP__FAST_PATHS 0 and the loop's sum c = dW[0][0] ($dw); gdb printed: $prod"; fi
step=$(echo "$(values W0_before) $(values lr) $(values dW0_00) $(values W0_after)")
if echo "$step" | awk '{ e = $1 - $2 * $3; d = e - $4; if (d < 0) d = -d; exit !(NF == 4 && d <= 1e-15) }'; then
    ok "the step: W <- W - lr dW ($step)"
else bad "the step: W - lr dW does not match ($step)"; fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
