// tests/playground.js - the playground page in headless Chromium, against the native program.
//
// usage: node tests/playground.js PAGE.html NATIVE MLP_EVAL OUTDIR
//   PAGE.html  build/playground/index.html (make playground)
//   NATIVE     the native build of playground/playground.c
//   MLP_EVAL   the native build of tools/mlp_eval.c
//   OUTDIR     where screenshots, exported files and speed.txt go
// Environment: CHROMIUM (default: chromium on the PATH).
//
// Drives Debian's Chromium over its DevTools protocol on a pipe
// (--remote-debugging-pipe: JSON messages ending in a NUL byte on file
// descriptors 3 and 4), with nothing but Node's own modules. The page is
// loaded from disk (file://). For every configuration below, the test sets
// the form as a person would (values and change events, clicks), trains to
// a given epoch, reads the weights digest and the losses from the page, runs
// the configuration line that the page shows through the native program, and
// compares: the same digest means the same weights to the last bit. Then
// single steps, the inspector, the gradient check, export (a C program loads
// the file and gives the same outputs) and import, the speed of the same
// workload in the page and natively, and screenshots to look at.
// Prints `ok ...` / `FAIL ...` lines and ends with `N passed, M failed`.
"use strict";
const { spawn, execFileSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const [pagePath, nativePath, evalPath, outDir] = process.argv.slice(2);
if (!outDir) {
  console.error("usage: node tests/playground.js PAGE.html NATIVE MLP_EVAL OUTDIR");
  process.exit(2);
}
fs.mkdirSync(outDir, { recursive: true });
let passed = 0, failed = 0;
const ok = (name) => { passed++; console.log("ok   " + name); };
const bad = (name, detail) => { failed++; console.log("FAIL " + name + (detail ? "\n     " + detail : "")); };
const check = (cond, name, detail) => (cond ? ok(name) : bad(name, detail));

// ---- Chromium over a pipe ------------------------------------------------------
function launch() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "pg-chromium-"));
  const args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
    "--user-data-dir=" + profile, "--remote-debugging-pipe", "about:blank"];
  const proc = spawn(process.env.CHROMIUM || "chromium", args, { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"] });
  let stderr = "";
  proc.stderr.on("data", (d) => { stderr += d; if (stderr.length > 20000) stderr = stderr.slice(-10000); });
  const toBrowser = proc.stdio[3], fromBrowser = proc.stdio[4];
  let nextId = 1, buf = Buffer.alloc(0);
  const pending = new Map(), listeners = [];
  fromBrowser.on("data", (d) => {
    buf = Buffer.concat([buf, d]);
    let end;
    while ((end = buf.indexOf(0)) >= 0) {
      const msg = JSON.parse(buf.subarray(0, end).toString("utf8"));
      buf = buf.subarray(end + 1);
      if (msg.id && pending.has(msg.id)) {
        const p = pending.get(msg.id);
        pending.delete(msg.id);
        if (msg.error) p.reject(new Error(p.method + ": " + msg.error.message)); else p.resolve(msg.result);
      } else listeners.forEach((f) => f(msg));
    }
  });
  const exited = new Promise((resolve) => proc.on("exit", (code) => resolve(code)));
  function send(method, params, sessionId) {
    const id = nextId++;
    const msg = { id, method, params: params || {} };
    if (sessionId) msg.sessionId = sessionId;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject, method });
      toBrowser.write(JSON.stringify(msg) + "\0");
    });
  }
  return { proc, send, listeners, exited, stderr: () => stderr, profile };
}

async function openPage(browser, url) {
  const { targetId } = await browser.send("Target.createTarget", { url: "about:blank" });
  const { sessionId } = await browser.send("Target.attachToTarget", { targetId, flatten: true });
  const send = (m, p) => browser.send(m, p, sessionId);
  const logs = [];
  browser.listeners.push((msg) => {
    if (msg.sessionId !== sessionId) return;
    if (msg.method === "Runtime.exceptionThrown") logs.push("exception: " + JSON.stringify(msg.params.exceptionDetails).slice(0, 400));
    if (msg.method === "Runtime.consoleAPICalled") logs.push("console: " + msg.params.args.map((a) => a.value).join(" "));
    if (msg.method === "Network.requestWillBeSent") logs.push("request: " + msg.params.request.url);
  });
  await send("Page.enable");
  await send("Runtime.enable");
  await send("Network.enable");
  await send("Emulation.setDeviceMetricsOverride", { width: 1400, height: 1000, deviceScaleFactor: 1, mobile: false });
  await send("Page.navigate", { url });
  const page = {
    send, logs,
    async eval(expr) {
      const r = await send("Runtime.evaluate", { expression: expr, awaitPromise: true, returnByValue: true });
      if (r.exceptionDetails) throw new Error("in the page: " + (r.exceptionDetails.exception ? r.exceptionDetails.exception.description : r.exceptionDetails.text));
      return r.result.value;
    },
    async waitFor(expr, ms) {
      const t0 = Date.now();
      for (;;) {
        if (await page.eval(expr)) return true;
        if (Date.now() - t0 > (ms || 60000)) throw new Error("timed out waiting for " + expr);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async screenshot(file) {
      const m = await send("Page.getLayoutMetrics");
      const h = Math.ceil(m.cssContentSize.height);
      await send("Emulation.setDeviceMetricsOverride", { width: 1400, height: h, deviceScaleFactor: 1, mobile: false });
      await new Promise((r) => setTimeout(r, 150));
      const shot = await send("Page.captureScreenshot", { format: "png" });
      fs.writeFileSync(file, Buffer.from(shot.data, "base64"));
      await send("Emulation.setDeviceMetricsOverride", { width: 1400, height: 1000, deviceScaleFactor: 1, mobile: false });
    },
    // The first `height` pixels of one element, at its own place in the page.
    async screenshotOf(selector, file, height) {
      const r = await page.eval(`(function () { const b = document.querySelector(${JSON.stringify(selector)}).getBoundingClientRect();
        return { x: b.left + window.scrollX, y: b.top + window.scrollY, width: b.width, height: b.height }; })()`);
      const clip = { x: r.x, y: r.y, width: r.width, height: Math.min(r.height, height || 900), scale: 1 };
      const shot = await send("Page.captureScreenshot", { format: "png", clip, captureBeyondViewport: true });
      fs.writeFileSync(file, Buffer.from(shot.data, "base64"));
    },
  };
  await page.waitFor("document.body && document.body.dataset.ready === '1'", 60000);
  return page;
}

// ---- the form, as a person fills it ------------------------------------------------
// cfg: { data, n, noise, classes, train, seed, hidden: [[width, act], ...], out, loss,
//        init, opt, lr, momentum, batch, l2, l1, dropout }
// Keys a configuration leaves out take these values, so that no setting of
// an earlier configuration carries over.
const DEFAULTS = { data: "circles", n: 200, noise: 0.1, classes: 3, train: 0.8, seed: 1, hidden: [[8, "tanh"], [8, "tanh"]],
  out: "softmax", loss: "cross_entropy", init: "auto", opt: "adam", lr: 0.01, momentum: 0.9, batch: 16, l2: 0, l1: 0, dropout: 0 };
async function setForm(page, cfg, keep) {
  if (!keep) cfg = Object.assign({}, DEFAULTS, cfg);
  await page.eval(`(async function (cfg) {
    const $ = (id) => document.getElementById(id);
    const set = (id, v) => { const e = $(id); e.value = String(v); e.dispatchEvent(new Event("change")); };
    if (cfg.data !== undefined) set("data", cfg.data);
    for (const k of ["n", "noise", "classes", "train", "seed", "init", "opt", "lr", "momentum", "batch", "l2", "l1", "dropout"])
      if (cfg[k] !== undefined) set(k, cfg[k]);
    if (cfg.hidden) {
      while (document.querySelector("#hidden-layers .layer-row button")) document.querySelector("#hidden-layers .layer-row button").click();
      cfg.hidden.forEach(() => $("add-layer").click());
      cfg.hidden.forEach((h, i) => { set("width-" + i, h[0]); set("act-" + i, h[1]); });
    }
    if (cfg.out !== undefined) set("out", cfg.out);
    if (cfg.loss !== undefined) set("loss", cfg.loss);
  })(${JSON.stringify(cfg)})`);
}

async function trainTo(page, epochs) {
  await page.eval(`(function () { const u = document.getElementById("until"); u.value = "${epochs}";
    u.dispatchEvent(new Event("change")); document.getElementById("train-btn").click(); })()`);
  await page.waitFor(`document.getElementById("train-btn").dataset.state === "stopped" && window.playground.info().epoch >= ${epochs}`, 120000);
}

async function readPage(page) {
  return page.eval(`(function () {
    const t = (id) => document.getElementById(id).textContent;
    return { digest: t("digest"), line: t("config-line"), trainLoss: t("train-loss"), valLoss: t("val-loss"),
             message: t("message"), info: window.playground.info() };
  })()`);
}

function native(args) {
  return execFileSync(nativePath, args, { encoding: "utf8" });
}
function nativeRun(line, extra) {
  return JSON.parse(native((extra || []).concat([line])).trim().split("\n").pop());
}

// ---- the configurations: every data set, optimizer, loss, activation and initialization
const CONFIGS = [
  { name: "circles, tanh, softmax + cross-entropy, Adam", epochs: 40,
    cfg: { data: "circles", n: 200, noise: 0.1, seed: 1, hidden: [[8, "tanh"], [8, "tanh"]], out: "softmax", init: "auto", opt: "adam", lr: 0.03, batch: 16 } },
  { name: "XOR, ReLU, sigmoid + BCE, momentum, L2, He normal", epochs: 40,
    cfg: { data: "xor", n: 300, noise: 0.05, seed: 2, hidden: [[8, "relu"], [8, "relu"]], out: "sigmoid", loss: "bce", init: "he_normal", opt: "momentum", lr: 0.05, momentum: 0.9, batch: 16, l2: 0.001 } },
  { name: "spirals, tanh, Nesterov, dropout, Xavier uniform", epochs: 40,
    cfg: { data: "spirals", n: 300, noise: 0.05, seed: 3, hidden: [[16, "tanh"], [16, "tanh"]], out: "softmax", loss: "cross_entropy", init: "xavier_uniform", opt: "nesterov", lr: 0.05, momentum: 0.8, batch: 10, dropout: 0.1 } },
  { name: "blobs (4 classes), leaky ReLU, RMSProp, L1, He uniform", epochs: 30, shot: "training-blobs.png",
    cfg: { data: "blobs", n: 240, noise: 0.4, classes: 4, seed: 4, hidden: [[12, "leaky_relu"]], out: "softmax", loss: "cross_entropy", init: "he_uniform", opt: "rmsprop", lr: 0.01, momentum: 0, batch: 20, l1: 0.0001 } },
  { name: "sine regression, tanh, identity + MSE, AdaGrad, Xavier normal", epochs: 40, shot: "training-sine.png",
    cfg: { data: "sine", n: 100, noise: 0.1, seed: 5, hidden: [[16, "tanh"]], out: "identity", init: "xavier_normal", opt: "adagrad", lr: 0.2, batch: 8 } },
  { name: "piecewise regression, ReLU, AdamW, PyTorch's initialization", epochs: 40,
    cfg: { data: "piecewise", n: 150, noise: 0.05, seed: 6, hidden: [[16, "relu"], [16, "relu"]], out: "identity", init: "pytorch", opt: "adamw", lr: 0.01, batch: 8, l2: 0.01 } },
  { name: "circles, sigmoid units, sigmoid + MSE, SGD, LeCun normal", epochs: 40,
    cfg: { data: "circles", n: 200, noise: 0.05, seed: 7, hidden: [[10, "sigmoid"]], out: "sigmoid", loss: "mse", init: "lecun_normal", opt: "sgd", lr: 0.5, batch: 16 } },
  { name: "blobs, no hidden layer (softmax regression), SGD, all samples for training", epochs: 20,
    cfg: { data: "blobs", n: 150, noise: 0.3, classes: 3, seed: 8, hidden: [], out: "softmax", loss: "cross_entropy", init: "auto", opt: "sgd", lr: 0.1, batch: 150, train: 1 } },
  { name: "spirals, three ReLU layers, Adam, 300 epochs (learns them)", epochs: 300, shot: "training-spirals.png",
    cfg: { data: "spirals", n: 400, noise: 0.05, seed: 1, hidden: [[16, "relu"], [16, "relu"], [16, "relu"]], out: "softmax", opt: "adam", lr: 0.01, batch: 16 } },
];

async function main() {
  const url = "file://" + path.resolve(pagePath);
  const browser = launch();
  const timer = setTimeout(() => { bad("the test took longer than 10 minutes"); browser.proc.kill("SIGKILL"); process.exit(1); }, 600000);
  let page;
  try {
    page = await openPage(browser, url);
    ok("the page starts from disk (" + url + ")");
    const version = await browser.send("Browser.getVersion");
    console.log("     browser: " + version.product + "; kernel in the page: " + (await page.eval("window.playground.info().kernel")));

    // Every configuration: trained in the page, then the line it shows, natively.
    for (const c of CONFIGS) {
      await setForm(page, c.cfg);
      await trainTo(page, c.epochs);
      const p = await readPage(page);
      if (p.message) { bad(c.name + ": the page says: " + p.message); continue; }
      let n;
      try { n = nativeRun(p.line); } catch (e) { bad(c.name + ": the native program failed on '" + p.line + "'", String(e.message).slice(0, 300)); continue; }
      const sameLoss = p.info.train_loss === n.train_loss && (p.info.val_loss === n.val_loss);
      check(p.digest === n.digest && p.info.epoch === c.epochs && sameLoss,
        c.name + ": " + c.epochs + " epochs, page and C give digest " + p.digest + ", training loss " + p.trainLoss,
        "page: digest " + p.digest + " loss " + p.info.train_loss + " / " + p.info.val_loss + " epoch " + p.info.epoch +
        "\n     C:    digest " + n.digest + " loss " + n.train_loss + " / " + n.val_loss + "\n     line: " + p.line);
      if (c.shot) await page.screenshot(path.join(outDir, c.shot));
    }

    // Single steps and single epochs land on the same weights as whole epochs.
    {
      const c = CONFIGS[0];
      await setForm(page, Object.assign({}, c.cfg, { seed: 11 }));
      await page.eval(`(function () { for (let i = 0; i < 5; i++) document.getElementById("step-btn").click();
        document.getElementById("epoch-btn").click(); document.getElementById("epoch-btn").click(); })()`);
      const mid = await readPage(page);
      await trainTo(page, 10);
      const p = await readPage(page);
      const n = nativeRun(p.line);
      check(mid.info.epoch === 2 && p.digest === n.digest,
        "5 single steps, 2 'One epoch' clicks, then Train to epoch 10: digest " + p.digest + " as the C program's 10 epochs",
        "page " + p.digest + " (after the clicks: epoch " + mid.info.epoch + "), C " + n.digest);
    }

    // The inspector: every matrix of every layer, and its checks by hand.
    {
      await setForm(page, { data: "circles", n: 200, seed: 1, hidden: [[6, "tanh"], [4, "relu"]], out: "softmax", loss: "cross_entropy", opt: "sgd", lr: 0.1, batch: 8, dropout: 0, l1: 0, l2: 0, train: 0.8 });
      await trainTo(page, 3);
      await page.eval(`document.getElementById("inspect-btn").click()`);
      const r = await page.eval(`(function () {
        const b = document.getElementById("inspector-body");
        return { layers: b.querySelectorAll(".ilayer").length, mats: b.querySelectorAll(".mat").length,
                 checks: b.querySelectorAll(".check").length, bad: b.querySelectorAll(".check .bad").length,
                 names: Array.from(b.querySelectorAll(".mat .name")).map((e) => e.textContent).join(" | ") };
      })()`);
      check(r.layers === 3 && r.bad === 0 && r.checks >= 9 && /dZ \(8x6\)/.test(r.names) && /dW \(6x4\)/.test(r.names),
        "the inspector shows " + r.mats + " matrices of 3 layers; its " + r.checks + " checks by hand give the same bits as mlp.h",
        r.names + " (checks " + r.checks + ", differing " + r.bad + ")");
      await page.screenshot(path.join(outDir, "inspector.png"));
      await page.screenshotOf("#inspector", path.join(outDir, "inspector-detail.png"), 1000);
    }

    // The gradient check on a smooth network.
    {
      await setForm(page, { data: "spirals", n: 100, seed: 2, hidden: [[8, "tanh"], [8, "tanh"]], out: "softmax", loss: "cross_entropy", opt: "adam", lr: 0.01, batch: 16, dropout: 0 });
      await trainTo(page, 5);
      const before = (await readPage(page)).digest;
      await page.eval(`document.getElementById("gradcheck-btn").click()`);
      const text = await page.eval(`document.getElementById("gradcheck-result").textContent`);
      const err = Number((/worst relative error ([0-9.e+-]+)/.exec(text) || [])[1]);
      const after = (await readPage(page)).digest;
      check(err < 1e-6 && before === after, "gradient check: worst relative error " + err + " (< 1e-6), the weights untouched", text);
      await trainTo(page, 10);
      const p = await readPage(page), n = nativeRun(p.line);
      check(p.digest === n.digest, "training after a gradient check goes on exactly as without it (digest " + p.digest + ")", "C " + n.digest);
    }

    // Export: a C program (tools/mlp_eval.c) loads the file and gives the same outputs.
    {
      await setForm(page, Object.assign({}, CONFIGS[2].cfg));
      await trainTo(page, 20);
      const netText = await page.eval(`window.playground.exportText(0)`);
      const xCsv = await page.eval(`window.playground.exportText(1)`);
      const pCsv = await page.eval(`window.playground.exportText(2)`);
      const netFile = path.join(outDir, "exported.net"), xFile = path.join(outDir, "exported-X.csv");
      const pFile = path.join(outDir, "exported-P-page.csv"), cFile = path.join(outDir, "exported-P-c.csv");
      fs.writeFileSync(netFile, netText);
      fs.writeFileSync(xFile, xCsv);
      fs.writeFileSync(pFile, pCsv);
      try {
        execFileSync(evalPath, ["predict", netFile, xFile, cFile]);
        const c = fs.readFileSync(cFile, "utf8");
        check(c === pCsv && c.split("\n").length > 100,
          "export: mlp_eval loads the exported network and writes the page's outputs, every digit (" + (c.split("\n").length - 1) + " rows)",
          "the two CSV files differ: " + pFile + " " + cFile);
      } catch (e) { bad("export: mlp_eval failed", String(e.message).slice(0, 300)); }
    }

    // Import: a network trained by the C program, into the page.
    {
      const c = CONFIGS[3];
      await setForm(page, c.cfg);
      const line = (await readPage(page)).line.replace(/ epochs=\d+$/, "") + " epochs=12";
      const file = path.join(outDir, "native.net");
      const n = nativeRun(line, ["--save", file]);
      await setForm(page, { hidden: [[5, "tanh"]] }, true); // another network: the import must replace it
      const doc = await page.send("Runtime.evaluate", { expression: `document.getElementById("import-file")` });
      await page.send("DOM.enable");
      await page.send("DOM.setFileInputFiles", { files: [path.resolve(file)], objectId: doc.result.objectId });
      await page.waitFor(`/imported/.test(document.getElementById("message").textContent)`, 20000);
      const p = await readPage(page);
      check(p.digest === n.digest && p.info.val_loss === n.val_loss,
        "import: the network the C program saved after 12 epochs has the same digest in the page (" + p.digest + ") and the same validation loss",
        "page " + p.digest + " " + p.info.val_loss + ", C " + n.digest + " " + n.val_loss + "; " + p.message);
    }

    // A regression screenshot, then one of the page in its first state.
    await setForm(page, Object.assign({}, CONFIGS[5].cfg));
    await trainTo(page, 150);
    await page.screenshot(path.join(outDir, "training-piecewise.png"));

    // Speed: the same workload in the page (this browser) and natively, in
    // turn, 7 times (each the median of 3 runs in one process, after the
    // first has warmed it up): the machine may be busy with other work, and
    // pairs taken close together see the same load.
    {
      const line = "data=spirals n=1000 noise=0.05 seed=1 hidden=32:tanh,32:tanh opt=adam lr=0.01 batch=32 epochs=30";
      const pages = [], natives = [], ratios = [];
      let digests = new Set(), kernel = "", pageBest = 0, nativeBest = 0;
      for (let r = 0; r < 7; r++) {
        const pb = await page.eval(`window.playground.bench(${JSON.stringify(line)}, 30, 3)`);
        const m = / epochs_per_s ([0-9.]+) best ([0-9.]+) digest ([0-9a-f]+) kernel (.*)$/.exec(native(["--bench", "--reps", "3", line]).trim());
        pages.push(pb.epochs_per_s);
        natives.push(Number(m[1]));
        ratios.push(pb.epochs_per_s / Number(m[1]));
        digests.add(pb.digest).add(m[3]);
        kernel = m[4];
        pageBest = Math.max(pageBest, 30 / Math.min(...pb.times));
        nativeBest = Math.max(nativeBest, Number(m[2]));
      }
      const med = (v) => v.slice().sort((a, b) => a - b)[v.length >> 1];
      const span = (v) => Math.min(...v).toFixed(2) + "-" + Math.max(...v).toFixed(2);
      const text = "workload: " + line + " (800 training samples)\n" +
        "page:   " + med(pages).toFixed(1) + " epochs/s, median of 7 medians of 3 (" + span(pages) + "); " + version.product +
        ", WebAssembly with 128-bit SIMD, 16-byte vectors\n" +
        "native: " + med(natives).toFixed(1) + " epochs/s, median of 7 medians of 3 (" + span(natives) + "); " + kernel + "\n" +
        "page / native: " + med(ratios).toFixed(2) + ", median of the 7 pairs run in turn (" + span(ratios) + ")\n" +
        "best of 21 runs: page " + pageBest.toFixed(1) + ", native " + nativeBest.toFixed(1) + " epochs/s, page / native " +
        (pageBest / nativeBest).toFixed(2) + " (the least disturbed by other work on the machine)\n";
      fs.writeFileSync(path.join(outDir, "speed.txt"), text);
      console.log(text.trim().split("\n").map((l) => "     " + l).join("\n"));
      check(digests.size === 1, "the speed runs did the same work: digest " + [...digests][0] + " in the page and natively",
        "digests: " + [...digests].join(" "));
    }

    const requests = page.logs.filter((l) => l.startsWith("request:") && !/^(data|blob|about):/.test(l.slice(9)) && l.slice(9) !== url);
    check(requests.length === 0, "the page asked for nothing over the network", requests.join("\n     "));
    const exceptions = page.logs.filter((l) => l.startsWith("exception"));
    check(exceptions.length === 0, "no JavaScript exception", exceptions.join("\n     "));
  } catch (e) {
    bad("the test stopped: " + e.message, page ? page.logs.slice(-5).join("\n     ") : browser.stderr().slice(-1500));
  }
  clearTimeout(timer);
  try { await browser.send("Browser.close"); } catch (e) { /* already gone */ }
  await Promise.race([browser.exited, new Promise((r) => setTimeout(r, 5000))]);
  if (browser.proc.exitCode === null) browser.proc.kill("SIGKILL");
  fs.rmSync(browser.profile, { recursive: true, force: true });
  console.log("screenshots in " + outDir);
  console.log(passed + " passed, " + failed + " failed");
  process.exit(failed ? 1 : 0);
}
main();
