// Little-endian integer and float (de)serialization for the binary formats, independent of the
// host's byte order and alignment.
#pragma once

#include <cstdint>
#include <cstring>
#include <type_traits>
#include <vector>

namespace bertwasm {

// Reads a T (integer or float) stored little endian at p (any alignment).
template <class T>
T load_le(const uint8_t* p) {
  static_assert(std::is_arithmetic_v<T>, "numbers only");
  using U = std::conditional_t<sizeof(T) == 1, uint8_t,
            std::conditional_t<sizeof(T) == 2, uint16_t,
            std::conditional_t<sizeof(T) == 4, uint32_t, uint64_t>>>;
  U u = 0;
  for (size_t i = sizeof(T); i-- > 0;) u = U((u << 8) | p[i]);
  T v;
  std::memcpy(&v, &u, sizeof v);
  return v;
}

// Appends a T (integer or float) little endian.
template <class T>
void append_le(std::vector<uint8_t>& out, T v) {
  static_assert(std::is_arithmetic_v<T>, "numbers only");
  uint8_t b[sizeof(T)];
  std::memcpy(b, &v, sizeof v);
  // Hosts we build for (x86, arm64, wasm) are little endian; spell it out for the others.
  const uint16_t probe = 1;
  uint8_t first;
  std::memcpy(&first, &probe, 1);
  for (size_t i = 0; i < sizeof(T); ++i) out.push_back(first ? b[i] : b[sizeof(T) - 1 - i]);
}

}  // namespace bertwasm
