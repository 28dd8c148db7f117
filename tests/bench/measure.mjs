// Timing and resource helpers shared by the benchmark processes: median, a timed loop that
// also reports the process's CPU use (CPU ms / wall ms: about 2 when two threads really work),
// peak RSS (getrusage maxRSS, the whole process including pthread workers), and the machine's
// busy CPU time from /proc/stat so the parent can tell how much other processes took.
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
