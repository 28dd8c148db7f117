// sentence-transformers model configuration: which pooling the Pooling module uses, whether a
// Normalize module follows, and the max_seq_length the model was trained with. Modules other than
// Transformer, Pooling and Normalize (e.g. Dense) are refused: embeddings would silently differ.
#pragma once

#include <string>

#include "util/status.h"

namespace bertwasm {

struct SentenceTransformersConfig {
  std::string pooling;     // "mean", "cls", "max", or "" when unknown (no Pooling module)
  bool normalize = false;  // a sentence_transformers.models.Normalize module is listed
  int max_seq_length = 0;  // sentence_bert_config.json, 0 when absent
  bool found = false;      // modules.json was present
};

// Each argument is the file's text or nullptr when the file is absent. pooling_config_json is the
// Pooling module's config.json (path from pooling_module_path(), usually "1_Pooling/config.json").
// E_FORMAT for invalid files (named), E_UNSUPPORTED for pooling modes or modules we cannot run.
Result<SentenceTransformersConfig> parse_sentence_transformers(
    const std::string* modules_json, const std::string* pooling_config_json,
    const std::string* sentence_bert_config_json);

// The folder of the Pooling module listed in modules.json ("1_Pooling"), "" when none is listed.
Result<std::string> pooling_module_path(const std::string& modules_json);

}  // namespace bertwasm
