#include "convert.h"

namespace bertwasm::bindings {

val error_value(const Status& s) {
  val e = val::object();
  e.set("code", std::string(error_code_name(s.code())));
  e.set("message", s.message());
  val r = val::object();
  r.set("error", e);
  return r;
}

val string_array(const std::vector<std::string>& items) {
  val a = val::array();
  for (size_t i = 0; i < items.size(); ++i) a.set(i, items[i]);
  return a;
}

val encoding_value(const Encoding& e) {
  val r = val::object();
  r.set("ids", copy_array("Int32Array", e.ids.data(), e.ids.size()));
  r.set("typeIds", copy_array("Int32Array", e.type_ids.data(), e.type_ids.size()));
  r.set("tokens", string_array(e.tokens));
  std::vector<int32_t> offsets;
  offsets.reserve(e.offsets_utf16.size() * 2);
  for (const Span& s : e.offsets_utf16) {
    offsets.push_back(int32_t(s.start));
    offsets.push_back(int32_t(s.end));
  }
  r.set("offsets", copy_array("Int32Array", offsets.data(), offsets.size()));
  r.set("sequenceIds", copy_array("Int8Array", e.sequence_ids.data(), e.sequence_ids.size()));
  r.set("truncated", e.truncated);
  return r;
}

bool has(const val& o, const char* key) { return !o[key].isUndefined() && !o[key].isNull(); }

OptionalText::OptionalText(const val& v) : present_(!v.isNull() && !v.isUndefined()) {
  if (present_) text_ = v.as<std::string>();
}

const std::string_view* OptionalText::get() {
  view_ = text_;
  return present_ ? &view_ : nullptr;
}

}  // namespace bertwasm::bindings
