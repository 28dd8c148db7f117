// Probabilities, rankings, HF's WordPiece decode and token spans for the task pipelines.
#include "api/task_support.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace bertwasm::api::detail {
namespace {

void replace_all(std::string& s, std::string_view from, std::string_view to) {
  std::string out;
  size_t at = 0;
  for (size_t hit; (hit = s.find(from, at)) != std::string::npos; at = hit + from.size()) {
    out.append(s, at, hit - at);
    out.append(to);
  }
  if (at == 0) return;
  out.append(s, at, std::string::npos);
  s = std::move(out);
}

// tokenizers' decoders::wordpiece::cleanup, applied to each token.
std::string cleanup_token(std::string t) {
  static const std::pair<const char*, const char*> kRules[] = {
      {" .", "."},   {" ?", "?"},     {" !", "!"},   {" ,", ","},   {" ' ", "'"},   {" n't", "n't"},
      {" 'm", "'m"}, {" do not", " don't"}, {" 's", "'s"}, {" 've", "'ve"}, {" 're", "'re"}};
  for (const auto& [from, to] : kRules) replace_all(t, from, to);
  return t;
}

}  // namespace

std::vector<double> softmax(const float* logits, size_t n) {
  std::vector<double> p(n);
  if (n == 0) return p;
  const double top = *std::max_element(logits, logits + n);
  double sum = 0;
  for (size_t i = 0; i < n; ++i) sum += p[i] = std::exp(double(logits[i]) - top);
  for (double& v : p) v /= sum;
  return p;
}

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

std::vector<int> top_indices(const std::vector<double>& values, size_t k) {
  std::vector<int> idx(values.size());
  std::iota(idx.begin(), idx.end(), 0);
  k = std::min(k, idx.size());
  std::partial_sort(idx.begin(), idx.begin() + long(k), idx.end(), [&](int a, int b) {
    return values[size_t(a)] > values[size_t(b)] || (values[size_t(a)] == values[size_t(b)] && a < b);
  });
  idx.resize(k);
  return idx;
}

std::string join_wordpieces(const std::vector<std::string>& tokens, const std::string& prefix) {
  std::string out;
  for (size_t i = 0; i < tokens.size(); ++i) {
    std::string t = tokens[i];
    if (i != 0) {
      if (!prefix.empty() && t.compare(0, prefix.size(), prefix) == 0) t.erase(0, prefix.size());
      else t.insert(0, " ");
    }
    out += cleanup_token(std::move(t));
  }
  return out;
}

std::string clean_up_tokenization(std::string s) {
  static const std::pair<const char*, const char*> kRules[] = {
      {" .", "."},   {" ?", "?"},   {" !", "!"},     {" ,", ","},   {" ' ", "'"},
      {" n't", "n't"}, {" 'm", "'m"}, {" 's", "'s"}, {" 've", "'ve"}, {" 're", "'re"}};
  for (const auto& [from, to] : kRules) replace_all(s, from, to);
  return s;
}

std::string decode(const Tokenizer& tokenizer, const std::vector<int32_t>& ids, bool skip_special_tokens) {
  std::vector<std::string> tokens;
  for (int32_t id : ids) {
    if (skip_special_tokens) {
      const auto& added = tokenizer.added_tokens();
      const bool special = std::any_of(added.begin(), added.end(),
                                       [id](const AddedToken& t) { return t.special && t.id == id; });
      if (special) continue;
    }
    tokens.push_back(tokenizer.id_to_token(id));
  }
  return clean_up_tokenization(join_wordpieces(tokens, tokenizer.options().continuing_subword_prefix));
}

TextSpan token_span(const Encoding& e, size_t t) {
  return {e.offsets_utf8[t], e.offsets_utf16[t], e.offsets_codepoints[t]};
}

TextSpan cover(const TextSpan& first, const TextSpan& last) {
  return {{first.utf8.start, last.utf8.end}, {first.utf16.start, last.utf16.end},
          {first.codepoints.start, last.codepoints.end}};
}

Status missing_head(const Model& model, const char* task, const char* head, const char* architectures) {
  return unsupported_error(std::string(task) + ": this model (" + model.config().architecture + ") has no " + head +
                           "; load a " + architectures + " checkpoint");
}

}  // namespace bertwasm::api::detail
