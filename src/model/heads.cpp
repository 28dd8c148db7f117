// The heads' forward passes, each the Hugging Face module written out: BertLMPredictionHead
// (transform, then the tied decoder), and the plain Linear layers of the other heads.
#include "model/heads.h"

#include <vector>

#include "kernels/ops.h"

namespace bertwasm {

HeadKind head_kind(const std::string& architecture) {
  if (architecture == "BertForPreTraining") return HeadKind::pretraining;
  if (architecture == "BertForMaskedLM") return HeadKind::masked_lm;
  if (architecture == "BertForNextSentencePrediction") return HeadKind::next_sentence;
  if (architecture == "BertForSequenceClassification") return HeadKind::sequence_classification;
  if (architecture == "BertForTokenClassification") return HeadKind::token_classification;
  if (architecture == "BertForQuestionAnswering") return HeadKind::question_answering;
  return HeadKind::none;
}

size_t head_weight_bytes(const HeadWeights& h) {
  auto vec = [](const std::vector<float>& v) { return v.size() * sizeof(float); };
  auto lin = [&](const std::optional<Linear>& l) { return l ? l->w.byte_size() + vec(l->b) : 0; };
  size_t total = lin(h.nsp) + lin(h.classifier) + lin(h.qa);
  if (h.mlm) {
    total += h.mlm->transform.w.byte_size() + vec(h.mlm->transform.b);
    total += vec(h.mlm->norm.gamma) + vec(h.mlm->norm.beta) + vec(h.mlm->bias);
    if (h.mlm->untied_decoder) total += h.mlm->untied_decoder->byte_size();
  }
  return total;
}

void apply_linear(const Linear& layer, const float* x, int rows, float* y) {
  matmul(x, rows, layer.w, layer.b.data(), y);
}

void mlm_logits(const MlmHead& head, const EncoderWeights& encoder, const BertConfig& config,
                const float* hidden, int rows, float* logits) {
  const int h = config.hidden_size;
  // Transform: dense, exact GELU, LayerNorm (BertPredictionHeadTransform).
  std::vector<float> transformed(size_t(rows) * h);
  matmul(hidden, rows, head.transform.w, head.transform.b.data(), transformed.data());
  gelu_erf(transformed.data(), transformed.size());
  add_layer_norm(transformed.data(), nullptr, rows, h, head.norm.gamma.data(), head.norm.beta.data(),
                 config.layer_norm_eps);
  // Decoder: the word embedding matrix [vocab, hidden] (or a checkpoint's own untied decoder) as
  // the output layer, plus its own bias.
  const PackedWeights& decoder = head.untied_decoder ? *head.untied_decoder : encoder.embeddings.word;
  matmul(transformed.data(), rows, decoder, head.bias.data(), logits);
}

}  // namespace bertwasm
