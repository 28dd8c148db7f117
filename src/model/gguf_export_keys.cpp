// The key/values export_gguf writes: llama.cpp's (general.*, bert.*, tokenizer.ggml.* with the
// vocabulary in phantom-space form, as convert_hf_to_gguf.py writes a BERT model) and ours
// (bertwasm.*: the original vocabulary, tokenizer flags, added tokens, defaults, labels).
#include <algorithm>

#include "model/gguf_export.h"
#include "model/gguf_model.h"

namespace bertwasm {
namespace {

namespace k = gguf_keys;
using k::GgmlTokenType;

uint32_t llama_file_type(DType dtype) {
  switch (dtype) {
    case DType::f16: return 1;   // LLAMA_FTYPE_MOSTLY_F16
    case DType::q4_0: return 2;  // LLAMA_FTYPE_MOSTLY_Q4_0
    case DType::q8_0: return 7;  // LLAMA_FTYPE_MOSTLY_Q8_0
    default: return 0;           // LLAMA_FTYPE_ALL_F32
  }
}

// llama.cpp's vocabulary: one entry per embedding row, padded with unused "[PAD<i>]" entries
// when the embedding table is larger than the tokenizer (as its converter does).
void add_llama_vocab(GgufWriter& w, const BertModel& model) {
  const Tokenizer& tok = model.tokenizer();
  const size_t n = std::max(tok.vocab_size(), size_t(model.config().vocab_size));
  std::vector<int32_t> types(n, int32_t(GgmlTokenType::normal));
  for (const AddedToken& t : tok.added_tokens())
    types[size_t(t.id)] = int32_t(t.special ? GgmlTokenType::control : GgmlTokenType::user_defined);
  std::vector<std::string> tokens(n);
  for (size_t i = 0; i < n; ++i) {
    if (i >= tok.vocab_size()) {
      types[i] = int32_t(GgmlTokenType::unused);
      tokens[i] = "[PAD" + std::to_string(i) + "]";
    }
    const std::string& piece = i < tok.vocab_size() ? tok.vocab()[i] : tokens[i];
    tokens[i] = phantom_from_wordpiece(piece, GgmlTokenType(types[i]));
  }
  w.set_string(k::kTokenizerModel, "bert");
  w.set_string(k::kTokenizerPre, "default");
  w.set_string_array(k::kTokens, tokens);
  w.set_i32_array(k::kTokenTypes, types);
  w.set_u32(k::kTokenTypeCount, uint32_t(model.config().type_vocab_size));
  const std::pair<const char*, int32_t> ids[] = {
      {k::kBosId, tok.cls_id()}, {k::kEosId, tok.sep_id()}, {k::kUnkId, tok.unk_id()}, {k::kSepId, tok.sep_id()},
      {k::kPadId, tok.pad_id()}, {k::kClsId, tok.cls_id()}, {k::kMaskId, tok.mask_id()}};
  for (const auto& [key, id] : ids)
    if (id >= 0) w.set_u32(key, uint32_t(id));
  w.set_bool(k::kAddBos, true);
  w.set_bool(k::kAddEos, true);
}

void add_bertwasm_tokenizer(GgufWriter& w, const Tokenizer& tok) {
  const TokenizerOptions& o = tok.options();
  w.set_string_array(k::kVocab, tok.vocab());
  w.set_u32(k::kModelSize, uint32_t(tok.model_size()));
  w.set_bool(k::kLowercase, o.lowercase);
  if (o.strip_accents) w.set_bool(k::kStripAccents, *o.strip_accents);
  w.set_bool(k::kCleanText, o.clean_text);
  w.set_bool(k::kChineseChars, o.handle_chinese_chars);
  w.set_u32(k::kMaxCharsPerWord, uint32_t(o.max_input_chars_per_word));
  w.set_string(k::kSubwordPrefix, o.continuing_subword_prefix);
  w.set_u32(k::kModelMaxLength, uint32_t(o.model_max_length));
  w.set_string(k::kUnkToken, o.unk_token);
  w.set_string(k::kClsToken, o.cls_token);
  w.set_string(k::kSepToken, o.sep_token);
  w.set_string(k::kPadToken, o.pad_token);
  w.set_string(k::kMaskToken, o.mask_token);
  std::vector<int32_t> ids;
  std::vector<std::string> contents;
  std::vector<uint8_t> flags;
  for (const AddedToken& t : tok.added_tokens()) {
    ids.push_back(t.id);
    contents.push_back(t.content);
    flags.push_back(uint8_t((t.special ? k::kAddedSpecial : 0) | (t.normalized ? k::kAddedNormalized : 0) |
                            (t.lstrip ? k::kAddedLstrip : 0) | (t.rstrip ? k::kAddedRstrip : 0) |
                            (t.single_word ? k::kAddedSingleWord : 0)));
  }
  w.set_i32_array(k::kAddedIds, ids);
  w.set_string_array(k::kAddedContents, contents);
  (void)w.set_array(k::kAddedFlags, GgufType::u8, flags.data(), flags.size());  // u8 is fixed-size: cannot fail
}

}  // namespace

void add_model_keys(GgufWriter& w, const BertModel& model, DType dtype, bool with_classifier) {
  const BertConfig& c = model.config();
  const EmbedDefaults& d = model.embed_defaults();
  w.set_string(k::kArchitecture, "bert");
  w.set_u32(k::kFileType, llama_file_type(dtype));
  if (dtype == DType::q8_0 || dtype == DType::q4_0) w.set_u32(k::kQuantizationVersion, 2);
  w.set_u32(k::kContextLength, uint32_t(c.max_position_embeddings));
  w.set_u32(k::kEmbeddingLength, uint32_t(c.hidden_size));
  w.set_u32(k::kFeedForwardLength, uint32_t(c.intermediate_size));
  w.set_u32(k::kBlockCount, uint32_t(c.num_layers));
  w.set_u32(k::kHeadCount, uint32_t(c.num_heads));
  w.set_f32(k::kLayerNormEps, c.layer_norm_eps);
  w.set_bool(k::kCausal, false);
  w.set_u32(k::kVocabSize, uint32_t(c.vocab_size));
  if (d.pooling != Pooling::pooler) w.set_u32(k::kPoolingType, d.pooling == Pooling::cls ? 2 : 1);
  if (with_classifier && !c.labels.empty()) w.set_string_array(k::kClassifierLabels, c.labels);
  add_llama_vocab(w, model);

  w.set_u32(k::kFormatVersion, k::kFormatVersionValue);
  w.set_string(k::kModelArchitecture, c.architecture);
  if (!c.problem_type.empty()) w.set_string(k::kProblemType, c.problem_type);
  if (!c.labels.empty()) w.set_string_array(k::kLabels, c.labels);
  w.set_u32(k::kPadTokenId, uint32_t(c.pad_token_id));
  w.set_string(k::kPooling, pooling_name(d.pooling));
  w.set_bool(k::kNormalize, d.normalize);
  w.set_u32(k::kMaxLength, uint32_t(d.max_length));
  add_bertwasm_tokenizer(w, model.tokenizer());
}

}  // namespace bertwasm
