// BertModel::from_gguf: a model from a GGUF file, ours (bertwasm.* keys) or llama.cpp's.
#include "model/bert_model.h"

namespace bertwasm {

Result<std::unique_ptr<BertModel>> BertModel::from_gguf(const uint8_t*, size_t, const LoadOptions&,
                                                        const std::string& file_name) {
  return unsupported_error(file_name + ": GGUF loading is not implemented yet");
}

}  // namespace bertwasm
