// Drawing the page: status cards with progress bars, the message list, and the ranked results
// (the best chunk of each passage highlighted, long passages cut to an excerpt around it).
// Text always goes in as text nodes, never as HTML.
const EXCERPT = 280; // characters shown on each side of the highlighted chunk

export const $ = (id) => document.getElementById(id);

export function setState(state) {
  document.body.dataset.state = state;
}

/** Sets a card's line of text and its progress bar (fraction null hides the bar). */
export function setCard(name, { title, detail, fraction = null }) {
  if (title !== undefined) $(`${name}-title`).textContent = title;
  if (detail !== undefined) $(`${name}-detail`).textContent = detail;
  const bar = $(`${name}-progress`);
  bar.hidden = fraction === null;
  if (fraction !== null) bar.value = Math.max(0, Math.min(1, fraction));
}

/**
 * Adds a message (kind 'error' or 'note'); error codes (E_FORMAT, …) are shown and kept in
 * data-code; links ([{ href, text }]) follow the text.
 */
export function showMessage(text, { kind = 'error', code, links = [] } = {}) {
  const item = document.createElement('li');
  item.className = kind;
  if (code) item.dataset.code = code;
  const body = document.createElement('span');
  body.textContent = code ? `${code}: ${text}` : text;
  links.forEach(({ href, text: label }, i) => {
    const link = element('a', '', label);
    link.href = href;
    body.append(i ? ', ' : ' ', link);
  });
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'dismiss';
  close.textContent = '×';
  close.setAttribute('aria-label', 'Dismiss');
  close.onclick = () => item.remove();
  item.append(body, close);
  $('messages').append(item);
}

export function showError(e) {
  showMessage(e?.message ?? String(e), { code: e?.code });
}

export function clearMessages() {
  $('messages').replaceChildren();
}

export const ms = (t) => (t < 10 ? `${t.toFixed(1)} ms` : t < 1000 ? `${Math.round(t)} ms` : `${(t / 1000).toFixed(1)} s`);

/** Ranked passages (ranking.js) into the result list. */
export function renderResults(ranked) {
  $('results').replaceChildren(...ranked.map((r, i) => resultItem(r, i + 1)));
}

function resultItem({ passage, score, start, end, chunk }, rank) {
  const item = document.createElement('li');
  item.className = 'result';
  Object.assign(item.dataset, { id: passage.id, chunk, score: String(score) });
  const head = element('div', 'result-head');
  const meta = element('span', 'meta');
  if (passage.topic) meta.append(element('span', 'topic', passage.topic));
  const meter = element('span', 'score', score.toFixed(3));
  meter.title = 'cosine similarity of the highlighted chunk to the query';
  meter.style.setProperty('--score', String(Math.max(0, score)));
  meta.append(meter);
  head.append(element('span', 'rank', `${rank}`), element('span', 'title', passage.title ?? passage.id), meta);
  item.append(head, highlighted(passage.text, start, end));
  return item;
}

function highlighted(text, start, end) {
  const p = element('p', 'text');
  const from = Math.max(0, start - EXCERPT);
  const to = Math.min(text.length, end + EXCERPT);
  const mark = element('mark', '', text.slice(start, end));
  p.append(`${from > 0 ? '… ' : ''}${text.slice(from, start)}`, mark, `${text.slice(end, to)}${to < text.length ? ' …' : ''}`);
  return p;
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}
