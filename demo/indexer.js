// Builds the index of a corpus in the worker, a few passages per request, so the progress bar
// moves and searches (against the previous index) slip in between batches. A job stops at the
// next batch once isCurrent() says a newer job has started.
export const BATCH = 8;

/**
 * @param {import('./engine.js').SearchEngine} engine
 * @param {{ id: string, text: string }[]} passages
 * @param {{ chunk, onProgress: (p: { done, total, chunks, ms }) => void, isCurrent: () => boolean }} options
 * @returns {Promise<{ chunks: number, ms: number } | null>} null when cancelled
 */
export async function buildIndex(engine, passages, { chunk, onProgress, isCurrent }) {
  const start = performance.now();
  await engine.begin();
  let chunks = 0;
  for (let i = 0; i < passages.length; i += BATCH) {
    if (!isCurrent()) return null;
    const batch = passages.slice(i, i + BATCH);
    chunks += (await engine.add(batch.map((p) => p.id), batch.map((p) => p.text), chunk)).chunks;
    onProgress({ done: i + batch.length, total: passages.length, chunks, ms: performance.now() - start });
  }
  if (!isCurrent()) return null;
  await engine.commit();
  return { chunks, ms: performance.now() - start };
}
