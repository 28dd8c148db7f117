#include "model/tensor_source.h"

namespace bertwasm {
namespace {

std::optional<DType> safetensors_dtype(const std::string& name) {
  if (name == "F32") return DType::f32;
  if (name == "F16") return DType::f16;
  if (name == "BF16") return DType::bf16;
  return std::nullopt;
}

}  // namespace

SafetensorsSource::SafetensorsSource(const SafetensorsFile& file, std::string file_name)
    : file_name_(std::move(file_name)) {
  for (const TensorView& t : file.tensors()) {
    index_.emplace(t.name, tensors_.size());
    tensors_.push_back({t.name, safetensors_dtype(t.dtype), t.dtype, t.shape, t.data, t.byte_size});
  }
}

const SourceTensor* SafetensorsSource::find(TensorRole role, int layer) const {
  const TensorName& names = tensor_name(role);
  for (const char* pattern : names.hf) {
    const std::string name = with_layer(pattern, layer);
    for (const std::string& candidate : {name, "bert." + name}) {
      auto it = index_.find(candidate);
      if (it != index_.end()) return &tensors_[it->second];
    }
  }
  return nullptr;
}

}  // namespace bertwasm
