// Chunk ids and the ranking of passages. The vector index holds one vector per chunk (a window
// of a passage), with the id "<passage id>@<start>-<end>" (UTF-16 span in the passage text);
// a passage ranks by its best chunk, which is the one highlighted.

/** The vector index id of a passage's chunk. */
export function chunkId(passageId, start, end) {
  return `${passageId}@${start}-${end}`;
}

/** { passageId, start, end } of a chunk id, or null when it is not one. */
export function parseChunkId(id) {
  const match = /^(.*)@(\d+)-(\d+)$/s.exec(String(id));
  return match ? { passageId: match[1], start: Number(match[2]), end: Number(match[3]) } : null;
}

/**
 * Passages by their best chunk, best first, at most `limit`.
 * @param {{ id: string, score: number }[]} hits chunk search results, best first
 * @param {Map<string, object>} passages passage id -> passage
 * @returns {{ passage, score: number, start: number, end: number, chunk: string }[]}
 */
export function rankPassages(hits, passages, limit) {
  const ranked = [];
  const seen = new Set();
  for (const { id, score } of hits) {
    const chunk = parseChunkId(id);
    if (!chunk || seen.has(chunk.passageId) || !passages.has(chunk.passageId)) continue;
    seen.add(chunk.passageId);
    ranked.push({ passage: passages.get(chunk.passageId), score, start: chunk.start, end: chunk.end, chunk: id });
    if (ranked.length === limit) break;
  }
  return ranked;
}
