#include "model/weights.h"

#include "kernels/convert_rows.h"
#include "quant/quantize.h"

namespace bertwasm {
namespace {

std::string shape_string(const std::vector<int64_t>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

// The tensor for `role`, checked to have `shape`.
Result<const SourceTensor*> find_checked(const TensorSource& src, TensorRole role, int layer,
                                         const std::vector<int64_t>& shape) {
  const SourceTensor* t = src.find(role, layer);
  if (!t) return format_error(src.file_name() + ": missing tensor " + src.name_of(role, layer));
  if (t->shape != shape)
    return format_error(src.file_name() + ": tensor " + t->name + " has shape " + shape_string(t->shape) +
                        ", expected " + shape_string(shape));
  if (!t->dtype)
    return unsupported_error(src.file_name() + ": tensor " + t->name + " has dtype " + t->dtype_name +
                             " (supported: F32, F16, BF16, Q8_0, Q4_0)");
  if (t->byte_size != row_bytes(*t->dtype, int(shape.back())) * size_t(t->shape.size() == 2 ? shape[0] : 1))
    return format_error(src.file_name() + ": tensor " + t->name + " holds " + std::to_string(t->byte_size) +
                        " bytes, which does not match its shape and dtype");
  return t;
}

// The tensor's values as floats (for vectors and the small position / type tables).
std::vector<float> to_floats(const SourceTensor& t, int64_t rows, int64_t cols) {
  std::vector<float> out(size_t(rows * cols));
  const size_t rb = row_bytes(*t.dtype, int(cols));
  for (int64_t r = 0; r < rows; ++r)
    convert_row(*t.dtype, t.data + rb * size_t(r), DType::f32, out.data() + r * cols, int(cols), nullptr);
  return out;
}

}  // namespace

Result<std::vector<float>> load_vector(const TensorSource& src, TensorRole role, int layer, int64_t length) {
  BW_ASSIGN(const SourceTensor* t, find_checked(src, role, layer, {length}));
  return to_floats(*t, 1, length);
}

Result<std::vector<float>> load_matrix(const TensorSource& src, TensorRole role, int layer, int64_t rows, int64_t cols) {
  BW_ASSIGN(const SourceTensor* t, find_checked(src, role, layer, {rows, cols}));
  return to_floats(*t, rows, cols);
}

Result<PackedWeights> load_packed(const TensorSource& src, TensorRole role, int layer, int64_t rows,
                                  int64_t cols, DType storage) {
  BW_ASSIGN(const SourceTensor* t, find_checked(src, role, layer, {rows, cols}));
  return PackedWeights::from_sources(storage, {{*t->dtype, t->data, int(rows)}}, int(cols));
}

Result<Linear> load_linear(const TensorSource& src, TensorRole w, TensorRole b, int layer, int64_t out,
                           int64_t in, DType storage) {
  Linear linear;
  BW_ASSIGN(linear.w, load_packed(src, w, layer, out, in, storage));
  BW_ASSIGN(linear.b, load_vector(src, b, layer, out));
  return linear;
}

Result<LayerNormWeights> load_layer_norm(const TensorSource& src, TensorRole w, TensorRole b, int layer, int64_t size) {
  LayerNormWeights norm;
  BW_ASSIGN(norm.gamma, load_vector(src, w, layer, size));
  BW_ASSIGN(norm.beta, load_vector(src, b, layer, size));
  return norm;
}

namespace {

// Query, key and value matrices stacked into one [3·hidden, hidden] matrix (one matmul), packed
// straight from the three tensors.
Result<Linear> load_fused_qkv(const TensorSource& src, int layer, int64_t hidden, DType storage) {
  using R = TensorRole;
  const R weights[3] = {R::attn_q_w, R::attn_k_w, R::attn_v_w};
  const R biases[3] = {R::attn_q_b, R::attn_k_b, R::attn_v_b};
  std::vector<PackedWeights::SourceRows> parts;
  for (R role : weights) {
    BW_ASSIGN(const SourceTensor* t, find_checked(src, role, layer, {hidden, hidden}));
    parts.push_back({*t->dtype, t->data, int(hidden)});
  }
  Linear qkv;
  BW_ASSIGN(qkv.w, PackedWeights::from_sources(storage, parts, int(hidden)));
  for (R role : biases) {
    BW_ASSIGN(std::vector<float> b, load_vector(src, role, layer, hidden));
    qkv.b.insert(qkv.b.end(), b.begin(), b.end());
  }
  return qkv;
}

}  // namespace

Result<EncoderWeights> load_encoder_weights(const TensorSource& src, const BertConfig& c, DType storage) {
  using R = TensorRole;
  const int64_t hidden = c.hidden_size, inter = c.intermediate_size;
  EncoderWeights w;
  EmbeddingWeights& e = w.embeddings;
  // Word embeddings are looked up a row at a time, so they may stay quantized; rows of a
  // quantized table need a multiple of 32 values, otherwise they are kept as f32.
  const DType embd_storage = (hidden % kQuantBlock == 0) ? storage : DType::f32;
  BW_ASSIGN(e.word, load_packed(src, R::word_embd, 0, c.vocab_size, hidden, embd_storage));
  BW_ASSIGN(e.position, load_matrix(src, R::pos_embd, 0, c.max_position_embeddings, hidden));
  BW_ASSIGN(e.token_type, load_matrix(src, R::type_embd, 0, c.type_vocab_size, hidden));
  BW_ASSIGN(e.norm, load_layer_norm(src, R::embd_norm_w, R::embd_norm_b, 0, hidden));
  for (int l = 0; l < c.num_layers; ++l) {
    LayerWeights layer;
    BW_ASSIGN(layer.qkv, load_fused_qkv(src, l, hidden, storage));
    BW_ASSIGN(layer.attn_out, load_linear(src, R::attn_out_w, R::attn_out_b, l, hidden, hidden, storage));
    BW_ASSIGN(layer.attn_norm, load_layer_norm(src, R::attn_norm_w, R::attn_norm_b, l, hidden));
    BW_ASSIGN(layer.ffn_up, load_linear(src, R::ffn_up_w, R::ffn_up_b, l, inter, hidden, storage));
    BW_ASSIGN(layer.ffn_down, load_linear(src, R::ffn_down_w, R::ffn_down_b, l, hidden, inter, storage));
    BW_ASSIGN(layer.out_norm, load_layer_norm(src, R::out_norm_w, R::out_norm_b, l, hidden));
    w.layers.push_back(std::move(layer));
  }
  if (src.find(R::pooler_w) || src.find(R::pooler_b)) {
    BW_ASSIGN(Linear pooler, load_linear(src, R::pooler_w, R::pooler_b, 0, hidden, hidden, storage));
    w.pooler = std::move(pooler);
  }
  return w;
}

}  // namespace bertwasm
