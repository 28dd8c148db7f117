// Internal helpers of the task pipelines (src/api/task_*.cpp, tasks.cpp): probabilities in
// double, rankings, Hugging Face's WordPiece decode (token strings back to text, with its
// clean-up of spaces before punctuation), spans of tokens and the missing-head error.
#pragma once

#include <string>
#include <vector>

#include "api/tasks.h"

namespace bertwasm::api::detail {

// softmax(logits) in double, max-subtracted.
std::vector<double> softmax(const float* logits, size_t n);
double sigmoid(double x);

// Indices of the k largest values, best first; equal values keep index order. k is clamped
// to values.size().
std::vector<int> top_indices(const std::vector<double>& values, size_t k);

// HF's WordPiece decoder with cleanup (tokenizer.convert_tokens_to_string): tokens joined with
// spaces, a continuation's `prefix` ("##") glued to the previous token (except on the first
// token), then " ." -> "." and the other clean-ups applied to each token.
std::string join_wordpieces(const std::vector<std::string>& tokens, const std::string& prefix);
// transformers' clean_up_tokenization over a whole string.
std::string clean_up_tokenization(std::string text);
// tokenizer.decode(ids, skip_special_tokens) of a BERT fast tokenizer: join_wordpieces, then
// clean_up_tokenization. Special tokens are the tokenizer's special added tokens.
std::string decode(const Tokenizer& tokenizer, const std::vector<int32_t>& ids, bool skip_special_tokens);

TextSpan token_span(const Encoding& encoding, size_t token);
// From the start of `first` to the end of `last`.
TextSpan cover(const TextSpan& first, const TextSpan& last);

// E_UNSUPPORTED: "<task>: this model (<architecture>) has no <head>; load a <architectures> checkpoint".
Status missing_head(const Model& model, const char* task, const char* head, const char* architectures);

}  // namespace bertwasm::api::detail
