// Command-line arguments and model paths for the native tool.
#include <cstdio>

#include "cli/cli.h"
#include "util/file.h"

namespace bertwasm::cli {

Result<Args> parse_args(int argc, char** argv) {
  Args a;
  if (argc > 1) a.command = argv[1];
  for (int i = 2; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.size() > 1 && arg[0] == '-' && arg != "-") {
      if (i + 1 >= argc) return input_error(arg + " needs a value");
      a.options[arg.substr(arg.find_first_not_of('-'))] = argv[++i];
    } else {
      a.positional.push_back(arg);
    }
  }
  return a;
}

Result<FileMap> read_model(const std::string& path) {
  FileMap files;
  if (path.size() > 5 && path.compare(path.size() - 5, 5, ".gguf") == 0) {
    BW_ASSIGN(files["model.gguf"], read_file_text(path));
    return files;
  }
  // The files of a Hugging Face directory the loader reads (web/sources.js lists the same).
  for (const char* name : {"config.json", "model.safetensors", "tokenizer.json", "vocab.txt", "tokenizer_config.json",
                           "modules.json", "1_Pooling/config.json", "sentence_bert_config.json"}) {
    auto bytes = read_file_text(path + "/" + name);
    if (bytes.ok()) files[name] = std::move(bytes).value();
  }
  if (files.empty()) return io_error(path + ": not a model directory (no config.json, model.safetensors, ...) or .gguf file");
  return files;
}

int report(const Status& s) {
  std::fprintf(stderr, "bert-wasm: %s\n", s.to_string().c_str());
  return 1;
}

}  // namespace bertwasm::cli
