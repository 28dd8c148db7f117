// The config.json of a Hugging Face BERT checkpoint, validated into BertConfig. Only what this
// project implements is accepted: model_type "bert", absolute positions, exact (erf) GELU.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace bertwasm {

struct BertConfig {
  std::string architecture = "BertModel";  // architectures[0]
  int vocab_size = 0;
  int hidden_size = 0;
  int num_layers = 0;         // num_hidden_layers
  int num_heads = 0;          // num_attention_heads
  int intermediate_size = 0;
  int max_position_embeddings = 512;
  int type_vocab_size = 2;
  int pad_token_id = 0;
  float layer_norm_eps = 1e-12f;
  std::string hidden_act = "gelu";
  // id2label in id order. When id2label is missing: "LABEL_i" for i < num_labels if num_labels
  // is given, else empty (a classification head then names its outputs from its weight shape).
  std::vector<std::string> labels;
  std::string problem_type;  // "", "single_label_classification", "multi_label_classification", ...
};

// Errors: E_FORMAT for invalid JSON, missing or wrongly typed keys (named), non-positive or absurd
// sizes, hidden_size % num_heads != 0, id2label not covering 0..n-1; E_UNSUPPORTED for a
// model_type other than "bert", hidden_act other than "gelu", position_embedding_type other than
// "absolute".
Result<BertConfig> parse_bert_config(std::string_view json, std::string file_name = "config.json");

}  // namespace bertwasm
