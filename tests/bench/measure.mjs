// Timing and resource helpers shared by the benchmark processes: median, a timed loop that
// also reports the process's CPU use (CPU ms / wall ms: about 2 when two threads really work),
// peak RSS (getrusage maxRSS, the whole process including pthread workers), the machine's busy
// CPU time (/proc/stat), and a child runner that reads the child's per-thread scheduler
// statistics (/proc/<pid>/task/*/schedstat: time on a CPU, time runnable but waiting for one).
import { spawn } from 'node:child_process';
import fs from 'node:fs';

export function median(xs) {
  const s = [...xs].sort((x, y) => x - y);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/** This process's user + system CPU time in ms (all threads). */
export function cpuMs() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Peak resident set size of this process in MB. */
export function peakRssMB() {
  return process.resourceUsage().maxRSS / 1024; // maxRSS is in kilobytes
}

/** Runs fn warmup times, then runs times, timing each: median, min, p90 and CPU utilization. */
export async function timeIt(fn, runs, warmup) {
  for (let i = 0; i < warmup; i++) await fn();
  const times = [];
  const cpu0 = cpuMs();
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  const cpu = cpuMs() - cpu0;
  const sorted = [...times].sort((a, b) => a - b);
  return {
    median_ms: median(times),
    min_ms: sorted[0],
    p90_ms: sorted[Math.min(sorted.length - 1, Math.floor(0.9 * sorted.length))],
    runs: times.length,
    cpu_per_wall: cpu / times.reduce((a, b) => a + b, 0),
  };
}

/** Busy and total CPU ticks of the whole machine (all CPUs), or null without /proc/stat. */
export function machineCpu() {
  if (!fs.existsSync('/proc/stat')) return null;
  const v = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = v.reduce((x, y) => x + y, 0);
  return { busy: total - v[3] - v[4], total }; // idle + iowait are v[3], v[4]; ticks are 10 ms
}

/** tid -> { run, wait } in ms for every thread of process pid (empty without /proc). */
function threadSchedstat(pid) {
  const out = new Map();
  try {
    for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
      const [run, wait] = fs.readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ').map(Number);
      out.set(tid, { run: run / 1e6, wait: wait / 1e6 });
    }
  } catch { /* the process or a thread has just exited */ }
  return out;
}

/**
 * Runs `node args...` and resolves to { status, wallMs, runMs, waitMs }: the child's threads'
 * CPU time and the time they were ready to run but had no CPU (others were using them), summed
 * over threads from samples every 100 ms (a thread's last < 100 ms before it exits is missed).
 */
export function runNode(args, cwd) {
  const child = spawn(process.execPath, args, { cwd, stdio: 'inherit' });
  const seen = new Map();
  const sample = () => {
    for (const [tid, s] of threadSchedstat(child.pid)) seen.set(tid, s);
  };
  const timer = setInterval(sample, 100);
  const t = performance.now();
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (status) => {
      clearInterval(timer);
      const sum = (key) => [...seen.values()].reduce((a, s) => a + s[key], 0);
      resolve({ status, wallMs: performance.now() - t, runMs: sum('run'), waitMs: sum('wait') });
    });
  });
}
