// Hugging Face directory -> GGUF (each dtype) -> load, for every model of shared/models: the
// same configuration, tokenizer and defaults, the reference token ids for every text, and
// last_hidden_state / pooler output bitwise equal to loading the directory at the same dtype
// (for f32 that is loading it directly). Quantized files keep their blocks in memory.
#include <gtest/gtest.h>

#include "api/model.h"
#include "gguf_test_files.h"
#include "model/gguf_export.h"
#include "model_files.h"
#include "test_support.h"

namespace bertwasm::test {
namespace {

struct Case {
  std::string model;
  DType dtype;
};

class GgufRoundTrip : public ::testing::TestWithParam<Case> {};

std::unique_ptr<api::Model> load(const FileMap& files, std::optional<DType> storage) {
  auto m = api::Model::load(files, LoadOptions{storage, 1});
  EXPECT_TRUE(m.ok()) << m.status().to_string();
  return m.ok() ? std::move(m).value() : nullptr;
}

void expect_same_linear(const Linear& a, const Linear& b, const char* what) {
  ASSERT_EQ(a.w.n(), b.w.n()) << what;
  ASSERT_EQ(a.w.k(), b.w.k()) << what;
  std::vector<float> ra(size_t(a.w.k())), rb(size_t(b.w.k()));
  for (int r = 0; r < a.w.n(); ++r) {
    a.w.dequantize_row(r, ra.data());
    b.w.dequantize_row(r, rb.data());
    ASSERT_EQ(ra, rb) << what << " row " << r;
  }
  EXPECT_EQ(a.b, b.b) << what;
}

TEST_P(GgufRoundTrip, SameModelBitwise) {
  const auto [name, dtype] = GetParam();
  const FileMap files = read_model_files(name);
  const Bytes gguf = convert_shared_model(name, dtype);
  ASSERT_FALSE(gguf.empty());
  auto hf = load(files, dtype);
  auto back = load(gguf_file_map(gguf), std::nullopt);  // the file's own storage type
  ASSERT_TRUE(hf && back);

  EXPECT_EQ(back->storage(), dtype);
  EXPECT_EQ(back->weight_bytes(), hf->weight_bytes());
  const BertConfig &a = hf->config(), &b = back->config();
  EXPECT_EQ(b.architecture, a.architecture);
  EXPECT_EQ(b.vocab_size, a.vocab_size);
  EXPECT_EQ(b.hidden_size, a.hidden_size);
  EXPECT_EQ(b.num_layers, a.num_layers);
  EXPECT_EQ(b.num_heads, a.num_heads);
  EXPECT_EQ(b.intermediate_size, a.intermediate_size);
  EXPECT_EQ(b.max_position_embeddings, a.max_position_embeddings);
  EXPECT_EQ(b.type_vocab_size, a.type_vocab_size);
  EXPECT_EQ(b.pad_token_id, a.pad_token_id);
  EXPECT_EQ(b.layer_norm_eps, a.layer_norm_eps);
  EXPECT_EQ(b.labels, a.labels);
  EXPECT_EQ(b.problem_type, a.problem_type);
  EXPECT_EQ(back->embed_defaults().pooling, hf->embed_defaults().pooling);
  EXPECT_EQ(back->embed_defaults().normalize, hf->embed_defaults().normalize);
  EXPECT_EQ(back->embed_defaults().max_length, hf->embed_defaults().max_length);

  const Tokenizer &ta = hf->bert().tokenizer(), &tb = back->bert().tokenizer();
  EXPECT_EQ(tb.vocab(), ta.vocab());
  EXPECT_EQ(tb.model_size(), ta.model_size());
  EXPECT_EQ(tb.options().lowercase, ta.options().lowercase);
  EXPECT_EQ(tb.options().strip_accents, ta.options().strip_accents);
  EXPECT_EQ(tb.options().model_max_length, ta.options().model_max_length);
  ASSERT_EQ(tb.added_tokens().size(), ta.added_tokens().size());
  for (size_t i = 0; i < ta.added_tokens().size(); ++i) {
    EXPECT_EQ(tb.added_tokens()[i].content, ta.added_tokens()[i].content);
    EXPECT_EQ(tb.added_tokens()[i].id, ta.added_tokens()[i].id);
    EXPECT_EQ(tb.added_tokens()[i].normalized, ta.added_tokens()[i].normalized);
  }

  const HeadWeights &ha = hf->bert().heads(), &hb = back->bert().heads();
  EXPECT_EQ(hb.kind, ha.kind);
  ASSERT_EQ(bool(hb.mlm), bool(ha.mlm));
  if (ha.mlm) {
    expect_same_linear(ha.mlm->transform, hb.mlm->transform, "mlm transform");
    EXPECT_EQ(hb.mlm->norm.gamma, ha.mlm->norm.gamma);
    EXPECT_EQ(hb.mlm->bias, ha.mlm->bias);
  }
  for (auto [la, lb, what] : {std::tuple{&ha.nsp, &hb.nsp, "nsp"}, std::tuple{&ha.classifier, &hb.classifier, "classifier"},
                              std::tuple{&ha.qa, &hb.qa, "qa"}}) {
    ASSERT_EQ(bool(*lb), bool(*la)) << what;
    if (*la) expect_same_linear(**la, **lb, what);
  }

  for (const RefText& t : reference_texts(name)) {
    SCOPED_TRACE(t.id);
    const std::string_view pair = t.pair;
    auto x = hf->encode(t.text, t.has_pair ? &pair : nullptr);
    auto y = back->encode(t.text, t.has_pair ? &pair : nullptr);
    ASSERT_TRUE(x.ok() && y.ok()) << x.status().to_string() << y.status().to_string();
    EXPECT_EQ(y->encoding.ids, t.ids);
    EXPECT_EQ(y->encoding.type_ids, x->encoding.type_ids);
    EXPECT_EQ(y->encoding.offsets_utf16.size(), x->encoding.offsets_utf16.size());
    EXPECT_TRUE(y->last_hidden_state == x->last_hidden_state) << "last_hidden_state differs";
    EXPECT_TRUE(y->pooler_output == x->pooler_output) << "pooler output differs";
  }
}

std::vector<Case> cases() {
  std::vector<Case> out;
  for (const std::string& m : model_names())
    for (DType d : {DType::f32, DType::f16, DType::q8_0, DType::q4_0}) out.push_back({m, d});
  return out;
}

INSTANTIATE_TEST_SUITE_P(AllModels, GgufRoundTrip, ::testing::ValuesIn(cases()), [](const auto& info) {
  std::string n = info.param.model + "_" + dtype_name(info.param.dtype);
  for (char& c : n)
    if (!isalnum(static_cast<unsigned char>(c))) c = '_';
  return n;
});

TEST(GgufRoundTrip, QuantizedFilesStayQuantizedInMemory) {
  const Bytes q8 = convert_shared_model("minilm-f16", DType::q8_0);
  auto f32 = load(read_model_files("minilm-f16"), DType::f32);
  auto model = load(gguf_file_map(q8), std::nullopt);
  ASSERT_TRUE(f32 && model);
  EXPECT_EQ(model->storage(), DType::q8_0);
  // Q8_0 is 34 bytes per 32 weights; F32 128. Vectors and position tables stay F32.
  EXPECT_LT(double(model->weight_bytes()), 0.3 * double(f32->weight_bytes()));
}

TEST(GgufRoundTrip, ConvertingAGgufKeepsItsBlocks) {
  const Bytes q4 = convert_shared_model("tiny", DType::q4_0);
  auto again = convert_to_gguf(gguf_file_map(q4), DType::q4_0);
  ASSERT_TRUE(again.ok()) << again.status().to_string();
  EXPECT_EQ(*again, q4);  // blocks copied, keys rewritten identically
}

}  // namespace
}  // namespace bertwasm::test
