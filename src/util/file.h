// Whole-file reads for native tools and tests (under WebAssembly the bytes come from JavaScript).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "util/status.h"

namespace bertwasm {

// Reads the file at `path`; E_IO naming the path when it cannot be opened or read.
Result<std::vector<uint8_t>> read_file_bytes(const std::string& path);
Result<std::string> read_file_text(const std::string& path);
Status write_file_bytes(const std::string& path, const void* data, size_t size);

}  // namespace bertwasm
