// GGUF writer: byte-exact against a hand-assembled file, round trips of every value type and
// tensor type through the reader, a real checkpoint converted and read back, and refusals.
#include "formats/gguf_writer.h"

#include <cmath>
#include <cstring>
#include <limits>

#include <gtest/gtest.h>

#include "formats/gguf.h"
#include "formats/gguf_bytes.h"
#include "formats/safetensors.h"
#include "test_support.h"
#include "util/file.h"

namespace bertwasm {
namespace {

Result<GgufFile> parse(const std::vector<uint8_t>& bytes) {
  return GgufFile::parse(bytes.data(), bytes.size(), "w.gguf");
}

std::vector<uint8_t> pattern(size_t n, uint8_t seed) {
  std::vector<uint8_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = uint8_t(seed + i * 13 + (i >> 8));
  return v;
}

TEST(GgufWriter, WritesExactlyTheHandAssembledLayout) {
  GgufWriter w;
  w.set_string("general.architecture", "bert");
  w.set_u32("bert.block_count", 2);
  w.set_string_array("tokenizer.ggml.tokens", {"[PAD]", "a"});
  const auto wq = test::small_w_bytes();
  ASSERT_TRUE(w.add_tensor("w", kGgmlQ8_0, {32, 2}, wq.data(), wq.size()).ok());
  ASSERT_TRUE(w.add_tensor("b", kGgmlF32, {3}, test::small_b_bytes()).ok());
  auto bytes = w.write();
  ASSERT_TRUE(bytes.ok()) << bytes.status().to_string();
  EXPECT_EQ(*bytes, test::small_gguf(/*trailing_pad=*/true));
}

TEST(GgufWriter, RoundTripsEveryValueType) {
  GgufWriter w;
  w.set_u8("t.u8", 255);
  w.set_i8("t.i8", -128);
  w.set_u16("t.u16", 65535);
  w.set_i16("t.i16", -32768);
  w.set_u32("t.u32", 4294967295u);
  w.set_i32("t.i32", std::numeric_limits<int32_t>::min());
  w.set_f32("t.f32", -0.1f);
  w.set_bool("t.true", true);
  w.set_bool("t.false", false);
  w.set_string("t.string", std::string("h\xc3\xa9llo\0x", 8));
  w.set_string("t.empty", "");
  w.set_u64("t.u64", std::numeric_limits<uint64_t>::max());
  w.set_i64("t.i64", std::numeric_limits<int64_t>::min());
  w.set_f64("t.f64", 1e-300);
  w.set_f32("t.inf", std::numeric_limits<float>::infinity());
  const std::vector<std::string> strings = {"", "##ing", "\xe2\x96\x81the", std::string(1000, 'x')};
  w.set_string_array("a.string", strings);
  w.set_string_array("a.empty", {});
  w.set_i32_array("a.i32", {-1, 0, 2147483647});
  w.set_u32_array("a.u32", {0, 4294967295u});
  w.set_f32_array("a.f32", {1.5f, -0.0f, 3e38f});
  const uint8_t u8s[] = {0, 7, 255};
  ASSERT_TRUE(w.set_array("a.u8", GgufType::u8, u8s, 3).ok());
  const int64_t i64s[] = {-5, std::numeric_limits<int64_t>::max()};
  ASSERT_TRUE(w.set_array("a.i64", GgufType::i64, i64s, 2).ok());
  const double f64s[] = {0.25, -1e200};
  ASSERT_TRUE(w.set_array("a.f64", GgufType::f64, f64s, 2).ok());
  const uint8_t bools[] = {1, 0, 1};
  ASSERT_TRUE(w.set_array("a.bool", GgufType::boolean, bools, 3).ok());
  const int16_t i16s[] = {-300, 300};
  ASSERT_TRUE(w.set_array("a.i16", GgufType::i16, i16s, 2).ok());

  auto bytes = w.write();
  ASSERT_TRUE(bytes.ok()) << bytes.status().to_string();
  auto f = parse(*bytes);
  ASSERT_TRUE(f.ok()) << f.status().to_string();
  EXPECT_EQ(*f->get_u8("t.u8"), 255);
  EXPECT_EQ(*f->get_i8("t.i8"), -128);
  EXPECT_EQ(*f->get_u16("t.u16"), 65535);
  EXPECT_EQ(*f->get_i16("t.i16"), -32768);
  EXPECT_EQ(*f->get_u32("t.u32"), 4294967295u);
  EXPECT_EQ(*f->get_i32("t.i32"), std::numeric_limits<int32_t>::min());
  EXPECT_EQ(*f->get_f32("t.f32"), -0.1f);
  EXPECT_TRUE(*f->get_bool("t.true"));
  EXPECT_FALSE(*f->get_bool("t.false"));
  EXPECT_EQ(*f->get_string("t.string"), std::string("h\xc3\xa9llo\0x", 8));
  EXPECT_EQ(*f->get_string("t.empty"), "");
  EXPECT_EQ(*f->get_u64("t.u64"), std::numeric_limits<uint64_t>::max());
  EXPECT_EQ(*f->get_i64("t.i64"), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(*f->get_f64("t.f64"), 1e-300);
  EXPECT_TRUE(std::isinf(*f->get_f32("t.inf")));
  EXPECT_EQ(*f->get_string_array("a.string"), strings);
  EXPECT_TRUE(f->get_string_array("a.empty")->empty());
  EXPECT_EQ(*f->get_i32_array("a.i32"), (std::vector<int32_t>{-1, 0, 2147483647}));
  EXPECT_EQ(*f->get_u32_array("a.u32"), (std::vector<uint32_t>{0, 4294967295u}));
  auto f32s = *f->get_f32_array("a.f32");
  ASSERT_EQ(f32s.size(), 3u);
  EXPECT_EQ(f32s[0], 1.5f);
  EXPECT_TRUE(std::signbit(f32s[1]));
  EXPECT_EQ(f32s[2], 3e38f);
  EXPECT_EQ(*f->get_u8_array("a.u8"), (std::vector<uint8_t>{0, 7, 255}));
  EXPECT_EQ(*f->get_i64_array("a.i64"),
            (std::vector<int64_t>{-5, std::numeric_limits<int64_t>::max()}));
  EXPECT_EQ(*f->get_f64_array("a.f64"), (std::vector<double>{0.25, -1e200}));
  EXPECT_EQ(*f->get_bool_array("a.bool"), (std::vector<bool>{true, false, true}));
  const GgufKv* i16 = f->find_kv("a.i16");
  ASSERT_NE(i16, nullptr);
  EXPECT_EQ(i16->array_type, GgufType::i16);
  EXPECT_EQ(i16->count, 2u);
  EXPECT_EQ(i16->data[0] | (i16->data[1] << 8), 0xfed4);  // -300 little endian

  // get_integer accepts every integer type.
  EXPECT_EQ(*f->get_integer("t.u8"), 255);
  EXPECT_EQ(*f->get_integer("t.i16"), -32768);
  EXPECT_EQ(*f->get_integer("t.i64"), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(f->get_integer("t.u64").status().code(), ErrorCode::format);  // 2^64-1 > int64
  EXPECT_EQ(f->kvs().size(), 25u);
}

TEST(GgufWriter, RoundTripsEveryTensorTypeAligned) {
  struct Case {
    const char* name;
    uint32_t type;
    std::vector<int64_t> dims;
    size_t bytes;
  };
  const Case cases[] = {
      {"f32", kGgmlF32, {3}, 12},
      {"f16", kGgmlF16, {5, 3}, 30},
      {"bf16", kGgmlBf16, {1, 1, 7}, 14},
      {"q8_0", kGgmlQ8_0, {64, 3}, 2 * 34 * 3},
      {"q4_0", kGgmlQ4_0, {96, 2, 1, 2}, 3 * 18 * 4},
      {"empty", kGgmlF32, {0, 4}, 0},
  };
  GgufWriter w;
  std::vector<std::vector<uint8_t>> payloads;
  for (const Case& c : cases) payloads.push_back(pattern(c.bytes, uint8_t(payloads.size() * 31)));
  for (size_t i = 0; i < payloads.size(); ++i) {
    const Case& c = cases[i];
    ASSERT_TRUE(w.add_tensor(c.name, c.type, c.dims, payloads[i].data(), c.bytes).ok()) << c.name;
  }
  EXPECT_EQ(w.tensor_count(), 6u);
  auto bytes = w.write();
  ASSERT_TRUE(bytes.ok()) << bytes.status().to_string();
  EXPECT_EQ(bytes->size() % 32, 0u);
  auto f = parse(*bytes);
  ASSERT_TRUE(f.ok()) << f.status().to_string();
  ASSERT_EQ(f->tensors().size(), 6u);
  for (size_t i = 0; i < payloads.size(); ++i) {
    const Case& c = cases[i];
    SCOPED_TRACE(c.name);
    const GgufTensor& t = f->tensors()[i];
    EXPECT_EQ(t.name, c.name);
    EXPECT_EQ(t.type, c.type);
    EXPECT_EQ(t.dims, c.dims);
    ASSERT_EQ(t.byte_size, c.bytes);
    EXPECT_EQ(std::vector<uint8_t>(t.data, t.data + t.byte_size), payloads[i]);
    EXPECT_EQ((t.data - bytes->data()) % 32, 0);
  }
}

TEST(GgufWriter, HonoursGeneralAlignmentAndKeyReplacement) {
  GgufWriter w;
  w.set_u32("general.alignment", 16);
  w.set_string("general.name", "first");
  w.set_u32("general.alignment", 64);  // replaces, keeps position 0
  ASSERT_TRUE(w.add_tensor("a", kGgmlF32, {3}, pattern(12, 1)).ok());
  ASSERT_TRUE(w.add_tensor("b", kGgmlF32, {3}, pattern(12, 2)).ok());
  auto bytes = w.write();
  ASSERT_TRUE(bytes.ok()) << bytes.status().to_string();
  auto f = parse(*bytes);
  ASSERT_TRUE(f.ok()) << f.status().to_string();
  EXPECT_EQ(f->alignment(), 64u);
  ASSERT_EQ(f->kvs().size(), 2u);
  EXPECT_EQ(f->kvs()[0].key, "general.alignment");
  EXPECT_EQ(f->find_tensor("b")->offset, 64u);
  EXPECT_EQ((f->find_tensor("b")->data - bytes->data()) % 64, 0);
}

TEST(GgufWriter, RefusesBadTensorsAndAlignment) {
  GgufWriter w;
  const auto data = pattern(256, 3);
  ASSERT_TRUE(w.add_tensor("ok", kGgmlF32, {4}, data.data(), 16).ok());
  struct Case {
    const char* what;
    std::string name;
    uint32_t type;
    std::vector<int64_t> dims;
    size_t bytes;
    ErrorCode code;
    const char* says;
  };
  const Case cases[] = {
      {"empty name", "", kGgmlF32, {4}, 16, ErrorCode::input, "name length 0"},
      {"long name", std::string(64, 'x'), kGgmlF32, {4}, 16, ErrorCode::input, "name length 64"},
      {"duplicate", "ok", kGgmlF32, {4}, 16, ErrorCode::input, "added twice"},
      {"no dims", "t", kGgmlF32, {}, 16, ErrorCode::input, "0 dims"},
      {"5 dims", "t", kGgmlF32, {1, 1, 1, 1, 4}, 16, ErrorCode::input, "5 dims"},
      {"size mismatch", "t", kGgmlF32, {5}, 16, ErrorCode::input, "need 20 bytes, got 16"},
      {"partial block", "t", kGgmlQ8_0, {31}, 34, ErrorCode::input, "row length 31"},
      {"negative dim", "t", kGgmlF32, {-4}, 16, ErrorCode::input, "negative"},
      {"unsupported", "t", 12, {256}, 144, ErrorCode::unsupported, "Q4_K"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    Status s = w.add_tensor(c.name, c.type, c.dims, data.data(), c.bytes);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.code(), c.code) << s.to_string();
    EXPECT_NE(s.message().find(c.says), std::string::npos) << s.to_string();
  }
  EXPECT_EQ(w.tensor_count(), 1u);

  const char* text = "x";
  EXPECT_EQ(w.set_array("a", GgufType::string, &text, 1).code(), ErrorCode::input);
  w.set_u32("general.alignment", 48);
  EXPECT_EQ(w.write().status().code(), ErrorCode::input);
  w.set_u64("general.alignment", 32);
  EXPECT_EQ(w.write().status().code(), ErrorCode::input);
  w.set_u32("general.alignment", 32);
  EXPECT_TRUE(w.write().ok());
}

// The tiny checkpoint's safetensors written to GGUF (ggml dim order) and read back unchanged.
TEST(GgufWriter, ConvertsASharedCheckpointLosslessly) {
  auto st_bytes = read_file_bytes(test::shared_path("models/tiny/model.safetensors"));
  ASSERT_TRUE(st_bytes.ok()) << st_bytes.status().to_string();
  auto st = SafetensorsFile::parse(st_bytes->data(), st_bytes->size(), "model.safetensors");
  ASSERT_TRUE(st.ok()) << st.status().to_string();

  GgufWriter w;
  w.set_string("general.architecture", "bert");
  for (const TensorView& t : st->tensors()) {
    ASSERT_EQ(t.dtype, "F32");
    std::vector<int64_t> ne(t.shape.rbegin(), t.shape.rend());
    if (ne.empty()) ne = {1};
    // GGUF names are at most 63 bytes; the HF names here are shorter.
    ASSERT_TRUE(w.add_tensor(t.name, kGgmlF32, ne, t.data, t.byte_size).ok()) << t.name;
  }
  auto bytes = w.write();
  ASSERT_TRUE(bytes.ok()) << bytes.status().to_string();
  auto g = parse(*bytes);
  ASSERT_TRUE(g.ok()) << g.status().to_string();
  ASSERT_EQ(g->tensors().size(), st->tensors().size());
  for (const TensorView& t : st->tensors()) {
    const GgufTensor* gt = g->find_tensor(t.name);
    ASSERT_NE(gt, nullptr) << t.name;
    EXPECT_EQ(gt->element_count(), t.element_count());
    ASSERT_EQ(gt->byte_size, t.byte_size);
    EXPECT_EQ(std::memcmp(gt->data, t.data, t.byte_size), 0) << t.name;
    EXPECT_EQ(gt->dims[0], t.shape.back()) << t.name;  // ne[0] is the row length
  }
}

}  // namespace
}  // namespace bertwasm
