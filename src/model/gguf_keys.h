// The GGUF keys of a BERT model file, in one place for the loader and the exporter. llama.cpp's
// own keys (general.*, bert.*, tokenizer.ggml.*) carry what llama.cpp can express; bertwasm.*
// keys carry the rest, so our files round-trip losslessly (llama.cpp ignores them).
#pragma once

#include <cstdint>

namespace bertwasm::gguf_keys {

// general.*
constexpr char kArchitecture[] = "general.architecture";  // "bert"
constexpr char kFileType[] = "general.file_type";          // llama_ftype: 0 f32, 1 f16, 2 q4_0, 7 q8_0
constexpr char kQuantizationVersion[] = "general.quantization_version";  // 2 for quantized files

// bert.* (llama.cpp's BERT hyperparameters)
constexpr char kContextLength[] = "bert.context_length";  // max_position_embeddings
constexpr char kEmbeddingLength[] = "bert.embedding_length";
constexpr char kFeedForwardLength[] = "bert.feed_forward_length";
constexpr char kBlockCount[] = "bert.block_count";
constexpr char kHeadCount[] = "bert.attention.head_count";
constexpr char kLayerNormEps[] = "bert.attention.layer_norm_epsilon";
constexpr char kCausal[] = "bert.attention.causal";
constexpr char kVocabSize[] = "bert.vocab_size";
constexpr char kPoolingType[] = "bert.pooling_type";  // 0 none, 1 mean, 2 cls, 3 last, 4 rank
constexpr char kClassifierLabels[] = "bert.classifier.output_labels";

// tokenizer.ggml.* (llama.cpp's vocabulary: phantom-space form, see gguf_tokenizer.cpp)
constexpr char kTokenizerModel[] = "tokenizer.ggml.model";  // "bert"
constexpr char kTokenizerPre[] = "tokenizer.ggml.pre";
constexpr char kTokens[] = "tokenizer.ggml.tokens";
constexpr char kTokenTypes[] = "tokenizer.ggml.token_type";
constexpr char kTokenTypeCount[] = "tokenizer.ggml.token_type_count";  // type_vocab_size
constexpr char kBosId[] = "tokenizer.ggml.bos_token_id";
constexpr char kEosId[] = "tokenizer.ggml.eos_token_id";
constexpr char kUnkId[] = "tokenizer.ggml.unknown_token_id";
constexpr char kSepId[] = "tokenizer.ggml.seperator_token_id";  // sic, llama.cpp's spelling
constexpr char kPadId[] = "tokenizer.ggml.padding_token_id";
constexpr char kClsId[] = "tokenizer.ggml.cls_token_id";
constexpr char kMaskId[] = "tokenizer.ggml.mask_token_id";
constexpr char kAddBos[] = "tokenizer.ggml.add_bos_token";
constexpr char kAddEos[] = "tokenizer.ggml.add_eos_token";

// llama.cpp token types (tokenizer.ggml.token_type values)
enum class GgmlTokenType : int32_t { normal = 1, unknown = 2, control = 3, user_defined = 4, unused = 5, byte = 6 };

// bertwasm.* (ours)
constexpr char kFormatVersion[] = "bertwasm.format_version";  // u32, kFormatVersionValue
constexpr uint32_t kFormatVersionValue = 1;
constexpr char kModelArchitecture[] = "bertwasm.architecture";  // config.json architectures[0]
constexpr char kProblemType[] = "bertwasm.problem_type";
constexpr char kLabels[] = "bertwasm.labels";  // id2label in id order
constexpr char kPadTokenId[] = "bertwasm.pad_token_id";
constexpr char kPooling[] = "bertwasm.pooling";  // "mean" | "cls" | "pooler"
constexpr char kNormalize[] = "bertwasm.normalize";
constexpr char kMaxLength[] = "bertwasm.max_length";

constexpr char kVocab[] = "bertwasm.tokenizer.vocab";            // the original strings, by id
constexpr char kModelSize[] = "bertwasm.tokenizer.model_size";   // WordPiece's share of kVocab
constexpr char kLowercase[] = "bertwasm.tokenizer.lowercase";
constexpr char kStripAccents[] = "bertwasm.tokenizer.strip_accents";  // absent: follows lowercase
constexpr char kCleanText[] = "bertwasm.tokenizer.clean_text";
constexpr char kChineseChars[] = "bertwasm.tokenizer.handle_chinese_chars";
constexpr char kMaxCharsPerWord[] = "bertwasm.tokenizer.max_input_chars_per_word";
constexpr char kSubwordPrefix[] = "bertwasm.tokenizer.continuing_subword_prefix";
constexpr char kModelMaxLength[] = "bertwasm.tokenizer.model_max_length";
constexpr char kUnkToken[] = "bertwasm.tokenizer.unk_token";
constexpr char kClsToken[] = "bertwasm.tokenizer.cls_token";
constexpr char kSepToken[] = "bertwasm.tokenizer.sep_token";
constexpr char kPadToken[] = "bertwasm.tokenizer.pad_token";
constexpr char kMaskToken[] = "bertwasm.tokenizer.mask_token";
// Added tokens as three parallel arrays (GGUF has no arrays of records).
constexpr char kAddedIds[] = "bertwasm.tokenizer.added_tokens.id";
constexpr char kAddedContents[] = "bertwasm.tokenizer.added_tokens.content";
constexpr char kAddedFlags[] = "bertwasm.tokenizer.added_tokens.flags";  // u8, bits below
constexpr uint8_t kAddedSpecial = 1, kAddedNormalized = 2, kAddedLstrip = 4, kAddedRstrip = 8,
                  kAddedSingleWord = 16;

}  // namespace bertwasm::gguf_keys
