// The encoder's weights in memory, one struct per module of the Hugging Face model, read from a
// TensorSource and converted once: matrices packed for the matmul kernels in the requested
// storage type (f32, f16, q8_0, q4_0), vectors (biases, LayerNorms) always f32.
#pragma once

#include <optional>
#include <vector>

#include "formats/hf_config.h"
#include "kernels/ops.h"
#include "model/tensor_source.h"

namespace bertwasm {

struct Linear {
  PackedWeights w;        // [out, in]
  std::vector<float> b;   // [out]
};

struct LayerNormWeights {
  std::vector<float> gamma, beta;
};

struct EmbeddingWeights {
  PackedWeights word;               // [vocab, hidden], rows dequantized on lookup
  std::vector<float> position;      // [max_positions, hidden]
  std::vector<float> token_type;    // [type_vocab, hidden]
  LayerNormWeights norm;
};

struct LayerWeights {
  Linear qkv;                 // query, key and value fused: [3·hidden, hidden]
  Linear attn_out;            // [hidden, hidden]
  LayerNormWeights attn_norm;
  Linear ffn_up;              // [intermediate, hidden]
  Linear ffn_down;            // [hidden, intermediate]
  LayerNormWeights out_norm;
};

struct EncoderWeights {
  EmbeddingWeights embeddings;
  std::vector<LayerWeights> layers;
  std::optional<Linear> pooler;   // absent in some checkpoints
};

// Reads a vector of `length` floats; E_FORMAT naming the tensor on a shape or type mismatch.
Result<std::vector<float>> load_vector(const TensorSource& src, TensorRole role, int layer, int64_t length);
// Reads a [rows, cols] matrix as floats (the small position and token-type tables).
Result<std::vector<float>> load_matrix(const TensorSource& src, TensorRole role, int layer, int64_t rows, int64_t cols);
// Reads a [rows, cols] matrix packed in `storage` (kept as is when already in that block type).
Result<PackedWeights> load_packed(const TensorSource& src, TensorRole role, int layer, int64_t rows, int64_t cols, DType storage);
Result<Linear> load_linear(const TensorSource& src, TensorRole w, TensorRole b, int layer, int64_t out, int64_t in, DType storage);
Result<LayerNormWeights> load_layer_norm(const TensorSource& src, TensorRole w, TensorRole b, int layer, int64_t size);

Result<EncoderWeights> load_encoder_weights(const TensorSource& src, const BertConfig& config, DType storage);

}  // namespace bertwasm
