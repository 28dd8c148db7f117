// bert-wasm convert <hf-model-dir|model.gguf> -o <out.gguf> --dtype f32|f16|q8_0|q4_0
#include <cstdio>

#include "api/convert.h"
#include "api/model.h"
#include "cli/cli.h"
#include "util/file.h"

namespace bertwasm::cli {

int run_convert(const Args& args) {
  auto out = args.options.find("o");
  if (out == args.options.end()) out = args.options.find("output");
  if (args.positional.size() != 1 || out == args.options.end())
    return report(input_error("convert needs one model path and -o <out.gguf>"));
  auto dtype = api::parse_dtype(args.options.count("dtype") ? args.options.at("dtype") : "f32");
  if (!dtype.ok()) return report(dtype.status());
  auto files = read_model(args.positional[0]);
  if (!files.ok()) return report(files.status());
  auto gguf = api::convert_model(*files, *dtype);
  if (!gguf.ok()) return report(gguf.status());
  const Status written = write_file_bytes(out->second, gguf->data(), gguf->size());
  if (!written.ok()) return report(written);
  std::fprintf(stderr, "bert-wasm: wrote %s (%s, %zu bytes)\n", out->second.c_str(), dtype_name(*dtype), gguf->size());
  return 0;
}

}  // namespace bertwasm::cli
