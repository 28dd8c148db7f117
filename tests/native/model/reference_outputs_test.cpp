// The F32 encoder against the float64 references of every model in shared/models: the
// last_hidden_state of every text (max |Δ| ≤ 1e-4) and the mean-normalized, CLS and pooler
// embeddings (1 − cos ≤ 1e-6).
#include <gtest/gtest.h>

#include "api/model.h"
#include "formats/npy.h"
#include "model_files.h"
#include "test_support.h"

namespace bertwasm::test {
namespace {

constexpr double kMaxHiddenError = 1e-4;        // last_hidden_state, max |Δ|
constexpr double kMaxEmbeddingCosineGap = 1e-6;  // 1 − cos against the reference embedding

class ReferenceOutputs : public ::testing::TestWithParam<std::string> {};

std::vector<double> doubles(const nlohmann::json& j) { return j.get<std::vector<double>>(); }

TEST_P(ReferenceOutputs, MatchFloat64Reference) {
  const std::string name = GetParam();
  auto model = api::Model::load(read_model_files(name), LoadOptions{DType::f32, 1});
  ASSERT_TRUE(model.ok()) << model.status().to_string();
  const auto tokens = read_json(shared_path("models/" + name + "/reference/tokens.json"));
  const auto emb = read_json(shared_path("models/" + name + "/reference/embeddings.json"));
  const int dim = (*model)->config().hidden_size;
  double worst_hidden = 0, worst_mean = 0, worst_cls = 0, worst_pooler = 0;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const auto& item = tokens[i];
    SCOPED_TRACE(item["id"].get<std::string>());
    const std::string text = item["text"];
    std::string pair;
    const bool has_pair = item.contains("text_pair") && !item["text_pair"].is_null();
    if (has_pair) pair = item["text_pair"];
    std::string_view pair_view = pair;
    auto out = (*model)->encode(text, has_pair ? &pair_view : nullptr);
    ASSERT_TRUE(out.ok()) << out.status().to_string();
    ASSERT_EQ(out->encoding.ids, item["input_ids"].get<std::vector<int32_t>>());

    const std::string npy_path = shared_path("models/" + name + "/reference/lhs/" + item["lhs"].get<std::string>());
    const std::string npy_bytes = read_text(npy_path);
    auto lhs = parse_npy(reinterpret_cast<const uint8_t*>(npy_bytes.data()), npy_bytes.size(), npy_path);
    ASSERT_TRUE(lhs.ok()) << lhs.status().to_string();
    ASSERT_EQ(lhs->values.size(), out->last_hidden_state.size());
    worst_hidden = std::max(worst_hidden, max_abs_diff(out->last_hidden_state.data(), lhs->values.data(), lhs->values.size()));

    const int seq = int(out->encoding.size());
    std::vector<float> mean(dim), cls(dim);
    const EncoderWeights& weights = (*model)->bert().weights();
    ASSERT_TRUE(pool(Pooling::mean, out->last_hidden_state.data(), seq, dim, weights, true, mean.data()).ok());
    ASSERT_TRUE(pool(Pooling::cls, out->last_hidden_state.data(), seq, dim, weights, false, cls.data()).ok());
    worst_mean = std::max(worst_mean, one_minus_cosine(mean.data(), doubles(emb["mean_normalized"][i]).data(), dim));
    worst_cls = std::max(worst_cls, one_minus_cosine(cls.data(), doubles(emb["cls"][i]).data(), dim));
    if (!has_pair) {  // embed() of a single text is exactly encode() + pooling
      auto e = (*model)->embed({text}, {});
      ASSERT_TRUE(e.ok()) << e.status().to_string();
      EXPECT_EQ(e->data, mean);
    }
    if (!out->pooler_output.empty() && emb.contains("pooler") && !emb["pooler"][i].is_null())
      worst_pooler = std::max(worst_pooler, one_minus_cosine(out->pooler_output.data(), doubles(emb["pooler"][i]).data(), dim));
  }
  EXPECT_LE(worst_hidden, kMaxHiddenError);
  EXPECT_LE(worst_mean, kMaxEmbeddingCosineGap);
  EXPECT_LE(worst_cls, kMaxEmbeddingCosineGap);
  EXPECT_LE(worst_pooler, kMaxEmbeddingCosineGap);
  std::printf("[ %s ] f32: max|Δ lhs| %.3g, 1-cos mean %.3g cls %.3g pooler %.3g\n", name.c_str(), worst_hidden,
              worst_mean, worst_cls, worst_pooler);
}

INSTANTIATE_TEST_SUITE_P(AllModels, ReferenceOutputs, ::testing::ValuesIn(model_names()),
                         [](const auto& info) {
                           std::string n = info.param;
                           for (char& c : n) if (!isalnum(static_cast<unsigned char>(c))) c = '_';
                           return n;
                         });

}  // namespace
}  // namespace bertwasm::test
