#include "api/model.h"

#include <algorithm>

namespace bertwasm::api {

Result<std::unique_ptr<Model>> Model::load(const FileMap& files, const LoadOptions& options) {
  BW_ASSIGN(std::unique_ptr<BertModel> model, BertModel::from_files(files, options));
  return std::unique_ptr<Model>(new Model(std::move(model)));
}

Result<Encoding> Model::tokenize(std::string_view text, const std::string_view* pair,
                                 const TokenizeOptions& options) const {
  EncodeOptions enc;
  enc.max_length = options.max_length > 0 ? options.max_length : config().max_position_embeddings;
  enc.truncation = options.truncation;
  return model_->tokenizer().encode(text, pair, enc);
}

Result<Model::Pooled> Model::pooling_for(const EmbedOptions& options) const {
  const EmbedDefaults& d = embed_defaults();
  Pooled p{options.pooling.value_or(d.pooling), options.normalize.value_or(d.normalize)};
  if (options.batch_size < 1) return input_error("batchSize must be at least 1");
  if (p.pooling == Pooling::pooler && !model_->weights().pooler)
    return unsupported_error("pooling 'pooler': this model has no pooler weights");
  return p;
}

Status Model::embed_sequences(const std::vector<std::pair<std::vector<int32_t>, std::vector<int32_t>>>& sequences,
                              const Pooled& pooled, int batch_size, float* out) {
  const int dim = config().hidden_size;
  std::vector<float> hidden;
  for (size_t first = 0; first < sequences.size(); first += size_t(batch_size)) {
    const size_t last = std::min(sequences.size(), first + size_t(batch_size));
    TokenBatch batch;
    for (size_t i = first; i < last; ++i)
      batch.add(sequences[i].first.data(), sequences[i].second.data(), int(sequences[i].first.size()));
    hidden.resize(size_t(batch.total_tokens()) * dim);
    BW_TRY(model_->forward(batch, hidden.data()));
    size_t row = 0;
    for (size_t i = first; i < last; ++i) {
      const int len = batch.lengths[i - first];
      BW_TRY(pool(pooled.pooling, hidden.data() + row * dim, len, dim, model_->weights(), pooled.normalize,
                  out + i * dim));
      row += size_t(len);
    }
  }
  return {};
}

Result<Embeddings> Model::embed(const std::vector<std::string>& texts, const EmbedOptions& options) {
  BW_ASSIGN(const Pooled pooled, pooling_for(options));
  if (options.max_length > config().max_position_embeddings)
    return input_error("maxLength " + std::to_string(options.max_length) + " exceeds the model's " +
                       std::to_string(config().max_position_embeddings) + " positions");
  TokenizeOptions tok;
  tok.max_length = options.max_length > 0 ? options.max_length : embed_defaults().max_length;

  Embeddings out;
  out.dim = config().hidden_size;
  out.count = int(texts.size());
  out.truncated.resize(texts.size());
  std::vector<std::pair<std::vector<int32_t>, std::vector<int32_t>>> sequences;
  sequences.reserve(texts.size());
  for (size_t i = 0; i < texts.size(); ++i) {
    BW_ASSIGN(Encoding e, tokenize(texts[i], nullptr, tok));
    out.truncated[i] = e.truncated;
    sequences.emplace_back(std::move(e.ids), std::move(e.type_ids));
  }
  out.data.resize(texts.size() * size_t(out.dim));
  BW_TRY(embed_sequences(sequences, pooled, options.batch_size, out.data.data()));
  return out;
}

Result<EncodeOutput> Model::encode(std::string_view text, const std::string_view* pair, int max_length) {
  TokenizeOptions tok;
  tok.max_length = max_length;
  EncodeOutput out;
  BW_ASSIGN(out.encoding, tokenize(text, pair, tok));
  const int dim = config().hidden_size;
  TokenBatch batch;
  batch.add(out.encoding.ids.data(), out.encoding.type_ids.data(), int(out.encoding.size()));
  out.last_hidden_state.resize(out.encoding.size() * size_t(dim));
  BW_TRY(model_->forward(batch, out.last_hidden_state.data()));
  if (model_->weights().pooler) {
    out.pooler_output.resize(size_t(dim));
    BW_TRY(pool(Pooling::pooler, out.last_hidden_state.data(), int(out.encoding.size()), dim, model_->weights(),
                false, out.pooler_output.data()));
  }
  return out;
}

}  // namespace bertwasm::api
