// Test helpers for the GGUF model suites: converting shared models, the reference texts, a
// small synthetic model, rewriting a GGUF file with changes (for hostile-file tests), and
// writing files in the layout of llama.cpp's converter (convert_hf_to_gguf.py, class BertModel),
// built here from its public description, independently of src/model's exporter.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "formats/gguf.h"
#include "formats/gguf_writer.h"
#include "model/bert_model.h"

namespace bertwasm::test {

using Bytes = std::vector<uint8_t>;

FileMap gguf_file_map(const Bytes& gguf);  // {"model.gguf": gguf}
// convert_to_gguf of shared/models/<name>; fails the test (and returns {}) on error.
Bytes convert_shared_model(const std::string& name, DType dtype);

// One item of shared/models/<name>/reference/tokens.json.
struct RefText {
  std::string id, text, pair;
  bool has_pair = false;
  std::vector<int32_t> ids;
};
std::vector<RefText> reference_texts(const std::string& name);

// A one-layer model with a 16-token vocabulary and hidden size 32, in Hugging Face form.
FileMap small_hf_model();

// Copies a GGUF file into a writer: keys for which keep_kv is false are dropped, edit_kvs runs
// after the copy (set or replace keys), edit_tensor may replace a tensor's type, dims and bytes
// or drop it (return false).
struct GgufEdit {
  std::function<bool(const GgufKv&)> keep_kv;
  std::function<void(GgufWriter&)> edit_kvs;
  struct Tensor {
    uint32_t type;
    std::vector<int64_t> dims;  // ggml order
    Bytes data;
  };
  std::function<bool(const std::string& name, Tensor& t)> edit_tensor;
};
Bytes rewrite_gguf(const Bytes& gguf, const GgufEdit& edit);

// llama.cpp's layout of shared/models/<name>: phantom-space vocabulary with token types and
// special-token ids, no normalizer flags, no bertwasm.* keys, separate attn_q/k/v, no pooler and
// no pretraining heads; classifier -> cls.output with bert.classifier.output_labels.
// dtype f32: every tensor F32; f16: matrices F16; q8_0: matrices Q8_0 (token_types F32);
// vectors always F32.
Bytes llama_style_gguf(const std::string& name, DType dtype);
// A vocabulary-only llama.cpp file of a vocab.txt (ggml-vocab-bert-bge.gguf's layout).
Bytes llama_vocab_gguf(const std::string& vocab_txt);

}  // namespace bertwasm::test
