#include "model/pooling.h"

#include <algorithm>

#include "kernels/ops.h"

namespace bertwasm {

const char* pooling_name(Pooling pooling) {
  switch (pooling) {
    case Pooling::mean: return "mean";
    case Pooling::cls: return "cls";
    case Pooling::pooler: return "pooler";
  }
  return "mean";
}

Result<Pooling> parse_pooling(const std::string& name) {
  if (name == "mean") return Pooling::mean;
  if (name == "cls") return Pooling::cls;
  if (name == "pooler") return Pooling::pooler;
  return input_error("pooling '" + name + "' is not one of mean, cls, pooler");
}

Status pool(Pooling pooling, const float* hidden, int seq, int dim, const EncoderWeights& weights,
            bool normalize, float* out) {
  switch (pooling) {
    case Pooling::mean: mean_rows(hidden, seq, dim, out); break;
    case Pooling::cls: std::copy_n(hidden, dim, out); break;
    case Pooling::pooler:
      if (!weights.pooler) return unsupported_error("pooling 'pooler': this model has no pooler weights");
      matmul(hidden, 1, weights.pooler->w, weights.pooler->b.data(), out);
      tanh_inplace(out, size_t(dim));
      break;
  }
  if (normalize) l2_normalize(out, dim);
  return {};
}

}  // namespace bertwasm
