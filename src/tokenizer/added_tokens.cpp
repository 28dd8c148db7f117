// A code point trie scanned from each position; the first position with a match wins and the
// longest pattern there is taken (Aho-Corasick LeftmostLongest semantics), then scanning
// resumes after it. Cost is O(text x longest pattern).
#include "tokenizer/added_tokens.h"

#include <algorithm>

#include "tokenizer/unicode.h"

namespace bertwasm {

void AddedTokenMatcher::build(const std::vector<std::u32string>& patterns,
                              const std::vector<AddedToken>& tokens) {
  nodes_.assign(1, Node{});
  tokens_ = tokens;
  for (size_t i = 0; i < patterns.size(); ++i) {
    if (patterns[i].empty()) continue;
    uint32_t node = 0;
    for (char32_t c : patterns[i]) {
      uint32_t next = child(node, c);
      if (next == 0) {
        next = uint32_t(nodes_.size());
        nodes_.emplace_back();
        auto& edges = nodes_[node].next;
        edges.insert(std::lower_bound(edges.begin(), edges.end(), std::make_pair(c, 0u)),
                     {c, next});
      }
      node = next;
    }
    if (nodes_[node].token < 0) nodes_[node].token = int32_t(i);  // first listed wins a tie
  }
}

uint32_t AddedTokenMatcher::child(uint32_t node, char32_t c) const {
  const auto& edges = nodes_[node].next;
  auto it = std::lower_bound(edges.begin(), edges.end(), std::make_pair(c, 0u));
  return (it != edges.end() && it->first == c) ? it->second : 0;
}

void AddedTokenMatcher::find(const char32_t* chars, uint32_t begin, uint32_t end,
                             std::vector<AddedMatch>& out) const {
  if (empty()) return;
  uint32_t consumed = begin;  // end of the previous accepted match
  uint32_t i = begin;
  while (i < end) {
    uint32_t node = 0, match_end = 0;
    int32_t token = -1;
    for (uint32_t j = i; j < end; ++j) {
      node = child(node, chars[j]);
      if (node == 0) break;
      if (nodes_[node].token >= 0) {
        token = nodes_[node].token;
        match_end = j + 1;
      }
    }
    if (token < 0) {
      ++i;
      continue;
    }
    const AddedToken& t = tokens_[token];
    uint32_t start = i, stop = match_end;
    i = match_end;
    if (t.single_word) {
      bool word_before = start > begin && unicode::is_word_char(chars[start - 1]);
      bool word_after = stop < end && unicode::is_word_char(chars[stop]);
      if (word_before || word_after) continue;  // discarded; scanning goes on after it
    }
    if (t.lstrip) {
      while (start > consumed && unicode::is_whitespace(chars[start - 1])) --start;
    }
    if (t.rstrip) {
      while (stop < end && unicode::is_whitespace(chars[stop])) ++stop;
      i = stop;
    }
    out.push_back({start, stop, token});
    consumed = stop;
  }
}

}  // namespace bertwasm
