// Writing a BERT model as a GGUF v3 file in our layout: llama.cpp's BERT schema (bert.* keys, a
// phantom-space tokenizer.ggml.* vocabulary, token_embd / blk.N.attn_q ... tensors, so llama.cpp
// can read it) plus bertwasm.* keys for what llama.cpp cannot say (model/gguf_keys.h).
// Tensor types: the encoder's matrices (Q/K/V/O, FFN up/down, pooler) and the word embeddings at
// `dtype`; vectors F32; position/type tables and task-head matrices F32, or F16/BF16 when the
// source already holds them so (lossless). Values come from the source tensors, never from the
// model's packed copy; a tensor already in its target type is copied byte for byte.
#pragma once

#include <cstdint>
#include <vector>

#include "formats/gguf_writer.h"
#include "model/bert_model.h"
#include "model/tensor_source.h"

namespace bertwasm {

// `model` was loaded from `source` (which gives the weights: every role of
// model/tensor_names.h the source holds, heads included). dtype: f32, f16, q8_0 or q4_0.
// E_UNSUPPORTED for another dtype or rows that do not split into 32-value blocks; E_FORMAT
// naming the tensor for a shape that does not fit the model.
Result<std::vector<uint8_t>> export_gguf(const BertModel& model, const TensorSource& source, DType dtype);

// Loads the model in `files` (a Hugging Face directory, or "model.gguf") and exports it.
Result<std::vector<uint8_t>> convert_to_gguf(const FileMap& files, DType dtype);

// The key/values of `model` (configuration, tokenizer in both forms, defaults, labels), as
// export_gguf writes them (gguf_export_keys.cpp). with_classifier: the file has cls.output.
void add_model_keys(GgufWriter& writer, const BertModel& model, DType dtype, bool with_classifier);

}  // namespace bertwasm
