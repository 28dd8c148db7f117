// GGUF reader: a small hand-assembled file read back field by field, typed getters, and hostile
// files in the manner of llama.cpp's tests/test-gguf.cpp (each must fail cleanly, naming the key,
// tensor or byte offset at fault).
#include "formats/gguf.h"

#include <gtest/gtest.h>

#include "corruption.h"

#include "formats/gguf_bytes.h"

namespace bertwasm {
namespace {

using test::Bytes;

Result<GgufFile> parse(const std::vector<uint8_t>& bytes) {
  return GgufFile::parse(bytes.data(), bytes.size(), "t.gguf");
}

void expect_error(const Status& s, ErrorCode code, std::vector<const char*> parts) {
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), code) << s.to_string();
  EXPECT_NE(s.message().find("t.gguf"), std::string::npos) << s.to_string();
  for (const char* p : parts) EXPECT_NE(s.message().find(p), std::string::npos) << s.to_string();
}

// Header with the given counts, ready for key/values.
Bytes header(uint64_t n_tensors, uint64_t n_kv) {
  Bytes f;
  f.raw({'G', 'G', 'U', 'F'}).u32(3).u64(n_tensors).u64(n_kv);
  return f;
}

// A file with no key/values and one tensor info as given, plus `data` bytes of data section.
std::vector<uint8_t> one_tensor(const std::string& name, std::vector<uint64_t> dims, uint32_t type,
                                uint64_t offset, size_t data) {
  Bytes f = header(1, 0);
  f.tensor_info(name, dims, type, offset).pad(32);
  f.b.resize(f.b.size() + data, 0xab);
  return f.b;
}

TEST(Gguf, ReadsASmallFileFieldByField) {
  const auto bytes = test::small_gguf(true);
  auto file = parse(bytes);
  ASSERT_TRUE(file.ok()) << file.status().to_string();
  EXPECT_EQ(file->version(), 3u);
  EXPECT_EQ(file->alignment(), 32u);
  EXPECT_EQ(file->data_offset() % 32, 0u);

  ASSERT_EQ(file->kvs().size(), 3u);
  EXPECT_EQ(file->kvs()[0].key, "general.architecture");
  EXPECT_EQ(*file->get_string("general.architecture"), "bert");
  EXPECT_EQ(*file->get_u32("bert.block_count"), 2u);
  EXPECT_EQ(*file->get_integer("bert.block_count"), 2);
  EXPECT_EQ(*file->get_string_array("tokenizer.ggml.tokens"),
            (std::vector<std::string>{"[PAD]", "a"}));
  const GgufKv* tokens = file->find_kv("tokenizer.ggml.tokens");
  ASSERT_NE(tokens, nullptr);
  EXPECT_EQ(tokens->type, GgufType::array);
  EXPECT_EQ(tokens->array_type, GgufType::string);
  EXPECT_EQ(tokens->count, 2u);
  EXPECT_FALSE(file->has("general.name"));

  ASSERT_EQ(file->tensors().size(), 2u);
  const GgufTensor* w = file->find_tensor("w");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->type, kGgmlQ8_0);
  EXPECT_EQ(w->dims, (std::vector<int64_t>{32, 2}));
  EXPECT_EQ(w->element_count(), 64);
  EXPECT_EQ(w->byte_size, 68u);
  EXPECT_EQ(std::vector<uint8_t>(w->data, w->data + w->byte_size), test::small_w_bytes());
  EXPECT_EQ((w->data - bytes.data()) % 32, 0);
  const GgufTensor* b = file->find_tensor("b");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->offset, 96u);
  EXPECT_EQ(std::vector<uint8_t>(b->data, b->data + b->byte_size), test::small_b_bytes());
  EXPECT_EQ(file->find_tensor("c"), nullptr);
}

TEST(Gguf, AcceptsVersion2AndFilesWithoutTensors) {
  auto bytes = test::small_gguf(false);
  bytes[4] = 2;
  auto file = parse(bytes);
  ASSERT_TRUE(file.ok()) << file.status().to_string();
  EXPECT_EQ(file->version(), 2u);

  Bytes f = header(0, 1);
  f.str("general.name").u32(8).str("x");
  file = parse(f.b);
  ASSERT_TRUE(file.ok()) << file.status().to_string();
  EXPECT_TRUE(file->tensors().empty());
  EXPECT_EQ(*file->get_string("general.name"), "x");
}

TEST(Gguf, GettersNameTheKeyOnMissingOrWrongType) {
  auto file = parse(test::small_gguf(true));
  ASSERT_TRUE(file.ok());
  expect_error(file->get_u32("bert.nope").status(), ErrorCode::format,
               {"missing key 'bert.nope'"});
  expect_error(file->get_u32("general.architecture").status(), ErrorCode::format,
               {"'general.architecture'", "has type string, expected u32"});
  expect_error(file->get_i32("bert.block_count").status(), ErrorCode::format,
               {"'bert.block_count'", "u32", "i32"});
  expect_error(file->get_f32("bert.block_count").status(), ErrorCode::format, {"f32"});
  expect_error(file->get_string("bert.block_count").status(), ErrorCode::format, {"string"});
  expect_error(file->get_string_array("bert.block_count").status(), ErrorCode::format,
               {"'bert.block_count'", "expected array of string"});
  expect_error(file->get_i32_array("tokenizer.ggml.tokens").status(), ErrorCode::format,
               {"array of string", "expected array of i32"});
  expect_error(file->get_integer("general.architecture").status(), ErrorCode::format,
               {"expected an integer"});
  expect_error(file->get_bool("tokenizer.ggml.tokens").status(), ErrorCode::format, {"bool"});
}

TEST(Gguf, EveryTruncationIsACleanFormatError) {
  const auto bytes = test::small_gguf(false);
  for (size_t n = 0; n < bytes.size(); ++n) {
    SCOPED_TRACE(n);
    const std::vector<uint8_t> cut(bytes.begin(), bytes.begin() + n);
    expect_error(parse(cut).status(), ErrorCode::format, {});
  }
  ASSERT_TRUE(parse(bytes).ok());
}

TEST(Gguf, RejectsBadHeaders) {
  auto bytes = test::small_gguf(true);
  auto bad = bytes;
  bad[0] = 'g';
  expect_error(parse(bad).status(), ErrorCode::format, {"magic"});

  for (uint32_t version : {0u, 1u, 4u, 0x03000000u}) {
    Bytes f;
    f.raw({'G', 'G', 'U', 'F'}).u32(version).u64(0).u64(0);
    expect_error(parse(f.b).status(), ErrorCode::unsupported,
                 {("version " + std::to_string(version)).c_str()});
  }
  Bytes big_endian;
  big_endian.raw({'G', 'G', 'U', 'F', 0, 0, 0, 3});
  expect_error(parse(big_endian.b).status(), ErrorCode::unsupported, {"big-endian"});

  expect_error(parse(header(uint64_t(1) << 63, 0).b).status(), ErrorCode::format,
               {"tensor count 9223372036854775808", "absurd"});
  expect_error(parse(header(0, uint64_t(1) << 40).b).status(), ErrorCode::format,
               {"key/value count", "absurd"});
  Bytes many = header(0, 1000);  // more than fit in the bytes that follow
  many.b.resize(many.b.size() + 1000 * 12);
  expect_error(parse(many.b).status(), ErrorCode::format, {"key/value count 1000", "absurd"});
}

TEST(Gguf, RejectsBadKeyValues) {
  struct Case {
    const char* what;
    Bytes file;
    std::vector<const char*> parts;
  };
  std::vector<Case> cases;
  cases.push_back({"absurd key length", header(0, 1).u64(uint64_t(1) << 62).u32(4).u32(1),
                   {"key/value #0 key", "at byte 24", "string length 4611686018427387904"}});
  cases.push_back({"unknown type", header(0, 1).str("k.x").u32(13).u32(1),
                   {"key 'k.x'", "unknown value type 13", "at byte 35"}});
  cases.push_back({"array of arrays", header(0, 1).str("k.x").u32(9).u32(9).u64(1),
                   {"key 'k.x'", "arrays of arrays"}});
  cases.push_back({"unknown element type", header(0, 1).str("k.x").u32(9).u32(77).u64(1),
                   {"key 'k.x'", "unknown array element type 77"}});
  cases.push_back({"absurd u32 array", header(0, 1).str("k.x").u32(9).u32(4).u64(1ull << 61).u32(0),
                   {"key 'k.x'", "2305843009213693952 values of type u32"}});
  cases.push_back({"absurd string array", header(0, 1).str("k.x").u32(9).u32(8).u64(1ull << 40).str("a"),
                   {"key 'k.x'", "strings cannot fit"}});
  cases.push_back({"string past the end", header(0, 1).str("k.x").u32(8).u64(100).u32(0),
                   {"key 'k.x'", "string length 100"}});
  cases.push_back({"bad bool", header(0, 1).str("k.x").u32(7).u8(2),
                   {"key 'k.x'", "boolean value 2"}});
  cases.push_back({"duplicate key", header(0, 2).str("k.x").u32(4).u32(1).str("k.x").u32(4).u32(2),
                   {"key 'k.x'", "duplicate key"}});
  cases.push_back({"alignment type", header(0, 1).str("general.alignment").u32(10).u64(32),
                   {"general.alignment", "must be u32, not u64"}});
  cases.push_back({"alignment zero", header(0, 1).str("general.alignment").u32(4).u32(0),
                   {"general.alignment 0", "power of two"}});
  cases.push_back({"alignment 48", header(0, 1).str("general.alignment").u32(4).u32(48),
                   {"general.alignment 48", "power of two"}});
  cases.push_back({"unprintable key", header(0, 1).str(std::string("k\n\xff", 3)).u32(13),
                   {"key 'k?" "?'"}});
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    expect_error(parse(c.file.b).status(), ErrorCode::format, c.parts);
  }
}

TEST(Gguf, RejectsBadTensorInfos) {
  struct Case {
    const char* what;
    std::vector<uint8_t> file;
    ErrorCode code;
    std::vector<const char*> parts;
  };
  const std::string long_name(64, 'n');
  const Case cases[] = {
      {"empty name", one_tensor("", {4}, 0, 0, 16), ErrorCode::format, {"name length 0"}},
      {"long name", one_tensor(long_name, {4}, 0, 0, 16), ErrorCode::format, {"name length 64"}},
      {"no dims", one_tensor("t", {}, 0, 0, 16), ErrorCode::format, {"tensor 't'", "n_dims 0"}},
      {"5 dims", one_tensor("t", {1, 1, 1, 1, 1}, 0, 0, 16), ErrorCode::format,
       {"tensor 't'", "n_dims 5"}},
      {"negative dim", one_tensor("t", {uint64_t(1) << 63}, 0, 0, 16), ErrorCode::format,
       {"tensor 't'", "dimension 9223372036854775808"}},
      {"overflowing dims", one_tensor("t", {1ull << 32, 1ull << 32, 1ull << 32}, 0, 0, 16),
       ErrorCode::format, {"tensor 't'", "overflows"}},
      {"huge dims", one_tensor("t", {1ull << 20, 1ull << 20}, 0, 0, 16), ErrorCode::format,
       {"tensor 't'", "4398046511104 bytes exceed the file size"}},
      {"unknown type", one_tensor("t", {32}, 12, 0, 256), ErrorCode::unsupported,
       {"tensor 't'", "ggml type 12 (Q4_K)"}},
      {"retired type", one_tensor("t", {32}, 4, 0, 256), ErrorCode::unsupported,
       {"tensor 't'", "ggml type 4 (type 4)"}},
      {"partial block", one_tensor("t", {33, 2}, 8, 0, 256), ErrorCode::format,
       {"tensor 't'", "row length 33", "multiple of 32"}},
      {"unaligned offset", one_tensor("t", {4}, 0, 8, 64), ErrorCode::format,
       {"tensor 't'", "offset 8", "alignment 32"}},
      {"past the end", one_tensor("t", {4}, 0, 32, 40), ErrorCode::format,
       {"tensor 't'", "bytes 32..48", "past the end"}},
      {"huge offset", one_tensor("t", {4}, 0, ~uint64_t(31), 40), ErrorCode::format,
       {"tensor 't'", "past the end"}},
      {"no data section", one_tensor("t", {4}, 0, 0, 0), ErrorCode::format, {"tensor 't'"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    expect_error(parse(c.file).status(), c.code, c.parts);
  }
}

TEST(Gguf, RejectsOverlappingAndDuplicateTensors) {
  // a: F32 [32] = data bytes 0..128; b: F32 [8] at `b_offset`.
  auto two = [](const std::string& b_name, uint64_t b_offset) {
    Bytes f = header(2, 0);
    f.tensor_info("a", {32}, 0, 0).tensor_info(b_name, {8}, 0, b_offset).pad(32);
    f.b.resize(f.b.size() + 256);
    return f.b;
  };
  ASSERT_TRUE(parse(two("b", 128)).ok());
  expect_error(parse(two("b", 96)).status(), ErrorCode::format,
               {"tensor 'b'", "data offset 96", "overlaps tensor 'a'", "0..128"});
  expect_error(parse(two("a", 128)).status(), ErrorCode::format,
               {"tensor 'a'", "duplicate tensor name"});
}

TEST(Gguf, HonoursALargerAlignment) {
  Bytes f = header(1, 1);
  f.str("general.alignment").u32(4).u32(64);
  f.tensor_info("t", {4}, 0, 0).pad(64);
  f.b.resize(f.b.size() + 16, 7);
  auto file = parse(f.b);
  ASSERT_TRUE(file.ok()) << file.status().to_string();
  EXPECT_EQ(file->alignment(), 64u);
  EXPECT_EQ(file->data_offset() % 64, 0u);
  EXPECT_EQ(file->find_tensor("t")->data[0], 7);

  Bytes misaligned = header(1, 1);  // offset 32 is fine for 32, not for 64
  misaligned.str("general.alignment").u32(4).u32(64);
  misaligned.tensor_info("t", {4}, 0, 32).pad(64);
  misaligned.b.resize(misaligned.b.size() + 64);
  expect_error(parse(misaligned.b).status(), ErrorCode::format,
               {"tensor 't'", "offset 32", "alignment 64"});
}

// Random byte flips of a valid file: parsing must succeed or fail cleanly, never read out of
// bounds (run under AddressSanitizer natively to catch the latter).
TEST(Gguf, SurvivesRandomCorruption) {
  const auto good = test::small_gguf(true);
  int failures = 0;
  test::for_each_corruption(good, 0x9e3779b97f4a7c15ull, 4, 20000, [&](const std::vector<uint8_t>& bytes) {
    auto file = parse(bytes);
    if (!file.ok()) {
      ++failures;
      return;
    }
    for (const GgufTensor& t : file->tensors()) {
      ASSERT_GE(t.data, bytes.data());
      ASSERT_LE(t.data + t.byte_size, bytes.data() + bytes.size());
    }
  });
  EXPECT_GT(failures, 0);
}

}  // namespace
}  // namespace bertwasm
