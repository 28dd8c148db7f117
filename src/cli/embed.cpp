// bert-wasm embed | tokenize | info --model <dir|file.gguf>: one JSON line per text (as the npm
// package's CLI prints them), or the model's configuration.
#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "api/convert.h"
#include "api/model.h"
#include "cli/cli.h"

namespace bertwasm::cli {
namespace {

using nlohmann::json;

Result<std::unique_ptr<api::Model>> load(const Args& args) {
  auto path = args.options.find("model");
  if (path == args.options.end()) return input_error(args.command + " needs --model <dir|file.gguf>");
  LoadOptions options;
  if (args.options.count("dtype")) {
    BW_ASSIGN(options.storage, api::parse_dtype(args.options.at("dtype")));
  }
  BW_ASSIGN(FileMap files, read_model(path->second));
  return api::Model::load(files, options);
}

Result<std::vector<std::string>> texts_of(const Args& args) {
  if (!args.positional.empty()) return args.positional;
  std::vector<std::string> texts;
  for (std::string line; std::getline(std::cin, line);) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    if (line[line.find_first_not_of(" \t")] != '{') {
      texts.push_back(line);
      continue;
    }
    const json record = json::parse(line, nullptr, false);
    if (record.is_discarded() || !record.contains("text") || !record["text"].is_string())
      return input_error("JSONL line without a \"text\" string: " + line.substr(0, 80));
    texts.push_back(record["text"]);
  }
  return texts;
}

void print(const json& j) { std::printf("%s\n", j.dump(-1, ' ', false, json::error_handler_t::replace).c_str()); }

}  // namespace

int run_embed(const Args& args) {
  auto model = load(args);
  if (!model.ok()) return report(model.status());
  auto texts = texts_of(args);
  if (!texts.ok()) return report(texts.status());
  api::EmbedOptions options;
  if (args.options.count("pooling")) {
    auto p = parse_pooling(args.options.at("pooling"));
    if (!p.ok()) return report(p.status());
    options.pooling = *p;
  }
  for (const std::string& text : *texts) {
    if (args.command == "tokenize") {
      auto e = (*model)->tokenize(text, nullptr, {});
      if (!e.ok()) return report(e.status());
      json offsets = json::array();
      for (const Span& s : e->offsets_utf16) offsets.push_back({s.start, s.end});
      print({{"text", text}, {"ids", e->ids}, {"tokens", e->tokens}, {"offsets", offsets}});
      continue;
    }
    auto r = (*model)->embed({text}, options);
    if (!r.ok()) return report(r.status());
    // Nine significant digits (the exact float32 parses back), as the npm package's CLI prints them.
    std::string line = "{\"text\":" + json(text).dump(-1, ' ', false, json::error_handler_t::replace) + ",\"embedding\":[";
    char number[32];
    for (size_t i = 0; i < r->data.size(); ++i) {
      std::snprintf(number, sizeof number, "%s%.9g", i ? "," : "", double(r->data[i]));
      line += number;
    }
    std::printf("%s]}\n", line.c_str());
  }
  return 0;
}

int run_info(const Args& args) {
  auto model = load(args);
  if (!model.ok()) return report(model.status());
  const api::Model& m = **model;
  const BertConfig& c = m.config();
  json info = {{"architecture", c.architecture}, {"hiddenSize", c.hidden_size}, {"numLayers", c.num_layers},
               {"numHeads", c.num_heads}, {"intermediateSize", c.intermediate_size},
               {"maxPositions", c.max_position_embeddings}, {"vocabSize", c.vocab_size},
               {"pooling", pooling_name(m.embed_defaults().pooling)}, {"normalize", m.embed_defaults().normalize},
               {"maxLength", m.embed_defaults().max_length}, {"dtype", dtype_name(m.storage())},
               {"weightBytes", m.weight_bytes()}};
  if (!c.labels.empty()) info["labels"] = c.labels;
  std::printf("%s\n", info.dump(2).c_str());
  return 0;
}

}  // namespace bertwasm::cli
