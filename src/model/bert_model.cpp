#include "model/bert_model.h"

#include <string_view>

#include "formats/safetensors.h"
#include "formats/sentence_transformers.h"
#include "model/tensor_source.h"

namespace bertwasm {
namespace {

const std::string* find_file(const FileMap& files, const std::string& name) {
  auto it = files.find(name);
  return it == files.end() ? nullptr : &it->second;
}

Result<std::unique_ptr<Tokenizer>> load_tokenizer(const FileMap& files) {
  if (const auto* json = find_file(files, "tokenizer.json")) {
    BW_ASSIGN(Tokenizer t, Tokenizer::from_tokenizer_json(*json));
    return std::make_unique<Tokenizer>(std::move(t));
  }
  const auto* vocab = find_file(files, "vocab.txt");
  if (!vocab) return io_error("the model has neither tokenizer.json nor vocab.txt");
  TokenizerOptions options;
  if (const auto* config = find_file(files, "tokenizer_config.json")) {
    BW_ASSIGN(options, Tokenizer::apply_tokenizer_config(*config, options));
  }
  BW_ASSIGN(Tokenizer t, Tokenizer::from_vocab_txt(*vocab, options));
  return std::make_unique<Tokenizer>(std::move(t));
}

Result<EmbedDefaults> load_embed_defaults(const FileMap& files, const BertConfig& config) {
  BW_ASSIGN(SentenceTransformersConfig st,
            parse_sentence_transformers(find_file(files, "modules.json"), find_file(files, "1_Pooling/config.json"),
                                        find_file(files, "sentence_bert_config.json")));
  EmbedDefaults d;
  d.max_length = config.max_position_embeddings;
  if (st.found) {
    if (st.pooling == "cls") d.pooling = Pooling::cls;
    d.normalize = st.normalize;
  }
  if (st.max_seq_length > 0) d.max_length = std::min(st.max_seq_length, config.max_position_embeddings);
  return d;
}

}  // namespace

Result<std::unique_ptr<BertModel>> BertModel::from_files(const FileMap& files, const LoadOptions& options) {
  constexpr int kMaxThreads = 64;
  if (options.threads < 0 || options.threads > kMaxThreads)
    return input_error("threads " + std::to_string(options.threads) + " is not in 0.." + std::to_string(kMaxThreads));
  std::unique_ptr<BertModel> model;
  if (const auto* gguf = find_file(files, "model.gguf")) {
    BW_ASSIGN(model, from_gguf(reinterpret_cast<const uint8_t*>(gguf->data()), gguf->size(), options, "model.gguf"));
  } else {
    BW_ASSIGN(model, from_hf_files(files, options));
  }
  model->pool_ = std::make_unique<ThreadPool>(options.threads > 0 ? options.threads : ThreadPool::default_threads());
  return model;
}

Result<std::unique_ptr<BertModel>> BertModel::from_hf_files(const FileMap& files, const LoadOptions& options) {
  std::unique_ptr<BertModel> model(new BertModel());
  const auto* config_json = find_file(files, "config.json");
  if (!config_json) return io_error("config.json: missing (a Hugging Face model directory needs it)");
  BW_ASSIGN(model->config_, parse_bert_config(*config_json, "config.json"));
  BW_ASSIGN(model->tokenizer_, load_tokenizer(files));
  BW_ASSIGN(model->defaults_, load_embed_defaults(files, model->config_));

  const auto* weights = find_file(files, "model.safetensors");
  if (!weights) {
    if (find_file(files, "pytorch_model.bin"))
      return unsupported_error("pytorch_model.bin: PyTorch pickles are not supported; use model.safetensors");
    return io_error("model.safetensors: missing");
  }
  BW_ASSIGN(SafetensorsFile st, SafetensorsFile::parse(reinterpret_cast<const uint8_t*>(weights->data()), weights->size(), "model.safetensors"));
  SafetensorsSource source(st, "model.safetensors");
  model->storage_ = options.storage.value_or(DType::f32);
  BW_TRY(model->load_weights(source));
  return model;
}

Status BertModel::load_weights(const TensorSource& source) {
  BW_ASSIGN(weights_, load_encoder_weights(source, config_, storage_));
  BW_ASSIGN(heads_, load_head_weights(source, config_, weights_.embeddings.word.storage()));
  return {};
}

size_t BertModel::weight_bytes() const {
  auto vec = [](const std::vector<float>& v) { return v.size() * sizeof(float); };
  auto lin = [&](const Linear& l) { return l.w.byte_size() + vec(l.b); };
  auto norm = [&](const LayerNormWeights& n) { return vec(n.gamma) + vec(n.beta); };
  const EmbeddingWeights& e = weights_.embeddings;
  size_t total = e.word.byte_size() + vec(e.position) + vec(e.token_type) + norm(e.norm);
  for (const LayerWeights& l : weights_.layers)
    total += lin(l.qkv) + lin(l.attn_out) + norm(l.attn_norm) + lin(l.ffn_up) + lin(l.ffn_down) + norm(l.out_norm);
  if (weights_.pooler) total += lin(*weights_.pooler);
  return total + head_weight_bytes(heads_);
}

Status BertModel::forward(const TokenBatch& batch, float* hidden) {
  Encoder encoder(config_, weights_);
  return encoder.forward(batch, workspace_, pool_.get(), hidden);
}

}  // namespace bertwasm
