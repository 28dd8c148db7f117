// config.json parsing: the real all-MiniLM-L6-v2 config, the shared checkpoints' configs, and
// broken or unsupported variants (each must name the key at fault).
#include "formats/hf_config.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace bertwasm {
namespace {

using nlohmann::json;

json minilm_config() {
  return test::read_json(test::shared_path("fixtures/hf-all-MiniLM-L6-v2/config.json"));
}

Result<BertConfig> parse(const json& cfg) { return parse_bert_config(cfg.dump(), "cfg.json"); }

void expect_error(const Result<BertConfig>& r, ErrorCode code,
                  std::vector<const char*> parts) {
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), code) << r.status().to_string();
  for (const char* p : parts) {
    EXPECT_NE(r.status().message().find(p), std::string::npos) << r.status().to_string();
  }
}

TEST(HfConfig, ReadsAllMiniLmConfig) {
  auto text = test::read_text(test::shared_path("fixtures/hf-all-MiniLM-L6-v2/config.json"));
  auto c = parse_bert_config(text);
  ASSERT_TRUE(c.ok()) << c.status().to_string();
  EXPECT_EQ(c->architecture, "BertModel");
  EXPECT_EQ(c->vocab_size, 30522);
  EXPECT_EQ(c->hidden_size, 384);
  EXPECT_EQ(c->num_layers, 6);
  EXPECT_EQ(c->num_heads, 12);
  EXPECT_EQ(c->intermediate_size, 1536);
  EXPECT_EQ(c->max_position_embeddings, 512);
  EXPECT_EQ(c->type_vocab_size, 2);
  EXPECT_EQ(c->pad_token_id, 0);
  EXPECT_EQ(c->layer_norm_eps, 1e-12f);
  EXPECT_EQ(c->hidden_act, "gelu");
  EXPECT_TRUE(c->labels.empty());
  EXPECT_EQ(c->problem_type, "");
}

TEST(HfConfig, ReadsEverySharedCheckpointsConfig) {
  for (const std::string& model : test::model_names()) {
    SCOPED_TRACE(model);
    const std::string dir = "models/" + model + "/";
    auto c = parse_bert_config(test::read_text(test::shared_path(dir + "config.json")));
    ASSERT_TRUE(c.ok()) << c.status().to_string();
    auto manifest = test::read_json(test::shared_path(dir + "fixture_manifest.json"));
    EXPECT_EQ(c->architecture, manifest["architecture"].get<std::string>());
    EXPECT_EQ(c->hidden_size, manifest["config"]["hidden_size"].get<int>());
    EXPECT_EQ(c->num_layers, manifest["config"]["num_hidden_layers"].get<int>());
    EXPECT_EQ(c->num_heads, manifest["config"]["num_attention_heads"].get<int>());
    EXPECT_EQ(c->intermediate_size, manifest["config"]["intermediate_size"].get<int>());
  }
}

TEST(HfConfig, ReadsLabelsInIdOrder) {
  auto seq = parse_bert_config(test::read_text(test::shared_path("models/tiny-seqcls/config.json")));
  ASSERT_TRUE(seq.ok()) << seq.status().to_string();
  EXPECT_EQ(seq->labels, (std::vector<std::string>{"negative", "neutral", "positive"}));

  auto tok = parse_bert_config(test::read_text(test::shared_path("models/tiny-tokcls/config.json")));
  ASSERT_TRUE(tok.ok()) << tok.status().to_string();
  ASSERT_EQ(tok->labels.size(), 9u);
  EXPECT_EQ(tok->labels[0], "O");
  EXPECT_EQ(tok->labels[8], "I-MISC");

  json cfg = minilm_config();  // keys listed out of order, and past 9 (string order "10" < "2")
  cfg["id2label"] = json::object();
  for (int i = 11; i >= 0; --i) cfg["id2label"][std::to_string(i)] = "L" + std::to_string(i);
  cfg["problem_type"] = "multi_label_classification";
  auto c = parse(cfg);
  ASSERT_TRUE(c.ok()) << c.status().to_string();
  ASSERT_EQ(c->labels.size(), 12u);
  for (int i = 0; i < 12; ++i) EXPECT_EQ(c->labels[i], "L" + std::to_string(i));
  EXPECT_EQ(c->problem_type, "multi_label_classification");

  cfg = minilm_config();
  cfg["num_labels"] = 3;
  c = parse(cfg);
  ASSERT_TRUE(c.ok()) << c.status().to_string();
  EXPECT_EQ(c->labels, (std::vector<std::string>{"LABEL_0", "LABEL_1", "LABEL_2"}));
}

TEST(HfConfig, AppliesDefaultsForOptionalKeys) {
  json cfg = {{"vocab_size", 100}, {"hidden_size", 8}, {"num_hidden_layers", 1},
              {"num_attention_heads", 2}, {"intermediate_size", 16}, {"pad_token_id", nullptr}};
  auto c = parse(cfg);
  ASSERT_TRUE(c.ok()) << c.status().to_string();
  EXPECT_EQ(c->architecture, "BertModel");
  EXPECT_EQ(c->max_position_embeddings, 512);
  EXPECT_EQ(c->type_vocab_size, 2);
  EXPECT_EQ(c->pad_token_id, 0);
  EXPECT_EQ(c->layer_norm_eps, 1e-12f);
}

TEST(HfConfig, NamesMissingAndWronglyTypedKeys) {
  for (const char* key : {"vocab_size", "hidden_size", "num_hidden_layers", "num_attention_heads",
                          "intermediate_size"}) {
    json cfg = minilm_config();
    cfg.erase(key);
    expect_error(parse(cfg), ErrorCode::format, {"cfg.json", "missing key", key});
    cfg[key] = "384";
    expect_error(parse(cfg), ErrorCode::format, {"cfg.json", key, "integer", "string"});
    cfg[key] = 384.5;
    expect_error(parse(cfg), ErrorCode::format, {key, "integer"});
  }
  json cfg = minilm_config();
  cfg["layer_norm_eps"] = "1e-12";
  expect_error(parse(cfg), ErrorCode::format, {"layer_norm_eps", "number"});
  cfg = minilm_config();
  cfg["architectures"] = "BertModel";
  expect_error(parse(cfg), ErrorCode::format, {"architectures"});
  cfg = minilm_config();
  cfg["hidden_act"] = 1;
  expect_error(parse(cfg), ErrorCode::format, {"hidden_act", "string"});
}

TEST(HfConfig, RejectsBadSizes) {
  struct Case {
    const char* key;
    json value;
    const char* says;
  };
  const Case cases[] = {
      {"hidden_size", 0, "positive"},
      {"num_attention_heads", -2, "positive"},
      {"vocab_size", 10000001, "limit"},
      {"hidden_size", 16385, "limit"},
      {"num_hidden_layers", 257, "limit"},
      {"max_position_embeddings", 65537, "limit"},
      {"vocab_size", 9223372036854775807LL, "limit"},
      {"num_attention_heads", 7, "not a multiple"},
      {"layer_norm_eps", 0, "layer_norm_eps"},
      {"layer_norm_eps", -1e-5, "layer_norm_eps"},
      {"pad_token_id", 30522, "pad_token_id"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.key);
    json cfg = minilm_config();
    cfg[c.key] = c.value;
    expect_error(parse(cfg), ErrorCode::format, {c.says});
  }
  json cfg = minilm_config();
  cfg["vocab_size"] = 18446744073709551615ULL;
  expect_error(parse(cfg), ErrorCode::format, {"vocab_size"});
}

TEST(HfConfig, RefusesWhatWeDoNotImplement) {
  json cfg = minilm_config();
  cfg["model_type"] = "roberta";
  expect_error(parse(cfg), ErrorCode::unsupported, {"model_type", "roberta"});
  cfg = minilm_config();
  cfg["hidden_act"] = "gelu_new";
  expect_error(parse(cfg), ErrorCode::unsupported, {"hidden_act", "gelu_new"});
  cfg = minilm_config();
  cfg["position_embedding_type"] = "relative_key";
  expect_error(parse(cfg), ErrorCode::unsupported, {"position_embedding_type", "relative_key"});
}

TEST(HfConfig, RejectsInconsistentId2Label) {
  const json bad[] = {
      {{"0", "a"}, {"2", "c"}},   // gap: id 2 with 2 labels
      {{"0", "a"}, {"x", "b"}},   // not an id
      {{"0", "a"}, {"01", "b"}},  // not canonical
      {{"0", "a"}, {"1", 5}},     // not a string
      {{"1", "b"}},               // 0 missing
  };
  for (const json& labels : bad) {
    SCOPED_TRACE(labels.dump());
    json cfg = minilm_config();
    cfg["id2label"] = labels;
    expect_error(parse(cfg), ErrorCode::format, {"id2label"});
  }
  json cfg = minilm_config();
  cfg["id2label"] = {{"0", "a"}, {"1", "b"}};
  cfg["num_labels"] = 3;
  expect_error(parse(cfg), ErrorCode::format, {"num_labels", "id2label"});
}

TEST(HfConfig, RejectsInvalidJson) {
  expect_error(parse_bert_config("{\"vocab_size\": 3,", "x/config.json"), ErrorCode::format,
               {"x/config.json", "invalid JSON at byte"});
  expect_error(parse_bert_config("[]", "x/config.json"), ErrorCode::format,
               {"x/config.json", "object"});
  expect_error(parse_bert_config("", "x/config.json"), ErrorCode::format, {"invalid JSON"});
}

}  // namespace
}  // namespace bertwasm
