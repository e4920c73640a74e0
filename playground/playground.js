/* playground.js - the glue between the page and mlp.h compiled to WebAssembly.

   Plain JavaScript, no framework, no dependency. It does three things only:
   starts the module (embedded in the page as base64), turns the form into a
   configuration line for pg_setup (playground/playground.c), and draws what
   the module computed. Every number on the page comes from mlp.h.

   The module is a WASI "reactor": C functions exported by name (pg_*), the
   C library from wasi-libc. Of the WASI system calls it imports, only
   fd_write does something here (printf goes to the console); the rest answer
   "not supported", which the C side never needs. */
"use strict";
(function () {
  // ---- the module -----------------------------------------------------------
  let exp = null;       // the module's exported functions
  let memory = null;    // its memory (views must be made anew: it can grow)
  const ENOSYS = 52, EBADF = 8;

  function u8() { return new Uint8Array(memory.buffer); }
  function cstr(ptr) {  // a NUL-terminated UTF-8 string in the module's memory
    if (!ptr) return "";
    const m = u8();
    let end = ptr;
    while (m[end]) end++;
    return new TextDecoder().decode(m.subarray(ptr, end));
  }
  function putInput(text) {  // text into the module's input buffer; returns [pointer, bytes]
    const bytes = new TextEncoder().encode(text);
    const ptr = exp.pg_input(bytes.length);
    if (!ptr) throw new Error("out of memory");
    const m = u8();
    m.set(bytes, ptr);
    m[ptr + bytes.length] = 0;
    return [ptr, bytes.length];
  }
  // A matrix (see pg_mat in playground.c) copied out: {rows, cols, data}.
  function mat(what, layer) {
    const p = exp.pg_mat(what, layer || 0);
    if (!p) return null;
    const rows = exp.pg_rows(p), cols = exp.pg_cols(p), d = exp.pg_data(p);
    const data = rows * cols && d ? new Float64Array(memory.buffer, d, rows * cols).slice() : new Float64Array(0);
    return { rows: rows, cols: cols, data: data };
  }
  function info() { return JSON.parse(cstr(exp.pg_info())); }
  function lastError() { return cstr(exp.pg_error()); }

  let consoleLine = "";
  function wasiImports(module) {
    const impl = {
      fd_write: function (fd, iovs, n, written) {
        const view = new DataView(memory.buffer);
        let total = 0;
        for (let i = 0; i < n; i++) {
          const p = view.getUint32(iovs + 8 * i, true), len = view.getUint32(iovs + 8 * i + 4, true);
          consoleLine += new TextDecoder().decode(u8().subarray(p, p + len));
          total += len;
        }
        const lines = consoleLine.split("\n");
        consoleLine = lines.pop();
        lines.forEach(function (l) { console.log("mlp.h: " + l); });
        view.setUint32(written, total, true);
        return fd === 1 || fd === 2 ? 0 : EBADF;
      },
    };
    const imports = {};
    WebAssembly.Module.imports(module).forEach(function (im) {
      if (im.kind !== "function") return;
      imports[im.module] = imports[im.module] || {};
      imports[im.module][im.name] = impl[im.name] || function () { return ENOSYS; };
    });
    return imports;
  }

  async function start() {
    const b64 = document.getElementById("module").textContent.replace(/\s+/g, "");
    const bin = atob(b64), bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    const module = await WebAssembly.compile(bytes);
    const instance = await WebAssembly.instantiate(module, wasiImports(module));
    exp = instance.exports;
    memory = exp.memory;
    exp._initialize();
  }

  // ---- the form <-> a configuration line ------------------------------------
  const $ = function (id) { return document.getElementById(id); };
  const ACTS = ["tanh", "relu", "leaky_relu", "sigmoid", "identity"];
  let hidden = [{ width: 8, act: "tanh" }, { width: 8, act: "tanh" }];

  function renderLayers() {
    const box = $("hidden-layers");
    box.textContent = "";
    hidden.forEach(function (h, i) {
      const row = document.createElement("div");
      row.className = "layer-row";
      const name = document.createElement("span");
      name.textContent = "layer " + i;
      const w = document.createElement("input");
      w.type = "number"; w.min = 1; w.max = 256; w.value = h.width; w.id = "width-" + i;
      w.title = "units";
      w.addEventListener("change", function () { h.width = Math.max(1, Math.min(256, Math.round(+w.value) || 1)); changed(); });
      const a = document.createElement("select");
      a.id = "act-" + i;
      ACTS.forEach(function (n) { const o = document.createElement("option"); o.value = n; o.textContent = n; a.appendChild(o); });
      a.value = h.act;
      a.addEventListener("change", function () { h.act = a.value; changed(); });
      const del = document.createElement("button");
      del.type = "button"; del.textContent = "\u00d7"; del.title = "remove this layer";
      del.addEventListener("click", function () { hidden.splice(i, 1); renderLayers(); changed(); });
      row.append(name, w, a, del);
      box.appendChild(row);
    });
  }

  const isRegression = function () { return $("data").value === "sine" || $("data").value === "piecewise"; };

  // Keep the output layer and the loss consistent with the task.
  function fixOutput(source) {
    const out = $("out"), loss = $("loss");
    const reg = isRegression();
    for (const o of out.options) o.disabled = reg && o.value === "softmax";
    for (const o of loss.options) o.disabled = reg ? o.value !== "mse" : false;
    if (reg) {
      loss.value = "mse";
      if (out.value === "softmax") out.value = "identity";
    } else if (source === "loss") {
      if (loss.value === "cross_entropy") out.value = "softmax";
      if (loss.value === "bce") out.value = "sigmoid";
    } else {
      if (out.value === "softmax" && loss.value !== "cross_entropy") loss.value = "cross_entropy";
      if (out.value === "sigmoid" && loss.value === "cross_entropy") loss.value = "bce";
      if (out.value !== "softmax" && out.value !== "sigmoid") loss.value = "mse";
    }
    if (!reg && loss.value === "bce" && $("data").value === "blobs") $("classes").value = 2;
    $("classes-label").style.display = $("data").value === "blobs" ? "" : "none";
    $("momentum-label").style.display = /^(momentum|nesterov|rmsprop)$/.test($("opt").value) ? "" : "none";
    $("acc-line").style.display = reg ? "none" : "";
  }

  function configLine() {
    const v = function (id) { return String($(id).value).trim(); };
    const h = hidden.length ? hidden.map(function (x) { return x.width + ":" + x.act; }).join(",") : "none";
    let line = "data=" + v("data") + " n=" + v("n") + " noise=" + v("noise") + " classes=" + v("classes") +
      " train=" + v("train") + " seed=" + v("seed") + " hidden=" + h + " out=" + v("out") + " loss=" + v("loss") +
      " init=" + v("init") + " opt=" + v("opt") + " lr=" + v("lr") + " momentum=" + v("momentum") +
      " batch=" + v("batch") + " l2=" + v("l2") + " l1=" + v("l1") + " dropout=" + v("dropout");
    return line;
  }

  // The form from a configuration line (after an import: the network in the file).
  function formFrom(line) {
    const kv = {};
    line.split(/\s+/).forEach(function (w) { const i = w.indexOf("="); if (i > 0) kv[w.slice(0, i)] = w.slice(i + 1); });
    ["data", "n", "noise", "classes", "train", "seed", "out", "loss", "init", "opt", "lr", "momentum", "batch", "l2", "l1", "dropout"]
      .forEach(function (k) { if (k in kv) $(k).value = kv[k]; });
    if ("hidden" in kv)
      hidden = kv.hidden === "none" || kv.hidden === "" ? [] : kv.hidden.split(",").map(function (s) {
        const p = s.split(":"); return { width: +p[0], act: p[1] || "tanh" };
      });
    renderLayers();
    fixOutput("out");
  }

  // ---- state of the run --------------------------------------------------------
  let running = false, last = null, history = [], trainTime = 0, trainEpochs = 0;

  function message(text) { $("message").textContent = text || ""; }

  function setup() {
    stop();
    fixOutput();
    const line = configLine();
    const r = exp.pg_setup(putInput(line)[0]);
    history = []; trainTime = 0; trainEpochs = 0;
    $("gradcheck-result").textContent = "";
    $("inspector-body").textContent = "";
    if (r) {
      message(lastError());
      last = null;
      clearPlots();
      return false;
    }
    message("");
    record();
    draw();
    return true;
  }
  function changed() { setup(); }

  function record() {
    last = info();
    const x = last.epoch + (last.in_epoch ? last.pos / last.n_train : 0);
    if (history.length && history[history.length - 1].x === x) history.pop();
    history.push({ x: x, train: last.train_loss, val: last.val_loss });
  }

  function fail() { message(lastError()); stop(); record(); draw(); }

  function until() { return Math.max(0, Math.round(+$("until").value) || 0); }

  function frame() {
    if (!running || !last) return;
    const t0 = performance.now();
    let ran = 0, r = 1;
    do {
      r = exp.pg_epochs(1, until());
      if (r < 0) { fail(); return; }
      if (r === 0) break;
      ran++;
      record();
    } while (performance.now() - t0 < 30);
    trainTime += performance.now() - t0;
    trainEpochs += ran;
    if (r === 0) stop();
    draw();
    if (running) setTimeout(frame, 0);
  }
  function run() {
    if (!last && !setup()) return;
    if (until() > 0 && last.epoch >= until()) { message("stopped: epoch " + last.epoch + " reached (see 'stop after epoch')"); return; }
    running = true;
    $("train-btn").textContent = "Pause";
    message("");
    setTimeout(frame, 0);
  }
  function stop() {
    running = false;
    $("train-btn").textContent = "Train";
    $("train-btn").dataset.state = "stopped";
  }

  // ---- drawing -------------------------------------------------------------------
  const COLORS = [[47, 111, 207], [224, 130, 61], [58, 163, 91], [199, 68, 90], [138, 92, 194],
    [184, 160, 58], [63, 178, 184], [211, 111, 181], [107, 122, 143], [140, 109, 63]];
  const css = function (c) { return "rgb(" + c[0] + "," + c[1] + "," + c[2] + ")"; };

  function clearPlots() {
    ["plot", "loss-plot"].forEach(function (id) { const c = $(id); c.getContext("2d").clearRect(0, 0, c.width, c.height); });
    $("weights").textContent = "";
  }

  function classOf(Y, i) {  // the class of row i of Y: one-hot rows, or one 0/1 column
    if (Y.cols === 1) return Y.data[i] >= 0.5 ? 1 : 0;
    let best = 0;
    for (let j = 1; j < Y.cols; j++) if (Y.data[i * Y.cols + j] > Y.data[i * Y.cols + best]) best = j;
    return best;
  }

  // Where the data lies: a square around [-1, 1]^2 (or the x range and y
  // range of a regression set), with a margin.
  function extent(sets, regression) {
    let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    sets.forEach(function (s) {
      for (let i = 0; i < s.X.rows; i++) {
        const x = s.X.data[i * s.X.cols], y = regression ? s.Y.data[i] : s.X.data[i * s.X.cols + 1];
        x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
      }
    });
    if (!regression) {
      const r = Math.max(1.1, Math.abs(x0), Math.abs(x1), Math.abs(y0), Math.abs(y1)) * 1.08;
      return [-r, r, -r, r];
    }
    const dx = (x1 - x0) || 1, dy = (y1 - y0) || 1;
    return [x0 - 0.03 * dx, x1 + 0.03 * dx, y0 - 0.12 * dy, y1 + 0.12 * dy];
  }

  function drawPlot() {
    const c = $("plot"), g = c.getContext("2d"), W = c.width, H = c.height;
    const train = { X: mat(200), Y: mat(201) }, val = { X: mat(202), Y: mat(203) };
    const reg = !last.classify;
    const e = extent([train, val], reg);
    const px = function (x) { return (x - e[0]) / (e[1] - e[0]) * W; };
    const py = function (y) { return H - (y - e[2]) / (e[3] - e[2]) * H; };
    g.clearRect(0, 0, W, H);
    if (!reg) {
      // decision regions: the outputs on a grid, each cell the mix of the class
      // colours weighted by the network's probabilities, paler where it hesitates
      const res = 72;
      if (exp.pg_grid(res, e[0], e[1], e[2], e[3]) === 0) {
        const P = mat(300), K = last.K, img = g.createImageData(res, res);
        for (let i = 0; i < res; i++)
          for (let j = 0; j < res; j++) {
            const k = i * res + j;
            let p = [];
            if (P.cols === 1) { const q = Math.min(1, Math.max(0, P.data[k])); p = [1 - q, q]; }
            else {
              let s = 0;
              for (let m = 0; m < P.cols; m++) { const q = Math.max(0, P.data[k * P.cols + m]); p.push(q); s += q; }
              p = p.map(function (q) { return s > 0 ? q / s : 1 / P.cols; });
            }
            let r = 0, gr = 0, b = 0, top = 0;
            p.forEach(function (q, m) { r += q * COLORS[m][0]; gr += q * COLORS[m][1]; b += q * COLORS[m][2]; top = Math.max(top, q); });
            const conf = K > 1 ? (top - 1 / p.length) / (1 - 1 / p.length) : 1;
            const alpha = 0.12 + 0.5 * conf;
            const o = ((res - 1 - i) * res + j) * 4;  // row 0 of the grid is the bottom
            img.data[o] = 255 - (255 - r) * alpha; img.data[o + 1] = 255 - (255 - gr) * alpha;
            img.data[o + 2] = 255 - (255 - b) * alpha; img.data[o + 3] = 255;
          }
        const tmp = document.createElement("canvas");
        tmp.width = res; tmp.height = res;
        tmp.getContext("2d").putImageData(img, 0, 0);
        g.imageSmoothingEnabled = true;
        g.drawImage(tmp, 0, 0, W, H);
      }
    }
    // axes through 0
    g.strokeStyle = "rgba(0,0,0,0.18)"; g.lineWidth = 1;
    g.beginPath(); g.moveTo(px(0), 0); g.lineTo(px(0), H); g.moveTo(0, py(0)); g.lineTo(W, py(0)); g.stroke();
    if (reg) {
      const res = 200;
      if (exp.pg_grid(res, e[0], e[1], 0, 0) === 0) {
        const P = mat(300);
        g.strokeStyle = css(COLORS[0]); g.lineWidth = 2.5;
        g.beginPath();
        for (let j = 0; j < res; j++) {
          const x = e[0] + (e[1] - e[0]) * j / (res - 1);
          if (j) g.lineTo(px(x), py(P.data[j])); else g.moveTo(px(x), py(P.data[j]));
        }
        g.stroke();
      }
    }
    // the samples: training filled, validation hollow
    [[train, true], [val, false]].forEach(function (sv) {
      const s = sv[0], filled = sv[1];
      for (let i = 0; i < s.X.rows; i++) {
        const x = s.X.data[i * s.X.cols], y = reg ? s.Y.data[i] : s.X.data[i * s.X.cols + 1];
        const col = reg ? [60, 60, 60] : COLORS[classOf(s.Y, i)];
        g.beginPath();
        g.arc(px(x), py(y), 3.6, 0, 2 * Math.PI);
        g.fillStyle = filled ? css(col) : "#fff";
        g.fill();
        g.lineWidth = filled ? 1 : 1.6;
        g.strokeStyle = filled ? "#fff" : css(col);
        g.stroke();
      }
    });
    g.fillStyle = "rgba(0,0,0,0.55)"; g.font = "11px sans-serif";
    g.fillText((reg ? "x from " : "x1, x2 from ") + e[0].toFixed(2) + " to " + e[1].toFixed(2) +
      (reg ? ", y from " + e[2].toFixed(2) + " to " + e[3].toFixed(2) : "") +
      "   \u25cf training  \u25cb validation", 6, H - 6);
  }

  function drawLoss() {
    const c = $("loss-plot"), g = c.getContext("2d"), W = c.width, H = c.height;
    const L = 40, R = 8, T = 8, B = 22;
    g.clearRect(0, 0, W, H);
    const vals = [];
    history.forEach(function (h) { if (h.train > 0) vals.push(h.train); if (h.val > 0) vals.push(h.val); });
    if (!vals.length) return;
    let lo = Math.log10(Math.min.apply(null, vals)), hi = Math.log10(Math.max.apply(null, vals));
    if (hi - lo < 0.5) { const m = (hi + lo) / 2; lo = m - 0.25; hi = m + 0.25; }
    lo = Math.floor(lo * 4) / 4; hi = Math.ceil(hi * 4) / 4;
    const xmax = Math.max(1, history[history.length - 1].x);
    const px = function (x) { return L + x / xmax * (W - L - R); };
    const py = function (v) { return T + (hi - Math.log10(v)) / (hi - lo) * (H - T - B); };
    g.font = "10px sans-serif"; g.fillStyle = "#5b6475"; g.strokeStyle = "#e3e6eb"; g.lineWidth = 1;
    // grid lines at 1, 2 and 5 times the powers of ten (only the powers when
    // the curves span more than two decades)
    const steps = hi - lo > 2 ? [1] : [1, 2, 5];
    for (let d = Math.floor(lo); d <= Math.ceil(hi); d++)
      steps.forEach(function (m) {
        const v = m * Math.pow(10, d), y = Math.log10(v);
        if (y < lo - 1e-9 || y > hi + 1e-9) return;
        g.beginPath(); g.moveTo(L, py(v)); g.lineTo(W - R, py(v)); g.stroke();
        g.fillText(d >= -3 && d <= 3 ? String(+v.toPrecision(2)) : m + "e" + d, 4, py(v) + 3);
      });
    g.fillText("epoch " + (Math.round(xmax * 100) / 100), W - R - 70, H - 6);
    g.fillText("0", L, H - 6);
    g.strokeStyle = "#c5cad3"; g.strokeRect(L, T, W - L - R, H - T - B);
    [["train", "#2456a6"], ["val", "#d9822b"]].forEach(function (s) {
      g.strokeStyle = s[1]; g.lineWidth = 1.8; g.beginPath();
      let first = true;
      history.forEach(function (h) {
        const v = h[s[0]];
        if (!(v > 0)) return;
        if (first) { g.moveTo(px(h.x), py(v)); first = false; } else g.lineTo(px(h.x), py(v));
      });
      g.stroke();
    });
  }

  // A diverging colour for v in [-1, 1]: blue below 0, white at 0, red above.
  function diverging(v) {
    const t = Math.max(-1, Math.min(1, v)), a = Math.abs(t);
    const c = t < 0 ? [37, 99, 200] : [205, 55, 45];
    return [255 - (255 - c[0]) * a, 255 - (255 - c[1]) * a, 255 - (255 - c[2]) * a];
  }

  function drawWeights() {
    const box = $("weights");
    box.textContent = "";
    last.layers.forEach(function (L, l) {
      const Wm = mat(100, l), bm = mat(101, l);
      let mx = 0;
      Wm.data.forEach(function (v) { mx = Math.max(mx, Math.abs(v)); });
      bm.data.forEach(function (v) { mx = Math.max(mx, Math.abs(v)); });
      const cell = Math.max(3, Math.min(16, Math.floor(190 / Math.max(Wm.rows + 2, Wm.cols))));
      const cv = document.createElement("canvas");
      cv.width = Wm.cols * cell; cv.height = (Wm.rows + 1) * cell + 3;
      const g = cv.getContext("2d");
      const paint = function (v, r, j, y0) {
        g.fillStyle = css(diverging(mx > 0 ? v / mx : 0));
        g.fillRect(j * cell, y0 + r * cell, cell - (cell > 4 ? 1 : 0), cell - (cell > 4 ? 1 : 0));
      };
      for (let k = 0; k < Wm.rows; k++) for (let j = 0; j < Wm.cols; j++) paint(Wm.data[k * Wm.cols + j], k, j, 0);
      for (let j = 0; j < bm.cols; j++) paint(bm.data[j], 0, j, Wm.rows * cell + 3);
      const div = document.createElement("div");
      div.className = "wmap";
      const t = document.createElement("div");
      t.className = "title";
      t.textContent = "layer " + l + ": W " + Wm.rows + "x" + Wm.cols + ", b (last row); " + L.act + ", max |w| " + mx.toPrecision(3);
      div.append(t, cv);
      box.appendChild(div);
    });
  }

  const fmt = function (v) {
    if (v === null || v === undefined || v < 0) return "-";
    return Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(4) : v.toFixed(5);
  };

  function drawStatus() {
    $("epoch").textContent = last.epoch + (last.in_epoch ? " + " + last.pos + "/" + last.n_train + " samples" : "");
    $("steps").textContent = last.steps;
    $("train-loss").textContent = fmt(last.train_loss);
    $("val-loss").textContent = last.n_val ? fmt(last.val_loss) : "(no validation set)";
    $("train-acc").textContent = last.train_acc >= 0 ? (100 * last.train_acc).toFixed(1) + "%" : "-";
    $("val-acc").textContent = last.val_acc >= 0 ? (100 * last.val_acc).toFixed(1) + "%" : "-";
    $("digest").textContent = last.digest;
    $("speed").textContent = trainTime > 0 && trainEpochs > 0 ? (trainEpochs / trainTime * 1000).toFixed(0) + " epochs/s" : "-";
    $("config-line").textContent = last.config.replace(/ epochs=\d+$/, "") + " epochs=" + last.epoch;
    $("train-btn").dataset.state = running ? "running" : "stopped";
  }

  function draw() {
    if (!last || !last.ready) return;
    drawPlot();
    drawLoss();
    drawWeights();
    drawStatus();
  }

  // ---- the inspector ---------------------------------------------------------------
  const FIELDS = ["X", "Z", "A", "M", "dA", "dZ", "dW", "db", "W", "b", "W_new", "b_new"];
  const MAX_ROWS = 12;

  function matBox(name, m, note) {
    const d = document.createElement("div");
    d.className = "mat";
    const t = document.createElement("div");
    t.className = "name";
    t.innerHTML = "";
    t.append(name + " ");
    const s = document.createElement("span");
    s.className = "shape";
    s.textContent = "(" + m.rows + "x" + m.cols + ")" + (note ? " " + note : "");
    t.appendChild(s);
    d.appendChild(t);
    if (!m.rows || !m.cols) {
      const e = document.createElement("div");
      e.className = "more";
      e.textContent = "empty: not used (see the formula above)";
      d.appendChild(e);
      return d;
    }
    let mx = 0;
    m.data.forEach(function (v) { mx = Math.max(mx, Math.abs(v)); });
    const tb = document.createElement("table");
    for (let i = 0; i < Math.min(m.rows, MAX_ROWS); i++) {
      const tr = document.createElement("tr");
      for (let j = 0; j < m.cols; j++) {
        const v = m.data[i * m.cols + j], td = document.createElement("td");
        td.textContent = Math.abs(v) < 1e-4 && v !== 0 ? v.toExponential(2) : v.toPrecision(4).replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "");
        td.title = name + "[" + i + "][" + j + "] = " + v;
        td.style.background = css(diverging(mx > 0 ? 0.55 * v / mx : 0));
        tr.appendChild(td);
      }
      tb.appendChild(tr);
    }
    d.appendChild(tb);
    if (m.rows > MAX_ROWS) {
      const e = document.createElement("div");
      e.className = "more";
      e.textContent = "... " + (m.rows - MAX_ROWS) + " more rows (hover a number for all its digits)";
      d.appendChild(e);
    }
    return d;
  }

  // One number checked by hand in JavaScript, as the gdb walkthrough does.
  function checkLine(what, byHand, fromC) {
    const p = document.createElement("div");
    p.className = "check";
    const same = byHand === fromC;
    p.innerHTML = "";
    p.append("check " + what + ": by hand " + byHand + ", mlp.h " + fromC + " ");
    const s = document.createElement("span");
    s.className = same ? "ok" : "bad";
    s.textContent = same ? "(the same bits)" : "(differs by " + Math.abs(byHand - fromC).toExponential(2) + ")";
    p.appendChild(s);
    return p;
  }

  const DERIV = { identity: "1", sigmoid: "A (1 - A)", tanh: "1 - A^2", relu: "[Z > 0]", leaky_relu: "Z > 0 ? 1 : 0.01", softmax: "the softmax Jacobian" };
  function derivAt(act, z, a, da) {  // dZ = dA * f' as mlp_act_backward computes it
    switch (act) {
      case "identity": return da;
      case "sigmoid": return da * (a * (1 - a));
      case "tanh": return da * (1 - a * a);
      case "relu": return z > 0 ? da : 0;
      case "leaky_relu": return z > 0 ? da : 0.01 * da;
      default: return null;
    }
  }

  function drawInspector() {
    const body = $("inspector-body");
    body.textContent = "";
    const inf = info();
    if (!inf.snap) return;
    const nl = inf.snap.layers, Y = mat(204), loss = inf.config.match(/loss=(\w+)/)[1];
    const head = document.createElement("p");
    head.textContent = "Batch of B = " + Y.rows + " samples (positions " + inf.snap.start + ".." + (inf.snap.start + Y.rows - 1) +
      " of the epoch's shuffled order), loss " + inf.step_loss + ". Layer 0 reads the data; layer " + (nl - 1) +
      " is the output layer. Optimizer " + inf.snap.opt + ", learning rate " + inf.snap.lr + ".";
    body.appendChild(head);
    const yBox = document.createElement("div");
    yBox.className = "mats";
    yBox.appendChild(matBox("Y", Y, "targets"));
    body.appendChild(yBox);
    for (let l = nl - 1; l >= 0; l--) {
      const m = {};
      FIELDS.forEach(function (f, k) { m[f] = mat(k, l); });
      const L = inf.layers[l], out = l === nl - 1;
      const sec = document.createElement("div");
      sec.className = "ilayer";
      const h = document.createElement("h3");
      h.textContent = "layer " + l + " (" + (out ? "output" : "hidden") + "): " + L.n_in + " -> " + L.n_out + ", " + L.act +
        (L.dropout > 0 ? ", dropout " + L.dropout : "");
      sec.appendChild(h);
      const f = document.createElement("div");
      f.className = "formula";
      let back;
      if (out && loss === "cross_entropy") back = "dZ = (A - Y) / B (softmax and cross-entropy together: dA is not needed and stays empty)";
      else if (out && loss === "bce") back = "dZ = (A - Y) / (B n_out) (sigmoid and BCE together: dA stays empty)";
      else if (out) back = "dA = 2 (A - Y) / (B n_out) (MSE), then dZ = dA * f'(Z) with f' = " + DERIV[L.act];
      else back = "dA = dZ of layer " + (l + 1) + " times W^T of layer " + (l + 1) + (L.dropout > 0 ? ", times the mask M" : "") +
        ", then dZ = dA * f'(Z) with f' = " + DERIV[L.act];
      f.textContent = "forward: Z = X W + b, A = " + L.act + "(Z)" + (L.dropout > 0 ? ", the next layer reads A * M" : "") +
        ".  backward: " + back + "; dW = X^T dZ, db = column sums of dZ.";
      sec.appendChild(f);
      const mats = document.createElement("div");
      mats.className = "mats";
      mats.appendChild(matBox("X", m.X, l ? "= A" + (L.dropout > 0 || inf.layers[l - 1].dropout > 0 ? " * M" : "") + " of layer " + (l - 1) : "the batch"));
      mats.appendChild(matBox("Z", m.Z));
      mats.appendChild(matBox("A", m.A));
      if (m.M.rows) mats.appendChild(matBox("M", m.M, "dropout mask"));
      mats.appendChild(matBox("dA", m.dA));
      mats.appendChild(matBox("dZ", m.dZ));
      mats.appendChild(matBox("dW", m.dW));
      mats.appendChild(matBox("db", m.db));
      mats.appendChild(matBox("W", m.W, "before the step"));
      mats.appendChild(matBox("W", m.W_new, "after the step"));
      mats.appendChild(matBox("b", m.b_new, "after the step"));
      sec.appendChild(mats);
      // checks of element [0][0], computed here with the same operations as mlp.h
      const B = Y.rows, n = m.A.cols;
      if (out && loss === "cross_entropy") sec.appendChild(checkLine("dZ[0][0] = (A[0][0] - Y[0][0]) * (1/B)", (m.A.data[0] - Y.data[0]) * (1 / B), m.dZ.data[0]));
      else if (out && loss === "bce") sec.appendChild(checkLine("dZ[0][0] = (A[0][0] - Y[0][0]) * (1/(B n_out))", (m.A.data[0] - Y.data[0]) * (1 / (B * n)), m.dZ.data[0]));
      else if (out) sec.appendChild(checkLine("dA[0][0] = (2/(B n_out)) (A[0][0] - Y[0][0])", (2 / (B * n)) * (m.A.data[0] - Y.data[0]), m.dA.data[0]));
      if (!(out && loss !== "mse") && m.dA.rows) {
        const v = derivAt(L.act, m.Z.data[0], m.A.data[0], m.dA.data[0]);
        if (v !== null) sec.appendChild(checkLine("dZ[0][0] = dA[0][0] * f'", v, m.dZ.data[0]));
      }
      let s = 0, sb = 0;
      for (let i = 0; i < B; i++) { s += m.X.data[i * m.X.cols] * m.dZ.data[i * n]; sb += m.dZ.data[i * n]; }
      sec.appendChild(checkLine("dW[0][0] = sum over i of X[i][0] dZ[i][0]", s, m.dW.data[0]));
      sec.appendChild(checkLine("db[0] = sum over i of dZ[i][0]", sb, m.db.data[0]));
      if (inf.snap.opt === "sgd" && / l2=0 /.test(inf.config + " ") && / l1=0 /.test(inf.config + " "))
        sec.appendChild(checkLine("W[0][0] after = W[0][0] - lr dW[0][0]", m.W.data[0] - inf.snap.lr * m.dW.data[0], m.W_new.data[0]));
      body.appendChild(sec);
    }
  }

  // ---- the buttons --------------------------------------------------------------------
  function act(fn) {
    return function () {
      if (!exp) return;
      if (!last && !setup()) return;
      fn();
    };
  }

  function bind() {
    renderLayers();
    fixOutput();
    ["data", "n", "noise", "classes", "train", "seed", "init", "opt", "lr", "momentum", "batch", "l2", "l1", "dropout"]
      .forEach(function (id) { $(id).addEventListener("change", function () { fixOutput(); changed(); }); });
    $("out").addEventListener("change", function () { fixOutput("out"); changed(); });
    $("loss").addEventListener("change", function () { fixOutput("loss"); changed(); });
    $("add-layer").addEventListener("click", function () {
      if (hidden.length >= 7) return;
      hidden.push({ width: 8, act: hidden.length ? hidden[hidden.length - 1].act : "tanh" });
      renderLayers(); changed();
    });
    $("train-btn").addEventListener("click", act(function () { if (running) stop(); else run(); }));
    $("epoch-btn").addEventListener("click", act(function () {
      stop();
      const t0 = performance.now();
      if (exp.pg_epochs(1, 0) < 0) return fail();
      trainTime += performance.now() - t0; trainEpochs++;
      record(); draw();
    }));
    $("step-btn").addEventListener("click", act(function () {
      stop();
      if (exp.pg_step(1) < 0) return fail();
      record(); draw(); drawInspector();
    }));
    $("inspect-btn").addEventListener("click", act(function () {
      stop();
      if (exp.pg_step(1) < 0) return fail();
      record(); draw(); drawInspector();
      $("inspector").scrollIntoView({ behavior: "instant", block: "start" });
    }));
    $("reset-btn").addEventListener("click", function () { setup(); });
    $("gradcheck-btn").addEventListener("click", act(function () {
      stop();
      const err = exp.pg_grad_check();
      const g = info().gc;
      record(); draw();
      if (!(err >= 0) || !g) { $("gradcheck-result").textContent = "gradient check: " + (lastError() || "failed"); return; }
      $("gradcheck-result").textContent = "gradient check (mlp_grad_check, " + g.n + " parameters, first batch): worst relative error " +
        err.toExponential(2) + " at layer " + g.layer + " " + (g.is_bias ? "b" : "W") + "[" + g.row + "][" + g.col + "]" +
        " (backprop " + g.analytic.toPrecision(6) + ", central difference " + g.numeric.toPrecision(6) + "): " +
        (err < 1e-6 ? "right" : err < 1e-3 ? "close (a kink of ReLU, or a tiny gradient, can do this)" : "wrong");
    }));
    $("export-btn").addEventListener("click", act(function () {
      const text = exportText(0);
      if (text === null) return message(lastError());
      const a = document.createElement("a");
      a.href = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
      a.download = "playground-epoch" + last.epoch + ".net";
      document.body.appendChild(a); a.click(); a.remove();
      message("");
    }));
    $("import-file").addEventListener("change", function (ev) {
      const file = ev.target.files[0];
      if (!file || !exp) return;
      file.text().then(function (text) { importText(text); ev.target.value = ""; });
    });
  }

  function exportText(what) {
    const p = exp.pg_export(what);
    return p ? cstr(p) : null;
  }
  function importText(text) {
    stop();
    if (!last && !setup()) return false;
    const r = exp.pg_import(putInput(text)[1]);
    if (r) { message(lastError()); return false; }
    const inf = info();
    formFrom(inf.config);
    history = []; trainTime = 0; trainEpochs = 0;
    $("inspector-body").textContent = "";
    message("imported a network: " + inf.layers.map(function (L) { return L.n_out + " " + L.act; }).join(", ") +
      " (the data set is the page's; training continues from the file's weights" + ")");
    record(); draw();
    return true;
  }

  // What a test (or a curious reader, in the console) can call.
  window.playground = {
    info: function () { return info(); },
    config: configLine,
    running: function () { return running; },
    exportText: exportText,
    importText: importText,
    // Time `epochs` epochs of a configuration with nothing else in between
    // (pg_bench): the speed of mlp.h in this browser. Median of reps runs.
    bench: function (line, epochs, reps) {
      const times = [];
      let digest = "";
      for (let r = 0; r < (reps || 5); r++) {
        if (exp.pg_setup(putInput(line)[0])) throw new Error(lastError());
        const t0 = performance.now();
        if (exp.pg_bench(epochs) < 0) throw new Error(lastError());
        times.push((performance.now() - t0) / 1000);
        digest = info().digest;
      }
      times.sort(function (a, b) { return a - b; });
      const t = times[Math.floor(times.length / 2)];
      setup();
      return { seconds: t, epochs_per_s: epochs / t, digest: digest, times: times };
    },
  };

  start().then(function () {
    bind();
    setup();
    document.body.dataset.ready = "1";
  }, function (err) {
    message("The WebAssembly module could not start: " + err);
  });
})();
