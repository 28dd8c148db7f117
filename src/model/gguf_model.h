// A BERT model's non-weight parts read from GGUF keys (model/gguf_keys.h): the configuration,
// the tokenizer and the embedding defaults. Our bertwasm.* keys are used when present (lossless);
// otherwise llama.cpp's keys are read and its phantom-space vocabulary is mapped back to
// WordPiece form. BertModel::from_gguf (gguf_model.cpp) puts these and the weights together.
#pragma once

#include <string>

#include "formats/gguf.h"
#include "model/bert_model.h"
#include "model/gguf_keys.h"

namespace bertwasm {

// E_FORMAT naming the key when a required bert.* key is missing, mistyped or out of range;
// E_UNSUPPORTED for another general.architecture or causal attention. vocab_size is bert.vocab_size
// or else the token list's length; type_vocab_size is tokenizer.ggml.token_type_count or else the
// rows of token_types.weight.
Result<BertConfig> read_gguf_config(const GgufFile& file);

// E_FORMAT naming the key for a missing or inconsistent vocabulary, E_UNSUPPORTED when
// tokenizer.ggml.model is not "bert".
Result<Tokenizer> read_gguf_tokenizer(const GgufFile& file);

// bertwasm.pooling / normalize / max_length, else bert.pooling_type, normalize, the context length.
Result<EmbedDefaults> read_gguf_defaults(const GgufFile& file, const BertConfig& config);

// An integer key (any integer type) in [min, max]; E_FORMAT naming the key otherwise.
Result<int64_t> read_gguf_int(const GgufFile& file, const char* key, int64_t min, int64_t max);

// llama.cpp's vocabulary form (convert_hf_to_gguf.py, BertModel.set_vocab): control tokens as they
// are, "##piece" -> "piece", a word-initial "word" -> "\u2581word"; and back.
std::string phantom_from_wordpiece(const std::string& token, gguf_keys::GgmlTokenType type);
std::string wordpiece_from_phantom(const std::string& token, gguf_keys::GgmlTokenType type);

}  // namespace bertwasm
