// Loads the task heads of a BertFor* checkpoint from any TensorSource (safetensors or GGUF),
// by config.architecture, through the roles of model/tensor_names.h. Labels of a classifier
// come from config.json's id2label, else from the weight's shape.
#include "model/heads.h"

#include <cstring>

namespace bertwasm {
namespace {

using R = TensorRole;

Status require_pooler(const TensorSource& src, const BertConfig& config) {
  if (src.find(R::pooler_w) && src.find(R::pooler_b)) return {};
  return format_error(src.file_name() + ": missing tensor " + tensor_name(R::pooler_w).hf.front() + " (" +
                      config.architecture + " applies its head to the pooler output)");
}

// Whether the checkpoint's decoder weight is a stored copy of the word embeddings (the tied
// case: older files keep both, newer ones drop the decoder).
bool same_bytes(const SourceTensor* a, const SourceTensor* b) {
  return a && b && a->dtype_name == b->dtype_name && a->shape == b->shape && a->byte_size == b->byte_size &&
         std::memcmp(a->data, b->data, a->byte_size) == 0;
}

Result<MlmHead> load_mlm(const TensorSource& src, const BertConfig& c, DType embedding_storage) {
  MlmHead head;
  const int64_t hidden = c.hidden_size;
  BW_ASSIGN(head.transform, load_linear(src, R::mlm_transform_w, R::mlm_transform_b, 0, hidden, hidden, DType::f32));
  BW_ASSIGN(head.norm, load_layer_norm(src, R::mlm_norm_w, R::mlm_norm_b, 0, hidden));
  BW_ASSIGN(head.bias, load_vector(src, R::mlm_decoder_b, 0, c.vocab_size));
  const SourceTensor* decoder = src.find(R::mlm_decoder_w);
  if (decoder && !same_bytes(decoder, src.find(R::word_embd))) {
    BW_ASSIGN(head.untied_decoder, load_packed(src, R::mlm_decoder_w, 0, c.vocab_size, hidden, embedding_storage));
  }
  return head;
}

// The classifier's output count: config.labels when given, else the weight's rows (and
// config.labels becomes LABEL_0..LABEL_{n-1}, as transformers names unnamed labels).
Result<Linear> load_classifier(const TensorSource& src, BertConfig& c) {
  if (c.labels.empty()) {
    const SourceTensor* w = src.find(R::classifier_w);
    if (!w) return format_error(src.file_name() + ": missing tensor " + tensor_name(R::classifier_w).hf.front());
    if (w->shape.size() != 2 || w->shape[0] < 1 || w->shape[0] > 1000000)
      return format_error(src.file_name() + ": tensor " + w->name + " is not a [labels, hidden] matrix");
    for (int64_t i = 0; i < w->shape[0]; ++i) c.labels.push_back("LABEL_" + std::to_string(i));
  }
  return load_linear(src, R::classifier_w, R::classifier_b, 0, int64_t(c.labels.size()), c.hidden_size, DType::f32);
}

}  // namespace

Result<HeadWeights> load_head_weights(const TensorSource& src, BertConfig& c, DType embedding_storage) {
  HeadWeights h;
  h.kind = head_kind(c.architecture);
  const int64_t hidden = c.hidden_size;
  const bool mlm = h.kind == HeadKind::pretraining || h.kind == HeadKind::masked_lm;
  const bool nsp = h.kind == HeadKind::pretraining || h.kind == HeadKind::next_sentence;
  if (mlm) {
    BW_ASSIGN(h.mlm, load_mlm(src, c, embedding_storage));
  }
  if (nsp || h.kind == HeadKind::sequence_classification) BW_TRY(require_pooler(src, c));
  if (nsp) {
    BW_ASSIGN(h.nsp, load_linear(src, R::nsp_w, R::nsp_b, 0, 2, hidden, DType::f32));
  }
  if (h.kind == HeadKind::sequence_classification || h.kind == HeadKind::token_classification) {
    BW_ASSIGN(h.classifier, load_classifier(src, c));
  }
  if (h.kind == HeadKind::question_answering) {
    BW_ASSIGN(h.qa, load_linear(src, R::qa_w, R::qa_b, 0, 2, hidden, DType::f32));
  }
  return h;
}

}  // namespace bertwasm
