// GgufSource: the GGUF file's tensors indexed by name, seen through model/tensor_names.cpp.
#include "model/gguf_source.h"

#include <algorithm>

namespace bertwasm {

std::optional<DType> dtype_of_ggml(uint32_t ggml_type) {
  switch (ggml_type) {
    case kGgmlF32: return DType::f32;
    case kGgmlF16: return DType::f16;
    case kGgmlBf16: return DType::bf16;
    case kGgmlQ8_0: return DType::q8_0;
    case kGgmlQ4_0: return DType::q4_0;
    default: return std::nullopt;
  }
}

uint32_t ggml_type_of(DType dtype) { return uint32_t(dtype); }  // DType uses ggml's numbers

GgufSource::GgufSource(const GgufFile& file) : file_name_(file.file_name()) {
  for (const GgufTensor& t : file.tensors()) {
    SourceTensor s;
    s.name = t.name;
    s.dtype = dtype_of_ggml(t.type);
    s.dtype_name = ggml_type_name(t.type);
    s.shape.assign(t.dims.rbegin(), t.dims.rend());
    s.data = t.data;
    s.byte_size = t.byte_size;
    tensors_.emplace(t.name, std::move(s));
  }
}

const SourceTensor* GgufSource::find(TensorRole role, int layer) const {
  auto it = tensors_.find(name_of(role, layer));
  return it == tensors_.end() ? nullptr : &it->second;
}

std::string GgufSource::name_of(TensorRole role, int layer) const {
  return with_layer(tensor_name(role).gguf, layer);
}

}  // namespace bertwasm
