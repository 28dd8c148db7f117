#include "naive_bert.h"

#include <cmath>

namespace bertwasm::test {
namespace {

using Matrix = std::vector<double>;  // row-major [rows, cols]

// y = x · Wᵀ + b with W [out, in]
Matrix linear(const Matrix& x, int rows, int in, const Matrix& w, const Matrix& b, int out) {
  Matrix y(size_t(rows) * out);
  for (int r = 0; r < rows; ++r)
    for (int o = 0; o < out; ++o) {
      double s = b[o];
      for (int i = 0; i < in; ++i) s += x[size_t(r) * in + i] * w[size_t(o) * in + i];
      y[size_t(r) * out + o] = s;
    }
  return y;
}

void layer_norm(Matrix& x, int rows, int cols, const Matrix& g, const Matrix& b, double eps) {
  for (int r = 0; r < rows; ++r) {
    double* v = &x[size_t(r) * cols];
    double mean = 0, var = 0;
    for (int c = 0; c < cols; ++c) mean += v[c];
    mean /= cols;
    for (int c = 0; c < cols; ++c) var += (v[c] - mean) * (v[c] - mean);
    var /= cols;
    for (int c = 0; c < cols; ++c) v[c] = (v[c] - mean) / std::sqrt(var + eps) * g[c] + b[c];
  }
}

}  // namespace

std::vector<double> NaiveBert::forward(const std::vector<int>& ids, const std::vector<int>& type_ids) const {
  const int seq = int(ids.size()), h = hidden, dh = hidden / heads;
  const Matrix word = tensor("embeddings.word_embeddings.weight");
  const Matrix pos = tensor("embeddings.position_embeddings.weight");
  const Matrix type = tensor("embeddings.token_type_embeddings.weight");
  Matrix x(size_t(seq) * h);
  for (int t = 0; t < seq; ++t)
    for (int c = 0; c < h; ++c)
      x[size_t(t) * h + c] = word[size_t(ids[t]) * h + c] + type[size_t(type_ids[t]) * h + c] + pos[size_t(t) * h + c];
  layer_norm(x, seq, h, tensor("embeddings.LayerNorm.weight"), tensor("embeddings.LayerNorm.bias"), eps);

  for (int l = 0; l < layers; ++l) {
    const std::string p = "encoder.layer." + std::to_string(l) + ".";
    auto lin = [&](const Matrix& in, int in_dim, const std::string& name, int out_dim) {
      return linear(in, seq, in_dim, tensor(p + name + ".weight"), tensor(p + name + ".bias"), out_dim);
    };
    const Matrix q = lin(x, h, "attention.self.query", h);
    const Matrix k = lin(x, h, "attention.self.key", h);
    const Matrix v = lin(x, h, "attention.self.value", h);
    Matrix ctx(size_t(seq) * h, 0.0);
    for (int head = 0; head < heads; ++head)
      for (int i = 0; i < seq; ++i) {
        std::vector<double> score(seq);
        double max = -INFINITY, sum = 0;
        for (int j = 0; j < seq; ++j) {
          double s = 0;
          for (int d = 0; d < dh; ++d) s += q[size_t(i) * h + head * dh + d] * k[size_t(j) * h + head * dh + d];
          score[j] = s / std::sqrt(double(dh));
          max = std::max(max, score[j]);
        }
        for (int j = 0; j < seq; ++j) sum += (score[j] = std::exp(score[j] - max));
        for (int j = 0; j < seq; ++j)
          for (int d = 0; d < dh; ++d) ctx[size_t(i) * h + head * dh + d] += score[j] / sum * v[size_t(j) * h + head * dh + d];
      }
    Matrix attn = lin(ctx, h, "attention.output.dense", h);
    for (size_t i = 0; i < attn.size(); ++i) attn[i] += x[i];
    layer_norm(attn, seq, h, tensor(p + "attention.output.LayerNorm.weight"), tensor(p + "attention.output.LayerNorm.bias"), eps);
    Matrix up = lin(attn, h, "intermediate.dense", intermediate);
    for (double& u : up) u = 0.5 * u * (1.0 + std::erf(u / std::sqrt(2.0)));
    Matrix out = lin(up, intermediate, "output.dense", h);
    for (size_t i = 0; i < out.size(); ++i) out[i] += attn[i];
    layer_norm(out, seq, h, tensor(p + "output.LayerNorm.weight"), tensor(p + "output.LayerNorm.bias"), eps);
    x = std::move(out);
  }
  return x;
}

}  // namespace bertwasm::test
