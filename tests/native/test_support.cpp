#include "test_support.h"

#include <dirent.h>

#include <algorithm>
#include <cstdlib>

#include <gtest/gtest.h>

#include "util/file.h"

namespace bertwasm::test {

std::string shared_dir() {
  if (const char* env = std::getenv("BERTWASM_SHARED")) return env;
  return BERTWASM_SHARED_DIR;
}

std::string shared_path(const std::string& relative) { return shared_dir() + "/" + relative; }

std::string read_text(const std::string& path) {
  auto r = read_file_text(path);
  if (!r.ok()) {
    ADD_FAILURE() << r.status().to_string();
    return "";
  }
  return std::move(r).value();
}

nlohmann::json read_json(const std::string& path) {
  return nlohmann::json::parse(read_text(path));
}

std::map<std::string, std::string> read_model_files(const std::string& model_name) {
  std::map<std::string, std::string> files;
  const std::string dir = shared_path("models/" + model_name + "/");
  for (const char* name : {"config.json", "model.safetensors", "tokenizer.json", "vocab.txt", "tokenizer_config.json",
                           "modules.json", "1_Pooling/config.json", "sentence_bert_config.json"}) {
    auto bytes = read_file_text(dir + name);
    if (bytes.ok()) files[name] = std::move(bytes).value();
  }
  return files;
}

std::vector<std::string> model_names() {
  std::vector<std::string> names;
  if (DIR* dir = opendir(shared_path("models").c_str())) {
    while (dirent* e = readdir(dir)) {
      std::string n = e->d_name;
      if (n != "." && n != "..") names.push_back(n);
    }
    closedir(dir);
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace bertwasm::test
