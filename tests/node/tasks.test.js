// The task pipelines through the JavaScript API against the float64 references of the tiny task
// models: fill-mask top-5, next-sentence and classification probabilities, NER labels, scores,
// UTF-16 offsets and grouping, QA spans and scores, and the BertWasmErrors of misuse.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { loadModel } from '../../web/index.js';
import { readJson, sharedPath } from './helpers.js';

const MAX_SCORE_ERROR = 1e-4; // probabilities vs those of the float64 reference logits
const MAX_LOGIT_ERROR = 1e-4;

function referenceItems(name) {
  const tokens = readJson('models', name, 'reference', 'tokens.json');
  const heads = readJson('models', name, 'reference', 'heads.json').items;
  return tokens.map((t, i) => ({ ...t, heads: heads[i] }));
}

function softmax(logits, allowed = logits.map((_, i) => i)) {
  const top = Math.max(...allowed.map((i) => logits[i]));
  const p = logits.map(() => 0);
  let sum = 0;
  for (const i of allowed) sum += p[i] = Math.exp(logits[i] - top);
  return p.map((v) => v / sum);
}

const near = (got, want, tol, what) => assert.ok(Math.abs(got - want) <= tol, `${what}: ${got} vs ${want}`);

const models = {};
before(async () => {
  for (const name of ['tiny', 'tiny-pretraining', 'tiny-seqcls', 'tiny-tokcls', 'tiny-qa']) {
    models[name] = await loadModel(sharedPath('models', name), { dtype: 'f32' });
  }
});
after(() => Object.values(models).forEach((m) => m.dispose()));

describe('fillMask', () => {
  test('top-5 tokens, ids and scores match the reference at every [MASK]', async () => {
    let masks = 0;
    for (const item of referenceItems('tiny-pretraining').filter((i) => i.heads.mlm)) {
      const out = await models['tiny-pretraining'].fillMask(item.text);
      const perMask = item.heads.mlm.length === 1 ? [out] : out;
      assert.equal(perMask.length, item.heads.mlm.length, item.id);
      for (const [m, ref] of item.heads.mlm.entries()) {
        assert.deepEqual(perMask[m].map((f) => f.tokenId), ref.top5_ids, item.id);
        assert.deepEqual(perMask[m].map((f) => f.token), ref.top5_tokens, item.id);
        perMask[m].forEach((f, k) => near(f.score, ref.top5_probs[k], MAX_SCORE_ERROR, item.id));
        masks++;
      }
    }
    assert.equal(masks, 8);
  });

  test('sequences are decoded as Hugging Face does', async () => {
    const m = models['tiny-pretraining'];
    const [best] = await m.fillMask('The capital of France is [MASK].', { topK: 1 });
    assert.deepEqual(Object.keys(best).sort(), ['score', 'sequence', 'token', 'tokenId']);
    assert.equal(best.sequence, 'the capital of france is huntsville.');
    const two = await m.fillMask('[MASK] is a programming language used for [MASK] development.', { topK: 2 });
    assert.equal(two.length, 2);
    assert.equal(two[1][0].sequence, '[CLS] [MASK] is a programming language used for内 development. [SEP]');
  });
});

test('nextSentence: probability and logits match the reference', async () => {
  for (const item of referenceItems('tiny-pretraining').filter((i) => i.text_pair != null)) {
    const r = await models['tiny-pretraining'].nextSentence(item.text, item.text_pair);
    near(r.isNext, item.heads.nsp_probs[0], MAX_SCORE_ERROR, item.id);
    near(r.logits[0], item.heads.nsp_logits[0], MAX_LOGIT_ERROR, item.id);
    near(r.logits[1], item.heads.nsp_logits[1], MAX_LOGIT_ERROR, item.id);
  }
});

test('classify: labels and probabilities match the reference, for texts and pairs', async () => {
  const m = models['tiny-seqcls'];
  for (const item of referenceItems('tiny-seqcls')) {
    const input = item.text_pair != null ? [item.text, item.text_pair] : item.text;
    const [top] = await m.classify(input);
    assert.equal(top.label, item.heads.label, item.id);
    const all = await m.classify(input, { topK: null });
    assert.equal(all.length, 3);
    for (const { label, score } of all) near(score, item.heads.probs[m.config.labels.indexOf(label)], MAX_SCORE_ERROR, item.id);
    assert.ok(all[0].score >= all[1].score && all[1].score >= all[2].score);
  }
  const pair = referenceItems('tiny-seqcls').find((i) => i.id === 'cls_pair');
  const asObject = await m.classify({ text: pair.text, textPair: pair.text_pair });
  assert.equal(asObject[0].label, pair.heads.label);
});

describe('tokenClassify', () => {
  test('every token: label, score, word and UTF-16 offsets match the reference', async () => {
    for (const item of referenceItems('tiny-tokcls').filter((i) => i.text_pair == null)) {
      const out = await models['tiny-tokcls'].tokenClassify(item.text, { ignoreLabels: [] });
      const tokens = item.sequence_ids.flatMap((s, t) => (s === null ? [] : [t]));
      assert.equal(out.length, tokens.length, item.id);
      tokens.forEach((t, k) => {
        const e = out[k];
        assert.equal(e.index, t);
        assert.equal(e.entity, item.heads.labels[t], item.id);
        near(e.score, Math.max(...softmax(item.heads.logits[t])), MAX_SCORE_ERROR, item.id);
        assert.deepEqual([e.start, e.end], item.offsets_utf16[t], item.id);
        const word = item.tokens[t] === '[UNK]' ? item.text.slice(e.start, e.end) : item.tokens[t];
        assert.equal(e.word, word, item.id);
      });
    }
  });

  test('O is left out by default; aggregation groups by BIO tag', async () => {
    const m = models['tiny-tokcls'];
    const item = referenceItems('tiny-tokcls').find((i) => i.id === 'ner_accents');
    const plain = await m.tokenClassify(item.text);
    assert.ok(plain.every((e) => e.entity !== 'O'));
    assert.equal(plain.length, 13); // 14 tokens, "zurich" is O
    // Hand-derived from the reference labels (see tests/native/api/tasks_test.cpp).
    const first = await m.tokenClassify(item.text, { aggregation: 'first' });
    assert.deepEqual(first.map((g) => [g.label, g.word, g.start, g.end]), [
      ['ORG', 'jose nunez', 0, 10], ['PER', 'and', 11, 14], ['ORG', 'zoe', 15, 18], ['LOC', 'saldana work', 19, 31],
      ['MISC', 'for', 32, 35], ['ORG', 'societe', 36, 43], ['LOC', 'generale', 44, 52], ['MISC', 'in', 53, 55],
      ['LOC', '.', 62, 63],
    ]);
    assert.deepEqual(Object.keys(first[0]).sort(), ['end', 'label', 'score', 'start', 'word']);
    const simple = await m.tokenClassify(item.text, { aggregation: 'simple' });
    assert.deepEqual(simple.slice(6, 8).map((g) => [g.label, g.word]), [['LOC', 'general'], ['MISC', '##e']]);
  });

  test('offsets are UTF-16 code units of the original string', async () => {
    const item = referenceItems('tiny-tokcls').find((i) => i.id === 'ner_supplementary');
    const out = await models['tiny-tokcls'].tokenClassify(item.text, { aggregation: 'simple', ignoreLabels: [] });
    for (const g of out) assert.ok(g.end <= item.text.length && g.start < g.end);
    // [UNK] (I-LOC) | letters (I-ORG) | , [UNK] 野 (I-LOC): an [UNK] shows the text it covers.
    assert.deepEqual(out.slice(0, 3).map((g) => [g.label, g.word, item.text.slice(g.start, g.end)]), [
      ['LOC', '𝐁𝐨𝐥𝐝', '𝐁𝐨𝐥𝐝'], ['ORG', 'letters', 'letters'], ['LOC', ', 𠮷 野', ', 𠮷野'],
    ]);
  });
});

describe('answer', () => {
  const scoreOf = (item, { start, end }) => {
    const allowed = [0, ...item.sequence_ids.flatMap((s, t) => (s === 1 ? [t] : []))];
    return softmax(item.heads.start_logits, allowed)[start] * softmax(item.heads.end_logits, allowed)[end];
  };

  test('best spans, offsets and scores match the reference (≤ 30 tokens, and unbounded)', async () => {
    const m = models['tiny-qa'];
    for (const item of referenceItems('tiny-qa').filter((i) => i.text_pair != null)) {
      for (const [options, ref] of [[{}, item.heads.best_span], [{ maxAnswerLength: null }, item.heads.best_span_unbounded]]) {
        const [a] = await m.answer(item.text, item.text_pair, options);
        assert.equal(a.answer, ref.answer, item.id);
        assert.deepEqual([a.start, a.end], [ref.utf16_start, ref.utf16_end], item.id);
        assert.equal(item.text_pair.slice(a.start, a.end), a.answer);
        near(a.score, scoreOf(item, ref), MAX_SCORE_ERROR, item.id);
      }
    }
  });

  test('long contexts are answered over overlapping windows', async () => {
    const item = referenceItems('tiny-qa').find((i) => i.id === 'qa_long');
    const out = await models['tiny-qa'].answer(item.text, item.text_pair, { topK: 5, maxLength: 48, stride: 12 });
    assert.equal(out.length, 5);
    for (const [i, a] of out.entries()) {
      assert.equal(item.text_pair.slice(a.start, a.end), a.answer);
      if (i) assert.ok(out[i - 1].score >= a.score);
    }
    assert.equal(new Set(out.map((a) => `${a.start}:${a.end}`)).size, 5);
  });
});

describe('errors', () => {
  const rejects = (promise, code) => assert.rejects(promise, (e) => e.name === 'BertWasmError' && e.code === code);

  test('a model without the head asked for: E_UNSUPPORTED', async () => {
    await rejects(models.tiny.fillMask('a [MASK].'), 'E_UNSUPPORTED');
    await rejects(models['tiny-qa'].nextSentence('a', 'b'), 'E_UNSUPPORTED');
    await rejects(models['tiny-tokcls'].classify('a'), 'E_UNSUPPORTED');
    await rejects(models['tiny-seqcls'].tokenClassify('a'), 'E_UNSUPPORTED');
    await rejects(models['tiny-pretraining'].answer('q', 'c'), 'E_UNSUPPORTED');
  });

  test('bad text or options: E_INPUT, and the model keeps working', async () => {
    const pre = models['tiny-pretraining'];
    await rejects(pre.fillMask('No mask in this text.'), 'E_INPUT');
    await rejects(pre.fillMask('a [MASK]', { topK: 0 }), 'E_INPUT');
    await rejects(pre.fillMask(42), 'E_INPUT');
    assert.equal((await pre.fillMask('a [MASK]', { topK: 2 })).length, 2);
    const qa = models['tiny-qa'];
    await rejects(qa.answer('Where?', ''), 'E_INPUT');
    await rejects(qa.answer('Where is the tower that was built for the fair?', 'The tower stands in Paris, the capital of France, near the river Seine.', { maxLength: 8 }), 'E_INPUT');
    await rejects(qa.answer('q', 'c', { topK: 1.5 }), 'E_INPUT');
    await rejects(models['tiny-tokcls'].tokenClassify('a', { aggregation: 'mean' }), 'E_INPUT');
    await rejects(models['tiny-seqcls'].classify(['a', 'b', 'c']), 'E_INPUT');
    assert.equal((await qa.answer('Where?', 'In Paris.')).length, 1);
  });

  test('a disposed model: E_STATE', async () => {
    const m = await loadModel(sharedPath('models', 'tiny-seqcls'));
    m.dispose();
    await rejects(m.classify('a'), 'E_STATE');
  });
});
