// A loaded BERT model: configuration, tokenizer, weights and the defaults `embed` uses, built
// from the files of a Hugging Face model directory or from a GGUF file (model/gguf_model.cpp).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "formats/hf_config.h"
#include "model/encoder.h"
#include "model/heads.h"
#include "model/pooling.h"
#include "kernels/thread_pool.h"
#include "model/weights.h"
#include "tokenizer/tokenizer.h"

namespace bertwasm {

// File name relative to the model's root ("config.json", "1_Pooling/config.json") -> its bytes.
using FileMap = std::map<std::string, std::string>;

struct LoadOptions {
  std::optional<DType> storage;  // weight type in memory; default: f32 for safetensors, the
                                 // file's own type for GGUF
  int threads = 0;               // 0: ThreadPool::default_threads() (1 in single-threaded wasm)
};

// What `embed` does when the caller does not say (sentence-transformers config, else mean + L2).
struct EmbedDefaults {
  Pooling pooling = Pooling::mean;
  bool normalize = true;
  int max_length = 512;
};

class BertModel {
 public:
  // A GGUF file when `files` holds "model.gguf", else a Hugging Face model directory.
  // Also starts options.threads threads for the forward pass.
  static Result<std::unique_ptr<BertModel>> from_files(const FileMap& files, const LoadOptions& options);
  static Result<std::unique_ptr<BertModel>> from_hf_files(const FileMap& files, const LoadOptions& options);
  // Ours or llama.cpp's (model/gguf_model.cpp); the bytes need not outlive the model.
  static Result<std::unique_ptr<BertModel>> from_gguf(const uint8_t* bytes, size_t size, const LoadOptions& options,
                                                      const std::string& file_name = "model.gguf");

  const BertConfig& config() const { return config_; }
  const Tokenizer& tokenizer() const { return *tokenizer_; }
  const EncoderWeights& weights() const { return weights_; }
  const HeadWeights& heads() const { return heads_; }  // task heads, by config.architecture
  const EmbedDefaults& embed_defaults() const { return defaults_; }
  DType storage() const { return storage_; }
  size_t weight_bytes() const;
  // Threads the forward pass runs on (from_files starts them; the other loaders leave one).
  int threads() const { return pool_ ? pool_->size() : 1; }

  // last_hidden_state of every token of the batch: `hidden` gets batch.total_tokens() rows.
  Status forward(const TokenBatch& batch, float* hidden);

 private:
  BertModel() = default;
  // Every weight the model uses, from `source`, in storage_.
  Status load_weights(const TensorSource& source);

  BertConfig config_;
  std::unique_ptr<Tokenizer> tokenizer_;
  EncoderWeights weights_;
  HeadWeights heads_;
  EmbedDefaults defaults_;
  DType storage_ = DType::f32;
  Workspace workspace_;
  std::unique_ptr<ThreadPool> pool_;
};

}  // namespace bertwasm
