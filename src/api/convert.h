// Model conversion in the public C++ API: a Hugging Face directory or a GGUF file, as files,
// to a GGUF file of ours at a weight type (model/gguf_export.h has the layout and type rules).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/bert_model.h"

namespace bertwasm::api {

// "f32" | "f16" | "q8_0" | "q4_0" -> DType; E_INPUT naming the value otherwise.
Result<DType> parse_dtype(const std::string& name);

// files as for Model::load; the whole GGUF file. Errors as loading gives them, E_UNSUPPORTED
// for a model that cannot be stored at `dtype` (rows not a multiple of 32 values).
Result<std::vector<uint8_t>> convert_model(const FileMap& files, DType dtype);

}  // namespace bertwasm::api
