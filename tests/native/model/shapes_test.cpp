// Shapes the shared fixtures do not cover run without code changes: head sizes that are not a
// multiple of 4 (hidden 312 with 12 heads), one head, many layers, cased and Chinese
// vocabularies. The reference is the float64 NaiveBert, itself checked against the shared
// PyTorch references first.
#include <gtest/gtest.h>

#include <random>

#include "api/model.h"
#include "formats/npy.h"
#include "formats/safetensors.h"
#include "model_files.h"
#include "naive_bert.h"
#include "quant/fp16.h"
#include "test_support.h"

namespace bertwasm::test {
namespace {

constexpr double kMaxHiddenError = 1e-4;
constexpr double kMaxEmbeddingCosineGap = 1e-6;
constexpr double kNaiveVsReference = 1e-9;  // float64 vs float64

std::vector<double> tensor_values(const SafetensorsFile& file, const std::string& name) {
  const TensorView* t = file.find(name);
  if (!t) t = file.find("bert." + name);
  if (!t) {
    ADD_FAILURE() << "missing " << name;
    return {};
  }
  std::vector<double> v(t->byte_size / (t->dtype == "F32" ? 4 : 2));
  for (size_t i = 0; i < v.size(); ++i) {
    if (t->dtype == "F32") {
      float f;
      std::memcpy(&f, t->data + 4 * i, 4);
      v[i] = f;
    } else {
      uint16_t h;
      std::memcpy(&h, t->data + 2 * i, 2);
      v[i] = t->dtype == "F16" ? f16_to_f32(h) : bf16_to_f32(h);
    }
  }
  return v;
}

TEST(NaiveBert, AgreesWithSharedReferences) {
  for (const std::string name : {"tiny", "tiny-seqcls"}) {
    FileMap files = read_model_files(name);
    const std::string& st = files["model.safetensors"];
    auto file = SafetensorsFile::parse(reinterpret_cast<const uint8_t*>(st.data()), st.size(), "model.safetensors");
    ASSERT_TRUE(file.ok());
    NaiveBert naive{[&](const std::string& n) { return tensor_values(*file, n); }, 128, 2, 2, 512, 1e-12};
    const auto tokens = read_json(shared_path("models/" + name + "/reference/tokens.json"));
    for (size_t i = 0; i < tokens.size(); i += 7) {
      const std::string lhs_path = shared_path("models/" + name + "/reference/lhs/" + tokens[i]["lhs"].get<std::string>());
      const std::string bytes = read_text(lhs_path);
      auto lhs = parse_npy(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), lhs_path);
      ASSERT_TRUE(lhs.ok());
      const auto out = naive.forward(tokens[i]["input_ids"].get<std::vector<int>>(),
                                     tokens[i]["token_type_ids"].get<std::vector<int>>());
      ASSERT_EQ(out.size(), lhs->values.size());
      double worst = 0;
      for (size_t j = 0; j < out.size(); ++j) worst = std::max(worst, std::fabs(out[j] - lhs->values[j]));
      EXPECT_LE(worst, kNaiveVsReference) << name << " item " << i;
    }
  }
}

struct Shape {
  const char* name;
  int hidden, heads, layers, intermediate;
  const char* vocab;  // shared/vocab/...
  bool lowercase;
  std::vector<std::string> texts;
};

// A random BERT of `shape` in Hugging Face layout, with the given vocabulary.
FileMap synthetic_model(const Shape& s, std::map<std::string, F32Tensor>& tensors) {
  const std::string vocab = read_text(shared_path(std::string("vocab/") + s.vocab));
  const int vocab_size = int(std::count(vocab.begin(), vocab.end(), '\n'));
  std::mt19937 rng(1234);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  auto add = [&](const std::string& name, std::vector<int64_t> shape, float std, float mean = 0.0f) {
    F32Tensor t{shape, {}};
    size_t n = 1;
    for (int64_t d : shape) n *= size_t(d);
    t.values.resize(n);
    for (float& v : t.values) v = mean + std * normal(rng);
    tensors[name] = std::move(t);
  };
  const int h = s.hidden;
  add("embeddings.word_embeddings.weight", {vocab_size, h}, 0.05f);
  add("embeddings.position_embeddings.weight", {512, h}, 0.05f);
  add("embeddings.token_type_embeddings.weight", {2, h}, 0.05f);
  add("embeddings.LayerNorm.weight", {h}, 0.05f, 1.0f);
  add("embeddings.LayerNorm.bias", {h}, 0.02f);
  for (int l = 0; l < s.layers; ++l) {
    const std::string p = "encoder.layer." + std::to_string(l) + ".";
    for (const char* m : {"attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense"}) {
      add(p + m + ".weight", {h, h}, 0.08f);
      add(p + m + ".bias", {h}, 0.02f);
    }
    add(p + "intermediate.dense.weight", {s.intermediate, h}, 0.08f);
    add(p + "intermediate.dense.bias", {s.intermediate}, 0.02f);
    add(p + "output.dense.weight", {h, s.intermediate}, 0.08f);
    add(p + "output.dense.bias", {h}, 0.02f);
    for (const char* n : {"attention.output.LayerNorm", "output.LayerNorm"}) {
      add(p + n + ".weight", {h}, 0.05f, 1.0f);
      add(p + n + ".bias", {h}, 0.02f);
    }
  }
  nlohmann::json config = {{"architectures", {"BertModel"}}, {"model_type", "bert"}, {"hidden_size", h},
                           {"num_attention_heads", s.heads}, {"num_hidden_layers", s.layers},
                           {"intermediate_size", s.intermediate}, {"vocab_size", vocab_size},
                           {"max_position_embeddings", 512}, {"type_vocab_size", 2}, {"hidden_act", "gelu"},
                           {"layer_norm_eps", 1e-12}};
  nlohmann::json tok_config = {{"do_lower_case", s.lowercase}, {"tokenize_chinese_chars", true}};
  return {{"config.json", config.dump()},
          {"vocab.txt", vocab},
          {"tokenizer_config.json", tok_config.dump()},
          {"model.safetensors", write_safetensors(tensors)}};
}

class Shapes : public ::testing::TestWithParam<Shape> {};

TEST_P(Shapes, MatchNaiveFloat64Forward) {
  const Shape& s = GetParam();
  std::map<std::string, F32Tensor> tensors;
  auto model = api::Model::load(synthetic_model(s, tensors), LoadOptions{DType::f32, 1});
  ASSERT_TRUE(model.ok()) << model.status().to_string();
  NaiveBert naive{[&](const std::string& n) {
                    const auto& v = tensors.at(n).values;
                    return std::vector<double>(v.begin(), v.end());
                  },
                  s.hidden, s.heads, s.layers, s.intermediate, 1e-12};
  for (const std::string& text : s.texts) {
    SCOPED_TRACE(text);
    auto out = (*model)->encode(text, nullptr);
    ASSERT_TRUE(out.ok()) << out.status().to_string();
    const auto& e = out->encoding;
    EXPECT_EQ(std::count(e.ids.begin(), e.ids.end(), (*model)->bert().tokenizer().unk_id()), 0);
    const auto expected = naive.forward(std::vector<int>(e.ids.begin(), e.ids.end()),
                                        std::vector<int>(e.type_ids.begin(), e.type_ids.end()));
    EXPECT_LE(max_abs_diff(out->last_hidden_state.data(), expected.data(), expected.size()), kMaxHiddenError);
    // Mean pooling + L2 against the float64 forward's.
    auto emb = (*model)->embed({text}, {});
    ASSERT_TRUE(emb.ok());
    std::vector<double> mean(s.hidden, 0.0);
    for (size_t t = 0; t < e.size(); ++t)
      for (int c = 0; c < s.hidden; ++c) mean[c] += expected[t * s.hidden + c] / double(e.size());
    EXPECT_LE(one_minus_cosine(emb->data.data(), mean.data(), s.hidden), kMaxEmbeddingCosineGap);
  }
}

INSTANTIATE_TEST_SUITE_P(
    OddShapes, Shapes,
    ::testing::Values(
        Shape{"hidden312_heads12_cased", 312, 12, 3, 600, "bert-base-cased-vocab.txt", false,
              {"Hello World, this is Cased Text.", "Überraschung in São Paulo: Müller's café!"}},
        Shape{"hidden64_one_head_chinese", 64, 1, 5, 96, "bert-base-chinese-vocab.txt", false,
              {"今天天气很好，我们去公园散步吧。", "北京是中国的首都"}},
        Shape{"hidden36_heads3_uncased", 36, 3, 7, 50, "bert-base-uncased-vocab.txt", true,
              {"A short sentence.", "Another, slightly longer sentence with more words in it."}}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace bertwasm::test
