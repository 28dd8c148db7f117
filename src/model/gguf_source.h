// A TensorSource over a parsed GGUF file: roles are found under the gguf names of
// model/tensor_names.cpp, ggml type ids become DType, and ggml's dims (row length first) are
// reversed to PyTorch order ([rows, cols]).
#pragma once

#include <map>
#include <string>

#include "formats/gguf.h"
#include "model/tensor_source.h"

namespace bertwasm {

// The GgufFile and the bytes it views must outlive the source.
class GgufSource : public TensorSource {
 public:
  explicit GgufSource(const GgufFile& file);
  const SourceTensor* find(TensorRole role, int layer) const override;
  const std::string& file_name() const override { return file_name_; }
  std::string name_of(TensorRole role, int layer) const override;

 private:
  std::map<std::string, SourceTensor, std::less<>> tensors_;
  std::string file_name_;
};

// ggml type id -> DType (F32, F16, BF16, Q8_0, Q4_0), empty for any other.
std::optional<DType> dtype_of_ggml(uint32_t ggml_type);
uint32_t ggml_type_of(DType dtype);

}  // namespace bertwasm
