// The task heads against the float64 references of shared/models/tiny-{pretraining,seqcls,
// tokcls,qa}: every logit of every text (max |Δ| ≤ 1e-4 in F32 and F16 storage), identical
// argmax and top-5; quantized storage stays near F32. Also: which heads each architecture
// loads, labels from the weight shape, and E_FORMAT for missing or misshapen head tensors.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <numeric>

#include "api/model.h"
#include "formats/npy.h"
#include "formats/safetensors.h"
#include "quant/fp16.h"
#include "model_files.h"
#include "test_support.h"

namespace bertwasm::test {
namespace {

constexpr double kMaxLogitError = 1e-4;     // F32 / F16 storage vs the float64 reference, max |Δ|
// Quantized storage vs F32 storage: Q8_0 keeps ~2-3 significant digits per weight, Q4_0 ~1;
// through two layers and a head, logits (≈ ±1 here) move by a few hundredths at most.
constexpr double kMaxQ8LogitShift = 0.02;
constexpr double kMaxQ4LogitShift = 0.15;

std::unique_ptr<api::Model> load(const std::string& name, DType dtype = DType::f32) {
  auto m = api::Model::load(read_model_files(name), LoadOptions{dtype, 1});
  EXPECT_TRUE(m.ok()) << m.status().to_string();
  return m.ok() ? std::move(m).value() : nullptr;
}

// One reference text (tokens.json item) and its head outputs (heads.json item).
struct Item {
  nlohmann::json tokens, heads;
  std::string text, pair;
  bool has_pair = false;
};

std::vector<Item> items(const std::string& name) {
  const auto tokens = read_json(shared_path("models/" + name + "/reference/tokens.json"));
  const auto heads = read_json(shared_path("models/" + name + "/reference/heads.json"));
  std::vector<Item> out;
  EXPECT_EQ(tokens.size(), heads["items"].size());
  for (size_t i = 0; i < tokens.size() && i < heads["items"].size(); ++i) {
    Item it{tokens[i], heads["items"][i], tokens[i]["text"], "", false};
    EXPECT_EQ(it.tokens["id"], it.heads["id"]);
    if (it.tokens.contains("text_pair") && !it.tokens["text_pair"].is_null()) {
      it.pair = it.tokens["text_pair"];
      it.has_pair = true;
    }
    out.push_back(std::move(it));
  }
  return out;
}

api::EncodeOutput encode(api::Model& model, const Item& item) {
  std::string_view pair = item.pair;
  auto out = model.encode(item.text, item.has_pair ? &pair : nullptr);
  EXPECT_TRUE(out.ok()) << out.status().to_string();
  EXPECT_EQ(out->encoding.ids, item.tokens["input_ids"].get<std::vector<int32_t>>());
  return std::move(out).value();
}

NpyArray read_npy(const std::string& path) {
  const std::string bytes = read_text(path);
  auto a = parse_npy(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), path);
  EXPECT_TRUE(a.ok()) << a.status().to_string();
  return a.ok() ? std::move(a).value() : NpyArray{};
}

double max_diff(const std::vector<float>& got, const std::vector<double>& want) {
  EXPECT_EQ(got.size(), want.size());
  return max_abs_diff(got.data(), want.data(), std::min(got.size(), want.size()));
}

std::vector<double> flat(const nlohmann::json& rows) {
  std::vector<double> v;
  for (const auto& r : rows) {
    if (r.is_array()) for (double x : r) v.push_back(x);
    else v.push_back(r.get<double>());
  }
  return v;
}

// Indices of the k largest values, largest first, lower index first among equals.
template <class T>
std::vector<int> top_k(const T* v, int n, int k) {
  std::vector<int> idx(static_cast<size_t>(n));
  std::iota(idx.begin(), idx.end(), 0);
  std::stable_sort(idx.begin(), idx.end(), [&](int a, int b) { return v[a] > v[b]; });
  idx.resize(size_t(k));
  return idx;
}

std::vector<float> pooler_output(const api::Model& model, const api::EncodeOutput& out) {
  const int dim = model.config().hidden_size;
  std::vector<float> pooled(static_cast<size_t>(dim));
  EXPECT_TRUE(pool(Pooling::pooler, out.last_hidden_state.data(), int(out.encoding.size()), dim,
                   model.bert().weights(), false, pooled.data()).ok());
  return pooled;
}

// ---- logits of each head type against the reference ----

// The logits of one task model for one text, in the reference's layout.
struct Logits {
  std::vector<float> mlm;            // [masks, vocab]
  std::vector<int> mask_positions;
  std::vector<float> nsp, classifier, qa_start, qa_end;
};

Logits run_heads(api::Model& model, const Item& item) {
  const api::EncodeOutput out = encode(model, item);
  const BertConfig& c = model.config();
  const HeadWeights& heads = model.bert().heads();
  const int seq = int(out.encoding.size()), dim = c.hidden_size;
  Logits r;
  if (heads.mlm) {
    std::vector<float> rows;
    for (int i = 0; i < seq; ++i) {
      if (out.encoding.ids[size_t(i)] != model.bert().tokenizer().mask_id()) continue;
      r.mask_positions.push_back(i);
      rows.insert(rows.end(), out.last_hidden_state.begin() + i * dim, out.last_hidden_state.begin() + (i + 1) * dim);
    }
    r.mlm.resize(r.mask_positions.size() * size_t(c.vocab_size));
    if (!r.mask_positions.empty())
      mlm_logits(*heads.mlm, model.bert().weights(), c, rows.data(), int(r.mask_positions.size()), r.mlm.data());
  }
  if (heads.nsp) {
    r.nsp.resize(2);
    apply_linear(*heads.nsp, pooler_output(model, out).data(), 1, r.nsp.data());
  }
  if (heads.classifier) {
    const bool per_token = heads.kind == HeadKind::token_classification;
    r.classifier.resize((per_token ? size_t(seq) : 1) * c.labels.size());
    const std::vector<float> pooled = per_token ? std::vector<float>() : pooler_output(model, out);
    apply_linear(*heads.classifier, per_token ? out.last_hidden_state.data() : pooled.data(), per_token ? seq : 1,
                 r.classifier.data());
  }
  if (heads.qa) {
    std::vector<float> both(size_t(seq) * 2);
    apply_linear(*heads.qa, out.last_hidden_state.data(), seq, both.data());
    for (int i = 0; i < seq; ++i) {
      r.qa_start.push_back(both[size_t(i) * 2]);
      r.qa_end.push_back(both[size_t(i) * 2 + 1]);
    }
  }
  return r;
}

TEST(HeadKinds, FromArchitecture) {
  EXPECT_EQ(head_kind("BertModel"), HeadKind::none);
  EXPECT_EQ(head_kind("BertForPreTraining"), HeadKind::pretraining);
  EXPECT_EQ(head_kind("BertForMaskedLM"), HeadKind::masked_lm);
  EXPECT_EQ(head_kind("BertForNextSentencePrediction"), HeadKind::next_sentence);
  EXPECT_EQ(head_kind("BertForSequenceClassification"), HeadKind::sequence_classification);
  EXPECT_EQ(head_kind("BertForTokenClassification"), HeadKind::token_classification);
  EXPECT_EQ(head_kind("BertForQuestionAnswering"), HeadKind::question_answering);
  EXPECT_EQ(head_kind("BertForMultipleChoice"), HeadKind::none);
}

TEST(HeadWeights, EachFixtureLoadsItsHeads) {
  auto pre = load("tiny-pretraining"), seq = load("tiny-seqcls"), tok = load("tiny-tokcls"), qa = load("tiny-qa"),
       plain = load("tiny");
  ASSERT_TRUE(pre && seq && tok && qa && plain);
  EXPECT_TRUE(pre->bert().heads().mlm && pre->bert().heads().nsp);
  EXPECT_FALSE(pre->bert().heads().classifier || pre->bert().heads().qa);
  EXPECT_TRUE(seq->bert().heads().classifier && !seq->bert().heads().mlm);
  EXPECT_EQ(seq->config().labels, (std::vector<std::string>{"negative", "neutral", "positive"}));
  EXPECT_EQ(tok->bert().heads().kind, HeadKind::token_classification);
  EXPECT_EQ(tok->config().labels.size(), 9u);
  EXPECT_TRUE(qa->bert().heads().qa && !qa->bert().heads().classifier);
  EXPECT_EQ(plain->bert().heads().kind, HeadKind::none);
  // Heads count in the model's weight bytes: 3 × 128 classifier floats + 3 biases.
  EXPECT_GT(seq->weight_bytes(), plain->weight_bytes());
}

TEST(HeadReference, PretrainingMlmAndNsp) {
  auto model = load("tiny-pretraining");
  ASSERT_TRUE(model);
  const std::string dir = shared_path("models/tiny-pretraining/reference/");
  double worst_mlm = 0, worst_nsp = 0;
  int masks = 0;
  for (const Item& item : items("tiny-pretraining")) {
    SCOPED_TRACE(item.tokens["id"].get<std::string>());
    const Logits got = run_heads(*model, item);
    worst_nsp = std::max(worst_nsp, max_diff(got.nsp, item.heads["nsp_logits"].get<std::vector<double>>()));
    EXPECT_EQ(got.mask_positions, item.heads["mask_positions"].get<std::vector<int>>());
    if (!item.heads.contains("mlm_file")) continue;
    const NpyArray want = read_npy(dir + item.heads["mlm_file"].get<std::string>());
    worst_mlm = std::max(worst_mlm, max_diff(got.mlm, want.values));
    const int vocab = model->config().vocab_size;
    for (size_t m = 0; m < got.mask_positions.size(); ++m) {
      const auto& ref = item.heads["mlm"][m];
      EXPECT_EQ(top_k(got.mlm.data() + m * vocab, vocab, 5), ref["top5_ids"].get<std::vector<int>>());
      ++masks;
    }
  }
  EXPECT_GE(masks, 7);
  EXPECT_LE(worst_mlm, kMaxLogitError);
  EXPECT_LE(worst_nsp, kMaxLogitError);
  std::printf("[ tiny-pretraining ] max|Δ| mlm %.3g nsp %.3g over %d masks\n", worst_mlm, worst_nsp, masks);
}

TEST(HeadReference, SequenceClassification) {
  auto model = load("tiny-seqcls");
  ASSERT_TRUE(model);
  double worst = 0;
  for (const Item& item : items("tiny-seqcls")) {
    SCOPED_TRACE(item.tokens["id"].get<std::string>());
    const Logits got = run_heads(*model, item);
    worst = std::max(worst, max_diff(got.classifier, item.heads["logits"].get<std::vector<double>>()));
    EXPECT_EQ(top_k(got.classifier.data(), 3, 1)[0], item.heads["label_id"].get<int>());
  }
  EXPECT_LE(worst, kMaxLogitError);
  std::printf("[ tiny-seqcls ] max|Δ| logits %.3g\n", worst);
}

TEST(HeadReference, TokenClassification) {
  auto model = load("tiny-tokcls");
  ASSERT_TRUE(model);
  double worst = 0;
  for (const Item& item : items("tiny-tokcls")) {
    SCOPED_TRACE(item.tokens["id"].get<std::string>());
    const Logits got = run_heads(*model, item);
    worst = std::max(worst, max_diff(got.classifier, flat(item.heads["logits"])));
    const auto argmax = item.heads["argmax"].get<std::vector<int>>();
    ASSERT_EQ(got.classifier.size(), argmax.size() * 9);
    for (size_t t = 0; t < argmax.size(); ++t) EXPECT_EQ(top_k(got.classifier.data() + t * 9, 9, 1)[0], argmax[t]);
  }
  EXPECT_LE(worst, kMaxLogitError);
  std::printf("[ tiny-tokcls ] max|Δ| logits %.3g\n", worst);
}

TEST(HeadReference, QuestionAnswering) {
  auto model = load("tiny-qa");
  ASSERT_TRUE(model);
  double worst = 0;
  for (const Item& item : items("tiny-qa")) {
    SCOPED_TRACE(item.tokens["id"].get<std::string>());
    const Logits got = run_heads(*model, item);
    worst = std::max(worst, max_diff(got.qa_start, item.heads["start_logits"].get<std::vector<double>>()));
    worst = std::max(worst, max_diff(got.qa_end, item.heads["end_logits"].get<std::vector<double>>()));
  }
  EXPECT_LE(worst, kMaxLogitError);
  std::printf("[ tiny-qa ] max|Δ| start/end logits %.3g\n", worst);
}

// ---- every storage type ----

std::vector<float> all_logits(const Logits& l) {
  std::vector<float> v = l.mlm;
  for (const auto* part : {&l.nsp, &l.classifier, &l.qa_start, &l.qa_end}) v.insert(v.end(), part->begin(), part->end());
  return v;
}

class HeadStorage : public ::testing::TestWithParam<std::string> {};

TEST_P(HeadStorage, EveryDTypeNearF32) {
  const std::string name = GetParam();
  auto f32 = load(name, DType::f32), f16 = load(name, DType::f16), q8 = load(name, DType::q8_0),
       q4 = load(name, DType::q4_0);
  ASSERT_TRUE(f32 && f16 && q8 && q4);
  double worst_f16 = 0, worst_q8 = 0, worst_q4 = 0;
  for (const Item& item : items(name)) {
    SCOPED_TRACE(item.tokens["id"].get<std::string>());
    const std::vector<float> want = all_logits(run_heads(*f32, item));
    auto diff = [&](api::Model& m) {
      const std::vector<float> got = all_logits(run_heads(m, item));
      EXPECT_EQ(got.size(), want.size());
      double d = 0;
      for (size_t i = 0; i < std::min(got.size(), want.size()); ++i) d = std::max(d, double(std::fabs(got[i] - want[i])));
      return d;
    };
    worst_f16 = std::max(worst_f16, diff(*f16));
    worst_q8 = std::max(worst_q8, diff(*q8));
    worst_q4 = std::max(worst_q4, diff(*q4));
  }
  // The fixtures' weights are F16, so F16 storage holds exactly the F32 values.
  EXPECT_LE(worst_f16, kMaxLogitError);
  EXPECT_LE(worst_q8, kMaxQ8LogitShift);
  EXPECT_LE(worst_q4, kMaxQ4LogitShift);
  std::printf("[ %s ] max|Δ| vs f32: f16 %.3g q8_0 %.3g q4_0 %.3g\n", name.c_str(), worst_f16, worst_q8, worst_q4);
}

INSTANTIATE_TEST_SUITE_P(TaskModels, HeadStorage,
                         ::testing::Values("tiny-pretraining", "tiny-seqcls", "tiny-tokcls", "tiny-qa"),
                         [](const auto& info) {
                           std::string n = info.param;
                           for (char& c : n) if (!isalnum(static_cast<unsigned char>(c))) c = '_';
                           return n;
                         });

// ---- loading errors ----

// A fixture's files with config.json rewritten by `edit`.
FileMap with_config(const std::string& name, const std::function<void(nlohmann::json&)>& edit) {
  FileMap files = read_model_files(name);
  nlohmann::json config = nlohmann::json::parse(files["config.json"]);
  edit(config);
  files["config.json"] = config.dump();
  return files;
}

TEST(HeadWeights, MissingHeadTensorIsFormatErrorNamingIt) {
  // tiny is a BertModel checkpoint: claiming a QA head finds no qa_outputs.
  auto r = api::Model::load(with_config("tiny", [](auto& c) { c["architectures"] = {"BertForQuestionAnswering"}; }), {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::format);
  EXPECT_NE(r.status().message().find("qa_outputs.weight"), std::string::npos) << r.status().message();

  auto mlm = api::Model::load(with_config("tiny-qa", [](auto& c) { c["architectures"] = {"BertForMaskedLM"}; }), {});
  ASSERT_FALSE(mlm.ok());
  EXPECT_NE(mlm.status().message().find("cls.predictions.transform.dense.weight"), std::string::npos)
      << mlm.status().message();

  // Sequence classification reads the pooler, which the token-classification fixture lacks.
  auto seq = api::Model::load(
      with_config("tiny-tokcls", [](auto& c) { c["architectures"] = {"BertForSequenceClassification"}; }), {});
  ASSERT_FALSE(seq.ok());
  EXPECT_NE(seq.status().message().find("pooler.dense.weight"), std::string::npos) << seq.status().message();
}

TEST(HeadWeights, LabelCountDisagreeingWithWeightIsFormatError) {
  auto r = api::Model::load(with_config("tiny-seqcls", [](auto& c) {
                              c["id2label"] = {{"0", "a"}, {"1", "b"}, {"2", "c"}, {"3", "d"}};
                              c.erase("label2id");
                            }),
                            {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::format);
  EXPECT_NE(r.status().message().find("classifier.weight"), std::string::npos) << r.status().message();
}

TEST(HeadWeights, LabelsFromWeightShapeWhenConfigHasNone) {
  auto r = api::Model::load(with_config("tiny-seqcls", [](auto& c) {
                              c.erase("id2label");
                              c.erase("label2id");
                            }),
                            {});
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ((*r)->config().labels, (std::vector<std::string>{"LABEL_0", "LABEL_1", "LABEL_2"}));
}

TEST(HeadWeights, UnknownArchitectureLoadsTheEncoderOnly) {
  auto r = api::Model::load(with_config("tiny-seqcls", [](auto& c) { c["architectures"] = {"BertForMultipleChoice"}; }), {});
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ((*r)->bert().heads().kind, HeadKind::none);
  EXPECT_FALSE((*r)->bert().heads().classifier);
}


// tiny-pretraining with every tensor widened to F32, plus `extra` tensors.
FileMap pretraining_with(const std::map<std::string, F32Tensor>& extra) {
  FileMap files = read_model_files("tiny-pretraining");
  const std::string bytes = files["model.safetensors"];
  auto st = SafetensorsFile::parse(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), "model.safetensors");
  EXPECT_TRUE(st.ok()) << st.status().to_string();
  std::map<std::string, F32Tensor> tensors = extra;
  for (const TensorView& t : st->tensors()) {
    EXPECT_EQ(t.dtype, "F16");
    F32Tensor f{t.shape, std::vector<float>(size_t(t.element_count()))};
    for (size_t i = 0; i < f.values.size(); ++i) {
      uint16_t h;
      std::memcpy(&h, t.data + 2 * i, 2);
      f.values[i] = f16_to_f32(h);
    }
    tensors.emplace(t.name, std::move(f));
  }
  files["model.safetensors"] = write_safetensors(tensors);
  return files;
}

std::vector<float> first_mask_logits(api::Model& model) {
  for (const Item& item : items("tiny-pretraining"))
    if (item.heads.contains("mlm_file")) return run_heads(model, item).mlm;
  return {};
}

TEST(HeadWeights, StoredCopyOfTheEmbeddingsIsTheTiedDecoder) {
  const FileMap plain = pretraining_with({});
  auto reference = api::Model::load(plain, {});
  ASSERT_TRUE(reference.ok()) << reference.status().to_string();
  auto st = SafetensorsFile::parse(reinterpret_cast<const uint8_t*>(plain.at("model.safetensors").data()),
                                   plain.at("model.safetensors").size(), "model.safetensors");
  ASSERT_TRUE(st.ok());
  const TensorView* embd = st->find("bert.embeddings.word_embeddings.weight");
  ASSERT_NE(embd, nullptr);
  F32Tensor copy{embd->shape, std::vector<float>(size_t(embd->element_count()))};
  std::memcpy(copy.values.data(), embd->data, embd->byte_size);
  auto tied = api::Model::load(pretraining_with({{"cls.predictions.decoder.weight", copy}}), {});
  ASSERT_TRUE(tied.ok()) << tied.status().to_string();
  EXPECT_FALSE((*tied)->bert().heads().mlm->untied_decoder);
  EXPECT_EQ((*tied)->weight_bytes(), (*reference)->weight_bytes());
  EXPECT_EQ(first_mask_logits(**tied), first_mask_logits(**reference));
}

TEST(HeadWeights, UntiedDecoderIsUsed) {
  // An all-zero decoder leaves exactly the decoder bias as logits.
  F32Tensor zeros{{30522, 128}, std::vector<float>(size_t(30522) * 128, 0.0f)};
  auto m = api::Model::load(pretraining_with({{"cls.predictions.decoder.weight", zeros}}), {});
  ASSERT_TRUE(m.ok()) << m.status().to_string();
  ASSERT_TRUE((*m)->bert().heads().mlm->untied_decoder);
  EXPECT_EQ(first_mask_logits(**m), (*m)->bert().heads().mlm->bias);
  // Misshapen: named in the error.
  F32Tensor small{{10, 128}, std::vector<float>(size_t(10) * 128, 0.0f)};
  auto bad = api::Model::load(pretraining_with({{"cls.predictions.decoder.weight", small}}), {});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("cls.predictions.decoder.weight"), std::string::npos) << bad.status().message();
}

}  // namespace
}  // namespace bertwasm::test
