// export_gguf: every tensor role the source holds (embeddings, each block, pooler, heads),
// checked against the model's shapes and converted row by row to its target type.
#include "model/gguf_export.h"

#include "formats/gguf.h"
#include "formats/safetensors.h"
#include "kernels/convert_rows.h"
#include "model/gguf_source.h"
#include "quant/quantize.h"

namespace bertwasm {
namespace {

using R = TensorRole;

// Matrices stored at the requested dtype (the rest stays float).
bool quantizable(R role) {
  switch (role) {
    case R::word_embd: case R::attn_q_w: case R::attn_k_w: case R::attn_v_w: case R::attn_out_w:
    case R::ffn_up_w: case R::ffn_down_w: case R::pooler_w:
      return true;
    default:
      return false;
  }
}

DType target_type(R role, size_t n_dims, DType source, DType dtype) {
  if (n_dims == 1 || dtype == DType::f32) return DType::f32;
  if (quantizable(role)) return dtype;
  return (source == DType::f16 || source == DType::bf16) ? source : DType::f32;
}

// The PyTorch shape `role` has in `model`; -1 where any size fits (a classifier without labels).
std::vector<int64_t> expected_shape(R role, const BertConfig& c) {
  const int64_t h = c.hidden_size, in = c.intermediate_size, v = c.vocab_size;
  const int64_t labels = c.labels.empty() ? -1 : int64_t(c.labels.size());
  switch (role) {
    case R::word_embd: case R::mlm_decoder_w: return {v, h};
    case R::pos_embd: return {c.max_position_embeddings, h};
    case R::type_embd: return {c.type_vocab_size, h};
    case R::attn_q_w: case R::attn_k_w: case R::attn_v_w: case R::attn_out_w: case R::pooler_w:
    case R::mlm_transform_w:
      return {h, h};
    case R::ffn_up_w: return {in, h};
    case R::ffn_up_b: return {in};
    case R::ffn_down_w: return {h, in};
    case R::mlm_decoder_b: return {v};
    case R::nsp_w: case R::qa_w: return {2, h};
    case R::nsp_b: case R::qa_b: return {2};
    case R::classifier_w: return {labels, h};
    case R::classifier_b: return {labels};
    default: return {h};  // LayerNorm weights and biases of hidden-size outputs
  }
}

bool shape_fits(const std::vector<int64_t>& shape, const std::vector<int64_t>& expected) {
  if (shape.size() != expected.size()) return false;
  for (size_t i = 0; i < shape.size(); ++i)
    if (expected[i] >= 0 && shape[i] != expected[i]) return false;
  return true;
}

Status add_tensor(GgufWriter& w, const TensorSource& src, const SourceTensor& t, R role, int layer,
                  const BertConfig& config, DType dtype) {
  const std::string where = src.file_name() + ": tensor " + t.name;
  if (!shape_fits(t.shape, expected_shape(role, config)))
    return format_error(where + " has a shape that does not fit the model's configuration");
  if (!t.dtype) return unsupported_error(where + " has dtype " + t.dtype_name);
  const int64_t rows = t.shape.size() == 2 ? t.shape[0] : 1, cols = t.shape.back();
  if (cols % kQuantBlock != 0 && (*t.dtype == DType::q8_0 || *t.dtype == DType::q4_0))
    return format_error(where + " has rows that are not whole blocks");
  if (t.byte_size != row_bytes(*t.dtype, int(cols)) * size_t(rows))
    return format_error(where + " holds " + std::to_string(t.byte_size) + " bytes, which does not match its shape");
  const DType target = target_type(role, t.shape.size(), *t.dtype, dtype);
  if ((target == DType::q8_0 || target == DType::q4_0) && cols % kQuantBlock != 0)
    return unsupported_error(where + " has rows of " + std::to_string(cols) + " values, not a multiple of " +
                             std::to_string(kQuantBlock) + ": it cannot be stored as " + dtype_name(target));
  const std::string name = with_layer(tensor_name(role).gguf, layer);
  const std::vector<int64_t> dims(t.shape.rbegin(), t.shape.rend());
  if (*t.dtype == target) return w.add_tensor(name, ggml_type_of(target), dims, t.data, t.byte_size);
  // Row by row, as the loader converts (kernels/convert_rows.h: the ggml references' results).
  const size_t in_row = row_bytes(*t.dtype, int(cols)), out_row = row_bytes(target, int(cols));
  std::vector<uint8_t> out(out_row * size_t(rows));
  std::vector<float> scratch(static_cast<size_t>(cols));
  for (int64_t r = 0; r < rows; ++r)
    convert_row(*t.dtype, t.data + in_row * size_t(r), target, out.data() + out_row * size_t(r), int(cols), scratch.data());
  return w.add_tensor(name, ggml_type_of(target), dims, std::move(out));
}

}  // namespace

Result<std::vector<uint8_t>> export_gguf(const BertModel& model, const TensorSource& source, DType dtype) {
  if (dtype != DType::f32 && dtype != DType::f16 && dtype != DType::q8_0 && dtype != DType::q4_0)
    return unsupported_error(std::string("GGUF export: dtype ") + dtype_name(dtype) + " (use f32, f16, q8_0 or q4_0)");
  const BertConfig& config = model.config();
  GgufWriter w;
  add_model_keys(w, model, dtype, source.find(R::classifier_w) != nullptr);
  // Model-wide tensors first, then each block, as llama.cpp orders them.
  for (bool per_layer : {false, true}) {
    for (int layer = 0; layer < (per_layer ? config.num_layers : 1); ++layer) {
      for (const TensorName& n : tensor_names()) {
        if (n.per_layer != per_layer) continue;
        const SourceTensor* t = source.find(n.role, layer);
        if (t) BW_TRY(add_tensor(w, source, *t, n.role, layer, config, dtype));
      }
    }
  }
  return w.write();
}

Result<std::vector<uint8_t>> convert_to_gguf(const FileMap& files, DType dtype) {
  LoadOptions options;
  options.storage = dtype;  // loading at the target type checks that the model can run at it
  options.threads = 1;      // no forward pass: no worker threads
  BW_ASSIGN(std::unique_ptr<BertModel> model, BertModel::from_files(files, options));
  auto gguf = files.find("model.gguf");
  if (gguf != files.end()) {
    BW_ASSIGN(GgufFile file, GgufFile::parse(reinterpret_cast<const uint8_t*>(gguf->second.data()), gguf->second.size(), gguf->first));
    return export_gguf(*model, GgufSource(file), dtype);
  }
  const std::string& bytes = files.at("model.safetensors");  // from_files loaded it
  BW_ASSIGN(SafetensorsFile st, SafetensorsFile::parse(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), "model.safetensors"));
  return export_gguf(*model, SafetensorsSource(st, "model.safetensors"), dtype);
}

}  // namespace bertwasm
