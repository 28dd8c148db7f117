// Task heads of Hugging Face BertFor* checkpoints, applied to the encoder's last_hidden_state:
// masked LM (dense + GELU + LayerNorm, then a decoder tied to the word embeddings), next
// sentence and sequence classification (on the pooler output), token classification and
// extractive QA (on every token). config.architecture decides which heads a model has.
// Head matrices are small and kept in f32 whatever the encoder's storage type.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "formats/hf_config.h"
#include "model/weights.h"

namespace bertwasm {

enum class HeadKind {
  none,                     // BertModel (and BertFor* heads this project does not run)
  pretraining,              // BertForPreTraining: masked LM + next sentence
  masked_lm,                // BertForMaskedLM
  next_sentence,            // BertForNextSentencePrediction
  sequence_classification,  // BertForSequenceClassification
  token_classification,     // BertForTokenClassification
  question_answering,       // BertForQuestionAnswering
};

// architectures[0] of config.json -> the heads it carries (HeadKind::none when unknown).
HeadKind head_kind(const std::string& architecture);

struct MlmHead {
  Linear transform;          // cls.predictions.transform.dense [hidden, hidden], then GELU
  LayerNormWeights norm;     // cls.predictions.transform.LayerNorm
  std::vector<float> bias;   // cls.predictions.bias [vocab]
  // cls.predictions.decoder.weight [vocab, hidden], only when the checkpoint stores one that
  // differs from the word embeddings; otherwise the decoder is tied to embeddings.word.
  std::optional<PackedWeights> untied_decoder;
};

struct HeadWeights {
  HeadKind kind = HeadKind::none;
  std::optional<MlmHead> mlm;
  std::optional<Linear> nsp;         // [2, hidden] on the pooler output; logit 0 = "B follows A"
  std::optional<Linear> classifier;  // [labels, hidden] on the pooler output (sequence) or each token
  std::optional<Linear> qa;          // [2, hidden] on each token: start logit, end logit
};

// Loads the heads config.architecture names (the pooler, which nsp and sequence classification
// read, is an encoder weight). E_FORMAT naming the tensor when one is missing or misshapen.
// When config.labels is empty, a classifier names its outputs "LABEL_i" from its weight shape
// and config.labels is filled in, so BertConfig always holds the labels a head produces.
// `embedding_storage` is the word embeddings' type, which an untied decoder gets too.
Result<HeadWeights> load_head_weights(const TensorSource& src, BertConfig& config, DType embedding_storage);

// Bytes the head weights take in memory (the tied decoder is counted with the embeddings).
size_t head_weight_bytes(const HeadWeights& heads);

// Masked-LM logits of `rows` hidden rows (each config.hidden_size floats): logits gets
// rows × vocab_size floats.
void mlm_logits(const MlmHead& head, const EncoderWeights& encoder, const BertConfig& config,
                const float* hidden, int rows, float* logits);

// y[rows, out] = x[rows, in] · Wᵀ + b for one of the small head layers.
void apply_linear(const Linear& layer, const float* x, int rows, float* y);

}  // namespace bertwasm
