// api::convert_model: the public face of model/gguf_export.h's convert_to_gguf.
#include "api/convert.h"

#include "model/gguf_export.h"
#include "quant/quantize.h"

namespace bertwasm::api {

Result<DType> parse_dtype(const std::string& name) {
  for (DType d : {DType::f32, DType::f16, DType::q8_0, DType::q4_0})
    if (name == dtype_name(d)) return d;
  return input_error("dtype '" + name + "' is not one of f32, f16, q8_0, q4_0");
}

Result<std::vector<uint8_t>> convert_model(const FileMap& files, DType dtype) { return convert_to_gguf(files, dtype); }

}  // namespace bertwasm::api
