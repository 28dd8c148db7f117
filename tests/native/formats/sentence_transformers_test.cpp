// sentence-transformers configs: the real all-MiniLM-L6-v2 files, absent files, and modules or
// pooling modes we cannot run.
#include "formats/sentence_transformers.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace bertwasm {
namespace {

std::string fixture(const std::string& name) {
  return test::read_text(test::shared_path("fixtures/hf-all-MiniLM-L6-v2/" + name));
}

const std::string kModules = R"([
  {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
  {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"}])";

std::string pooling(bool cls, bool mean, bool max) {
  return std::string("{\"word_embedding_dimension\": 8, \"pooling_mode_cls_token\": ") +
         (cls ? "true" : "false") + ", \"pooling_mode_mean_tokens\": " + (mean ? "true" : "false") +
         ", \"pooling_mode_max_tokens\": " + (max ? "true" : "false") + "}";
}

void expect_error(const Status& s, ErrorCode code, std::vector<const char*> parts) {
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), code) << s.to_string();
  for (const char* p : parts) EXPECT_NE(s.message().find(p), std::string::npos) << s.to_string();
}

TEST(SentenceTransformers, ReadsAllMiniLm) {
  const std::string modules = fixture("modules.json");
  const std::string pool = fixture("1_Pooling/config.json");
  const std::string sbert = fixture("sentence_bert_config.json");
  auto c = parse_sentence_transformers(&modules, &pool, &sbert);
  ASSERT_TRUE(c.ok()) << c.status().to_string();
  EXPECT_TRUE(c->found);
  EXPECT_EQ(c->pooling, "mean");
  EXPECT_TRUE(c->normalize);
  EXPECT_EQ(c->max_seq_length, 256);

  auto path = pooling_module_path(modules);
  ASSERT_TRUE(path.ok()) << path.status().to_string();
  EXPECT_EQ(*path, "1_Pooling");
}

TEST(SentenceTransformers, AbsentFilesMeanUnknown) {
  auto c = parse_sentence_transformers(nullptr, nullptr, nullptr);
  ASSERT_TRUE(c.ok()) << c.status().to_string();
  EXPECT_FALSE(c->found);
  EXPECT_EQ(c->pooling, "");
  EXPECT_FALSE(c->normalize);
  EXPECT_EQ(c->max_seq_length, 0);

  const std::string only_transformer =
      R"([{"path": "", "type": "sentence_transformers.models.Transformer"}])";
  c = parse_sentence_transformers(&only_transformer, nullptr, nullptr);
  ASSERT_TRUE(c.ok()) << c.status().to_string();
  EXPECT_TRUE(c->found);
  EXPECT_EQ(c->pooling, "");
  EXPECT_EQ(*pooling_module_path(only_transformer), "");

  const std::string no_length = R"({"do_lower_case": true})";
  c = parse_sentence_transformers(nullptr, nullptr, &no_length);
  ASSERT_TRUE(c.ok()) << c.status().to_string();
  EXPECT_EQ(c->max_seq_length, 0);
}

TEST(SentenceTransformers, ReadsEachSupportedPoolingMode) {
  const std::pair<std::string, const char*> cases[] = {
      {pooling(true, false, false), "cls"},
      {pooling(false, true, false), "mean"},
      {pooling(false, false, true), "max"},
  };
  for (const auto& [config, mode] : cases) {
    auto c = parse_sentence_transformers(&kModules, &config, nullptr);
    ASSERT_TRUE(c.ok()) << c.status().to_string();
    EXPECT_EQ(c->pooling, mode);
    EXPECT_FALSE(c->normalize);
  }
}

TEST(SentenceTransformers, RefusesWhatWeCannotRun) {
  const std::string both = pooling(true, true, false);
  expect_error(parse_sentence_transformers(&kModules, &both, nullptr).status(),
               ErrorCode::unsupported, {"pooling_mode_cls_token", "pooling_mode_mean_tokens"});
  const std::string sqrt_len = R"({"pooling_mode_mean_sqrt_len_tokens": true})";
  expect_error(parse_sentence_transformers(&kModules, &sqrt_len, nullptr).status(),
               ErrorCode::unsupported, {"pooling_mode_mean_sqrt_len_tokens"});
  const std::string dense = R"([{"path": "", "type": "sentence_transformers.models.Transformer"},
      {"path": "2_Dense", "type": "sentence_transformers.models.Dense"}])";
  expect_error(parse_sentence_transformers(&dense, nullptr, nullptr).status(),
               ErrorCode::unsupported, {"modules.json", "sentence_transformers.models.Dense"});
}

TEST(SentenceTransformers, RejectsBrokenFiles) {
  const std::string none = pooling(false, false, false);
  expect_error(parse_sentence_transformers(&kModules, &none, nullptr).status(), ErrorCode::format,
               {"Pooling", "no pooling_mode"});
  expect_error(parse_sentence_transformers(&kModules, nullptr, nullptr).status(),
               ErrorCode::format, {"modules.json", "Pooling", "absent"});

  const std::string not_array = R"({"type": "x"})";
  expect_error(parse_sentence_transformers(&not_array, nullptr, nullptr).status(),
               ErrorCode::format, {"modules.json", "array"});
  const std::string no_type = R"([{"path": ""}])";
  expect_error(parse_sentence_transformers(&no_type, nullptr, nullptr).status(),
               ErrorCode::format, {"modules.json [0]", "type"});
  const std::string truncated = R"([{"path": "", "type": "sentence_transformers.mod)";
  expect_error(parse_sentence_transformers(&truncated, nullptr, nullptr).status(),
               ErrorCode::format, {"modules.json", "invalid JSON"});
  expect_error(pooling_module_path(truncated).status(), ErrorCode::format, {"modules.json"});

  const std::string wrong_flag = R"({"pooling_mode_mean_tokens": "yes"})";
  expect_error(parse_sentence_transformers(&kModules, &wrong_flag, nullptr).status(),
               ErrorCode::format, {"pooling_mode_mean_tokens"});
  const std::string bad_length = R"({"max_seq_length": "256"})";
  expect_error(parse_sentence_transformers(nullptr, nullptr, &bad_length).status(),
               ErrorCode::format, {"sentence_bert_config.json", "max_seq_length"});
  const std::string negative = R"({"max_seq_length": -1})";
  expect_error(parse_sentence_transformers(nullptr, nullptr, &negative).status(),
               ErrorCode::format, {"sentence_bert_config.json", "max_seq_length"});
}

}  // namespace
}  // namespace bertwasm
