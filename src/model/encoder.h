// The BERT encoder forward pass (post-LayerNorm, exact erf GELU), over a batch of UNPADDED
// sequences: the rows of all sequences are stacked into one [tokens, hidden] matrix for the dense
// layers, and attention runs per sequence. No compute is spent on padding, and since every row is
// computed by the same operations (kernels/ops.h), a sequence's output is bitwise the same alone
// or in any batch.
#pragma once

#include <cstdint>
#include <vector>

#include "formats/hf_config.h"
#include "model/weights.h"

namespace bertwasm {

class ThreadPool;

// Token ids of several sequences, concatenated.
struct TokenBatch {
  std::vector<int32_t> ids, type_ids;
  std::vector<int> lengths;  // one per sequence

  void add(const int32_t* seq_ids, const int32_t* seq_type_ids, int length);
  int total_tokens() const { return int(ids.size()); }
  int max_length() const;
};

// Activation and kernel scratch buffers, grown to the largest batch seen and then reused: the
// forward pass allocates nothing once they are large enough.
struct Workspace {
  std::vector<float> x, qkv, context, projected, up, attention_scratch;
  std::vector<uint8_t> matmul_scratch;
  void reserve(const TokenBatch& batch, const BertConfig& config, const EncoderWeights& weights,
               const ThreadPool* pool);
};

class Encoder {
 public:
  Encoder(const BertConfig& config, const EncoderWeights& weights) : config_(config), weights_(weights) {}

  // Checks ids, type ids and lengths against the model (E_INPUT naming the bad value).
  Status validate(const TokenBatch& batch) const;
  // last_hidden_state of every token: `hidden` gets batch.total_tokens() rows of hidden_size.
  Status forward(const TokenBatch& batch, Workspace& ws, ThreadPool* pool, float* hidden) const;

 private:
  void embed_tokens(const TokenBatch& batch, float* x) const;
  void run_layer(const LayerWeights& layer, const TokenBatch& batch, Workspace& ws, ThreadPool* pool) const;

  const BertConfig& config_;
  const EncoderWeights& weights_;
};

}  // namespace bertwasm
