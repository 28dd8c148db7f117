// The sequence-level pipelines: fill-mask (masked-LM head at each [MASK]), next-sentence
// prediction and text classification (heads on the pooler output). Token classification and
// question answering live in task_token_classification.cpp and task_question_answering.cpp.
#include "api/tasks.h"

#include "api/task_support.h"

namespace bertwasm::api {

using detail::missing_head;

Result<std::vector<std::vector<MaskFill>>> fill_mask(Model& model, std::string_view text,
                                                     const FillMaskOptions& options) {
  const BertModel& bert = model.bert();
  if (!bert.heads().mlm)
    return missing_head(model, "fill-mask", "masked-LM head", "BertForMaskedLM or BertForPreTraining");
  if (options.top_k < 1) return input_error("fill-mask: topK must be at least 1, got " + std::to_string(options.top_k));
  const int32_t mask_id = bert.tokenizer().mask_id();
  if (mask_id < 0) return unsupported_error("fill-mask: the tokenizer has no mask token");
  BW_ASSIGN(EncodeOutput out, model.encode(text, nullptr));
  const Encoding& enc = out.encoding;
  const int dim = model.config().hidden_size, vocab = model.config().vocab_size;

  std::vector<int> masks;
  std::vector<float> rows;
  for (size_t i = 0; i < enc.size(); ++i) {
    if (enc.ids[i] != mask_id) continue;
    masks.push_back(int(i));
    rows.insert(rows.end(), out.last_hidden_state.begin() + long(i * dim), out.last_hidden_state.begin() + long((i + 1) * dim));
  }
  if (masks.empty())
    return input_error("fill-mask: the text has no " + bert.tokenizer().options().mask_token + " token" +
                       (enc.truncated ? " within the model's " + std::to_string(model.config().max_position_embeddings) + " positions" : ""));
  std::vector<float> logits(masks.size() * size_t(vocab));
  mlm_logits(*bert.heads().mlm, bert.weights(), model.config(), rows.data(), int(masks.size()), logits.data());

  // HF: one mask -> sequences without special tokens; several -> with them (the other masks show).
  const bool single = masks.size() == 1;
  std::vector<std::vector<MaskFill>> result;
  for (size_t m = 0; m < masks.size(); ++m) {
    const std::vector<double> probs = detail::softmax(logits.data() + m * size_t(vocab), size_t(vocab));
    std::vector<MaskFill> fills;
    for (int id : detail::top_indices(probs, size_t(options.top_k))) {
      std::vector<int32_t> ids = enc.ids;
      ids[size_t(masks[m])] = id;
      fills.push_back({id, bert.tokenizer().id_to_token(id), probs[size_t(id)],
                       detail::decode(bert.tokenizer(), ids, single)});
    }
    result.push_back(std::move(fills));
  }
  return result;
}

Result<NextSentence> next_sentence(Model& model, std::string_view a, std::string_view b) {
  const auto& nsp = model.bert().heads().nsp;
  if (!nsp)
    return missing_head(model, "next-sentence prediction", "next-sentence head",
                        "BertForPreTraining or BertForNextSentencePrediction");
  BW_ASSIGN(EncodeOutput out, model.encode(a, &b));
  NextSentence r;
  apply_linear(*nsp, out.pooler_output.data(), 1, r.logits.data());
  r.is_next = detail::softmax(r.logits.data(), 2)[0];
  return r;
}

Result<Classification> classify(Model& model, std::string_view text, const std::string_view* pair,
                                const ClassifyOptions& options) {
  const HeadWeights& heads = model.bert().heads();
  if (heads.kind != HeadKind::sequence_classification)
    return missing_head(model, "text classification", "sequence-classification head", "BertForSequenceClassification");
  if (options.top_k < 0) return input_error("classify: topK must not be negative, got " + std::to_string(options.top_k));
  BW_ASSIGN(EncodeOutput out, model.encode(text, pair));
  const BertConfig& c = model.config();
  Classification r;
  r.logits.resize(c.labels.size());
  apply_linear(*heads.classifier, out.pooler_output.data(), 1, r.logits.data());

  // As HF: sigmoid for multi-label problems and single-output heads, else softmax.
  std::vector<double> scores;
  if (c.problem_type == "multi_label_classification" || r.logits.size() == 1) {
    for (float x : r.logits) scores.push_back(detail::sigmoid(x));
  } else {
    scores = detail::softmax(r.logits.data(), r.logits.size());
  }
  const size_t k = options.top_k == 0 ? scores.size() : size_t(options.top_k);
  for (int id : detail::top_indices(scores, k)) r.labels.push_back({c.labels[size_t(id)], id, scores[size_t(id)]});
  return r;
}

}  // namespace bertwasm::api
