// Accuracy of GGUF files against the float64 references of shared/models: each model converted
// at each dtype, loaded, and every reference text's mean-pooled, L2-normalized embedding
// compared with reference/embeddings.json (1 − cos), plus the file sizes of the MiniLM shape.
// With BERTWASM_QUALITY_MD=<path> the figures are also written there as a Markdown table
// (the repository's QUALITY.md is made this way; see its header).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <fstream>

#include "api/model.h"
#include "gguf_test_files.h"
#include "model_files.h"
#include "test_support.h"

namespace bertwasm::test {
namespace {

// 1 − cos against the reference, worst text. F32 is the plain float32 encoder's own bound
// (reference_outputs_test.cpp); F16 and Q8_0 are the targets (transformers.js's own q8
// model reaches 1.45e-4 on minilm); Q4_0 must keep every cosine at 0.99 or above.
constexpr double kMaxGapF32 = 1e-6;
constexpr double kMaxGapF16 = 1e-5;
constexpr double kMaxGapQ8_0 = 1e-4;
constexpr double kMinCosineQ4_0 = 0.99;
// File sizes of the MiniLM shape (384 hidden, 6 layers, 30522 tokens), in bytes.
constexpr size_t kMaxMiniLmQ8_0Bytes = 26'000'000;
constexpr size_t kMaxMiniLmQ4_0Bytes = 15'000'000;

struct Figures {
  size_t file_bytes = 0;
  double max_gap = 0, mean_gap = 0, min_cos = 1;
  int texts = 0, id_mismatches = 0;
};

double max_gap_allowed(DType d) {
  switch (d) {
    case DType::f32: return kMaxGapF32;
    case DType::f16: return kMaxGapF16;
    case DType::q8_0: return kMaxGapQ8_0;
    default: return 1 - kMinCosineQ4_0;
  }
}

Figures measure(const std::string& name, DType dtype) {
  Figures f;
  const Bytes gguf = convert_shared_model(name, dtype);
  f.file_bytes = gguf.size();
  auto model = api::Model::load(gguf_file_map(gguf), LoadOptions{});
  EXPECT_TRUE(model.ok()) << model.status().to_string();
  if (!model.ok()) return f;
  const auto emb = read_json(shared_path("models/" + name + "/reference/embeddings.json"));
  const int dim = (*model)->config().hidden_size;
  std::vector<float> mean(static_cast<size_t>(dim));
  double sum = 0;
  const std::vector<RefText> texts = reference_texts(name);
  for (size_t i = 0; i < texts.size(); ++i) {
    const RefText& t = texts[i];
    const std::string_view pair = t.pair;
    auto out = (*model)->encode(t.text, t.has_pair ? &pair : nullptr);
    EXPECT_TRUE(out.ok()) << out.status().to_string();
    if (!out.ok()) continue;
    f.id_mismatches += out->encoding.ids != t.ids;
    EXPECT_TRUE(pool(Pooling::mean, out->last_hidden_state.data(), int(out->encoding.size()), dim,
                     (*model)->bert().weights(), true, mean.data()).ok());
    const double gap = one_minus_cosine(mean.data(), emb["mean_normalized"][i].get<std::vector<double>>().data(), size_t(dim));
    f.max_gap = std::max(f.max_gap, gap);
    f.min_cos = std::min(f.min_cos, 1 - gap);
    sum += gap;
    ++f.texts;
  }
  f.mean_gap = f.texts ? sum / f.texts : 0;
  return f;
}

std::string sci(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.2e", v);
  return b;
}

using Row = std::pair<std::string, Figures>;  // "model | dtype", figures

void write_quality_md(const std::string& path, const std::vector<Row>& rows) {
  char date[32];
  const std::time_t now = std::time(nullptr);
  std::strftime(date, sizeof date, "%Y-%m-%d", std::gmtime(&now));
  std::ofstream md(path);
  md << "# Quality of quantized GGUF models\n\n"
     << "Generated " << date << " by `tests/native/model/gguf_quality_test.cpp` (run the native `model_tests` with\n"
     << "`BERTWASM_QUALITY_MD=QUALITY.md --gtest_filter='GgufQuality*'`). Each model of `../shared/models` is\n"
     << "converted from its Hugging Face files (`convert_to_gguf`, as `bert-wasm convert` does), loaded, and\n"
     << "the mean-pooled, L2-normalized embedding of every reference text (single texts and pairs) is compared\n"
     << "with the float64 reference (`reference/embeddings.json`). Weights are random, so this measures\n"
     << "arithmetic, not meaning. For comparison, transformers.js's own q8 model of `minilm-f16` reaches\n"
     << "1 − min cos = 1.45e-4 (`../shared/peer/README.md`).\n\n"
     << "Targets: F16 1 − cos ≤ 1e-5, Q8_0 1 − cos ≤ 1e-4, Q4_0 min cos ≥ 0.99 (worst text); F32 matches\n"
     << "loading the Hugging Face files bitwise (`gguf_roundtrip_test.cpp`). MiniLM-shaped files must stay within\n"
     << "26 MB (Q8_0) and 15 MB (Q4_0).\n\n"
     << "| model | dtype | file size (bytes) | texts | max 1 − cos | mean 1 − cos | min cos | token ids |\n"
     << "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |\n";
  for (const auto& [key, f] : rows) {
    char cos[32];
    std::snprintf(cos, sizeof cos, "%.6f", f.min_cos);
    md << "| " << key << " | " << f.file_bytes << " | " << f.texts << " | "
       << sci(f.max_gap) << " | " << sci(f.mean_gap) << " | " << cos << " | "
       << (f.id_mismatches ? std::to_string(f.id_mismatches) + " differ" : "identical") << " |\n";
  }
}

TEST(GgufQuality, EveryModelAndDtypeAgainstTheReference) {
  std::vector<Row> rows;
  for (const std::string& name : model_names()) {
    for (DType dtype : {DType::f32, DType::f16, DType::q8_0, DType::q4_0}) {
      SCOPED_TRACE(name + " " + dtype_name(dtype));
      const Figures f = measure(name, dtype);
      EXPECT_GT(f.texts, 0);
      EXPECT_EQ(f.id_mismatches, 0);
      EXPECT_LE(f.max_gap, max_gap_allowed(dtype));
      std::printf("[ %s %s ] %zu bytes, 1-cos max %.3g mean %.3g, min cos %.6f\n", name.c_str(), dtype_name(dtype),
                  f.file_bytes, f.max_gap, f.mean_gap, f.min_cos);
      rows.push_back({name + " | " + dtype_name(dtype), f});
    }
  }
  if (const char* path = std::getenv("BERTWASM_QUALITY_MD")) write_quality_md(path, rows);
}

TEST(GgufQuality, MiniLmFileSizes) {
  EXPECT_LE(convert_shared_model("minilm-f16", DType::q8_0).size(), kMaxMiniLmQ8_0Bytes);
  EXPECT_LE(convert_shared_model("minilm-f16", DType::q4_0).size(), kMaxMiniLmQ4_0Bytes);
}

}  // namespace
}  // namespace bertwasm::test
