// Embind glue for the task pipelines (api/tasks.h): free functions over a WasmModel, options as
// plain numbers/strings (web/tasks.js validates and defaults them), results copied out as fresh
// JS values, errors as { error }. Positions are UTF-16 code units of the caller's text.
#include <emscripten/bind.h>

#include "api/tasks.h"
#include "wasm_model.h"

namespace bertwasm::bindings {
namespace {

val span_value(val v, const api::TextSpan& s) {
  v.set("start", s.utf16.start);
  v.set("end", s.utf16.end);
  return v;
}

val fill_mask(WasmModel& m, const std::string& text, int top_k) {
  auto r = api::fill_mask(m.model(), text, {top_k});
  if (!r.ok()) return error_value(r.status());
  val masks = val::array();
  for (size_t i = 0; i < r->size(); ++i) {
    val fills = val::array();
    for (size_t k = 0; k < (*r)[i].size(); ++k) {
      const api::MaskFill& f = (*r)[i][k];
      val v = val::object();
      v.set("token", f.token);
      v.set("tokenId", f.token_id);
      v.set("score", f.score);
      v.set("sequence", f.sequence);
      fills.set(k, v);
    }
    masks.set(i, fills);
  }
  return masks;
}

val next_sentence(WasmModel& m, const std::string& a, const std::string& b) {
  auto r = api::next_sentence(m.model(), a, b);
  if (!r.ok()) return error_value(r.status());
  val v = val::object();
  v.set("isNext", r->is_next);
  v.set("logits", copy_array("Float32Array", r->logits.data(), r->logits.size()));
  return v;
}

val classify(WasmModel& m, const std::string& text, const val& pair, int top_k) {
  OptionalText pair_text(pair);
  auto r = api::classify(m.model(), text, pair_text.get(), {top_k});
  if (!r.ok()) return error_value(r.status());
  val labels = val::array();
  for (size_t i = 0; i < r->labels.size(); ++i) {
    val v = val::object();
    v.set("label", r->labels[i].label);
    v.set("score", r->labels[i].score);
    labels.set(i, v);
  }
  val out = val::object();
  out.set("labels", labels);
  out.set("logits", copy_array("Float32Array", r->logits.data(), r->logits.size()));
  return out;
}

val token_classify(WasmModel& m, const std::string& text, const std::string& aggregation, const val& ignore_labels) {
  auto how = api::parse_aggregation(aggregation);
  if (!how.ok()) return error_value(how.status());
  api::TokenClassifyOptions o;
  o.aggregation = *how;
  o.ignore_labels.clear();
  const unsigned n = ignore_labels["length"].as<unsigned>();
  for (unsigned i = 0; i < n; ++i) o.ignore_labels.push_back(ignore_labels[i].as<std::string>());
  auto r = api::token_classify(m.model(), text, o);
  if (!r.ok()) return error_value(r.status());
  val entities = val::array();
  for (size_t i = 0; i < r->size(); ++i) {
    const api::Entity& e = (*r)[i];
    val v = val::object();
    v.set("label", e.label);
    v.set("score", e.score);
    v.set("index", e.index);
    v.set("word", e.word);
    entities.set(i, span_value(v, e.span));
  }
  return entities;
}

val answer(WasmModel& m, const std::string& question, const std::string& context, int top_k,
           int max_answer_length, int max_length, int stride) {
  auto r = api::answer(m.model(), question, context, {top_k, max_answer_length, max_length, stride});
  if (!r.ok()) return error_value(r.status());
  val answers = val::array();
  for (size_t i = 0; i < r->size(); ++i) {
    val v = val::object();
    v.set("answer", (*r)[i].answer);
    v.set("score", (*r)[i].score);
    answers.set(i, span_value(v, (*r)[i].span));
  }
  return answers;
}

}  // namespace
}  // namespace bertwasm::bindings

EMSCRIPTEN_BINDINGS(bert_wasm_tasks) {
  using namespace bertwasm::bindings;
  emscripten::function("fillMask", &fill_mask);
  emscripten::function("nextSentence", &next_sentence);
  emscripten::function("classify", &classify);
  emscripten::function("tokenClassify", &token_classify);
  emscripten::function("answer", &answer);
}
