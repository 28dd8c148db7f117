// config.json -> BertConfig: typed reads, defaults as in transformers' BertConfig, sanity limits.
#include "formats/hf_config.h"

#include <cmath>
#include <cstdint>

#include "util/json_fields.h"

namespace bertwasm {
namespace {

using nlohmann::json;

// Reads an integer key into `out`, checking min <= value <= max.
Status read_size(const json& cfg, const std::string& key, bool required, int64_t fallback,
                 int64_t min, int64_t max, const std::string& where, int& out) {
  Result<int64_t> v = required ? get_json_int(cfg, key, where)
                               : get_json_int_or(cfg, key, fallback, where);
  if (!v.ok()) return v.status();
  if (*v < min || *v > max) {
    std::string range = min == 1 ? "positive" : "at least " + std::to_string(min);
    if (*v < min) return format_error(where + ": \"" + key + "\" = " + std::to_string(*v) +
                                      " must be " + range);
    return format_error(where + ": \"" + key + "\" = " + std::to_string(*v) +
                        " is larger than the limit " + std::to_string(max));
  }
  out = int(*v);
  return {};
}

Status read_labels(const json& cfg, const std::string& where, std::vector<std::string>& labels) {
  auto it = cfg.find("id2label");
  if (it == cfg.end() || it->is_null()) {
    int n = 0;
    BW_TRY(read_size(cfg, "num_labels", false, 0, 0, 1000000, where, n));
    for (int i = 0; i < n; ++i) labels.push_back("LABEL_" + std::to_string(i));
    return {};
  }
  if (!it->is_object()) return format_error(where + ": \"id2label\" must be an object");
  const size_t n = it->size();
  if (n > 1000000) return format_error(where + ": \"id2label\" has too many entries");
  labels.assign(n, "");
  std::vector<bool> seen(n, false);
  for (auto e = it->begin(); e != it->end(); ++e) {
    const std::string& key = e.key();
    size_t id = 0;
    bool digits = !key.empty() && key.size() <= 7;
    for (char c : key) {
      digits = digits && c >= '0' && c <= '9';
      id = id * 10 + size_t(c - '0');
    }
    if (!digits || (key.size() > 1 && key[0] == '0')) {
      return format_error(where + ": id2label key \"" + key + "\" is not a label id");
    }
    if (id >= n) {
      return format_error(where + ": id2label key \"" + key + "\" is out of range: " +
                          std::to_string(n) + " labels must have ids 0.." + std::to_string(n - 1));
    }
    if (!e->is_string()) {
      return format_error(where + ": id2label[\"" + key + "\"] must be a string");
    }
    labels[id] = e->get<std::string>();
    seen[id] = true;
  }
  // Keys are distinct and canonical (no leading zeros), so n keys below n cover 0..n-1.
  for (size_t i = 0; i < n; ++i) {
    if (!seen[i]) return format_error(where + ": id2label has no entry " + std::to_string(i));
  }
  int num_labels = 0;
  BW_TRY(read_size(cfg, "num_labels", false, int64_t(n), 0, 1000000, where, num_labels));
  if (size_t(num_labels) != n) {
    return format_error(where + ": \"num_labels\" = " + std::to_string(num_labels) +
                        " disagrees with id2label's " + std::to_string(n) + " entries");
  }
  return {};
}

}  // namespace

Result<BertConfig> parse_bert_config(std::string_view text, std::string file_name) {
  const std::string& where = file_name;
  BW_ASSIGN(json cfg, parse_json_object(text, where));
  BertConfig c;

  BW_ASSIGN(std::string model_type, get_json_string_or(cfg, "model_type", "bert", where));
  if (model_type != "bert") {
    return unsupported_error(where + ": model_type \"" + model_type +
                             "\" is not supported (only \"bert\")");
  }
  auto arch = cfg.find("architectures");
  if (arch != cfg.end() && !arch->is_null()) {
    if (!arch->is_array()) return format_error(where + ": \"architectures\" must be an array");
    if (!arch->empty()) {
      if (!(*arch)[0].is_string()) {
        return format_error(where + ": \"architectures\"[0] must be a string");
      }
      c.architecture = (*arch)[0].get<std::string>();
    }
  }

  BW_TRY(read_size(cfg, "vocab_size", true, 0, 1, 10000000, where, c.vocab_size));
  BW_TRY(read_size(cfg, "hidden_size", true, 0, 1, 16384, where, c.hidden_size));
  BW_TRY(read_size(cfg, "num_hidden_layers", true, 0, 1, 256, where, c.num_layers));
  BW_TRY(read_size(cfg, "num_attention_heads", true, 0, 1, 16384, where, c.num_heads));
  BW_TRY(read_size(cfg, "intermediate_size", true, 0, 1, 262144, where, c.intermediate_size));
  BW_TRY(read_size(cfg, "max_position_embeddings", false, 512, 1, 65536, where,
                   c.max_position_embeddings));
  BW_TRY(read_size(cfg, "type_vocab_size", false, 2, 1, 65536, where, c.type_vocab_size));
  BW_TRY(read_size(cfg, "pad_token_id", false, 0, 0, c.vocab_size - 1, where, c.pad_token_id));
  if (c.hidden_size % c.num_heads != 0) {
    return format_error(where + ": hidden_size " + std::to_string(c.hidden_size) +
                        " is not a multiple of num_attention_heads " +
                        std::to_string(c.num_heads));
  }

  BW_ASSIGN(double eps, get_json_number_or(cfg, "layer_norm_eps", 1e-12, where));
  if (!(eps > 0 && eps < 1)) {
    return format_error(where + ": \"layer_norm_eps\" must be in (0, 1)");
  }
  c.layer_norm_eps = float(eps);

  BW_ASSIGN(c.hidden_act, get_json_string_or(cfg, "hidden_act", "gelu", where));
  if (c.hidden_act != "gelu") {
    return unsupported_error(where + ": hidden_act \"" + c.hidden_act +
                             "\" is not supported (only \"gelu\", the exact erf GELU)");
  }
  BW_ASSIGN(std::string positions,
            get_json_string_or(cfg, "position_embedding_type", "absolute", where));
  if (positions != "absolute") {
    return unsupported_error(where + ": position_embedding_type \"" + positions +
                             "\" is not supported (only \"absolute\")");
  }
  BW_ASSIGN(c.problem_type, get_json_string_or(cfg, "problem_type", "", where));
  BW_TRY(read_labels(cfg, where, c.labels));
  return c;
}

}  // namespace bertwasm
