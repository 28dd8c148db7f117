#include <cstring>
#include <vector>

#include "kernels/ops.h"
#include "quant/quantize.h"

namespace bertwasm {

// For now the packed form is the ggml row layout itself.
struct PackedWeights::Impl {
  DType storage = DType::f32;
  int n = 0, k = 0;
  std::vector<uint8_t> rows;
};

PackedWeights::PackedWeights() : impl_(std::make_unique<Impl>()) {}
PackedWeights::PackedWeights(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PackedWeights::~PackedWeights() = default;
PackedWeights::PackedWeights(PackedWeights&&) noexcept = default;
PackedWeights& PackedWeights::operator=(PackedWeights&&) noexcept = default;

namespace {

Status check_shape(DType storage, int n, int k) {
  if (n <= 0 || k <= 0) return input_error("weight matrix shape " + std::to_string(n) + "x" + std::to_string(k));
  if ((storage == DType::q8_0 || storage == DType::q4_0) && k % kQuantBlock != 0)
    return unsupported_error(std::string(dtype_name(storage)) + " needs rows that are a multiple of 32 long, got " + std::to_string(k));
  if (storage == DType::bf16) return unsupported_error("bf16 weights are widened at load, not packed");
  return {};
}

}  // namespace

Result<PackedWeights> PackedWeights::from_f32(DType storage, const float* w, int n, int k) {
  BW_TRY(check_shape(storage, n, k));
  auto impl = std::make_unique<Impl>();
  impl->storage = storage;
  impl->n = n;
  impl->k = k;
  const size_t rb = row_bytes(storage, k);
  impl->rows.resize(rb * n);
  for (int r = 0; r < n; ++r) {
    const float* src = w + size_t(r) * k;
    uint8_t* dst = impl->rows.data() + rb * r;
    switch (storage) {
      case DType::f32: std::memcpy(dst, src, rb); break;
      case DType::f16: quantize_row_f16(src, reinterpret_cast<uint16_t*>(dst), k); break;
      case DType::q8_0: quantize_row_q8_0(src, reinterpret_cast<BlockQ8_0*>(dst), k); break;
      case DType::q4_0: quantize_row_q4_0(src, reinterpret_cast<BlockQ4_0*>(dst), k); break;
      case DType::bf16: break;
    }
  }
  return PackedWeights(std::move(impl));
}

Result<PackedWeights> PackedWeights::from_rows(DType storage, const void* rows, int n, int k) {
  BW_TRY(check_shape(storage, n, k));
  auto impl = std::make_unique<Impl>();
  impl->storage = storage;
  impl->n = n;
  impl->k = k;
  const auto* src = static_cast<const uint8_t*>(rows);
  impl->rows.assign(src, src + row_bytes(storage, k) * n);
  return PackedWeights(std::move(impl));
}

int PackedWeights::n() const { return impl_->n; }
int PackedWeights::k() const { return impl_->k; }
DType PackedWeights::storage() const { return impl_->storage; }
size_t PackedWeights::byte_size() const { return impl_->rows.size(); }

void PackedWeights::dequantize_row(int r, float* out) const {
  bertwasm::dequantize_row(impl_->storage, impl_->rows.data(), r, impl_->k, out);
}

}  // namespace bertwasm
