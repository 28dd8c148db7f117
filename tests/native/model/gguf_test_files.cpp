// GGUF test helpers (see gguf_test_files.h). The llama.cpp layout is written here from its
// converter's public description (convert_hf_to_gguf.py BertModel, gguf-py SpecialVocab and
// tensor_mapping.py), not with src/model's exporter.
#include "gguf_test_files.h"

#include <gtest/gtest.h>

#include <cstring>
#include <random>

#include <nlohmann/json.hpp>

#include "formats/safetensors.h"
#include "model/gguf_export.h"
#include "model_files.h"
#include "quant/fp16.h"
#include "quant/quantize.h"
#include "test_support.h"

namespace bertwasm::test {
namespace {

using nlohmann::json;

std::string as_string(const Bytes& b) { return std::string(b.begin(), b.end()); }

void copy_kv(GgufWriter& w, const GgufFile& f, const GgufKv& kv) {
  const std::string& k = kv.key;
  switch (kv.type) {
    case GgufType::u8: w.set_u8(k, *f.get_u8(k)); break;
    case GgufType::i8: w.set_i8(k, *f.get_i8(k)); break;
    case GgufType::u16: w.set_u16(k, *f.get_u16(k)); break;
    case GgufType::i16: w.set_i16(k, *f.get_i16(k)); break;
    case GgufType::u32: w.set_u32(k, *f.get_u32(k)); break;
    case GgufType::i32: w.set_i32(k, *f.get_i32(k)); break;
    case GgufType::f32: w.set_f32(k, *f.get_f32(k)); break;
    case GgufType::boolean: w.set_bool(k, *f.get_bool(k)); break;
    case GgufType::string: w.set_string(k, *f.get_string(k)); break;
    case GgufType::u64: w.set_u64(k, *f.get_u64(k)); break;
    case GgufType::i64: w.set_i64(k, *f.get_i64(k)); break;
    case GgufType::f64: w.set_f64(k, *f.get_f64(k)); break;
    case GgufType::array:
      if (kv.array_type == GgufType::string) w.set_string_array(k, *f.get_string_array(k));
      else EXPECT_TRUE(w.set_array(k, kv.array_type, kv.data, size_t(kv.count)).ok());
      break;
  }
}

// llama.cpp's tensor names (gguf-py tensor_mapping.py, MODEL_ARCH.BERT); "" for the tensors its
// BERT converter drops (pooler, pretraining heads, position_ids).
std::string llama_tensor_name(std::string hf) {
  if (hf.rfind("bert.", 0) == 0) hf = hf.substr(5);
  std::string base = hf.substr(0, hf.rfind('.')), kind = hf.substr(hf.rfind('.') + 1);
  if (kind == "gamma") kind = "weight";
  if (kind == "beta") kind = "bias";
  static const std::pair<const char*, const char*> global[] = {
      {"embeddings.word_embeddings", "token_embd"}, {"embeddings.position_embeddings", "position_embd"},
      {"embeddings.token_type_embeddings", "token_types"}, {"embeddings.LayerNorm", "token_embd_norm"},
      {"classifier", "cls.output"}};
  for (const auto& [from, to] : global)
    if (base == from) return std::string(to) + "." + kind;
  static const std::pair<const char*, const char*> block[] = {
      {"attention.self.query", "attn_q"}, {"attention.self.key", "attn_k"}, {"attention.self.value", "attn_v"},
      {"attention.output.dense", "attn_output"}, {"attention.output.LayerNorm", "attn_output_norm"},
      {"intermediate.dense", "ffn_up"}, {"output.dense", "ffn_down"}, {"output.LayerNorm", "layer_output_norm"}};
  const std::string prefix = "encoder.layer.";
  if (base.rfind(prefix, 0) != 0) return "";
  const size_t dot = base.find('.', prefix.size());
  const std::string layer = base.substr(prefix.size(), dot - prefix.size()), rest = base.substr(dot + 1);
  for (const auto& [from, to] : block)
    if (rest == from) return "blk." + layer + "." + to + "." + kind;
  return "";
}

std::vector<float> floats_of(const TensorView& t) {
  size_t n = 1;
  for (int64_t d : t.shape) n *= size_t(d);
  std::vector<float> v(n);
  if (t.dtype == "F32") {
    std::memcpy(v.data(), t.data, n * 4);
  } else {
    EXPECT_EQ(t.dtype, "F16") << t.name;
    for (size_t i = 0; i < n; ++i) {
      uint16_t h;
      std::memcpy(&h, t.data + 2 * i, 2);
      v[i] = f16_to_f32(h);
    }
  }
  return v;
}

// The values of a [rows, cols] tensor in ggml type `type`.
Bytes encode_rows(const std::vector<float>& v, int64_t cols, uint32_t type) {
  const int64_t rows = int64_t(v.size()) / cols;
  const size_t rb = row_bytes(DType(type), int(cols));
  Bytes out(rb * size_t(rows));
  for (int64_t r = 0; r < rows; ++r) {
    const float* x = v.data() + r * cols;
    uint8_t* y = out.data() + rb * size_t(r);
    if (type == kGgmlF32) std::memcpy(y, x, rb);
    else if (type == kGgmlF16) quantize_row_f16(x, reinterpret_cast<uint16_t*>(y), int(cols));
    else quantize_row_q8_0(x, reinterpret_cast<BlockQ8_0*>(y), int(cols));
  }
  return out;
}

constexpr char kPhantom[] = "\xe2\x96\x81";

void add_llama_vocab(GgufWriter& w, const std::vector<std::string>& pieces, const std::vector<int32_t>& types) {
  std::vector<std::string> tokens(pieces.size());
  for (size_t i = 0; i < pieces.size(); ++i) {  // convert_hf_to_gguf.py BertModel.set_vocab: phantom()
    const std::string& t = pieces[i];
    tokens[i] = types[i] == 3 ? t : t.rfind("##", 0) == 0 ? t.substr(2) : kPhantom + t;
  }
  w.set_string("tokenizer.ggml.model", "bert");
  w.set_string("tokenizer.ggml.pre", "jina-v2-en");
  w.set_string_array("tokenizer.ggml.tokens", tokens);
  w.set_i32_array("tokenizer.ggml.token_type", types);
}

}  // namespace

FileMap gguf_file_map(const Bytes& gguf) { return {{"model.gguf", as_string(gguf)}}; }

Bytes convert_shared_model(const std::string& name, DType dtype) {
  auto r = convert_to_gguf(read_model_files(name), dtype);
  EXPECT_TRUE(r.ok()) << name << " " << dtype_name(dtype) << ": " << r.status().to_string();
  return r.ok() ? std::move(r).value() : Bytes{};
}

std::vector<RefText> reference_texts(const std::string& name) {
  std::vector<RefText> out;
  for (const auto& item : read_json(shared_path("models/" + name + "/reference/tokens.json"))) {
    RefText t;
    t.id = item["id"];
    t.text = item["text"];
    t.has_pair = item.contains("text_pair") && !item["text_pair"].is_null();
    if (t.has_pair) t.pair = item["text_pair"];
    t.ids = item["input_ids"].get<std::vector<int32_t>>();
    out.push_back(std::move(t));
  }
  return out;
}

FileMap small_hf_model() {
  const std::vector<std::string> vocab = {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "hello", "world", "the",
                                          "a", "b", "##s", "##ing", ",", ".", "!", "cat"};
  std::string vocab_txt;
  for (const auto& t : vocab) vocab_txt += t + "\n";
  const int h = 32, inter = 64, positions = 16, v = int(vocab.size());
  std::mt19937 rng(77);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  std::map<std::string, F32Tensor> tensors;
  auto add = [&](const std::string& name, std::vector<int64_t> shape, float std, float mean = 0.0f) {
    F32Tensor t{shape, {}};
    t.values.resize(size_t(shape[0] * (shape.size() == 2 ? shape[1] : 1)));
    for (float& x : t.values) x = mean + std * normal(rng);
    tensors[name] = std::move(t);
  };
  add("embeddings.word_embeddings.weight", {v, h}, 0.05f);
  add("embeddings.position_embeddings.weight", {positions, h}, 0.05f);
  add("embeddings.token_type_embeddings.weight", {2, h}, 0.05f);
  add("embeddings.LayerNorm.weight", {h}, 0.05f, 1.0f);
  add("embeddings.LayerNorm.bias", {h}, 0.02f);
  const std::string p = "encoder.layer.0.";
  for (const char* m : {"attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense"}) {
    add(p + m + ".weight", {h, h}, 0.08f);
    add(p + m + ".bias", {h}, 0.02f);
  }
  add(p + "intermediate.dense.weight", {inter, h}, 0.08f);
  add(p + "intermediate.dense.bias", {inter}, 0.02f);
  add(p + "output.dense.weight", {h, inter}, 0.08f);
  add(p + "output.dense.bias", {h}, 0.02f);
  for (const char* n : {"attention.output.LayerNorm", "output.LayerNorm"}) {
    add(p + n + ".weight", {h}, 0.05f, 1.0f);
    add(p + n + ".bias", {h}, 0.02f);
  }
  add("pooler.dense.weight", {h, h}, 0.08f);
  add("pooler.dense.bias", {h}, 0.02f);
  json config = {{"architectures", {"BertModel"}}, {"model_type", "bert"}, {"hidden_size", h},
                 {"num_attention_heads", 2}, {"num_hidden_layers", 1}, {"intermediate_size", inter},
                 {"vocab_size", v}, {"max_position_embeddings", positions}, {"type_vocab_size", 2},
                 {"hidden_act", "gelu"}, {"layer_norm_eps", 1e-12}};
  return {{"config.json", config.dump()},
          {"vocab.txt", vocab_txt},
          {"tokenizer_config.json", json{{"do_lower_case", true}}.dump()},
          {"model.safetensors", write_safetensors(tensors)}};
}

Bytes rewrite_gguf(const Bytes& gguf, const GgufEdit& edit) {
  auto file = GgufFile::parse(gguf.data(), gguf.size(), "model.gguf");
  EXPECT_TRUE(file.ok()) << file.status().to_string();
  if (!file.ok()) return {};
  GgufWriter w;
  for (const GgufKv& kv : file->kvs())
    if (!edit.keep_kv || edit.keep_kv(kv)) copy_kv(w, *file, kv);
  if (edit.edit_kvs) edit.edit_kvs(w);
  for (const GgufTensor& t : file->tensors()) {
    GgufEdit::Tensor copy{t.type, t.dims, Bytes(t.data, t.data + t.byte_size)};
    if (edit.edit_tensor && !edit.edit_tensor(t.name, copy)) continue;
    const Status s = w.add_tensor(t.name, copy.type, copy.dims, std::move(copy.data));
    EXPECT_TRUE(s.ok()) << s.to_string();
  }
  auto out = w.write();
  EXPECT_TRUE(out.ok()) << out.status().to_string();
  return out.ok() ? std::move(out).value() : Bytes{};
}

Bytes llama_style_gguf(const std::string& name, DType dtype) {
  const std::string dir = shared_path("models/" + name + "/");
  const json config = read_json(dir + "config.json");
  const json tok = read_json(dir + "tokenizer.json");
  const json tok_config = read_json(dir + "tokenizer_config.json");

  GgufWriter w;
  w.set_string("general.architecture", "bert");
  w.set_string("general.name", name);
  w.set_u32("general.file_type", dtype == DType::f32 ? 0 : dtype == DType::f16 ? 1 : 7);
  w.set_u32("bert.context_length", config["max_position_embeddings"].get<uint32_t>());
  w.set_u32("bert.embedding_length", config["hidden_size"].get<uint32_t>());
  w.set_u32("bert.feed_forward_length", config["intermediate_size"].get<uint32_t>());
  w.set_u32("bert.attention.head_count", config["num_attention_heads"].get<uint32_t>());
  w.set_f32("bert.attention.layer_norm_epsilon", config["layer_norm_eps"].get<float>());
  w.set_u32("bert.block_count", config["num_hidden_layers"].get<uint32_t>());
  w.set_bool("bert.attention.causal", false);
  if (config["architectures"][0] == "BertForSequenceClassification") {
    std::vector<std::string> labels(config["id2label"].size());
    for (const auto& [id, label] : config["id2label"].items()) labels[std::stoul(id)] = label;
    w.set_string_array("bert.classifier.output_labels", labels);
  }
  w.set_u32("tokenizer.ggml.token_type_count", config["type_vocab_size"].get<uint32_t>());

  // Vocabulary: model.vocab by id; special added tokens are CONTROL, the rest NORMAL.
  std::vector<std::string> pieces(tok["model"]["vocab"].size());
  for (const auto& [piece, id] : tok["model"]["vocab"].items()) pieces[id.get<size_t>()] = piece;
  std::vector<int32_t> types(pieces.size(), 1);
  std::map<std::string, uint32_t> added;
  for (const auto& a : tok["added_tokens"]) {
    types[a["id"].get<size_t>()] = a["special"].get<bool>() ? 3 : 4;
    added[a["content"]] = a["id"].get<uint32_t>();
  }
  add_llama_vocab(w, pieces, types);
  // gguf-py SpecialVocab: ids of tokenizer_config's tokens; [CLS] doubles as BOS and [SEP] as EOS.
  for (const auto& [type, key] : std::vector<std::pair<std::string, std::string>>{
           {"cls", "bos"}, {"sep", "eos"}, {"unk", "unknown"}, {"sep", "seperator"}, {"pad", "padding"},
           {"cls", "cls"}, {"mask", "mask"}})
    w.set_u32("tokenizer.ggml." + key + "_token_id", added.at(tok_config[type + "_token"].get<std::string>()));
  w.set_bool("tokenizer.ggml.add_bos_token", true);
  w.set_bool("tokenizer.ggml.add_eos_token", true);

  const std::string weights = read_text(dir + "model.safetensors");
  auto st = SafetensorsFile::parse(reinterpret_cast<const uint8_t*>(weights.data()), weights.size(), "model.safetensors");
  EXPECT_TRUE(st.ok()) << st.status().to_string();
  if (!st.ok()) return {};
  for (const TensorView& t : st->tensors()) {
    const std::string gguf_name = llama_tensor_name(t.name);
    if (gguf_name.empty()) continue;
    const int64_t cols = t.shape.back();
    uint32_t type = kGgmlF32;
    if (t.shape.size() == 2 && dtype == DType::f16) type = kGgmlF16;
    if (t.shape.size() == 2 && dtype == DType::q8_0 && gguf_name != "token_types.weight" && cols % 32 == 0) type = kGgmlQ8_0;
    const std::vector<int64_t> dims(t.shape.rbegin(), t.shape.rend());
    const Status s = w.add_tensor(gguf_name, type, dims, encode_rows(floats_of(t), cols, type));
    EXPECT_TRUE(s.ok()) << s.to_string();
  }
  auto out = w.write();
  EXPECT_TRUE(out.ok()) << out.status().to_string();
  return out.ok() ? std::move(out).value() : Bytes{};
}

Bytes llama_vocab_gguf(const std::string& vocab_txt) {
  std::vector<std::string> pieces;
  size_t start = 0;
  while (start < vocab_txt.size()) {
    size_t end = vocab_txt.find('\n', start);
    if (end == std::string::npos) end = vocab_txt.size();
    std::string line = vocab_txt.substr(start, end - start);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    pieces.push_back(line);
    start = end + 1;
  }
  std::vector<int32_t> types(pieces.size(), 1);
  GgufWriter w;
  w.set_string("general.architecture", "bert");
  for (const char* special : {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"}) {
    const auto it = std::find(pieces.begin(), pieces.end(), special);
    if (it != pieces.end()) types[size_t(it - pieces.begin())] = 3;
  }
  add_llama_vocab(w, pieces, types);
  const std::pair<const char*, const char*> ids[] = {{"[UNK]", "unknown"}, {"[SEP]", "seperator"}, {"[PAD]", "padding"},
                                                     {"[CLS]", "cls"}, {"[MASK]", "mask"}};
  for (const auto& [special, key] : ids) {
    const auto it = std::find(pieces.begin(), pieces.end(), special);
    if (it != pieces.end()) w.set_u32(std::string("tokenizer.ggml.") + key + "_token_id", uint32_t(it - pieces.begin()));
  }
  auto out = w.write();
  EXPECT_TRUE(out.ok()) << out.status().to_string();
  return out.ok() ? std::move(out).value() : Bytes{};
}

}  // namespace bertwasm::test
