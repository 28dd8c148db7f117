// Long texts embedded whole: each text is tokenized without truncation and its tokens are cut
// into windows of max_tokens − 2 that overlap by `overlap` tokens; every window is embedded as
// [CLS] window [SEP] and reports the span of the original text it covers.
#include <algorithm>

#include "api/model.h"

namespace bertwasm::api {

Result<ChunkedEmbeddings> Model::embed_chunks(const std::vector<std::string>& texts, const ChunkOptions& chunk,
                                              const EmbedOptions& options) {
  BW_ASSIGN(const Pooled pooled, pooling_for(options));
  const int max_tokens = chunk.max_tokens > 0 ? chunk.max_tokens : embed_defaults().max_length;
  if (max_tokens < 3 || max_tokens > config().max_position_embeddings)
    return input_error("chunk.maxTokens " + std::to_string(max_tokens) + " is not in 3.." +
                       std::to_string(config().max_position_embeddings));
  const int window = max_tokens - 2;  // room for [CLS] and [SEP]
  if (chunk.overlap < 0 || chunk.overlap >= window)
    return input_error("chunk.overlap " + std::to_string(chunk.overlap) + " must be in 0.." + std::to_string(window - 1) +
                       " (less than maxTokens - 2)");
  const int step = window - chunk.overlap;
  const Tokenizer& tokenizer = model_->tokenizer();

  ChunkedEmbeddings out;
  out.dim = config().hidden_size;
  std::vector<std::pair<std::vector<int32_t>, std::vector<int32_t>>> sequences;
  TokenizeOptions whole;
  whole.truncation = false;
  for (size_t t = 0; t < texts.size(); ++t) {
    BW_ASSIGN(Encoding e, tokenize(texts[t], nullptr, whole));
    const int content = int(e.size()) - 2;  // tokens between [CLS] and [SEP]
    for (int start = 0;; start += step) {
      const int end = std::min(start + window, content);
      std::vector<int32_t> ids{tokenizer.cls_id()};
      ids.insert(ids.end(), e.ids.begin() + 1 + start, e.ids.begin() + 1 + end);
      ids.push_back(tokenizer.sep_id());
      Chunk c;
      c.text = int(t);
      if (end > start) {
        c.utf8 = {e.offsets_utf8[1 + start].start, e.offsets_utf8[end].end};
        c.utf16 = {e.offsets_utf16[1 + start].start, e.offsets_utf16[end].end};
      }
      out.chunks.push_back(c);
      sequences.emplace_back(ids, std::vector<int32_t>(ids.size(), 0));
      if (end >= content) break;
    }
  }
  out.data.resize(sequences.size() * size_t(out.dim));
  BW_TRY(embed_sequences(sequences, pooled, options.batch_size, out.data.data()));
  return out;
}

}  // namespace bertwasm::api
