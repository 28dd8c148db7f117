// Progress bars of the command line, drawn on one line of a terminal (stderr) and redrawn at
// most ten times a second; on anything but a terminal they print nothing, so redirected
// output stays clean.

const REDRAW_MS = 100;

/** A bar labelled `label` on `stream`: update(done, total), finish(). */
export function progressBar(stream, label, { unit = 'count' } = {}) {
  let last = 0;
  let drawn = false;
  const show = unit === 'bytes' ? formatBytes : String;
  const draw = (done, total) => {
    const fraction = total > 0 ? Math.min(1, done / total) : 0;
    const counts = total > 0 ? `${show(done)}/${show(total)}` : show(done);
    const width = Math.max(10, Math.min(30, (stream.columns ?? 80) - label.length - counts.length - 12));
    const filled = Math.round(fraction * width);
    const percent = total > 0 ? `${String(Math.floor(fraction * 100)).padStart(3)}%` : '   ?';
    stream.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${percent} ${counts}\x1b[K`);
    drawn = true;
  };
  return {
    update(done, total) {
      if (!stream.isTTY) return;
      const now = Date.now();
      if (now - last < REDRAW_MS && !(total > 0 && done >= total)) return;
      last = now;
      draw(done, total);
    },
    finish() {
      if (drawn) stream.write('\n');
      drawn = false;
    },
  };
}

/** Bars for loadModel's downloads, one per file: { onProgress, finish }. */
export function downloadBars(stream) {
  let file = null;
  let bar = null;
  return {
    onProgress(event) {
      if (event.cached) return;
      if (event.file !== file) {
        bar?.finish();
        file = event.file;
        bar = progressBar(stream, file, { unit: 'bytes' });
      }
      bar.update(event.loaded, event.total ?? 0);
    },
    finish: () => bar?.finish(),
  };
}

export function formatBytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} kB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}
