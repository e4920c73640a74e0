// tests/wasi_run.js - runs a C program compiled for wasm32-wasi with Node.js's
// own WASI (no other runtime, no npm package), in the current directory.
//
// usage: node tests/wasi_run.js PROGRAM.wasm [ARGS...]
// The program sees the current directory as "." (to read test fixtures);
// its exit status is this script's.
"use strict";
const fs = require("fs");
process.removeAllListeners("warning"); // node:wasi is experimental in Node 20 and says so once
const { WASI } = require("node:wasi");
const wasi = new WASI({ version: "preview1", args: process.argv.slice(2), env: {}, preopens: { ".": "." } });
const wasm = new WebAssembly.Module(fs.readFileSync(process.argv[2]));
const instance = new WebAssembly.Instance(wasm, { wasi_snapshot_preview1: wasi.wasiImport });
process.exitCode = wasi.start(instance);
