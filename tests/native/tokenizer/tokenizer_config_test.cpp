// Loading vocab.txt, an explicit vocabulary, and tokenizer_config.json: what each sets and
// the E_FORMAT errors (naming file, line or key) for broken input.
#include "tokenizer/tokenizer.h"

#include <gtest/gtest.h>

#include <string>

#include "test_helpers.h"

namespace bertwasm {
namespace {

using test::is_error;
using test::tokens;

TEST(VocabTxt, LinesAreTokens) {
  auto tok = Tokenizer::from_vocab_txt("[PAD]\r\n[UNK]\n[CLS]\n[SEP]  \nhello\nworld", {});
  ASSERT_TRUE(tok.ok()) << tok.status().to_string();
  EXPECT_EQ(tok->vocab(), (std::vector<std::string>{"[PAD]", "[UNK]", "[CLS]", "[SEP]", "hello", "world"}));
  EXPECT_EQ(tok->mask_id(), -1);  // optional
  EXPECT_EQ(tokens(*tok, "Hello WORLD"), (std::vector<std::string>{"hello", "world"}));
}

TEST(VocabTxt, Errors) {
  EXPECT_TRUE(is_error(Tokenizer::from_vocab_txt("", {}).status(), ErrorCode::format, "vocab.txt"));
  EXPECT_TRUE(is_error(Tokenizer::from_vocab_txt("[UNK]\n[CLS]\n[SEP]\nhi\nhi\n", {}).status(),
                       ErrorCode::format, "\"hi\""));
  EXPECT_TRUE(is_error(Tokenizer::from_vocab_txt("[UNK]\n[CLS]\nhi\n", {}).status(), ErrorCode::format,
                       "[SEP]"));
  EXPECT_TRUE(is_error(Tokenizer::from_vocab_txt("[CLS]\n[SEP]\nhi\n", {}).status(), ErrorCode::format,
                       "[UNK]"));
  EXPECT_TRUE(is_error(Tokenizer::from_vocab_txt("[UNK]\n[CLS]\n[SEP]\nh\xFFi\n", {}).status(),
                       ErrorCode::format, "line 4"));
  TokenizerOptions bad;
  bad.max_input_chars_per_word = 0;
  EXPECT_TRUE(is_error(Tokenizer::from_vocab_txt("[UNK]\n[CLS]\n[SEP]\n", bad).status(),
                       ErrorCode::format, "max_input_chars_per_word"));
}

TEST(FromVocab, ExplicitVocabularyAndOptions) {
  TokenizerOptions o;
  o.unk_token = "<unk>";
  o.cls_token = "<s>";
  o.sep_token = "</s>";
  auto tok = Tokenizer::from_vocab({"<unk>", "<s>", "</s>", "a", "##b"}, o);
  ASSERT_TRUE(tok.ok()) << tok.status().to_string();
  auto e = tok->encode("ab <s>", nullptr, EncodeOptions{});
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->ids, (std::vector<int32_t>{1, 3, 4, 1, 2}));
  EXPECT_TRUE(is_error(Tokenizer::from_vocab({"a"}, {}).status(), ErrorCode::format, "vocabulary"));
}

TEST(TokenizerConfig, AppliesItsKeys) {
  auto o = Tokenizer::apply_tokenizer_config(
      R"({"do_lower_case": false, "strip_accents": true, "tokenize_chinese_chars": false,
          "unk_token": {"content": "<unk>", "__type": "AddedToken"}, "cls_token": "<s>",
          "model_max_length": 256})",
      {});
  ASSERT_TRUE(o.ok()) << o.status().to_string();
  EXPECT_FALSE(o->lowercase);
  EXPECT_EQ(o->strip_accents, std::optional<bool>(true));
  EXPECT_FALSE(o->handle_chinese_chars);
  EXPECT_EQ(o->unk_token, "<unk>");
  EXPECT_EQ(o->cls_token, "<s>");
  EXPECT_EQ(o->sep_token, "[SEP]");
  EXPECT_EQ(o->model_max_length, 256);
  auto unset = Tokenizer::apply_tokenizer_config(R"({"model_max_length": 1e30, "strip_accents": null})", *o);
  ASSERT_TRUE(unset.ok());
  EXPECT_EQ(unset->model_max_length, 0);
  EXPECT_FALSE(unset->strip_accents.has_value());
  EXPECT_FALSE(unset->lowercase);  // untouched keys keep the base's values
}

TEST(TokenizerConfig, Errors) {
  EXPECT_TRUE(is_error(Tokenizer::apply_tokenizer_config("nope", {}).status(), ErrorCode::format,
                       "tokenizer_config.json"));
  EXPECT_TRUE(is_error(Tokenizer::apply_tokenizer_config(R"({"do_lower_case": "yes"})", {}).status(),
                       ErrorCode::format, "do_lower_case"));
  EXPECT_TRUE(is_error(Tokenizer::apply_tokenizer_config(R"({"strip_accents": 1})", {}).status(),
                       ErrorCode::format, "strip_accents"));
  EXPECT_TRUE(is_error(Tokenizer::apply_tokenizer_config(R"({"mask_token": 5})", {}).status(),
                       ErrorCode::format, "mask_token"));
  EXPECT_TRUE(is_error(Tokenizer::apply_tokenizer_config(R"({"model_max_length": -3})", {}).status(),
                       ErrorCode::format, "model_max_length"));
}

}  // namespace
}  // namespace bertwasm
