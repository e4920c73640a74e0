# table.awk - turns the lines printed by bench/bench.c, bench_torch.py and
# bench_fann.c into the markdown tables of `make bench`.
#
#   machine: <processor, vector extensions, caches: one line from bench/run.sh>
#   product <name> <shape> <precision> <impl> <median> <min> <max>
#   train <workload> <precision> <impl> <median> <min> <max> <unit> <rss_kb> <allocs>
#
# impl is "mlp.h" (the default build: -O2 -ffp-contract=off), "mlp.h-native"
# (the same with -march=native), "openblas", "pytorch" or "fann".
#   ratio <name> <shape> <precision> <impl> <median> <min> <max>
# is impl / OpenBLAS over pairs of runs timed alternately in one process.
function cell(key) { return (key in med) ? sprintf("%s (%s-%s)", med[key], lo[key], hi[key]) : "-" }
function pratio(key) { return (key in rmed) ? sprintf("%.2f (%.2f-%.2f)", rmed[key], rlo[key], rhi[key]) : "-" }
function ratio(a, b) { return ((a in med) && (b in med) && med[b] > 0) ? sprintf("%.2f", med[a] / med[b]) : "-" }
$1 == "machine:" { machine = $0 }
$1 == "product" {
    key = $2 SUBSEP $3 SUBSEP $4 SUBSEP $5
    med[key] = $6; lo[key] = $7; hi[key] = $8
    if (!(($2 SUBSEP $3 SUBSEP $4) in prow)) { prow[$2 SUBSEP $3 SUBSEP $4] = 1; porder[++np] = $2 SUBSEP $3 SUBSEP $4 }
}
$1 == "ratio" {
    key = $2 SUBSEP $3 SUBSEP $4 SUBSEP $5
    rmed[key] = $6; rlo[key] = $7; rhi[key] = $8
}
$1 == "train" {
    key = $2 SUBSEP $3 SUBSEP $4
    med[key] = $5; lo[key] = $6; hi[key] = $7
    unit[$2] = $8; rss[key] = $9; allocs[key] = $10
    if (!(($2 SUBSEP $3) in trow)) { trow[$2 SUBSEP $3] = 1; torder[++nt] = $2 SUBSEP $3 }
}
END {
    if (machine != "") { print "The " machine; print "" }
    if (np) {
        print "GFLOP/s of the three products of a dense layer, B x n_in x n_out; median (min-max) of 7 runs, one thread, processor time."
        print "Ratios: median (min-max) over 7 pairs of runs of mlp.h and OpenBLAS, timed alternately in one process."
        print ""
        print "| product | B x n_in x n_out | precision | mlp.h | mlp.h native | OpenBLAS | mlp.h / OpenBLAS | native / OpenBLAS |"
        print "|---|---|---|---|---|---|---|---|"
        for (r = 1; r <= np; r++) {
            split(porder[r], f, SUBSEP)
            b = porder[r] SUBSEP
            printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", f[1], f[2], f[3], cell(b "mlp.h"), cell(b "mlp.h-native"),
                cell(b "openblas"), pratio(b "mlp.h"), pratio(b "mlp.h-native")
        }
        print ""
    }
    if (nt) {
        print "Training throughput (W1 in samples/s, others in epochs/s); median (min-max) of 7 runs, one thread, processor time"
        print ""
        print "| workload | precision | mlp.h | mlp.h native | PyTorch | mlp.h / PyTorch | native / PyTorch | FANN (W1, approx.) | native / FANN | peak RSS MB (native / PyTorch) | allocations after step 1 |"
        print "|---|---|---|---|---|---|---|---|---|---|---|"
        for (r = 1; r <= nt; r++) {
            split(torder[r], f, SUBSEP)
            if (f[1] ~ /_fann$/) continue
            b = torder[r] SUBSEP
            fk = f[1] "_fann" SUBSEP f[2] SUBSEP "fann"
            m1 = (b "mlp.h-native") in rss ? sprintf("%.1f", rss[b "mlp.h-native"] / 1024) : "-"
            m2 = (b "pytorch") in rss ? sprintf("%.1f", rss[b "pytorch"] / 1024) : "-"
            al = (b "mlp.h") in allocs ? allocs[b "mlp.h"] : "-"
            if ((b "mlp.h-native") in allocs) al = al " / " allocs[b "mlp.h-native"]
            printf "| %s %s | %s | %s | %s | %s | %s | %s | %s | %s | %s / %s | %s |\n", f[1], unit[f[1]], f[2],
                cell(b "mlp.h"), cell(b "mlp.h-native"), cell(b "pytorch"), ratio(b "mlp.h", b "pytorch"),
                ratio(b "mlp.h-native", b "pytorch"), cell(fk), ratio(b "mlp.h-native", fk), m1, m2, al
        }
    }
}
