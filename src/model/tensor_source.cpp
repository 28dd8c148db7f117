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
  for (const TensorView& t : file.tensors())
    tensors_.push_back({t.name, safetensors_dtype(t.dtype), t.dtype, t.shape, t.data, t.byte_size});
}

const SourceTensor* SafetensorsSource::find(TensorRole role, int layer) const {
  const TensorName& names = tensor_name(role);
  for (const char* pattern : names.hf) {
    const std::string name = with_layer(pattern, layer);
    for (const std::string& candidate : {name, "bert." + name}) {
      for (const SourceTensor& t : tensors_)
        if (t.name == candidate) return &t;
    }
  }
  return nullptr;
}

}  // namespace bertwasm
