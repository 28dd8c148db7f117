// The one-pass tokenizer.json reader against nlohmann's own parsers: the document must equal
// json::parse's with model.vocab emptied, and the vocabulary must be model.vocab's members in
// file order (ordered_json keeps that order), for the real MiniLM file and for odd shapes.
#include "tokenizer/tokenizer_json_reader.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "test_helpers.h"
#include "test_support.h"

namespace bertwasm {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;
using test::is_error;

// What the reader must give for `text`, computed by nlohmann's DOM parsers.
void expect_same_as_dom(const std::string& text) {
  auto read = read_tokenizer_json(text, "tokenizer.json");
  ASSERT_TRUE(read.ok()) << read.status().to_string();
  json expected = json::parse(text);
  std::vector<std::pair<std::string, json>> entries;
  if (expected.is_object() && expected.contains("model") && expected["model"].is_object() &&
      expected["model"].contains("vocab") && expected["model"]["vocab"].is_object()) {
    expected["model"]["vocab"] = json::object();
    const ordered_json in_order = ordered_json::parse(text);
    for (const auto& [token, id] : in_order["model"]["vocab"].items()) {
      // The reader keeps an object or array id as an empty one (it is only ever an error).
      entries.emplace_back(token, id.is_structured() ? json(id.type()) : json::parse(id.dump()));
    }
  }
  EXPECT_EQ(read->doc, expected);
  ASSERT_EQ(read->vocab.size(), entries.size());
  for (size_t i = 0; i < entries.size(); ++i) {
    EXPECT_EQ(read->vocab[i].token, entries[i].first) << "entry " << i;
    EXPECT_EQ(read->vocab[i].id, entries[i].second) << "entry " << i;
  }
}

TEST(TokenizerJsonReader, RealMiniLmFile) {
  const std::string text = test::read_text(test::shared_path("fixtures/hf-all-MiniLM-L6-v2/tokenizer.json"));
  ASSERT_FALSE(text.empty());
  expect_same_as_dom(text);
  auto read = read_tokenizer_json(text, "tokenizer.json");
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->vocab.size(), 30522u);
  EXPECT_EQ(read->vocab[0].token, "[PAD]");
  EXPECT_EQ(read->vocab[0].id, 0);
}

TEST(TokenizerJsonReader, ShapesAroundTheVocabulary) {
  // Members after model.vocab, values of every type in and out of it, nesting inside entries.
  expect_same_as_dom(
      R"({"model": {"vocab": {"a": 0, "b": 1}, "type": "WordPiece"}, "x": [1, {"y": null}]})");
  expect_same_as_dom(R"({"model": {"vocab": {"obj": {"k": [1, {"v": 2}]}, "arr": [[]], "f": 1.5,
                         "s": "str", "n": null, "t": true, "neg": -3, "big": 18446744073709551615}}})");
  expect_same_as_dom(R"({"model": {"vocab": {}}})");
  expect_same_as_dom(R"({"model": {"vocab": [1, 2, 3]}})");
  expect_same_as_dom(R"({"model": {"type": "WordPiece"}})");
  expect_same_as_dom(R"({"model": [{"vocab": {"a": 0}}], "x": {"model": {"vocab": {"b": 1}}}})");
  expect_same_as_dom(R"({"other": {"vocab": {"a": 0}}, "vocab": {"b": 1}, "model": null})");
  expect_same_as_dom(R"([{"model": {"vocab": {"a": 0}}}])");
  expect_same_as_dom(R"("just a string")");
  expect_same_as_dom(R"({"model": {"vocab": {"a\"b\\u00e9": 0, "": 1}}})");
}

TEST(TokenizerJsonReader, KeysGivenTwiceKeepTheLastValueAsTheDomDoes) {
  expect_same_as_dom(R"({"version": 1, "version": 2, "model": {"type": "A", "type": "B"}})");
  // The last "model" and its last "vocab" give the vocabulary; earlier ones leave nothing behind.
  expect_same_as_dom(R"({"model": {"vocab": {"a": 0}}, "model": {"vocab": {"b": 0, "c": 1}}})");
  expect_same_as_dom(R"({"model": {"vocab": {"a": 0}, "vocab": {"b": 0}}})");
  expect_same_as_dom(R"({"model": {"vocab": {"a": 0}, "vocab": [0]}})");
  auto read =
      read_tokenizer_json(R"({"model": {"vocab": {"a": 0}}, "model": {"type": "WordPiece"}})", "t.json");
  ASSERT_TRUE(read.ok());
  EXPECT_TRUE(read->vocab.empty());
  EXPECT_FALSE(read->doc["model"].contains("vocab"));
  // Inside model.vocab a token given twice is kept twice, for the tokenizer to reject.
  read = read_tokenizer_json(R"({"model": {"vocab": {"a": 0, "a": 1}}})", "t.json");
  ASSERT_TRUE(read.ok());
  ASSERT_EQ(read->vocab.size(), 2u);
  EXPECT_EQ(read->vocab[1].token, "a");
  EXPECT_EQ(read->vocab[1].id, 1);
}

TEST(TokenizerJsonReader, SyntaxErrorsNameTheFileAndByte) {
  for (const char* text : {"", "{not json", R"({"model": {"vocab": {"a": 0,}}})",
                           R"({"model": {"vocab": {"a" 0}}})", R"({"model": {"vocab": {"a": 0}})",
                           R"({"a": 1} trailing)", "[1, 2"}) {
    auto read = read_tokenizer_json(text, "dir/tokenizer.json");
    EXPECT_TRUE(is_error(read.status(), ErrorCode::format, "dir/tokenizer.json: invalid JSON at byte"))
        << text;
  }
  auto read = read_tokenizer_json(R"({"model": {"vocab": {"a": 0,}}})", "tokenizer.json");
  EXPECT_TRUE(is_error(read.status(), ErrorCode::format, "at byte 29 ")) << read.status().to_string();
}

}  // namespace
}  // namespace bertwasm
