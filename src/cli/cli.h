// The native command-line tool `bert-wasm` (the npm package's web/cli.js offers the same
// commands on the WebAssembly build): convert, embed, tokenize, info. Each command returns the
// process exit code: 0 done, 1 error (printed as "bert-wasm: E_CODE: message"), 2 bad usage.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "model/bert_model.h"

namespace bertwasm::cli {

struct Args {
  std::string command;
  std::vector<std::string> positional;
  std::map<std::string, std::string> options;  // "--dtype q8_0", "-o x" -> {"dtype": "q8_0"}, {"o": "x"}
};

// Options take one value each. E_INPUT for an option without its value.
Result<Args> parse_args(int argc, char** argv);

// A Hugging Face model directory (the files the loader reads), or a .gguf file as "model.gguf".
Result<FileMap> read_model(const std::string& path);

int run_convert(const Args& args);
int run_embed(const Args& args);     // embed and tokenize
int run_info(const Args& args);

int report(const Status& s);  // prints the error, returns 1

}  // namespace bertwasm::cli
