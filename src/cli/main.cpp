// bert-wasm: native command-line tool (see cli.h).
#include <cstdio>

#include "cli/cli.h"

namespace {

const char kUsage[] =
    "usage: bert-wasm convert <hf-model-dir|model.gguf> -o <out.gguf> [--dtype f32|f16|q8_0|q4_0]\n"
    "       bert-wasm embed --model <dir|file.gguf> [--pooling mean|cls|pooler] [--dtype D] [text ...]\n"
    "       bert-wasm tokenize --model <dir|file.gguf> [text ...]\n"
    "       bert-wasm info --model <dir|file.gguf>\n"
    "Texts come from the arguments, else one per line of stdin (plain, or JSONL with \"text\").\n";

}  // namespace

int main(int argc, char** argv) {
  using namespace bertwasm::cli;
  auto args = parse_args(argc, argv);
  if (!args.ok()) {
    std::fprintf(stderr, "bert-wasm: %s\n%s", args.status().message().c_str(), kUsage);
    return 2;
  }
  if (args->command == "convert") return run_convert(*args);
  if (args->command == "embed" || args->command == "tokenize") return run_embed(*args);
  if (args->command == "info") return run_info(*args);
  std::fputs(kUsage, stderr);
  return 2;
}
