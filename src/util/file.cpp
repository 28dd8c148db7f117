#include "util/file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace bertwasm {
namespace {

template <class Container>
Result<Container> read_all(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return io_error(path + ": cannot open (" + std::strerror(errno) + ")");
  Container out;
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.insert(out.end(), buf, buf + n);
  bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) return io_error(path + ": read failed");
  return out;
}

}  // namespace

Result<std::vector<uint8_t>> read_file_bytes(const std::string& path) {
  return read_all<std::vector<uint8_t>>(path);
}

Result<std::string> read_file_text(const std::string& path) { return read_all<std::string>(path); }

Status write_file_bytes(const std::string& path, const void* data, size_t size) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return io_error(path + ": cannot create (" + std::strerror(errno) + ")");
  bool ok = std::fwrite(data, 1, size, f) == size;
  ok = (std::fclose(f) == 0) && ok;
  if (!ok) return io_error(path + ": write failed");
  return {};
}

}  // namespace bertwasm
