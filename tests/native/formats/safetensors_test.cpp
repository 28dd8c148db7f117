// safetensors reader: the shared checkpoints (checked against their manifests) and small files
// built here byte by byte, valid and broken.
#include "formats/safetensors.h"

#include <cstring>

#include <gtest/gtest.h>

#include "corruption.h"

#include "test_support.h"
#include "util/file.h"

namespace bertwasm {
namespace {

// u64 header length + header text + data bytes.
std::vector<uint8_t> make_file(const std::string& header, const std::vector<uint8_t>& data) {
  std::vector<uint8_t> out;
  out.reserve(8 + header.size() + data.size());
  const uint64_t n = header.size();
  for (int i = 0; i < 8; ++i) out.push_back(uint8_t(n >> (8 * i)));
  out.insert(out.end(), header.begin(), header.end());
  out.insert(out.end(), data.begin(), data.end());
  return out;
}

Result<SafetensorsFile> parse(const std::vector<uint8_t>& bytes) {
  return SafetensorsFile::parse(bytes.data(), bytes.size(), "test.safetensors");
}

// Expects a failure with `code` whose message contains every string of `parts`.
void expect_error(const Status& s, ErrorCode code, std::vector<const char*> parts) {
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), code) << s.to_string();
  for (const char* p : parts) EXPECT_NE(s.message().find(p), std::string::npos) << s.to_string();
}

TEST(Safetensors, ReadsEverySharedCheckpointAsItsManifestDescribes) {
  for (const std::string& model : test::model_names()) {
    SCOPED_TRACE(model);
    auto manifest = test::read_json(test::shared_path("models/" + model + "/fixture_manifest.json"));
    auto bytes = read_file_bytes(test::shared_path("models/" + model + "/model.safetensors"));
    ASSERT_TRUE(bytes.ok()) << bytes.status().to_string();
    auto file = SafetensorsFile::parse(bytes->data(), bytes->size(), "model.safetensors");
    ASSERT_TRUE(file.ok()) << file.status().to_string();

    EXPECT_EQ(file->tensors().size(), manifest["tensors"].get<size_t>());
    int64_t params = 0;
    for (const TensorView& t : file->tensors()) {
      EXPECT_EQ(t.dtype, manifest["dtype"].get<std::string>()) << t.name;
      EXPECT_EQ(t.byte_size, size_t(t.element_count()) * (t.dtype == "F32" ? 4 : 2)) << t.name;
      EXPECT_GE(t.data, bytes->data());
      EXPECT_LE(t.data + t.byte_size, bytes->data() + bytes->size());
      params += t.element_count();
    }
    EXPECT_EQ(params, manifest["n_params"].get<int64_t>());
    EXPECT_EQ(file->metadata().at("format"), "pt");

    const auto& cfg = manifest["config"];
    const std::string prefix = model == "tiny" || model == "minilm-f16" ? "" : "bert.";
    const TensorView* emb = file->find(prefix + "embeddings.word_embeddings.weight");
    ASSERT_NE(emb, nullptr);
    EXPECT_EQ(emb->shape, (std::vector<int64_t>{cfg["vocab_size"].get<int64_t>(),
                                                cfg["hidden_size"].get<int64_t>()}));
    EXPECT_EQ(file->find("no.such.tensor"), nullptr);
  }
}

TEST(Safetensors, ViewsPointAtEachTensorsBytesInDataOrder) {
  // "b" comes first in the data though the JSON lists "a" first.
  std::vector<uint8_t> data(4 + 12 + 16);
  const float a[3] = {1.5f, -2.0f, 3.25f};
  std::memcpy(data.data() + 4, a, sizeof a);
  data[0] = 7;
  data[1] = 9;
  const std::string header =
      R"({"a":{"dtype":"F32","shape":[3],"data_offsets":[4,16]},)"
      R"("b":{"dtype":"BF16","shape":[1,2],"data_offsets":[0,4]},)"
      R"("pos":{"dtype":"I64","shape":[2],"data_offsets":[16,32]},)"
      R"("__metadata__":{"format":"pt","note":"x"}})";
  auto bytes = make_file(header, data);
  auto file = parse(bytes);
  ASSERT_TRUE(file.ok()) << file.status().to_string();
  ASSERT_EQ(file->tensors().size(), 3u);
  EXPECT_EQ(file->tensors()[0].name, "b");
  EXPECT_EQ(file->tensors()[1].name, "a");
  EXPECT_EQ(file->tensors()[2].name, "pos");

  const TensorView* ta = file->find("a");
  ASSERT_NE(ta, nullptr);
  EXPECT_EQ(ta->dtype, "F32");
  EXPECT_EQ(ta->shape, std::vector<int64_t>{3});
  ASSERT_EQ(ta->byte_size, 12u);
  float got[3];
  std::memcpy(got, ta->data, sizeof got);
  EXPECT_EQ(got[0], 1.5f);
  EXPECT_EQ(got[1], -2.0f);
  EXPECT_EQ(got[2], 3.25f);
  EXPECT_EQ(file->find("b")->data[1], 9);
  EXPECT_EQ(file->find("pos")->dtype, "I64");
  EXPECT_EQ(file->metadata().at("note"), "x");
}

TEST(Safetensors, KeepsDtypesItDoesNotKnowAndAcceptsEmptyTensors) {
  const std::string header =
      R"({"odd":{"dtype":"F4","shape":[4],"data_offsets":[0,2]},)"
      R"("none":{"dtype":"F32","shape":[0,5],"data_offsets":[2,2]},)"
      R"("s":{"dtype":"F32","shape":[],"data_offsets":[2,6]}})";
  auto file = parse(make_file(header, std::vector<uint8_t>(6)));
  ASSERT_TRUE(file.ok()) << file.status().to_string();
  EXPECT_EQ(file->find("odd")->byte_size, 2u);
  EXPECT_EQ(file->find("none")->byte_size, 0u);
  EXPECT_EQ(file->find("s")->element_count(), 1);
  EXPECT_EQ(safetensors_dtype_size("BF16"), 2u);
  EXPECT_EQ(safetensors_dtype_size("F4"), 0u);
}

TEST(Safetensors, RejectsBadHeaders) {
  std::vector<uint8_t> tiny = {1, 2, 3};
  expect_error(parse(tiny).status(), ErrorCode::format, {"test.safetensors", "too short"});

  auto huge = make_file("{}", {});
  huge[7] = 0x40;  // header length ~4.6e18
  expect_error(parse(huge).status(), ErrorCode::format, {"header length", "exceeds"});

  expect_error(parse(make_file("[1,2]", {})).status(), ErrorCode::format, {"not a JSON object"});
  expect_error(parse(make_file("{\"a\":", {})).status(), ErrorCode::format,
               {"test.safetensors header", "invalid JSON at byte"});
  expect_error(parse(make_file(R"({"__metadata__":{"k":1}})", {})).status(), ErrorCode::format,
               {"__metadata__", "\"k\""});
}

TEST(Safetensors, RejectsBadEntries) {
  struct Case {
    const char* header;
    size_t data;
    std::vector<const char*> parts;
  };
  const Case cases[] = {
      {R"({"w":{"shape":[1],"data_offsets":[0,4]}})", 4, {"\"w\"", "dtype"}},
      {R"({"w":{"dtype":5,"shape":[1],"data_offsets":[0,4]}})", 4, {"\"w\"", "dtype"}},
      {R"({"w":{"dtype":"f32 ","shape":[1],"data_offsets":[0,4]}})", 4, {"\"w\"", "malformed"}},
      {R"({"w":{"dtype":"F32","data_offsets":[0,4]}})", 4, {"\"w\"", "shape"}},
      {R"({"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}})", 4, {"\"w\"", "non-negative"}},
      {R"({"w":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}})", 4, {"\"w\"", "shape"}},
      {R"({"w":{"dtype":"F32","shape":[1]}})", 4, {"\"w\"", "data_offsets"}},
      {R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}})", 4, {"\"w\"", "reversed"}},
      {R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[0,8]}})", 4, {"\"w\"", "past the data"}},
      {R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}})", 4, {"\"w\"", "need 8 bytes"}},
      {R"({"w":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,4]}})", 4,
       {"\"w\"", "overflowing"}},
      {R"({"w":"x"})", 4, {"\"w\"", "object"}},
      {R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
       R"("b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})", 8, {"\"b\"", "overlaps"}},
      {R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})", 8, {"\"a\"", "no tensor"}},
      {R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})", 8, {"data section", "end at 4"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.header);
    expect_error(parse(make_file(c.header, std::vector<uint8_t>(c.data))).status(),
                 ErrorCode::format, c.parts);
  }
}

// A small valid file: two tensors tiling 20 data bytes.
std::vector<uint8_t> small_file() {
  const std::string header =
      R"({"__metadata__":{"format":"pt"},)"
      R"("w":{"dtype":"F16","shape":[2,2],"data_offsets":[0,8]},)"
      R"("b":{"dtype":"F32","shape":[3],"data_offsets":[8,20]}})";
  std::vector<uint8_t> data(20);
  for (size_t i = 0; i < data.size(); ++i) data[i] = uint8_t(i);
  return make_file(header, data);
}

TEST(Safetensors, EveryTruncationIsACleanFormatError) {
  const auto bytes = small_file();
  ASSERT_TRUE(parse(bytes).ok());
  for (size_t n = 0; n < bytes.size(); ++n) {
    SCOPED_TRACE(n);
    const std::vector<uint8_t> cut(bytes.begin(), bytes.begin() + n);
    expect_error(parse(cut).status(), ErrorCode::format, {"test.safetensors"});
  }
}

TEST(Safetensors, RejectsAbsurdHeaderLengthsWithoutAllocating) {
  for (uint64_t len : {uint64_t(1) << 63, ~uint64_t(0), uint64_t(200000000)}) {
    auto bytes = small_file();
    for (int i = 0; i < 8; ++i) bytes[i] = uint8_t(len >> (8 * i));
    expect_error(parse(bytes).status(), ErrorCode::format,
                 {"header length", std::to_string(len).c_str()});
  }
}

// Random byte flips of a valid file: parsing must succeed or fail cleanly, never read out of
// bounds (run under AddressSanitizer natively to catch the latter).
TEST(Safetensors, SurvivesRandomCorruption) {
  const auto good = small_file();
  int failures = 0;
  test::for_each_corruption(good, 0x2545f4914f6cdd1dull, 3, 20000, [&](const std::vector<uint8_t>& bytes) {
    auto file = parse(bytes);
    if (!file.ok()) {
      ++failures;
      EXPECT_EQ(file.status().code(), ErrorCode::format);
      return;
    }
    for (const TensorView& t : file->tensors()) {
      ASSERT_GE(t.data, bytes.data());
      ASSERT_LE(t.data + t.byte_size, bytes.data() + bytes.size());
    }
  });
  EXPECT_GT(failures, 0);
}

}  // namespace
}  // namespace bertwasm
