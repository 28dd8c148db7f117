#include "model/encoder.h"

#include <algorithm>
#include <cstring>

#include "kernels/ops.h"
#include "kernels/thread_pool.h"

namespace bertwasm {

void TokenBatch::add(const int32_t* seq_ids, const int32_t* seq_type_ids, int length) {
  ids.insert(ids.end(), seq_ids, seq_ids + length);
  type_ids.insert(type_ids.end(), seq_type_ids, seq_type_ids + length);
  lengths.push_back(length);
}

int TokenBatch::max_length() const {
  return lengths.empty() ? 0 : *std::max_element(lengths.begin(), lengths.end());
}

void Workspace::reserve(const TokenBatch& batch, const BertConfig& c, const EncoderWeights& weights,
                        const ThreadPool* pool) {
  auto grow = [](auto& v, size_t n) {
    if (v.size() < n) v.resize(n);
  };
  const int tokens = batch.total_tokens();
  const size_t t = size_t(tokens);
  grow(x, t * c.hidden_size);
  grow(qkv, t * 3 * c.hidden_size);
  grow(context, t * c.hidden_size);
  grow(projected, t * c.hidden_size);
  grow(up, t * c.intermediate_size);
  grow(attention_scratch, attention_scratch_floats(batch.max_length(), c.hidden_size / c.num_heads, pool));
  if (!weights.layers.empty()) {  // every layer has the same shapes and storage
    const LayerWeights& l = weights.layers.front();
    for (const PackedWeights* w : {&l.qkv.w, &l.attn_out.w, &l.ffn_up.w, &l.ffn_down.w})
      grow(matmul_scratch, matmul_scratch_bytes(tokens, *w));
  }
}

Status Encoder::validate(const TokenBatch& batch) const {
  if (batch.lengths.empty()) return input_error("empty batch");
  for (size_t s = 0; s < batch.lengths.size(); ++s) {
    const int len = batch.lengths[s];
    if (len < 1) return input_error("sequence " + std::to_string(s) + " is empty");
    if (len > config_.max_position_embeddings)
      return input_error("sequence " + std::to_string(s) + " has " + std::to_string(len) +
                         " tokens; the model takes at most " + std::to_string(config_.max_position_embeddings));
  }
  for (size_t i = 0; i < batch.ids.size(); ++i) {
    if (batch.ids[i] < 0 || batch.ids[i] >= config_.vocab_size)
      return input_error("token id " + std::to_string(batch.ids[i]) + " is outside the vocabulary (size " +
                         std::to_string(config_.vocab_size) + ")");
    if (batch.type_ids[i] < 0 || batch.type_ids[i] >= config_.type_vocab_size)
      return input_error("token type id " + std::to_string(batch.type_ids[i]) + " is outside 0.." +
                         std::to_string(config_.type_vocab_size - 1));
  }
  return {};
}

// x = LayerNorm(word[id] + token_type[type] + position[pos]) for every token.
void Encoder::embed_tokens(const TokenBatch& batch, float* x) const {
  const int h = config_.hidden_size;
  const EmbeddingWeights& e = weights_.embeddings;
  size_t row = 0;
  for (int len : batch.lengths) {
    for (int pos = 0; pos < len; ++pos, ++row) {
      float* xr = x + row * h;
      e.word.dequantize_row(batch.ids[row], xr);
      const float* type = e.token_type.data() + size_t(batch.type_ids[row]) * h;
      const float* position = e.position.data() + size_t(pos) * h;
      for (int c = 0; c < h; ++c) xr[c] = (xr[c] + type[c]) + position[c];
    }
  }
  add_layer_norm(x, nullptr, int(row), h, e.norm.gamma.data(), e.norm.beta.data(), config_.layer_norm_eps);
}

namespace {

// add_layer_norm over rows, in fixed chunks of rows across the pool (a row's result does not
// depend on its chunk); short inputs stay on the calling thread.
void add_layer_norm_rows(float* x, const float* residual, int rows, int cols, const LayerNormWeights& norm, float eps,
                         ThreadPool* pool) {
  constexpr int kChunkRows = 32;
  const int chunks = (rows + kChunkRows - 1) / kChunkRows;
  auto chunk = [&](int c, int) {
    const size_t first = size_t(c) * kChunkRows;
    add_layer_norm(x + first * cols, residual ? residual + first * cols : nullptr, std::min(kChunkRows, rows - int(first)),
                   cols, norm.gamma.data(), norm.beta.data(), eps);
  };
  if (pool && pool->size() > 1 && chunks > 1) {
    pool->parallel_for(chunks, chunk);
  } else {
    for (int c = 0; c < chunks; ++c) chunk(c, 0);
  }
}

}  // namespace

void Encoder::run_layer(const LayerWeights& layer, const TokenBatch& batch, Workspace& ws, ThreadPool* pool) const {
  const int h = config_.hidden_size, tokens = batch.total_tokens();
  const int head_dim = h / config_.num_heads;
  const float eps = config_.layer_norm_eps;
  // Self-attention: fused q/k/v projection, attention of every sequence, output projection.
  void* mm = ws.matmul_scratch.data();
  matmul(ws.x.data(), tokens, layer.qkv.w, layer.qkv.b.data(), ws.qkv.data(), pool, mm);
  attention(ws.qkv.data(), batch.lengths.data(), int(batch.lengths.size()), config_.num_heads, head_dim,
            ws.context.data(), ws.attention_scratch.data(), pool);
  matmul(ws.context.data(), tokens, layer.attn_out.w, layer.attn_out.b.data(), ws.projected.data(), pool, mm);
  add_layer_norm_rows(ws.projected.data(), ws.x.data(), tokens, h, layer.attn_norm, eps, pool);
  std::swap(ws.x, ws.projected);
  // Feed-forward: up-projection with GELU fused, down-projection, residual + LayerNorm.
  matmul(ws.x.data(), tokens, layer.ffn_up.w, layer.ffn_up.b.data(), ws.up.data(), pool, mm, Epilogue::gelu);
  matmul(ws.up.data(), tokens, layer.ffn_down.w, layer.ffn_down.b.data(), ws.projected.data(), pool, mm);
  add_layer_norm_rows(ws.projected.data(), ws.x.data(), tokens, h, layer.out_norm, eps, pool);
  std::swap(ws.x, ws.projected);
}

Status Encoder::forward(const TokenBatch& batch, Workspace& ws, ThreadPool* pool, float* hidden) const {
  BW_TRY(validate(batch));
  ws.reserve(batch, config_, weights_, pool);
  embed_tokens(batch, ws.x.data());
  for (const LayerWeights& layer : weights_.layers) run_layer(layer, batch, ws, pool);
  std::memcpy(hidden, ws.x.data(), sizeof(float) * size_t(batch.total_tokens()) * config_.hidden_size);
  return {};
}

}  // namespace bertwasm
