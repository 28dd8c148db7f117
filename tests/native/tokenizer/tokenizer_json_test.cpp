// Loading tokenizer.json: what the file sets, added tokens beyond the vocabulary, and the clear
// E_FORMAT / E_UNSUPPORTED errors (naming file and key) for broken or foreign files.
#include "tokenizer/tokenizer.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "test_helpers.h"

namespace bertwasm {
namespace {

using nlohmann::json;
using test::is_error;
using test::tokens;

// A small valid tokenizer.json (BERT layout) to mutate.
json small_tokenizer_json() {
  json vocab = json::object();
  const char* tokens[] = {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "hello", "world", "##s", "!"};
  for (int i = 0; i < 9; ++i) vocab[tokens[i]] = i;
  json added = json::array();
  for (int i = 0; i < 5; ++i) {
    added.push_back({{"id", i}, {"content", tokens[i]}, {"single_word", false}, {"lstrip", false},
                     {"rstrip", false}, {"normalized", false}, {"special", true}});
  }
  return {
      {"version", "1.0"},
      {"truncation", nullptr},
      {"padding", nullptr},
      {"added_tokens", added},
      {"normalizer", {{"type", "BertNormalizer"}, {"clean_text", true}, {"handle_chinese_chars", true},
                      {"strip_accents", nullptr}, {"lowercase", true}}},
      {"pre_tokenizer", {{"type", "BertPreTokenizer"}}},
      {"post_processor", {{"type", "BertProcessing"}, {"sep", {"[SEP]", 3}}, {"cls", {"[CLS]", 2}}}},
      {"decoder", {{"type", "WordPiece"}, {"prefix", "##"}, {"cleanup", true}}},
      {"model", {{"type", "WordPiece"}, {"unk_token", "[UNK]"}, {"continuing_subword_prefix", "##"},
                 {"max_input_chars_per_word", 100}, {"vocab", vocab}}},
  };
}

Status load_error(const json& j) { return Tokenizer::from_tokenizer_json(j.dump()).status(); }

TEST(TokenizerJson, LoadsTheSmallFile) {
  auto tok = Tokenizer::from_tokenizer_json(small_tokenizer_json().dump());
  ASSERT_TRUE(tok.ok()) << tok.status().to_string();
  EXPECT_EQ(tok->vocab_size(), 9u);
  EXPECT_EQ(tok->cls_id(), 2);
  EXPECT_EQ(tok->sep_id(), 3);
  EXPECT_EQ(tok->pad_id(), 0);
  EXPECT_EQ(tok->mask_id(), 4);
  EXPECT_EQ(tok->unk_id(), 1);
  EXPECT_EQ(tok->token_to_id("##s"), 7);
  EXPECT_EQ(tok->token_to_id("nope"), -1);
  EXPECT_EQ(tok->id_to_token(6), "world");
  EXPECT_EQ(tok->id_to_token(9), "");
  EXPECT_EQ(tok->id_to_token(-1), "");
  EXPECT_EQ(tokens(*tok, "Hello worlds!"), (std::vector<std::string>{"hello", "world", "##s", "!"}));
}

TEST(TokenizerJson, BrokenFilesAreFormatErrors) {
  EXPECT_TRUE(is_error(Tokenizer::from_tokenizer_json("{not json").status(), ErrorCode::format,
                       "tokenizer.json"));
  EXPECT_TRUE(is_error(Tokenizer::from_tokenizer_json("[]").status(), ErrorCode::format, "tokenizer.json"));
  json j = small_tokenizer_json();
  j["model"]["type"] = "BPE";
  EXPECT_TRUE(is_error(load_error(j), ErrorCode::format, "model.type"));
  j = small_tokenizer_json();
  j["model"].erase("vocab");
  EXPECT_TRUE(is_error(load_error(j), ErrorCode::format, "model.vocab"));
  j = small_tokenizer_json();
  j["model"]["vocab"]["hello"] = 42;
  EXPECT_TRUE(is_error(load_error(j), ErrorCode::format, "model.vocab[\"hello\"]"));
  j = small_tokenizer_json();
  j["model"]["vocab"]["hello"] = 6;  // two tokens share id 6 (and id 5 is missing)
  EXPECT_TRUE(is_error(load_error(j), ErrorCode::format, "id 6"));
  j = small_tokenizer_json();
  j["model"]["vocab"]["hello"] = "five";
  EXPECT_TRUE(is_error(load_error(j), ErrorCode::format, "model.vocab[\"hello\"]"));
  j = small_tokenizer_json();
  j["model"]["unk_token"] = "<unk>";
  EXPECT_TRUE(is_error(load_error(j), ErrorCode::format, "<unk>"));
  j = small_tokenizer_json();
  j["post_processor"]["cls"] = {"<s>", 2};
  EXPECT_TRUE(is_error(load_error(j), ErrorCode::format, "<s>"));
  j = small_tokenizer_json();
  j["added_tokens"][0]["id"] = 5;  // "[PAD]" is not vocab[5]
  EXPECT_TRUE(is_error(load_error(j), ErrorCode::format, "[PAD]"));
  j = small_tokenizer_json();
  j["added_tokens"].push_back({{"id", 11}, {"content", "<gap>"}});
  EXPECT_TRUE(is_error(load_error(j), ErrorCode::format, "added_tokens"));
  j = small_tokenizer_json();
  j["normalizer"]["lowercase"] = "yes";
  EXPECT_TRUE(is_error(load_error(j), ErrorCode::format, "lowercase"));
  j = small_tokenizer_json();
  j["model"]["max_input_chars_per_word"] = -1;
  EXPECT_TRUE(is_error(load_error(j), ErrorCode::format, "max_input_chars_per_word"));
}

// model.vocab written with a change made to its text (nlohmann cannot write a key twice).
std::string with_vocab_text(const std::string& from, const std::string& to) {
  std::string text = small_tokenizer_json().dump();
  size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return at == std::string::npos ? text : text.replace(at, from.size(), to);
}

TEST(TokenizerJson, VocabularyEntriesAreCheckedOneByOne) {
  auto error = [](const std::string& text) { return Tokenizer::from_tokenizer_json(text).status(); };
  // A token given twice: with the same id, or with another one (then the ids fit 0..N-1).
  EXPECT_TRUE(is_error(error(with_vocab_text(R"("hello":5)", R"("hello":5,"hello":5)")), ErrorCode::format,
                       "tokenizer.json: model.vocab: token \"hello\" is listed twice"));
  EXPECT_TRUE(is_error(error(with_vocab_text(R"("hello":5)", R"("hello":5,"hello":9)")), ErrorCode::format,
                       "tokenizer.json: token \"hello\" (id 9) appears twice"));
  // Ids that are not integers, whatever their type; negative and too large ids.
  for (const char* id : {"5.0", "\"5\"", "null", "true", "[5]", R"({"id": 5})"}) {
    EXPECT_TRUE(is_error(error(with_vocab_text(R"("hello":5)", std::string(R"("hello":)") + id)),
                         ErrorCode::format, "tokenizer.json: model.vocab[\"hello\"] is not an integer id"))
        << id;
  }
  EXPECT_TRUE(is_error(error(with_vocab_text(R"("hello":5)", R"("hello":-5)")), ErrorCode::format,
                       "model.vocab[\"hello\"] = -5 is out of range 0..8"));
  EXPECT_TRUE(is_error(error(with_vocab_text(R"("hello":5)", R"("hello":18446744073709551615)")),
                       ErrorCode::format, "= 18446744073709551615 is out of range 0..8"));
}

TEST(TokenizerJson, AKeyGivenTwiceKeepsItsLastValue) {
  // As in any json document: a later model.vocab or model replaces the earlier one whole.
  for (auto [from, to] : std::vector<std::pair<std::string, std::string>>{
           {R"("vocab":{)", R"("vocab":{"junk":"x"},"vocab":{)"},
           {R"("vocab":{)", R"("vocab":[],"vocab":{"a":0},"vocab":{)"},
           {R"("model":{)", R"("model":{"vocab":{}},"model":{)"}}) {
    auto tok = Tokenizer::from_tokenizer_json(with_vocab_text(from, to));
    ASSERT_TRUE(tok.ok()) << to << ": " << tok.status().to_string();
    EXPECT_EQ(tok->vocab_size(), 9u);
    EXPECT_EQ(tok->token_to_id("world"), 6);
  }
  // A later model without a vocabulary, a later vocabulary that is not an object.
  for (const std::string& text :
       {with_vocab_text(R"("normalizer":)", R"("model":{"type":"WordPiece"},"normalizer":)"),
        with_vocab_text(R"("world":6})", R"("world":6},"vocab":[0])")}) {
    EXPECT_TRUE(is_error(Tokenizer::from_tokenizer_json(text).status(), ErrorCode::format,
                         "missing key model.vocab"));
  }
}

TEST(TokenizerJson, SyntaxErrorsNameTheByte) {
  EXPECT_TRUE(is_error(Tokenizer::from_tokenizer_json(small_tokenizer_json().dump() + "x").status(),
                       ErrorCode::format, "tokenizer.json: invalid JSON at byte"));
  const std::string cut = with_vocab_text(R"("hello":5)", R"("hello":)");
  EXPECT_TRUE(is_error(Tokenizer::from_tokenizer_json(cut).status(), ErrorCode::format,
                       "tokenizer.json: invalid JSON at byte"));
}

TEST(TokenizerJson, ForeignPipelinesAreUnsupported) {
  json j = small_tokenizer_json();
  j["normalizer"] = {{"type", "NFKC"}};
  EXPECT_TRUE(is_error(load_error(j), ErrorCode::unsupported, "NFKC"));
  j["normalizer"] = {{"type", "Sequence"}, {"normalizers", {{{"type", "NFD"}}, {{"type", "Lowercase"}}}}};
  EXPECT_TRUE(is_error(load_error(j), ErrorCode::unsupported, "normalizer"));
  j = small_tokenizer_json();
  j["pre_tokenizer"] = {{"type", "Whitespace"}};
  EXPECT_TRUE(is_error(load_error(j), ErrorCode::unsupported, "Whitespace"));
  j = small_tokenizer_json();
  j["post_processor"] = {{"type", "RobertaProcessing"}};
  EXPECT_TRUE(is_error(load_error(j), ErrorCode::unsupported, "RobertaProcessing"));
  j = small_tokenizer_json();
  j["post_processor"] = nullptr;
  EXPECT_TRUE(is_error(load_error(j), ErrorCode::unsupported, "post_processor"));
}

TEST(TokenizerJson, NormalizerVariants) {
  json j = small_tokenizer_json();
  j["normalizer"]["lowercase"] = false;
  auto cased = Tokenizer::from_tokenizer_json(j.dump());
  ASSERT_TRUE(cased.ok());
  EXPECT_EQ(tokens(*cased, "hello Hello"), (std::vector<std::string>{"hello", "[UNK]"}));
  EXPECT_FALSE(cased->options().strip_accents.has_value());
  j["normalizer"] = {{"type", "Sequence"}, {"normalizers", {small_tokenizer_json()["normalizer"]}}};
  auto seq = Tokenizer::from_tokenizer_json(j.dump());
  ASSERT_TRUE(seq.ok()) << seq.status().to_string();
  EXPECT_EQ(tokens(*seq, "HELLO"), (std::vector<std::string>{"hello"}));
}

TEST(TokenizerJson, AddedTokensBeyondTheVocabulary) {
  json j = small_tokenizer_json();
  j["added_tokens"].push_back({{"id", 9}, {"content", "<Extra>"}, {"normalized", false}, {"special", false}});
  j["added_tokens"].push_back({{"id", 10}, {"content", "NEW"}, {"normalized", true}, {"special", false}});
  auto tok = Tokenizer::from_tokenizer_json(j.dump());
  ASSERT_TRUE(tok.ok()) << tok.status().to_string();
  EXPECT_EQ(tok->vocab_size(), 11u);
  EXPECT_EQ(tok->token_to_id("<Extra>"), 9);
  // Not normalized: matched as written only. Normalized: matched after lowercasing.
  EXPECT_EQ(tokens(*tok, "hello<Extra>world <extra> New"),
            (std::vector<std::string>{"hello", "<Extra>", "world", "[UNK]", "[UNK]", "[UNK]", "NEW"}));
  auto e = tok->encode("x New", nullptr, EncodeOptions{});
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->ids[2], 10);
  EXPECT_EQ(e->offsets_utf8[2].start, 2u);
  EXPECT_EQ(e->offsets_utf8[2].end, 5u);
}

}  // namespace
}  // namespace bertwasm
