// Errors as values: the C++ core never aborts on bad input. A function that can fail returns
// Status (no value) or Result<T>; the error carries a code that maps 1:1 onto the JavaScript
// BertWasmError codes (E_FORMAT, E_UNSUPPORTED, E_INPUT, E_IO, E_STATE) and a message that names
// the file, tensor, key or byte offset at fault.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace bertwasm {

enum class ErrorCode { ok, format, unsupported, input, io, state };

// "E_FORMAT", "E_UNSUPPORTED", ... ("OK" for ErrorCode::ok).
const char* error_code_name(ErrorCode code);

class Status {
 public:
  Status() = default;
  Status(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}

  bool ok() const { return code_ == ErrorCode::ok; }
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "E_FORMAT: model.safetensors: header length 99999999 exceeds file size 1024"
  std::string to_string() const;

 private:
  ErrorCode code_ = ErrorCode::ok;
  std::string message_;
};

inline Status format_error(std::string m) { return {ErrorCode::format, std::move(m)}; }
inline Status unsupported_error(std::string m) { return {ErrorCode::unsupported, std::move(m)}; }
inline Status input_error(std::string m) { return {ErrorCode::input, std::move(m)}; }
inline Status io_error(std::string m) { return {ErrorCode::io, std::move(m)}; }
inline Status state_error(std::string m) { return {ErrorCode::state, std::move(m)}; }

// A value or an error Status (never an ok Status).
template <class T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Status error) : v_(std::move(error)) {}

  bool ok() const { return v_.index() == 0; }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<1>(v_);
  }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace bertwasm

// Propagate an error: BW_TRY(status_expr); BW_ASSIGN(auto x, result_expr);
#define BW_TRY(expr)                        \
  do {                                      \
    ::bertwasm::Status bw_status_ = (expr); \
    if (!bw_status_.ok()) return bw_status_; \
  } while (0)

#define BW_CONCAT_INNER(a, b) a##b
#define BW_CONCAT(a, b) BW_CONCAT_INNER(a, b)
#define BW_ASSIGN_IMPL(tmp, decl, expr) \
  auto tmp = (expr);                    \
  if (!tmp.ok()) return tmp.status();   \
  decl = std::move(tmp).value()
#define BW_ASSIGN(decl, expr) BW_ASSIGN_IMPL(BW_CONCAT(bw_result_, __LINE__), decl, expr)
