// The peer: transformers.js (ONNX Runtime Web, WebAssembly inside Node) from ../shared/peer,
// copied to a cache folder and installed there (../shared is read-only). Its own bench.mjs,
// run as one child per configuration (--pass mode), measures the same cases we do. q8 uses the
// model's onnx/model_quantized.onnx; fp32 needs onnx/model.onnx from peer/export-fp32.sh.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { runNode } from './measure.mjs';

const SETUP_ENV = { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' }; // skips a CUDA download

function run(command, args, cwd, env = process.env) {
  const r = spawnSync(command, args, { cwd, env, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} (in ${cwd}) failed with status ${r.status}`);
}

/** Copies ../shared/peer to options.peerDir and installs it, unless the same lockfile is installed. */
function install(options, log) {
  const source = path.join(options.shared, 'peer');
  const lock = (dir) => (fs.existsSync(path.join(dir, 'package-lock.json')) ? fs.readFileSync(path.join(dir, 'package-lock.json'), 'utf8') : null);
  const installed = path.join(options.peerDir, 'node_modules', '.package-lock.json');
  const current = fs.existsSync(installed) && lock(options.peerDir) === lock(source);
  for (const file of fs.readdirSync(source)) {
    const to = path.join(options.peerDir, file);
    fs.mkdirSync(options.peerDir, { recursive: true });
    fs.copyFileSync(path.join(source, file), to);
    fs.chmodSync(to, 0o644); // the shared copies are read-only
  }
  if (current) return;
  log(`installing the peer (transformers.js) in ${options.peerDir}`);
  run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], options.peerDir, SETUP_ENV);
}

/** The fp32 ONNX export of the model, made on request: { dir, missing? }. */
function fp32Model(options, log) {
  const dir = path.join(options.peerDir, 'models', path.basename(options.model));
  if (fs.existsSync(path.join(dir, 'onnx', 'model.onnx'))) return { dir };
  if (!options.fp32Peer) return { dir, missing: 'no float32 ONNX model: run with --with-fp32-peer to export one' };
  log(`exporting the float32 ONNX model to ${dir} (peer/export-fp32.sh)`);
  run('sh', [path.join(options.peerDir, 'export-fp32.sh'), '--model', options.model, '--out', dir], options.peerDir);
  return { dir };
}

/**
 * Installs the peer and finds its models. Returns { version, dtypes: { q8?, fp32? }, missing: [] }
 * where each dtype entry is the transformers.js models root and preset name to pass to bench.mjs.
 */
export function preparePeer(options, log) {
  install(options, log);
  const pkg = path.join(options.peerDir, 'node_modules', '@huggingface', 'transformers', 'package.json');
  const peer = { version: JSON.parse(fs.readFileSync(pkg, 'utf8')).version, dtypes: {}, missing: [] };
  const name = path.basename(options.model);
  if (fs.existsSync(path.join(options.model, 'onnx', 'model_quantized.onnx'))) {
    peer.dtypes.q8 = { models: path.dirname(options.model), preset: name };
  } else {
    peer.missing.push(`q8: ${options.model}/onnx/model_quantized.onnx is missing`);
  }
  const fp32 = fp32Model(options, log);
  if (fp32.missing) peer.missing.push(`fp32: ${fp32.missing}`);
  else peer.dtypes.fp32 = { models: path.dirname(fp32.dir), preset: name };
  return peer;
}

/** Runs the peer's bench.mjs for one configuration: { result (in run.mjs's shape), proc (runNode's) }. */
export async function runPeer(options, peer, job) {
  const { models, preset } = peer.dtypes[job.dtype];
  const out = path.join(options.out, 'peer-raw');
  const backend = `wasm-${job.threads}t`;
  const args = [path.join(options.peerDir, 'bench.mjs'), '--models', models, '--texts', options.texts, '--preset', preset,
    '--dtype', job.dtype, '--backend', backend, '--pass', String(job.pass), '--runs', String(options.runs),
    '--warmup', String(options.warmup), '--warmup-ms', String(options.warmupMs), '--out', out];
  const proc = await runNode(args, options.peerDir);
  if (proc.status !== 0) throw new Error(`peer ${job.dtype} ${backend} pass ${job.pass} failed with status ${proc.status}`);
  const tag = job.dtype === 'fp32' ? preset : `${preset}-${job.dtype}`;
  const raw = JSON.parse(fs.readFileSync(path.join(out, `${tag}-${backend}-p${job.pass}.json`), 'utf8'));
  const result = {
    side: 'transformers.js', dtype: job.dtype, source: 'onnx', label: job.dtype, threads: job.threads, pass: job.pass,
    build: `onnxruntime-web ${raw.versions.onnxruntime?.web ?? ''}`.trim(), threads_effective: Number(raw.threads_short),
    threads_detail: raw.threads_effective, versions: raw.versions,
    import_ms: raw.import_ms, load_ms: raw.load_ms, first_call_ms: raw.first_call_ms, global_warmup_ms: raw.global_warmup_ms,
    cases: raw.cases, peak_rss_mb: raw.peak_rss_mb, own_cpu_ms: raw.own_cpu_ms,
  };
  return { result, proc };
}
