// BertModel::from_gguf and the configuration and embedding defaults of a GGUF file (ours or
// llama.cpp's). Quantized matrices stay in their blocks: weights load through a GgufSource at
// the file's own storage type unless the caller asks for another.
#include "model/gguf_model.h"

#include <climits>

#include "model/gguf_source.h"

namespace bertwasm {
namespace {

namespace k = gguf_keys;

Result<int> read_size(const GgufFile& f, const char* key, int64_t min, int64_t max) {
  BW_ASSIGN(int64_t v, read_gguf_int(f, key, min, max));
  return int(v);
}

Result<double> read_number(const GgufFile& f, const char* key) {
  const GgufKv* kv = f.find_kv(key);
  if (kv && kv->type == GgufType::f64) return f.get_f64(key);
  BW_ASSIGN(float v, f.get_f32(key));
  return double(v);
}

Result<size_t> token_count(const GgufFile& f) {
  const char* key = f.has(k::kVocab) ? k::kVocab : k::kTokens;
  const GgufKv* kv = f.find_kv(key);
  if (!kv) return format_error(f.file_name() + ": missing key '" + std::string(k::kTokens) + "' (the vocabulary)");
  if (kv->type != GgufType::array || kv->array_type != GgufType::string)
    return format_error(f.file_name() + ": key '" + std::string(key) + "' is not an array of strings");
  return size_t(kv->count);
}

Result<int> type_vocab_size(const GgufFile& f) {
  if (f.has(k::kTokenTypeCount)) return read_size(f, k::kTokenTypeCount, 1, 65536);
  const GgufTensor* t = f.find_tensor(tensor_name(TensorRole::type_embd).gguf);
  if (t && t->dims.size() == 2 && t->dims[1] >= 1 && t->dims[1] <= 65536) return int(t->dims[1]);
  return 2;  // the loader reports a missing or misshapen token_types.weight
}

// Vectors (LayerNorms, biases) must hold plain floats; quantized blocks are for matrices.
Status check_vector_types(const GgufSource& src, const BertConfig& c) {
  for (const TensorName& n : tensor_names()) {
    for (int layer = 0; layer < (n.per_layer ? c.num_layers : 1); ++layer) {
      const SourceTensor* t = src.find(n.role, layer);
      if (!t || t->shape.size() != 1 || !t->dtype) continue;
      if (*t->dtype == DType::q8_0 || *t->dtype == DType::q4_0)
        return unsupported_error(src.file_name() + ": tensor " + t->name + " is " + t->dtype_name +
                                 "; vectors (LayerNorm weights, biases) must be F32, F16 or BF16");
    }
  }
  return {};
}

// The storage the file's matrices use (its first layer's FFN up-projection), f32 for BF16.
DType file_storage(const GgufSource& src) {
  const SourceTensor* t = src.find(TensorRole::ffn_up_w, 0);
  if (!t) t = src.find(TensorRole::word_embd, 0);
  if (!t || !t->dtype || *t->dtype == DType::bf16) return DType::f32;
  return *t->dtype;
}

}  // namespace

Result<int64_t> read_gguf_int(const GgufFile& f, const char* key, int64_t min, int64_t max) {
  BW_ASSIGN(int64_t v, f.get_integer(key));
  if (v < min || v > max)
    return format_error(f.file_name() + ": key '" + key + "' = " + std::to_string(v) + " is outside " +
                        std::to_string(min) + ".." + std::to_string(max));
  return v;
}

Result<BertConfig> read_gguf_config(const GgufFile& f) {
  BW_ASSIGN(std::string arch, f.get_string(k::kArchitecture));
  if (arch != "bert")
    return unsupported_error(f.file_name() + ": key '" + std::string(k::kArchitecture) + "' is \"" + arch +
                             "\"; only \"bert\" is supported");
  if (f.has(k::kCausal)) {
    BW_ASSIGN(bool causal, f.get_bool(k::kCausal));
    if (causal) return unsupported_error(f.file_name() + ": key '" + std::string(k::kCausal) + "' is true; BERT attends both ways");
  }
  BertConfig c;
  BW_ASSIGN(c.hidden_size, read_size(f, k::kEmbeddingLength, 1, 16384));
  BW_ASSIGN(c.num_layers, read_size(f, k::kBlockCount, 1, 256));
  BW_ASSIGN(c.num_heads, read_size(f, k::kHeadCount, 1, 16384));
  BW_ASSIGN(c.intermediate_size, read_size(f, k::kFeedForwardLength, 1, 262144));
  BW_ASSIGN(c.max_position_embeddings, read_size(f, k::kContextLength, 1, 65536));
  if (c.hidden_size % c.num_heads != 0)
    return format_error(f.file_name() + ": key '" + std::string(k::kEmbeddingLength) + "' = " +
                        std::to_string(c.hidden_size) + " is not a multiple of '" + k::kHeadCount + "' = " +
                        std::to_string(c.num_heads));
  BW_ASSIGN(double eps, read_number(f, k::kLayerNormEps));
  if (!(eps > 0 && eps < 1))
    return format_error(f.file_name() + ": key '" + std::string(k::kLayerNormEps) + "' must be in (0, 1)");
  c.layer_norm_eps = float(eps);

  BW_ASSIGN(size_t tokens, token_count(f));
  if (f.has(k::kVocabSize)) {
    BW_ASSIGN(c.vocab_size, read_size(f, k::kVocabSize, 1, 10000000));
  } else {
    if (tokens < 1 || tokens > 10000000) return format_error(f.file_name() + ": the vocabulary has " + std::to_string(tokens) + " tokens");
    c.vocab_size = int(tokens);
  }
  if (tokens > size_t(c.vocab_size))
    return format_error(f.file_name() + ": vocab size mismatch: the tokenizer has " + std::to_string(tokens) +
                        " tokens but '" + k::kVocabSize + "' is " + std::to_string(c.vocab_size));
  const GgufTensor* embd = f.find_tensor(tensor_name(TensorRole::word_embd).gguf);
  if (embd && embd->dims.size() == 2 && embd->dims[1] != c.vocab_size)
    return format_error(f.file_name() + ": vocab size mismatch: tensor " + embd->name + " has " +
                        std::to_string(embd->dims[1]) + " rows for a vocabulary of " + std::to_string(c.vocab_size));
  BW_ASSIGN(c.type_vocab_size, type_vocab_size(f));
  const char* pad_key = f.has(k::kPadTokenId) ? k::kPadTokenId : f.has(k::kPadId) ? k::kPadId : nullptr;
  if (pad_key) {
    BW_ASSIGN(c.pad_token_id, read_size(f, pad_key, 0, c.vocab_size - 1));
  }

  if (f.has(k::kModelArchitecture)) {
    BW_ASSIGN(c.architecture, f.get_string(k::kModelArchitecture));
  } else if (f.find_tensor(tensor_name(TensorRole::classifier_w).gguf) && f.find_tensor(tensor_name(TensorRole::pooler_w).gguf)) {
    // Hugging Face's sequence classifier reads the pooler, which llama.cpp's converter drops:
    // its classifier files load as embedding models (labels kept).
    c.architecture = "BertForSequenceClassification";
  }
  if (f.has(k::kProblemType)) {
    BW_ASSIGN(c.problem_type, f.get_string(k::kProblemType));
  }
  if (f.has(k::kLabels)) {
    BW_ASSIGN(c.labels, f.get_string_array(k::kLabels));
  } else if (f.has(k::kClassifierLabels)) {
    BW_ASSIGN(c.labels, f.get_string_array(k::kClassifierLabels));
  }
  return c;
}

Result<EmbedDefaults> read_gguf_defaults(const GgufFile& f, const BertConfig& c) {
  EmbedDefaults d;
  d.max_length = c.max_position_embeddings;
  if (f.has(k::kPooling)) {
    BW_ASSIGN(std::string name, f.get_string(k::kPooling));
    auto pooling = parse_pooling(name);
    if (!pooling.ok())
      return format_error(f.file_name() + ": key '" + std::string(k::kPooling) + "': " + pooling.status().message());
    d.pooling = *pooling;
  } else if (f.has(k::kPoolingType)) {
    BW_ASSIGN(int type, read_size(f, k::kPoolingType, 0, 1000));
    if (type == 3)
      return unsupported_error(f.file_name() + ": key '" + std::string(k::kPoolingType) + "' = 3 (last token) is not supported");
    if (type == 2) d.pooling = Pooling::cls;  // 1 mean; 0 none and 4 rank: mean by default
  }
  if (f.has(k::kNormalize)) {
    BW_ASSIGN(d.normalize, f.get_bool(k::kNormalize));
  }
  if (f.has(k::kMaxLength)) {
    BW_ASSIGN(d.max_length, read_size(f, k::kMaxLength, 1, c.max_position_embeddings));
  }
  return d;
}

Result<std::unique_ptr<BertModel>> BertModel::from_gguf(const uint8_t* bytes, size_t size, const LoadOptions& options,
                                                        const std::string& file_name) {
  BW_ASSIGN(GgufFile file, GgufFile::parse(bytes, size, file_name));
  std::unique_ptr<BertModel> model(new BertModel());
  BW_ASSIGN(model->config_, read_gguf_config(file));
  BW_ASSIGN(Tokenizer tokenizer, read_gguf_tokenizer(file));
  model->tokenizer_ = std::make_unique<Tokenizer>(std::move(tokenizer));
  BW_ASSIGN(model->defaults_, read_gguf_defaults(file, model->config_));
  const GgufSource source(file);
  BW_TRY(check_vector_types(source, model->config_));
  model->storage_ = options.storage.value_or(file_storage(source));
  BW_TRY(model->load_weights(source));
  return model;
}

}  // namespace bertwasm
