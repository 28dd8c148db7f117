// Added tokens (the special tokens [CLS], [SEP], [MASK], ... and any extra tokens of a
// tokenizer.json) found literally in the text before WordPiece, as Hugging Face's
// AddedVocabulary does: non-normalized tokens are matched in the original text, normalized
// ones in each normalized piece; matching is leftmost-longest, non-overlapping.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace bertwasm {

struct AddedToken {
  std::string content;
  int32_t id = -1;
  bool special = true;
  bool normalized = false;   // matched against normalized text (pattern = normalized content)
  bool lstrip = false;       // the match swallows whitespace on its left
  bool rstrip = false;       // ... and on its right
  bool single_word = false;  // only matches when not inside a word
};

// A match: chars [begin, end) of the searched text are added token `token` (index into the
// list given to build()).
struct AddedMatch {
  uint32_t begin = 0, end = 0;
  int32_t token = 0;
};

// Finds a fixed set of patterns (code point strings) in text.
class AddedTokenMatcher {
 public:
  // patterns[i] belongs to tokens[i]; empty patterns are ignored.
  void build(const std::vector<std::u32string>& patterns, const std::vector<AddedToken>& tokens);
  bool empty() const { return nodes_.size() <= 1; }
  // Appends the matches in chars[begin, end), in order, with HF's single_word, lstrip and
  // rstrip rules applied.
  void find(const char32_t* chars, uint32_t begin, uint32_t end, std::vector<AddedMatch>& out) const;

 private:
  struct Node {
    std::vector<std::pair<char32_t, uint32_t>> next;  // sorted by char
    int32_t token = -1;                                // pattern ending here
  };
  uint32_t child(uint32_t node, char32_t c) const;
  std::vector<Node> nodes_;
  std::vector<AddedToken> tokens_;
};

}  // namespace bertwasm
