// modules.json + <Pooling>/config.json + sentence_bert_config.json -> SentenceTransformersConfig.
#include "formats/sentence_transformers.h"

#include <vector>

#include "util/json_fields.h"

namespace bertwasm {
namespace {

using nlohmann::json;

constexpr const char* kModulesFile = "modules.json";
constexpr const char* kPoolingFile = "Pooling config.json";
constexpr const char* kSentenceBertFile = "sentence_bert_config.json";
constexpr const char* kTransformer = "sentence_transformers.models.Transformer";
constexpr const char* kPooling = "sentence_transformers.models.Pooling";
constexpr const char* kNormalize = "sentence_transformers.models.Normalize";

struct Module {
  std::string type;
  std::string path;
};

Result<std::vector<Module>> parse_modules(const std::string& text) {
  BW_ASSIGN(json doc, parse_json(text, kModulesFile));
  if (!doc.is_array()) return format_error(std::string(kModulesFile) + ": must be a JSON array");
  std::vector<Module> modules;
  for (size_t i = 0; i < doc.size(); ++i) {
    const std::string where = std::string(kModulesFile) + " [" + std::to_string(i) + "]";
    if (!doc[i].is_object()) return format_error(where + ": must be an object");
    Module m;
    BW_ASSIGN(m.type, get_json_string_or(doc[i], "type", "", where));
    if (m.type.empty()) return format_error(where + ": missing key \"type\"");
    BW_ASSIGN(m.path, get_json_string_or(doc[i], "path", "", where));
    modules.push_back(std::move(m));
  }
  return modules;
}

// One pooling_mode_* flag must be set; "mean_sqrt_len", "weightedmean", "lasttoken" and
// combinations are refused (they need maths we do not implement).
Result<std::string> parse_pooling(const std::string& text) {
  BW_ASSIGN(json cfg, parse_json_object(text, kPoolingFile));
  struct Flag {
    const char* key;
    const char* mode;  // nullptr: not supported
  };
  const Flag flags[] = {
      {"pooling_mode_cls_token", "cls"},
      {"pooling_mode_mean_tokens", "mean"},
      {"pooling_mode_max_tokens", "max"},
      {"pooling_mode_mean_sqrt_len_tokens", nullptr},
      {"pooling_mode_weightedmean_tokens", nullptr},
      {"pooling_mode_lasttoken", nullptr},
  };
  std::vector<std::string> set;
  std::string mode;
  for (const Flag& f : flags) {
    BW_ASSIGN(bool on, get_json_bool_or(cfg, f.key, false, kPoolingFile));
    if (!on) continue;
    set.push_back(f.key);
    if (!f.mode) {
      return unsupported_error(std::string(kPoolingFile) + ": \"" + f.key +
                               "\" pooling is not supported (only cls, mean, max)");
    }
    mode = f.mode;
  }
  if (set.size() > 1) {
    return unsupported_error(std::string(kPoolingFile) + ": combined pooling modes (\"" +
                             set[0] + "\", \"" + set[1] + "\") are not supported");
  }
  if (set.empty()) {
    return format_error(std::string(kPoolingFile) + ": no pooling_mode_* key is true");
  }
  return mode;
}

Result<int> parse_max_seq_length(const std::string& text) {
  BW_ASSIGN(json cfg, parse_json_object(text, kSentenceBertFile));
  BW_ASSIGN(int64_t n, get_json_int_or(cfg, "max_seq_length", 0, kSentenceBertFile));
  if (n < 0 || n > 65536) {
    return format_error(std::string(kSentenceBertFile) + ": \"max_seq_length\" = " +
                        std::to_string(n) + " is out of range 0..65536");
  }
  return int(n);
}

}  // namespace

Result<std::string> pooling_module_path(const std::string& modules_json) {
  BW_ASSIGN(std::vector<Module> modules, parse_modules(modules_json));
  for (const Module& m : modules) {
    if (m.type == kPooling) return m.path;
  }
  return std::string();
}

Result<SentenceTransformersConfig> parse_sentence_transformers(
    const std::string* modules_json, const std::string* pooling_config_json,
    const std::string* sentence_bert_config_json) {
  SentenceTransformersConfig c;
  bool pooling_listed = false;
  if (modules_json) {
    c.found = true;
    BW_ASSIGN(std::vector<Module> modules, parse_modules(*modules_json));
    for (const Module& m : modules) {
      if (m.type == kPooling) {
        if (pooling_listed) {
          return unsupported_error(std::string(kModulesFile) + ": more than one Pooling module");
        }
        pooling_listed = true;
      } else if (m.type == kNormalize) {
        c.normalize = true;
      } else if (m.type != kTransformer) {
        return unsupported_error(std::string(kModulesFile) + ": module type \"" + m.type +
                                 "\" is not supported (only Transformer, Pooling, Normalize)");
      }
    }
    if (pooling_listed && !pooling_config_json) {
      return format_error(std::string(kModulesFile) +
                          ": lists a Pooling module but its config.json is absent");
    }
  }
  if (pooling_config_json) {
    BW_ASSIGN(c.pooling, parse_pooling(*pooling_config_json));
  }
  if (sentence_bert_config_json) {
    BW_ASSIGN(c.max_seq_length, parse_max_seq_length(*sentence_bert_config_json));
  }
  return c;
}

}  // namespace bertwasm
