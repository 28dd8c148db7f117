// Files in llama.cpp's layout (its converter's phantom-space vocabulary, token types and special
// token ids, no normalizer flags, separate attn_q/k/v, no pooler, no bertwasm.* keys) load and
// tokenize like the original Hugging Face model: the reference token ids of every text, outputs
// bitwise equal to the Hugging Face files where the weights are the same, llama.cpp's own BERT
// (bge) tokenizer goldens from a vocabulary-only file, and a cased vocabulary recognized.
#include <gtest/gtest.h>

#include "api/model.h"
#include "gguf_test_files.h"
#include "model/gguf_export.h"
#include "model/gguf_model.h"
#include "model_files.h"
#include "test_support.h"

namespace bertwasm::test {
namespace {

constexpr double kMaxGapQ8_0 = 1e-4;  // mean-normalized embedding, 1 − cos, as for our Q8_0 files

std::unique_ptr<api::Model> load(const FileMap& files, std::optional<DType> storage = std::nullopt) {
  auto m = api::Model::load(files, LoadOptions{storage, 1});
  EXPECT_TRUE(m.ok()) << m.status().to_string();
  return m.ok() ? std::move(m).value() : nullptr;
}

Result<Encoding> encode(const api::Model& m, const RefText& t) {
  const std::string_view pair = t.pair;
  return m.bert().tokenizer().encode(t.text, t.has_pair ? &pair : nullptr, EncodeOptions{});
}

class LlamaLayout : public ::testing::TestWithParam<std::string> {};

// An F32 llama.cpp file holds the checkpoint's own values, and so does an F16 one of an F16
// checkpoint: outputs equal the HF files' then (an F16 file of an F32 checkpoint also rounds
// the position and type tables, which our loader keeps in F32).
TEST_P(LlamaLayout, LoadsLikeTheHuggingFaceModel) {
  const std::string name = GetParam();
  const bool f16_checkpoint = read_json(shared_path("models/" + name + "/reference/meta.json"))["model_safetensors_dtypes"] ==
                              nlohmann::json::array({"F16"});
  for (DType dtype : {DType::f32, DType::f16}) {
    SCOPED_TRACE(dtype_name(dtype));
    const bool same_values = dtype == DType::f32 || f16_checkpoint;
    auto hf = load(read_model_files(name), dtype);
    auto llama = load(gguf_file_map(llama_style_gguf(name, dtype)));
    ASSERT_TRUE(hf && llama);
    EXPECT_EQ(llama->storage(), dtype);
    EXPECT_EQ(llama->config().architecture, "BertModel");  // the converter keeps no pooler, no heads
    EXPECT_FALSE(llama->bert().weights().pooler);
    EXPECT_EQ(llama->embed_defaults().pooling, Pooling::mean);
    EXPECT_TRUE(llama->embed_defaults().normalize);
    EXPECT_EQ(llama->bert().tokenizer().vocab(), hf->bert().tokenizer().vocab());
    EXPECT_TRUE(llama->bert().tokenizer().options().lowercase);
    for (const RefText& t : reference_texts(name)) {
      SCOPED_TRACE(t.id);
      auto e = encode(*llama, t);
      ASSERT_TRUE(e.ok()) << e.status().to_string();
      EXPECT_EQ(e->ids, t.ids);
      auto x = hf->encode(t.text, nullptr), y = llama->encode(t.text, nullptr);
      ASSERT_TRUE(x.ok() && y.ok());
      if (same_values) {
        EXPECT_TRUE(x->last_hidden_state == y->last_hidden_state);
      }
    }
  }
}

TEST_P(LlamaLayout, Q8_0FileMatchesTheReference) {
  const std::string name = GetParam();
  auto llama = load(gguf_file_map(llama_style_gguf(name, DType::q8_0)));
  ASSERT_TRUE(llama);
  EXPECT_EQ(llama->storage(), DType::q8_0);
  const auto emb = read_json(shared_path("models/" + name + "/reference/embeddings.json"));
  const int dim = llama->config().hidden_size;
  std::vector<float> mean(static_cast<size_t>(dim));
  double worst = 0;
  const std::vector<RefText> texts = reference_texts(name);
  for (size_t i = 0; i < texts.size(); ++i) {
    const std::string_view pair = texts[i].pair;
    auto out = llama->encode(texts[i].text, texts[i].has_pair ? &pair : nullptr);
    ASSERT_TRUE(out.ok()) << out.status().to_string();
    EXPECT_EQ(out->encoding.ids, texts[i].ids);
    ASSERT_TRUE(pool(Pooling::mean, out->last_hidden_state.data(), int(out->encoding.size()), dim,
                     llama->bert().weights(), true, mean.data()).ok());
    worst = std::max(worst, one_minus_cosine(mean.data(), emb["mean_normalized"][i].get<std::vector<double>>().data(), size_t(dim)));
  }
  EXPECT_LE(worst, kMaxGapQ8_0);
}

INSTANTIATE_TEST_SUITE_P(Models, LlamaLayout, ::testing::Values("tiny", "minilm-f16"), [](const auto& info) {
  std::string n = info.param;
  for (char& c : n)
    if (!isalnum(static_cast<unsigned char>(c))) c = '_';
  return n;
});

// llama.cpp's classifier files keep labels and cls.output but drop the pooler that Hugging Face's
// BertForSequenceClassification applies first: they load as embedding models with their labels.
TEST(LlamaLayoutClassifier, LoadsAsAnEmbeddingModelWithLabels) {
  auto hf = load(read_model_files("tiny-seqcls"));
  auto llama = load(gguf_file_map(llama_style_gguf("tiny-seqcls", DType::f32)));
  ASSERT_TRUE(hf && llama);
  EXPECT_EQ(llama->config().architecture, "BertModel");
  EXPECT_EQ(llama->config().labels, hf->config().labels);
  auto x = hf->embed({"a short text"}, {}), y = llama->embed({"a short text"}, {});
  ASSERT_TRUE(x.ok() && y.ok());
  EXPECT_EQ(x->data, y->data);
}

// Converting a llama.cpp file to our layout changes nothing the model computes: its Q8_0 blocks
// are copied, its Q8_0 position table becomes F32 (exact), its vocabulary keeps its mapping.
TEST(LlamaLayoutConvert, ConvertsToOurLayoutUnchanged) {
  const Bytes llama = llama_style_gguf("tiny", DType::q8_0);
  auto ours = convert_to_gguf(gguf_file_map(llama), DType::q8_0);
  ASSERT_TRUE(ours.ok()) << ours.status().to_string();
  auto a = load(gguf_file_map(llama));
  auto b = load(gguf_file_map(*ours));
  ASSERT_TRUE(a && b);
  EXPECT_EQ(b->bert().tokenizer().vocab(), a->bert().tokenizer().vocab());
  for (const RefText& t : reference_texts("tiny")) {
    auto x = a->encode(t.text, nullptr), y = b->encode(t.text, nullptr);
    ASSERT_TRUE(x.ok() && y.ok());
    EXPECT_EQ(y->encoding.ids, x->encoding.ids);
    EXPECT_TRUE(y->last_hidden_state == x->last_hidden_state) << t.id;
  }
}

// llama.cpp's tests/test-tokenizer-0 goldens for its BERT vocabulary (bge = bert-base-uncased).
TEST(LlamaVocabulary, BgeGoldensFromAVocabularyOnlyFile) {
  const Bytes gguf = llama_vocab_gguf(read_text(shared_path("vocab/bert-base-uncased-vocab.txt")));
  auto file = GgufFile::parse(gguf.data(), gguf.size(), "ggml-vocab-bert-bge.gguf");
  ASSERT_TRUE(file.ok()) << file.status().to_string();
  auto tok = read_gguf_tokenizer(*file);
  ASSERT_TRUE(tok.ok()) << tok.status().to_string();
  EXPECT_TRUE(tok->options().lowercase);
  EXPECT_EQ(tok->cls_id(), 101);
  EXPECT_EQ(tok->sep_id(), 102);
  EXPECT_EQ(tok->mask_id(), 103);
  const std::string lines = read_text(shared_path("fixtures/tokenizer/bert_bge_tokenizer_goldens_aligned.jsonl"));
  EncodeOptions no_specials;
  no_specials.add_special_tokens = false;
  no_specials.truncation = false;
  int checked = 0;
  for (size_t start = 0; start < lines.size();) {
    size_t end = lines.find('\n', start);
    if (end == std::string::npos) end = lines.size();
    const auto golden = nlohmann::json::parse(lines.substr(start, end - start));
    start = end + 1;
    const std::string text = golden["text"];
    auto e = tok->encode(text, nullptr, no_specials);
    ASSERT_TRUE(e.ok()) << e.status().to_string();
    EXPECT_EQ(e->ids, golden["ids_no_special"].get<std::vector<int32_t>>()) << text;
    ++checked;
  }
  EXPECT_EQ(checked, 43);
  auto specials = tok->encode("[CLS] hello [MASK]", nullptr, no_specials);
  ASSERT_TRUE(specials.ok());
  EXPECT_EQ(specials->ids, (std::vector<int32_t>{101, 7592, 103}));
}

// No normalizer flags in llama.cpp's files: a cased vocabulary must not be lowercased.
TEST(LlamaVocabulary, CasedVocabularyIsNotLowercased) {
  const std::string vocab = read_text(shared_path("vocab/bert-base-cased-vocab.txt"));
  const Bytes gguf = llama_vocab_gguf(vocab);
  auto file = GgufFile::parse(gguf.data(), gguf.size(), "cased.gguf");
  ASSERT_TRUE(file.ok());
  auto tok = read_gguf_tokenizer(*file);
  ASSERT_TRUE(tok.ok()) << tok.status().to_string();
  EXPECT_FALSE(tok->options().lowercase);
  TokenizerOptions cased;
  cased.lowercase = false;
  auto hf = Tokenizer::from_vocab_txt(vocab, cased);
  ASSERT_TRUE(hf.ok());
  for (const RefText& t : reference_texts("tiny")) {
    auto a = hf->encode(t.text, nullptr, EncodeOptions{});
    auto b = tok->encode(t.text, nullptr, EncodeOptions{});
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(b->ids, a->ids) << t.text;
  }
}

TEST(LlamaVocabulary, PhantomSpaceMapping) {
  using T = gguf_keys::GgmlTokenType;
  EXPECT_EQ(phantom_from_wordpiece("hello", T::normal), "\xe2\x96\x81hello");
  EXPECT_EQ(phantom_from_wordpiece("##ing", T::normal), "ing");
  EXPECT_EQ(phantom_from_wordpiece("[CLS]", T::control), "[CLS]");
  EXPECT_EQ(phantom_from_wordpiece("##", T::normal), "");
  for (const char* piece : {"hello", "##ing", "##", "\xe2\x96\x81x", "[unused0]", ""})
    EXPECT_EQ(wordpiece_from_phantom(phantom_from_wordpiece(piece, T::normal), T::normal), piece);
}

}  // namespace
}  // namespace bertwasm::test
