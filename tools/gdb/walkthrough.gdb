# tools/gdb/walkthrough.gdb - the walkthrough of docs/debugging.md, run by gdb
# without a person:  gdb -batch -x tools/gdb/walkthrough.gdb build/debug/02_step_by_step
# (built as `make debug` builds it: -O0 -g3 -DMLP_REFERENCE_LOOPS).
# tests/gdb_walkthrough.sh runs it and checks every number it prints against
# the program's own output, so the walkthrough cannot drift from the code.
# Lines "echo @@ name" mark what follows for that test.
set pagination off
set confirm off
set print pretty on
source tools/gdb/mlp_printers.py

# 1. Stop at the start of the backward pass: the forward pass is done.
break mlp_backward
run > /dev/null
echo @@ A1\n
print net->layers[1].A
echo @@ Y\n
print *Y

# 2. The output layer: softmax + cross-entropy seed dZ = (A - Y) / B.
break mlp_dense_backward
continue
echo @@ dZ1\n
print layer->dZ
# Into the product dW += X^T dZ: the debug build (MLP_REFERENCE_LOOPS) runs
# the reference loop that defines it, and `next` walks through its lines.
tbreak mlp_mat_mul_tn
continue
echo @@ product\n
print MLP__FAST_PATHS
next 9
print c
print i
print j
print k
finish
finish
echo @@ dZ1_by_hand\n
print (net->layers[1].A.data[0] - Y->data[0]) / net->batch
print net->layers[1].dZ.data[0]
echo @@ dW1\n
print net->layers[1].dW
echo @@ db1\n
print net->layers[1].db
echo @@ dA0\n
print net->layers[0].dA

# 3. The hidden layer: tanh backward dZ = dA * (1 - A^2), then dW = X^T dZ.
continue
echo @@ dZ0\n
print layer->dZ
finish
echo @@ dZ0_by_hand\n
print net->layers[0].dA.data[5] * (1 - net->layers[0].A.data[5] * net->layers[0].A.data[5])
print net->layers[0].dZ.data[5]
echo @@ dW0\n
print net->layers[0].dW
echo @@ db0\n
print net->layers[0].db

# 4. The optimizer step: W <- W - lr dW.
delete
break mlp_step
continue
echo @@ W0_before\n
print net->layers[0].W.data[0]
echo @@ lr\n
print opt->lr
echo @@ dW0_00\n
print net->layers[0].dW.data[0]
finish
echo @@ W0_after\n
print net->layers[0].W.data[0]
continue
