#include "util/status.h"

namespace bertwasm {

const char* error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::ok: return "OK";
    case ErrorCode::format: return "E_FORMAT";
    case ErrorCode::unsupported: return "E_UNSUPPORTED";
    case ErrorCode::input: return "E_INPUT";
    case ErrorCode::io: return "E_IO";
    case ErrorCode::state: return "E_STATE";
  }
  return "E_STATE";
}

std::string Status::to_string() const {
  if (ok()) return "OK";
  return std::string(error_code_name(code_)) + ": " + message_;
}

}  // namespace bertwasm
