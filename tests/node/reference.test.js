// The JavaScript API against the float64 references of every shared model: token ids, type
// ids, UTF-16 offsets, last_hidden_state (max |Δ| ≤ 1e-4) and embeddings (1 − cos ≤ 1e-6).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { loadModel } from '../../web/index.js';
import { maxAbsDiff, modelNames, oneMinusCosine, readJson, readNpy, sharedPath } from './helpers.js';

const MAX_HIDDEN_ERROR = 1e-4;
const MAX_EMBEDDING_COSINE_GAP = 1e-6;

for (const name of modelNames()) {
  test(`${name}: tokens, last_hidden_state and embeddings match the reference`, async () => {
    const model = await loadModel(sharedPath('models', name), { dtype: 'f32' });
    try {
      const items = readJson('models', name, 'reference', 'tokens.json');
      const emb = readJson('models', name, 'reference', 'embeddings.json');
      let worstHidden = 0;
      let worstMean = 0;
      for (const [i, item] of items.entries()) {
        const enc = model.tokenize(item.text, item.text_pair ?? null);
        assert.deepEqual(Array.from(enc.ids), item.input_ids, `${item.id} ids`);
        assert.deepEqual(Array.from(enc.typeIds), item.token_type_ids, `${item.id} type ids`);
        assert.deepEqual(enc.offsets, item.offsets_utf16, `${item.id} offsets`);
        assert.equal(enc.truncated, item.truncated, `${item.id} truncated`);

        const out = await model.encode(item.text, item.text_pair ?? null);
        const lhs = readNpy(sharedPath('models', name, 'reference', 'lhs', item.lhs));
        assert.deepEqual(out.lastHiddenState.dims, lhs.shape);
        worstHidden = Math.max(worstHidden, maxAbsDiff(out.lastHiddenState.data, lhs.data));
        if (item.kind === 'single') {
          const e = await model.embed(item.text);
          assert.deepEqual(e.dims, [1, model.config.hiddenSize]);
          worstMean = Math.max(worstMean, oneMinusCosine(e.data, emb.mean_normalized[i]));
        }
      }
      assert.ok(worstHidden <= MAX_HIDDEN_ERROR, `max |Δ| last_hidden_state ${worstHidden}`);
      assert.ok(worstMean <= MAX_EMBEDDING_COSINE_GAP, `1 - cos ${worstMean}`);
    } finally {
      model.dispose();
    }
  });
}
