// Helpers shared by the tokenizer suites: error-shape assertions and token lists.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tokenizer/tokenizer.h"

namespace bertwasm::test {

// The status is an error of `code` whose message mentions `mentions` (a file, key, token...).
inline ::testing::AssertionResult is_error(const Status& s, ErrorCode code, const std::string& mentions) {
  if (s.ok()) return ::testing::AssertionFailure() << "no error";
  if (s.code() != code) return ::testing::AssertionFailure() << "wrong code: " << s.to_string();
  if (s.message().find(mentions) == std::string::npos) {
    return ::testing::AssertionFailure() << "\"" << s.to_string() << "\" does not mention " << mentions;
  }
  return ::testing::AssertionSuccess();
}

// Tokens of `text` without [CLS]/[SEP].
inline std::vector<std::string> tokens(const Tokenizer& tok, const std::string& text) {
  EncodeOptions o;
  o.add_special_tokens = false;
  auto e = tok.encode(text, nullptr, o);
  EXPECT_TRUE(e.ok()) << e.status().to_string();
  return e.ok() ? e->tokens : std::vector<std::string>{};
}

}  // namespace bertwasm::test
