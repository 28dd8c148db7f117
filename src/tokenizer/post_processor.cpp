// Truncation arithmetic mirrors truncate_encodings() line by line; assembly reserves once and
// converts each kept token's code point span into UTF-8 and UTF-16 spans via SourceText.
#include "tokenizer/post_processor.h"

#include <algorithm>
#include <utility>

#include "tokenizer/tokenizer.h"

namespace bertwasm {

KeptLengths truncation_lengths(size_t first, size_t second, bool has_pair, size_t max_length) {
  size_t total = first + (has_pair ? second : 0);
  if (max_length == 0) return {0, 0};
  if (total <= max_length) return {first, has_pair ? second : 0};
  if (!has_pair) return {max_length, 0};
  // Case 2: only the longer text is cut; case 3: both are cut to about half.
  size_t n1 = first, n2 = second;
  bool swap = n1 > n2;
  if (swap) std::swap(n1, n2);
  if (n1 > max_length) {
    n2 = n1;
  } else {
    n2 = std::max(n1, max_length - n1);
  }
  if (n1 + n2 > max_length) {
    n1 = max_length / 2;
    n2 = n1 + max_length % 2;
  }
  if (swap) std::swap(n1, n2);
  return {std::min(n1, first), std::min(n2, second)};
}

size_t special_token_count(bool has_pair, bool add_special_tokens) {
  if (!add_special_tokens) return 0;
  return has_pair ? 3 : 2;
}

namespace {

void push_special(Encoding& out, int32_t id, int32_t type_id, const std::string& token) {
  out.ids.push_back(id);
  out.type_ids.push_back(type_id);
  out.tokens.push_back(token);
  out.sequence_ids.push_back(-1);
  out.offsets_utf8.push_back({});
  out.offsets_utf16.push_back({});
  out.offsets_codepoints.push_back({});
}

void push_text(Encoding& out, const TokenizedText& text, size_t count, int8_t sequence_id,
               const TemplateParams& p) {
  const SourceText& src = text.source;
  for (size_t i = 0; i < count; ++i) {
    const RawToken& t = text.tokens[i];
    out.ids.push_back(t.id);
    out.type_ids.push_back(sequence_id);
    if (t.added < 0) {
      out.tokens.push_back((*p.vocab)[t.id]);
    } else if ((*p.added)[t.added].normalized) {
      out.tokens.push_back((*p.added)[t.added].content);
    } else {  // the original text it matched (content, plus any lstrip/rstrip whitespace)
      out.tokens.push_back(to_utf8(std::u32string_view(src.chars.data() + t.begin, t.end - t.begin)));
    }
    out.sequence_ids.push_back(sequence_id);
    out.offsets_utf8.push_back({src.utf8_pos[t.begin], src.utf8_pos[t.end]});
    out.offsets_utf16.push_back({src.utf16_pos[t.begin], src.utf16_pos[t.end]});
    out.offsets_codepoints.push_back({t.begin, t.end});
  }
}

}  // namespace

void assemble_encoding(const TokenizedText& first, const TokenizedText* pair,
                       const TemplateParams& p, Encoding& out) {
  out = Encoding{};
  bool has_pair = pair != nullptr;
  size_t n1 = first.tokens.size(), n2 = has_pair ? pair->tokens.size() : 0;
  KeptLengths keep{n1, n2};
  if (p.truncation) {
    size_t specials = special_token_count(has_pair, p.add_special_tokens);
    keep = truncation_lengths(n1, n2, has_pair, p.max_length - specials);
  }
  out.truncated = keep.first < n1 || keep.second < n2;

  size_t total = keep.first + keep.second + special_token_count(has_pair, p.add_special_tokens);
  out.ids.reserve(total);
  out.type_ids.reserve(total);
  out.tokens.reserve(total);
  out.sequence_ids.reserve(total);
  out.offsets_utf8.reserve(total);
  out.offsets_utf16.reserve(total);
  out.offsets_codepoints.reserve(total);

  const std::vector<std::string>& vocab = *p.vocab;
  if (p.add_special_tokens) push_special(out, p.cls_id, 0, vocab[p.cls_id]);
  push_text(out, first, keep.first, 0, p);
  if (p.add_special_tokens) push_special(out, p.sep_id, 0, vocab[p.sep_id]);
  if (has_pair) {
    push_text(out, *pair, keep.second, 1, p);
    if (p.add_special_tokens) push_special(out, p.sep_id, 1, vocab[p.sep_id]);
  }
}

}  // namespace bertwasm
