// PackedWeights: weight matrices repacked once at load into the panel layouts of the matmul
// microkernels (kernels/gemm.h), converted from the file's type a panel at a time. F16 weights
// are widened to f32 here (exact), so an f16 matrix takes 4 bytes per value in memory and runs
// the f32 kernels.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "kernels/convert_rows.h"
#include "kernels/ops.h"
#include "kernels/packed_weights_impl.h"
#include "quant/fp16.h"
#include "quant/quantize.h"

namespace bertwasm {

PackedWeights::PackedWeights() : impl_(std::make_unique<Impl>()) {}
PackedWeights::PackedWeights(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PackedWeights::~PackedWeights() = default;
PackedWeights::PackedWeights(PackedWeights&&) noexcept = default;
PackedWeights& PackedWeights::operator=(PackedWeights&&) noexcept = default;

namespace {

using gemm::kPanelCols;

std::string shape_name(int n, int k) { return std::to_string(n) + "x" + std::to_string(k); }

Status check_shape(DType storage, int n, int k) {
  if (n <= 0 || k <= 0) return input_error("weight matrix shape " + shape_name(n, k));
  if ((storage == DType::q8_0 || storage == DType::q4_0) && k % kQuantBlock != 0)
    return unsupported_error(std::string(dtype_name(storage)) + " needs rows that are a multiple of 32 long, got " + std::to_string(k));
  if (storage == DType::bf16) return unsupported_error("bf16 weights are widened at load, not packed");
  return {};
}

Result<std::unique_ptr<PackedWeights::Impl>> make_impl(DType storage, int n, int k) {
  BW_TRY(check_shape(storage, n, k));
  auto impl = std::make_unique<PackedWeights::Impl>();
  impl->storage = storage;
  impl->family = gemm::family_of(storage);
  impl->n = n;
  impl->k = k;
  impl->panel_bytes = gemm::panel_bytes(impl->family, k);
  if (!impl->panels.reserve(impl->panel_bytes * size_t(impl->panel_count())))
    return input_error("weight matrix " + shape_name(n, k) + " (" + dtype_name(storage) + ") does not fit in memory");
  return Result<std::unique_ptr<PackedWeights::Impl>>(std::move(impl));
}

// Packs panel p from `rows` rows of W in ggml row layout (row_bytes apart). f16 rows are widened
// through `widened` (kPanelCols × k floats).
void pack_panel(PackedWeights::Impl& impl, int p, const uint8_t* src, int rows, std::vector<float>& widened) {
  const int k = impl.k;
  const size_t stride = row_bytes(impl.storage, k);
  switch (impl.storage) {
    case DType::f32:
      gemm::pack_panel_f32(reinterpret_cast<const float*>(src), stride, rows, k, reinterpret_cast<float*>(impl.panel(p)));
      break;
    case DType::f16:
      for (int r = 0; r < rows; ++r)
        f16_to_f32_row__simd128(reinterpret_cast<const uint16_t*>(src + stride * r), widened.data() + size_t(r) * k, k);
      gemm::pack_panel_f32(widened.data(), sizeof(float) * k, rows, k, reinterpret_cast<float*>(impl.panel(p)));
      break;
    case DType::q8_0:
      gemm::pack_panel_q8_0(reinterpret_cast<const BlockQ8_0*>(src), stride, rows, k, impl.panel(p));
      break;
    case DType::q4_0:
      gemm::pack_panel_q4_0(reinterpret_cast<const BlockQ4_0*>(src), stride, rows, k, impl.panel(p));
      break;
    case DType::bf16: break;  // rejected by check_shape
  }
}

bool is_block_type(DType type) { return type == DType::q8_0 || type == DType::q4_0; }

const uint8_t* row_of(const PackedWeights::SourceRows& part, int r, int k) {
  return static_cast<const uint8_t*>(part.data) + row_bytes(part.type, k) * size_t(r);
}

}  // namespace

Result<PackedWeights> PackedWeights::from_sources(DType storage, const std::vector<SourceRows>& parts, int k) {
  int n = 0;
  for (const SourceRows& part : parts) {
    if (part.rows < 0 || part.rows > INT32_MAX - n) return input_error("weight matrix rows " + std::to_string(part.rows));
    n += part.rows;
  }
  BW_ASSIGN(auto impl, make_impl(storage, n, k));
  for (const SourceRows& part : parts) {
    if (is_block_type(part.type) && k % kQuantBlock != 0)
      return unsupported_error(std::string(dtype_name(part.type)) + " rows must be a multiple of 32 long, got " + std::to_string(k));
  }
  const size_t rb = row_bytes(storage, k);
  std::vector<uint8_t> staged(rb * kPanelCols);  // one panel's rows in the storage format
  std::vector<float> scratch(static_cast<size_t>(k));
  std::vector<float> widened(storage == DType::f16 ? size_t(kPanelCols) * k : 0);
  size_t part = 0;
  int next = 0;  // the next row of parts[part]
  for (int p = 0; p < impl->panel_count(); ++p) {
    const int count = std::min(kPanelCols, n - p * kPanelCols);
    while (next == parts[part].rows) {
      ++part;
      next = 0;
    }
    // Rows already in the storage format, all in one part, are packed where they lie.
    if (parts[part].type == storage && next + count <= parts[part].rows) {
      pack_panel(*impl, p, row_of(parts[part], next, k), count, widened);
      next += count;
      continue;
    }
    for (int r = 0; r < count; ++r, ++next) {
      while (next == parts[part].rows) {
        ++part;
        next = 0;
      }
      convert_row(parts[part].type, row_of(parts[part], next, k), storage, staged.data() + rb * size_t(r), k, scratch.data());
    }
    pack_panel(*impl, p, staged.data(), count, widened);
  }
  return PackedWeights(std::move(impl));
}

Result<PackedWeights> PackedWeights::from_f32(DType storage, const float* w, int n, int k) {
  return from_sources(storage, {{DType::f32, w, n}}, k);
}

Result<PackedWeights> PackedWeights::from_rows(DType storage, const void* rows, int n, int k) {
  return from_sources(storage, {{storage, rows, n}}, k);
}

int PackedWeights::n() const { return impl_->n; }
int PackedWeights::k() const { return impl_->k; }
DType PackedWeights::storage() const { return impl_->storage; }
size_t PackedWeights::byte_size() const { return impl_->panel_bytes * size_t(impl_->panel_count()); }

void PackedWeights::dequantize_row(int r, float* out) const {
  gemm::unpack_column(impl_->family, impl_->panel(r / kPanelCols), r % kPanelCols, impl_->k, out);
}

}  // namespace bertwasm
