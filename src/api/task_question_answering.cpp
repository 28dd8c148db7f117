// Extractive question answering as Hugging Face's QuestionAnsweringPipeline: the context is cut
// into overlapping windows ([CLS] question [SEP] part [SEP]); in each, start and end logits are
// turned into probabilities over [CLS] and the window's context tokens, and the best spans
// (start <= end, at most max_answer_length tokens, [CLS] excluded) are ranked by p(start)·p(end).
#include "api/tasks.h"

#include <algorithm>
#include <cmath>

#include "api/task_support.h"

namespace bertwasm::api {
namespace {

constexpr int kDefaultWindow = 384;    // HF's max_seq_len
constexpr int kDefaultMaxStride = 128; // HF's doc_stride
constexpr int kWindowsPerPass = 8;     // windows per forward pass (bounds the activations)

// Context tokens [first, last) of the full encoding that one window holds.
struct Window {
  int first = 0, last = 0;
};

struct Candidate {
  int start = 0, end = 0;  // token indices into the full encoding
  double logit_sum = 0, score = 0;
};

bool better(const Candidate& a, const Candidate& b) {
  if (a.logit_sum != b.logit_sum) return a.logit_sum > b.logit_sum;
  return a.start != b.start ? a.start < b.start : a.end < b.end;
}

// The top_k spans of one window. logits: [seq, 2] (start, end); the window's context tokens
// sit at rows [offset, offset + count) and are tokens [w.first, w.last) of the full encoding.
std::vector<Candidate> best_spans(const float* logits, int offset, const Window& w, const AnswerOptions& o) {
  const int count = w.last - w.first;
  // Softmax normalisers over [CLS] (row 0) and the context rows, as HF's p_mask leaves them.
  double max_s = logits[0], max_e = logits[1];
  for (int r = offset; r < offset + count; ++r) {
    max_s = std::max(max_s, double(logits[2 * r]));
    max_e = std::max(max_e, double(logits[2 * r + 1]));
  }
  double sum_s = std::exp(logits[0] - max_s), sum_e = std::exp(logits[1] - max_e);
  for (int r = offset; r < offset + count; ++r) {
    sum_s += std::exp(logits[2 * r] - max_s);
    sum_e += std::exp(logits[2 * r + 1] - max_e);
  }
  std::vector<Candidate> best;
  for (int s = 0; s < count; ++s) {
    const int last = o.max_answer_length > 0 ? std::min(count, s + o.max_answer_length) : count;
    for (int e = s; e < last; ++e) {
      const Candidate c{w.first + s, w.first + e,
                        double(logits[2 * (offset + s)]) + double(logits[2 * (offset + e) + 1]), 0};
      if (int(best.size()) == o.top_k && !better(c, best.back())) continue;
      best.insert(std::upper_bound(best.begin(), best.end(), c, better), c);
      if (int(best.size()) > o.top_k) best.pop_back();
    }
  }
  for (Candidate& c : best) c.score = std::exp(c.logit_sum - max_s - max_e) / (sum_s * sum_e);
  return best;
}

Status check_options(const AnswerOptions& o, int max_positions) {
  if (o.top_k < 1) return input_error("answer: topK must be at least 1, got " + std::to_string(o.top_k));
  if (o.max_answer_length < 0)
    return input_error("answer: maxAnswerLength must not be negative, got " + std::to_string(o.max_answer_length));
  if (o.max_length < 0 || o.max_length > max_positions)
    return input_error("answer: maxLength " + std::to_string(o.max_length) + " is outside 1.." +
                       std::to_string(max_positions) + " (the model's positions)");
  if (o.stride < -1) return input_error("answer: stride must not be negative, got " + std::to_string(o.stride));
  return {};
}

}  // namespace

Result<std::vector<Answer>> answer(Model& model, std::string_view question, std::string_view context,
                                   const AnswerOptions& o) {
  const auto& qa = model.bert().heads().qa;
  if (!qa) return detail::missing_head(model, "question answering", "question-answering head", "BertForQuestionAnswering");
  const int max_positions = model.config().max_position_embeddings;
  BW_TRY(check_options(o, max_positions));
  const int window = o.max_length > 0 ? o.max_length : std::min(kDefaultWindow, max_positions);

  // The whole pair untruncated: [CLS] question [SEP] context [SEP].
  TokenizeOptions whole;
  whole.truncation = false;
  BW_ASSIGN(Encoding full, model.tokenize(question, &context, whole));
  const int total = int(full.size());
  const int question_tokens = int(std::count(full.sequence_ids.begin(), full.sequence_ids.end(), int8_t(0)));
  const int context_first = question_tokens + 2, context_tokens = total - question_tokens - 3;
  if (context_tokens < 1) return input_error("answer: the context is empty (it has no tokens)");
  const int room = window - question_tokens - 3;
  if (room < 1)
    return input_error("answer: the question has " + std::to_string(question_tokens) +
                       " tokens, which leaves no room for the context in a window of " + std::to_string(window) +
                       " tokens (maxLength)");
  const int stride = o.stride >= 0 ? o.stride : std::min(kDefaultMaxStride, room / 2);
  if (stride >= room && context_tokens > room)
    return input_error("answer: stride " + std::to_string(stride) + " must be smaller than the " +
                       std::to_string(room) + " context tokens a window holds");

  // Windows over the context tokens, each starting `stride` tokens before the previous one ends.
  std::vector<Window> windows;
  for (int first = 0;; first += room - stride) {
    const int last = std::min(first + room, context_tokens);
    windows.push_back({context_first + first, context_first + last});
    if (last == context_tokens) break;
  }

  std::vector<Candidate> candidates;
  const int dim = model.config().hidden_size;
  for (size_t w0 = 0; w0 < windows.size(); w0 += kWindowsPerPass) {
    const size_t w1 = std::min(windows.size(), w0 + kWindowsPerPass);
    TokenBatch batch;
    for (size_t w = w0; w < w1; ++w) {
      std::vector<int32_t> ids(full.ids.begin(), full.ids.begin() + context_first);
      std::vector<int32_t> types(full.type_ids.begin(), full.type_ids.begin() + context_first);
      ids.insert(ids.end(), full.ids.begin() + windows[w].first, full.ids.begin() + windows[w].last);
      types.insert(types.end(), full.type_ids.begin() + windows[w].first, full.type_ids.begin() + windows[w].last);
      ids.push_back(full.ids.back());
      types.push_back(full.type_ids.back());
      batch.add(ids.data(), types.data(), int(ids.size()));
    }
    std::vector<float> hidden(size_t(batch.total_tokens()) * dim), logits(size_t(batch.total_tokens()) * 2);
    BW_TRY(model.forward(batch, hidden.data()));
    apply_linear(*qa, hidden.data(), batch.total_tokens(), logits.data());
    size_t row = 0;
    for (size_t w = w0; w < w1; ++w) {
      for (const Candidate& c : best_spans(logits.data() + 2 * row, context_first, windows[w], o)) candidates.push_back(c);
      row += size_t(batch.lengths[w - w0]);
    }
  }

  // Rank every window's spans together; a span seen by several windows keeps its best score.
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.score > b.score; });
  std::vector<Answer> answers;
  for (const Candidate& c : candidates) {
    if (int(answers.size()) == o.top_k) break;
    const TextSpan span = detail::cover(detail::token_span(full, size_t(c.start)), detail::token_span(full, size_t(c.end)));
    const bool seen = std::any_of(answers.begin(), answers.end(), [&](const Answer& a) {
      return a.span.utf8.start == span.utf8.start && a.span.utf8.end == span.utf8.end;
    });
    if (seen) continue;
    answers.push_back({std::string(context.substr(span.utf8.start, span.utf8.end - span.utf8.start)), c.score, span});
  }
  return answers;
}

}  // namespace bertwasm::api
