// The task pipelines over api::Model, behaving as transformers.js's (Hugging Face Python's where
// transformers.js falls short; README.md "## Tasks" lists each difference): fill-mask, next
// sentence, classification, token classification (HF's aggregations) and windowed extractive QA.
// Scores are probabilities in double; text positions come in UTF-8, UTF-16 and code points.
// E_UNSUPPORTED: the model lacks the task's head; E_INPUT: bad text or options (model stays usable).
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "api/model.h"

namespace bertwasm::api {

// A range [start, end) of the caller's text in its three usual units.
struct TextSpan {
  Span utf8, utf16, codepoints;
};

// ---- fill-mask (BertForMaskedLM, BertForPreTraining) ----

struct FillMaskOptions {
  int top_k = 5;  // fills per [MASK] (at most the vocabulary size)
};

struct MaskFill {
  int32_t token_id = 0;
  std::string token;     // the vocabulary entry ("##ire" for a continuation piece)
  double score = 0;      // softmax over the vocabulary
  std::string sequence;  // the text decoded (as HF does) with this token in place of the [MASK]
};

// One list of top_k fills per [MASK], in text order, best first. With a single [MASK] the
// sequence leaves special tokens out; with several it keeps them, so the other [MASK]s show (HF).
// E_INPUT: no [MASK] in the (truncated) text, top_k < 1.
Result<std::vector<std::vector<MaskFill>>> fill_mask(Model& model, std::string_view text,
                                                     const FillMaskOptions& options);

// ---- next-sentence prediction (BertForPreTraining, BertForNextSentencePrediction) ----

struct NextSentence {
  double is_next = 0;             // probability that b follows a
  std::array<float, 2> logits{};  // seq_relationship logits: [b follows a, b is random]
};

Result<NextSentence> next_sentence(Model& model, std::string_view a, std::string_view b);

// ---- text classification (BertForSequenceClassification) ----

struct ClassifyOptions {
  int top_k = 1;  // labels returned, best first; 0: all of them
};

struct LabelScore {
  std::string label;  // id2label of the config ("LABEL_i" when it has none)
  int id = 0;
  double score = 0;   // softmax over the labels; sigmoid for multi-label (and single-output) models
};

struct Classification {
  std::vector<float> logits;       // one per label, in id order
  std::vector<LabelScore> labels;  // top_k, best first (stable among equal scores)
};

// pair: the optional second text ([CLS] text [SEP] pair [SEP]). E_INPUT for top_k < 0.
Result<Classification> classify(Model& model, std::string_view text, const std::string_view* pair,
                                const ClassifyOptions& options);

// ---- token classification (BertForTokenClassification) ----

// HF's aggregation strategies. none: one result per token; simple: tokens grouped by BIO tag;
// first / average / max: tokens first merged into words (a word's label from its first token,
// its mean scores, or its most confident token), then words grouped by BIO tag.
enum class Aggregation { none, simple, first, average, max };
Result<Aggregation> parse_aggregation(std::string_view name);  // "none" | "simple" | ...
const char* aggregation_name(Aggregation aggregation);

struct TokenClassifyOptions {
  Aggregation aggregation = Aggregation::none;
  std::vector<std::string> ignore_labels = {"O"};  // labels (or groups) left out of the results
};

struct Entity {
  std::string label;  // none: the token's label ("B-PER"); aggregated: the group ("PER")
  double score = 0;   // none: the label's probability; aggregated: mean over the group
  int index = -1;     // none: the token's index in the encoding ([CLS] is 0); aggregated: -1
  std::string word;   // none: the token ("##emy"); aggregated: the tokens joined ("louis fremy");
                      // an [UNK] token contributes its text as written
  TextSpan span;      // where the token / group lies in the text
};

// Special tokens are never reported. The text is truncated to the model's positions.
Result<std::vector<Entity>> token_classify(Model& model, std::string_view text,
                                           const TokenClassifyOptions& options);

// ---- extractive question answering (BertForQuestionAnswering) ----

struct AnswerOptions {
  int top_k = 1;               // answers returned, best first
  int max_answer_length = 30;  // tokens per answer; 0: no limit
  int max_length = 0;          // tokens per window; 0: min(384, the model's positions)
  int stride = -1;             // context tokens shared by consecutive windows; -1: min(128, room / 2)
};

struct Answer {
  std::string answer;  // context[span], cut from the original context
  double score = 0;    // p(start) · p(end), softmax over [CLS] and the window's context tokens
  TextSpan span;       // in the context
};

// The context is split into windows of max_length tokens ([CLS] question [SEP] part [SEP]) that
// overlap by `stride` tokens; spans lie inside the context and within one window. Answers from
// all windows are ranked by score; a span found by two windows is reported once.
// E_INPUT: empty context, a question that leaves no room for context in a window, bad options.
Result<std::vector<Answer>> answer(Model& model, std::string_view question, std::string_view context,
                                   const AnswerOptions& options);

}  // namespace bertwasm::api
