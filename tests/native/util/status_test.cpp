#include "util/status.h"

#include <gtest/gtest.h>

#include "util/file.h"

namespace bertwasm {
namespace {

Result<int> parse_positive(int v) {
  if (v <= 0) return input_error("value " + std::to_string(v) + " is not positive");
  return v;
}

Result<int> doubled(int v) {
  BW_ASSIGN(int x, parse_positive(v));
  return 2 * x;
}

TEST(Status, CarriesCodeAndMessage) {
  Status s = format_error("model.safetensors: bad header");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), ErrorCode::format);
  EXPECT_EQ(s.to_string(), "E_FORMAT: model.safetensors: bad header");
  EXPECT_TRUE(Status().ok());
}

TEST(Result, PropagatesErrorsThroughAssign) {
  EXPECT_EQ(doubled(4).value(), 8);
  auto bad = doubled(-1);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), ErrorCode::input);
  EXPECT_EQ(bad.status().message(), "value -1 is not positive");
}

TEST(File, MissingFileIsAnIoError) {
  auto r = read_file_bytes("/nonexistent/bert-wasm/file.bin");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::io);
  EXPECT_NE(r.status().message().find("/nonexistent/bert-wasm/file.bin"), std::string::npos);
}

}  // namespace
}  // namespace bertwasm
