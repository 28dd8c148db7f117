// Where weights come from: a safetensors checkpoint or a GGUF file, seen through one interface
// that finds a tensor by its role (model/tensor_names.h). Shapes are in PyTorch order
// ([rows, cols] for a Linear weight), whatever the file's own convention.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "formats/safetensors.h"
#include "model/tensor_names.h"
#include "quant/blocks.h"

namespace bertwasm {

struct SourceTensor {
  std::string name;             // as named in the file
  std::optional<DType> dtype;   // empty: an element type the model cannot use (e.g. I64)
  std::string dtype_name;       // as the file spells it
  std::vector<int64_t> shape;   // PyTorch order
  const uint8_t* data = nullptr;
  size_t byte_size = 0;
};

class TensorSource {
 public:
  virtual ~TensorSource() = default;
  // The tensor playing `role` (in `layer` for per-layer roles), or nullptr.
  virtual const SourceTensor* find(TensorRole role, int layer = 0) const = 0;
  virtual const std::string& file_name() const = 0;
  // The name `role` has in this kind of file (for messages); default: its Hugging Face name.
  virtual std::string name_of(TensorRole role, int layer) const {
    return with_layer(tensor_name(role).hf.front(), layer);
  }
};

// A parsed safetensors file (which must outlive the source). Names are tried as written, then
// with the "bert." prefix of Hugging Face task checkpoints.
class SafetensorsSource : public TensorSource {
 public:
  explicit SafetensorsSource(const SafetensorsFile& file, std::string file_name);
  const SourceTensor* find(TensorRole role, int layer) const override;
  const std::string& file_name() const override { return file_name_; }

 private:
  std::vector<SourceTensor> tensors_;
  std::map<std::string, size_t, std::less<>> index_;  // name -> position in tensors_
  std::string file_name_;
};

}  // namespace bertwasm
