// NumPy .npy reader for tests and tools: "\x93NUMPY", version 1.x (u16 header length) or 2.x/3.x
// (u32), a Python dict literal {'descr', 'fortran_order', 'shape'}, then C-order data. Element
// types '<f8', '<f4', '<f2', '<i4', '<i8' are read into doubles.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "util/status.h"

namespace bertwasm {

struct NpyArray {
  std::string descr;            // as written, e.g. "<f8"
  std::vector<int64_t> shape;   // empty for a scalar
  std::vector<double> values;   // product(shape) values in C order
};

// E_FORMAT naming `file_name` for a bad magic, header or data size; E_UNSUPPORTED for other
// dtypes, big-endian data or Fortran order.
Result<NpyArray> parse_npy(const uint8_t* bytes, size_t size, std::string file_name);

}  // namespace bertwasm
