// Hand assembly of GGUF bytes for the reader and writer tests: the layout spelled out field by
// field (independently of src/formats), so tests can build valid files and break them on purpose.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace bertwasm::test {

struct Bytes {
  std::vector<uint8_t> b;

  Bytes& u8(uint8_t v) { b.push_back(v); return *this; }
  Bytes& u32(uint32_t v) { for (int i = 0; i < 4; ++i) b.push_back(uint8_t(v >> (8 * i))); return *this; }
  Bytes& u64(uint64_t v) { for (int i = 0; i < 8; ++i) b.push_back(uint8_t(v >> (8 * i))); return *this; }
  Bytes& f32(float v) { uint32_t u; std::memcpy(&u, &v, 4); return u32(u); }
  Bytes& str(const std::string& s) { u64(s.size()); b.insert(b.end(), s.begin(), s.end()); return *this; }
  Bytes& raw(const std::vector<uint8_t>& v) { b.insert(b.end(), v.begin(), v.end()); return *this; }
  Bytes& pad(size_t alignment) { while (b.size() % alignment) b.push_back(0); return *this; }
  Bytes& tensor_info(const std::string& name, std::vector<uint64_t> dims, uint32_t type,
                     uint64_t offset) {
    str(name).u32(uint32_t(dims.size()));
    for (uint64_t d : dims) u64(d);
    return u32(type).u64(offset);
  }
};

// Tensor payloads of the small file: "w" is Q8_0 [32, 2] (2 blocks of 34 bytes), "b" is F32 [3].
inline std::vector<uint8_t> small_w_bytes() {
  std::vector<uint8_t> w(68);
  for (size_t i = 0; i < w.size(); ++i) w[i] = uint8_t(i * 7 + 1);
  return w;
}
inline std::vector<uint8_t> small_b_bytes() {
  Bytes b;
  b.f32(0.5f).f32(-1.0f).f32(2.0f);
  return b.b;
}

// A small valid GGUF v3 file: 3 key/values, 2 tensors. With `trailing_pad` the last tensor is
// padded to 32 like llama.cpp's writer does; without it every proper prefix is a broken file.
inline std::vector<uint8_t> small_gguf(bool trailing_pad) {
  Bytes f;
  f.raw({'G', 'G', 'U', 'F'}).u32(3).u64(2).u64(3);
  f.str("general.architecture").u32(8).str("bert");
  f.str("bert.block_count").u32(4).u32(2);
  f.str("tokenizer.ggml.tokens").u32(9).u32(8).u64(2).str("[PAD]").str("a");
  f.tensor_info("w", {32, 2}, 8, 0);
  f.tensor_info("b", {3}, 0, 96);
  f.pad(32).raw(small_w_bytes()).pad(32).raw(small_b_bytes());
  if (trailing_pad) f.pad(32);
  return f.b;
}

}  // namespace bertwasm::test
