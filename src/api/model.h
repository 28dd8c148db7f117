// The public C++ API of bert-wasm: what the Embind bindings and the native tools call. A Model
// tokenizes, embeds (batched, pooled, normalized) and encodes texts; every function reports bad
// input as an error Status and leaves the model usable afterwards.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/bert_model.h"
#include "quant/quantize.h"  // dtype_name

namespace bertwasm::api {

struct TokenizeOptions {
  int max_length = 0;      // 0: the model's maximum (max_position_embeddings)
  bool truncation = true;
};

struct EmbedOptions {
  std::optional<Pooling> pooling;  // default: the model's (sentence-transformers) setting
  std::optional<bool> normalize;
  int max_length = 0;              // 0: the model's default for embeddings
  int batch_size = 32;             // texts per forward pass
};

struct Embeddings {
  std::vector<float> data;         // [count, dim], row-major
  int count = 0, dim = 0;
  std::vector<bool> truncated;     // per text
};

// Long texts cut into overlapping windows of tokens, one vector per window.
struct ChunkOptions {
  int max_tokens = 0;  // tokens per window including [CLS] and [SEP]; 0: the embedding max length
  int overlap = 0;     // tokens shared by consecutive windows, < max_tokens - 2
};

struct Chunk {
  int text = 0;        // index of the input text
  Span utf8, utf16;    // the window's span in that text ([0, 0] for an empty text)
};

struct ChunkedEmbeddings {
  std::vector<float> data;   // [chunks.size(), dim]
  int dim = 0;
  std::vector<Chunk> chunks;
};

struct EncodeOutput {
  Encoding encoding;
  std::vector<float> last_hidden_state;  // [encoding.size(), hidden]
  std::vector<float> pooler_output;      // [hidden], empty when the model has no pooler
};

class Model {
 public:
  static Result<std::unique_ptr<Model>> load(const FileMap& files, const LoadOptions& options);

  const BertConfig& config() const { return model_->config(); }
  const EmbedDefaults& embed_defaults() const { return model_->embed_defaults(); }
  DType storage() const { return model_->storage(); }
  size_t weight_bytes() const { return model_->weight_bytes(); }
  const BertModel& bert() const { return *model_; }

  Result<Encoding> tokenize(std::string_view text, const std::string_view* pair,
                            const TokenizeOptions& options) const;
  Result<Embeddings> embed(const std::vector<std::string>& texts, const EmbedOptions& options);
  // Every token of every text is embedded, in windows (api/chunking.cpp); options.max_length is
  // not used (chunk.max_tokens is the window).
  Result<ChunkedEmbeddings> embed_chunks(const std::vector<std::string>& texts, const ChunkOptions& chunk,
                                         const EmbedOptions& options);
  Result<EncodeOutput> encode(std::string_view text, const std::string_view* pair, int max_length = 0);
  // last_hidden_state of already tokenized sequences (the task pipelines window long texts).
  Status forward(const TokenBatch& batch, float* hidden) { return model_->forward(batch, hidden); }

 private:
  struct Pooled {
    Pooling pooling;
    bool normalize;
  };
  explicit Model(std::unique_ptr<BertModel> model) : model_(std::move(model)) {}
  Result<Pooled> pooling_for(const EmbedOptions& options) const;
  // Runs `sequences` (token ids and type ids each) in batches and pools each into out[i · dim].
  Status embed_sequences(const std::vector<std::pair<std::vector<int32_t>, std::vector<int32_t>>>& sequences,
                         const Pooled& pooled, int batch_size, float* out);
  std::unique_ptr<BertModel> model_;
};

}  // namespace bertwasm::api
