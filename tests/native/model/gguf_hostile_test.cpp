// Broken and hostile GGUF model files (the reader's own cases are in tests/native/formats): each
// must give a clean error naming the key, tensor or offset at fault, never a crash or an absurd
// allocation. Built from a small model exported by convert_to_gguf, then rewritten or cut.
#include <gtest/gtest.h>

#include <cstring>

#include "api/model.h"
#include "gguf_test_files.h"
#include "model/gguf_export.h"
#include "model/gguf_keys.h"

namespace bertwasm::test {
namespace {

namespace k = gguf_keys;

const Bytes& small_gguf() {
  static const Bytes bytes = [] {
    auto r = convert_to_gguf(small_hf_model(), DType::q8_0);
    EXPECT_TRUE(r.ok()) << r.status().to_string();
    return r.ok() ? std::move(r).value() : Bytes{};
  }();
  return bytes;
}

Status load_status(const Bytes& gguf) {
  auto m = BertModel::from_gguf(gguf.data(), gguf.size(), LoadOptions{});
  return m.status();
}

// The load fails with `code` and a message holding `needle`.
void expect_error(const Bytes& gguf, ErrorCode code, const std::string& needle) {
  const Status s = load_status(gguf);
  ASSERT_FALSE(s.ok()) << "loaded, expected an error about " << needle;
  EXPECT_EQ(s.code(), code) << s.to_string();
  EXPECT_NE(s.message().find(needle), std::string::npos) << s.to_string();
}

Bytes without_key(const std::string& key) {
  return rewrite_gguf(small_gguf(), {[&](const GgufKv& kv) { return kv.key != key; }, nullptr, nullptr});
}

Bytes with_kvs(std::function<void(GgufWriter&)> edit) { return rewrite_gguf(small_gguf(), {nullptr, std::move(edit), nullptr}); }

Bytes with_tensor(const std::string& name, std::function<bool(GgufEdit::Tensor&)> edit) {
  return rewrite_gguf(small_gguf(), {nullptr, nullptr, [&](const std::string& n, GgufEdit::Tensor& t) {
                                       return n == name ? edit(t) : true;
                                     }});
}

TEST(GgufHostile, TheSmallModelLoads) {
  ASSERT_FALSE(small_gguf().empty());
  EXPECT_TRUE(load_status(small_gguf()).ok()) << load_status(small_gguf()).to_string();
  EXPECT_TRUE(load_status(rewrite_gguf(small_gguf(), {})).ok());  // the rewriter itself is faithful
}

TEST(GgufHostile, BadMagicAndVersion) {
  Bytes bad = small_gguf();
  bad[0] = 'X';
  expect_error(bad, ErrorCode::format, "magic");
  Bytes v9 = small_gguf();
  v9[4] = 9;
  expect_error(v9, ErrorCode::unsupported, "version");
}

TEST(GgufHostile, MissingBertKeys) {
  for (const char* key : {k::kArchitecture, k::kEmbeddingLength, k::kBlockCount, k::kHeadCount,
                          k::kFeedForwardLength, k::kContextLength, k::kLayerNormEps}) {
    SCOPED_TRACE(key);
    expect_error(without_key(key), ErrorCode::format, key);
  }
}

TEST(GgufHostile, MistypedAndAbsurdValues) {
  expect_error(with_kvs([](GgufWriter& w) { w.set_string(k::kBlockCount, "two"); }), ErrorCode::format, k::kBlockCount);
  expect_error(with_kvs([](GgufWriter& w) { w.set_u32(k::kBlockCount, 4000000000u); }), ErrorCode::format, k::kBlockCount);
  expect_error(with_kvs([](GgufWriter& w) { w.set_u64(k::kEmbeddingLength, uint64_t(1) << 40); }), ErrorCode::format,
               k::kEmbeddingLength);
  expect_error(with_kvs([](GgufWriter& w) { w.set_i64(k::kContextLength, -5); }), ErrorCode::format, k::kContextLength);
  expect_error(with_kvs([](GgufWriter& w) { w.set_u32(k::kHeadCount, 5); }), ErrorCode::format, "not a multiple");
  expect_error(with_kvs([](GgufWriter& w) { w.set_f32(k::kLayerNormEps, -1.0f); }), ErrorCode::format, k::kLayerNormEps);
  expect_error(with_kvs([](GgufWriter& w) { w.set_u32(k::kMaxLength, 100000); }), ErrorCode::format, k::kMaxLength);
  expect_error(with_kvs([](GgufWriter& w) { w.set_string(k::kPooling, "max"); }), ErrorCode::format, k::kPooling);
  // A huge context length with the model's small position table: the tensor check catches it
  // before anything of that size is allocated.
  expect_error(with_kvs([](GgufWriter& w) { w.set_u32(k::kContextLength, 65536); }), ErrorCode::format,
               "position_embd.weight");
}

TEST(GgufHostile, UnsupportedModels) {
  expect_error(with_kvs([](GgufWriter& w) { w.set_string(k::kArchitecture, "llama"); }), ErrorCode::unsupported, "llama");
  expect_error(with_kvs([](GgufWriter& w) { w.set_bool(k::kCausal, true); }), ErrorCode::unsupported, k::kCausal);
}

TEST(GgufHostile, TensorOfTheWrongShapeOrTypeForItsRole) {
  expect_error(with_tensor("blk.0.ffn_up.weight", [](GgufEdit::Tensor& t) { std::swap(t.dims[0], t.dims[1]); return true; }),
               ErrorCode::format, "blk.0.ffn_up.weight");
  expect_error(with_tensor("token_embd_norm.bias", [](GgufEdit::Tensor& t) { t.dims = {16, 2}; return true; }),
               ErrorCode::format, "token_embd_norm.bias");
  // A LayerNorm weight in Q8_0 blocks (32 values: one 34-byte block).
  expect_error(with_tensor("blk.0.attn_output_norm.weight",
                           [](GgufEdit::Tensor& t) { t.type = kGgmlQ8_0; t.data.assign(34, 0); return true; }),
               ErrorCode::unsupported, "blk.0.attn_output_norm.weight");
  expect_error(with_tensor("blk.0.attn_k.weight", [](GgufEdit::Tensor&) { return false; }), ErrorCode::format,
               "missing tensor blk.0.attn_k.weight");
}

TEST(GgufHostile, VocabularySizeMismatch) {
  // 16 tokens; the embedding table has 16 rows.
  expect_error(with_kvs([](GgufWriter& w) { w.set_u32(k::kVocabSize, 15); }), ErrorCode::format, "vocab size mismatch");
  expect_error(with_kvs([](GgufWriter& w) { w.set_u32(k::kVocabSize, 17); }), ErrorCode::format, "token_embd.weight");
  // llama.cpp's form, one token more than the embedding table has rows.
  const Bytes seventeen = rewrite_gguf(
      small_gguf(), {[](const GgufKv& kv) { return kv.key.rfind("bertwasm.tokenizer.", 0) != 0 && kv.key != k::kVocabSize; },
                     [](GgufWriter& w) {
                       std::vector<std::string> tokens = {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"};
                       for (int i = 5; i < 17; ++i) tokens.push_back("\xe2\x96\x81t" + std::to_string(i));
                       w.set_string_array(k::kTokens, tokens);
                       std::vector<int32_t> types(17, 1);
                       std::fill(types.begin(), types.begin() + 5, 3);
                       w.set_i32_array(k::kTokenTypes, types);
                     },
                     nullptr});
  expect_error(seventeen, ErrorCode::format, "vocab size mismatch: tensor token_embd.weight has 16 rows");
}

TEST(GgufHostile, BrokenTokenizers) {
  expect_error(with_kvs([](GgufWriter& w) { w.set_u32(k::kModelSize, 99); }), ErrorCode::format, k::kModelSize);
  expect_error(with_kvs([](GgufWriter& w) { w.set_i32_array(k::kAddedIds, {0}); }), ErrorCode::format, "different lengths");
  expect_error(with_kvs([](GgufWriter& w) {
                 w.set_i32_array(k::kAddedIds, {0});
                 w.set_string_array(k::kAddedContents, {"[CLS]"});
                 w.set_array(k::kAddedFlags, GgufType::u8, "\x01", 1);
               }),
               ErrorCode::format, "[CLS]");
  expect_error(with_kvs([](GgufWriter& w) { w.set_string(k::kClsToken, "<s>"); }), ErrorCode::format, "<s>");
  // llama.cpp's form (no bertwasm.tokenizer.vocab): its keys are checked the same way.
  auto llama_only = [](std::function<void(GgufWriter&)> edit) {
    return rewrite_gguf(small_gguf(), {[](const GgufKv& kv) { return kv.key.rfind("bertwasm.tokenizer.", 0) != 0; },
                                       std::move(edit), nullptr});
  };
  EXPECT_TRUE(load_status(llama_only(nullptr)).ok()) << load_status(llama_only(nullptr)).to_string();
  expect_error(llama_only([](GgufWriter& w) { w.set_string(k::kTokenizerModel, "gpt2"); }), ErrorCode::unsupported, "gpt2");
  expect_error(llama_only([](GgufWriter& w) { w.set_u32(k::kClsId, 1000); }), ErrorCode::format, k::kClsId);
  expect_error(llama_only([](GgufWriter& w) { w.set_i32_array(k::kTokenTypes, {1, 1}); }), ErrorCode::format, k::kTokenTypes);
  expect_error(rewrite_gguf(small_gguf(), {[](const GgufKv& kv) { return kv.key.rfind("bertwasm.tokenizer.", 0) != 0 &&
                                                                         kv.key != k::kTokens; },
                                          nullptr, nullptr}),
               ErrorCode::format, k::kTokens);
}

// Offsets point past the end or into another tensor: the reader refuses, the model names it.
TEST(GgufHostile, TensorOffsetPastTheEnd) {
  Bytes bad = small_gguf();
  auto file = GgufFile::parse(bad.data(), bad.size(), "model.gguf");
  ASSERT_TRUE(file.ok());
  const std::string name = "blk.0.ffn_up.weight";
  auto at = std::search(bad.begin(), bad.begin() + ptrdiff_t(file->data_offset()), name.begin(), name.end());
  ASSERT_NE(at, bad.begin() + ptrdiff_t(file->data_offset()));
  // name | u32 n_dims = 2 | u64 ne[2] | u32 type | u64 offset
  const size_t offset_at = size_t(at - bad.begin()) + name.size() + 4 + 16 + 4;
  const uint64_t past_end = uint64_t(bad.size()) * 2 / 32 * 32;
  std::memcpy(bad.data() + offset_at, &past_end, 8);
  expect_error(bad, ErrorCode::format, name);
}

// Every cut of the file before the end of its last tensor fails cleanly; the padding after it
// may go.
TEST(GgufHostile, TruncatedAtEveryByte) {
  const Bytes& whole = small_gguf();
  auto file = GgufFile::parse(whole.data(), whole.size(), "model.gguf");
  ASSERT_TRUE(file.ok());
  size_t data_end = 0;
  for (const GgufTensor& t : file->tensors()) data_end = std::max(data_end, size_t(file->data_offset() + t.offset + t.byte_size));
  int failures = 0;
  for (size_t n = 0; n < whole.size(); ++n) {
    const Status s = load_status(Bytes(whole.begin(), whole.begin() + ptrdiff_t(n)));
    if (n < data_end) {
      failures += s.ok() || s.code() != ErrorCode::format;
      if (s.ok() || s.code() != ErrorCode::format) ADD_FAILURE() << "cut at " << n << ": " << s.to_string();
    } else {
      EXPECT_TRUE(s.ok()) << "cut at " << n << " (padding only): " << s.to_string();
    }
    if (failures > 5) break;
  }
}

}  // namespace
}  // namespace bertwasm::test
