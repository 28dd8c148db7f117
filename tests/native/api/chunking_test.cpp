// Long documents: embed_chunks covers every token in overlapping windows, each window is the
// same computation as embedding its own truncated text, and spans point into the original text.
#include <gtest/gtest.h>

#include "api/model.h"
#include "test_support.h"

namespace bertwasm::test {
namespace {

api::Model& tiny() {
  static std::unique_ptr<api::Model> model = [] {
    auto r = api::Model::load(read_model_files("tiny"), LoadOptions{DType::f32, 1});
    EXPECT_TRUE(r.ok()) << r.status().to_string();
    return std::move(r).value();
  }();
  return *model;
}

std::string long_text() {
  std::string text;
  for (int i = 0; i < 40; ++i) text += "Sentence number " + std::to_string(i) + " talks about café culture in Zürich. ";
  return text;
}

TEST(Chunking, WindowsCoverEveryTokenWithTheRequestedOverlap) {
  api::Model& m = tiny();
  const std::string text = long_text();
  api::TokenizeOptions whole;
  whole.truncation = false;
  auto enc = m.tokenize(text, nullptr, whole);
  ASSERT_TRUE(enc.ok());
  const int content = int(enc->size()) - 2;
  auto r = m.embed_chunks({text}, {64, 16}, {});
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  const int window = 62, step = 46;
  const int expected = 1 + (content - window + step - 1) / step;
  ASSERT_EQ(int(r->chunks.size()), expected);
  EXPECT_EQ(r->data.size(), r->chunks.size() * 128);
  for (size_t i = 0; i < r->chunks.size(); ++i) {
    const api::Chunk& c = r->chunks[i];
    EXPECT_EQ(c.text, 0);
    const int first = 1 + int(i) * step, last = std::min(first + window, content + 1) - 1;
    EXPECT_EQ(c.utf8.start, enc->offsets_utf8[first].start);
    EXPECT_EQ(c.utf8.end, enc->offsets_utf8[last].end);
  }
  EXPECT_EQ(r->chunks.back().utf8.end, enc->offsets_utf8[content].end);
}

TEST(Chunking, FirstWindowIsTheTruncatedTextAndShortTextsAreOneChunk) {
  api::Model& m = tiny();
  const std::string text = long_text();
  auto chunks = m.embed_chunks({"A short text.", text}, {64, 8}, {});
  ASSERT_TRUE(chunks.ok());
  api::EmbedOptions truncated;
  truncated.max_length = 64;
  auto plain = m.embed({"A short text.", text}, truncated);
  ASSERT_TRUE(plain.ok());
  // Chunk 0 is the whole short text, chunk 1 the first window of the long one: bitwise equal.
  EXPECT_EQ(chunks->chunks[0].text, 0);
  EXPECT_EQ(chunks->chunks[1].text, 1);
  EXPECT_EQ(chunks->chunks[0].utf8.start, 0u);
  EXPECT_EQ(chunks->chunks[0].utf8.end, 13u);
  EXPECT_TRUE(std::equal(plain->data.begin(), plain->data.end(), chunks->data.begin()));
}

TEST(Chunking, EmptyTextIsOneChunkWithAnEmptySpan) {
  auto r = tiny().embed_chunks({""}, {32, 0}, {});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->chunks.size(), 1u);
  EXPECT_EQ(r->chunks[0].utf16.start, 0u);
  EXPECT_EQ(r->chunks[0].utf16.end, 0u);
}

TEST(Chunking, BadWindowsAreInputErrors) {
  api::Model& m = tiny();
  EXPECT_EQ(m.embed_chunks({"x"}, {2, 0}, {}).status().code(), ErrorCode::input);
  EXPECT_EQ(m.embed_chunks({"x"}, {513, 0}, {}).status().code(), ErrorCode::input);
  EXPECT_EQ(m.embed_chunks({"x"}, {10, 8}, {}).status().code(), ErrorCode::input);
  EXPECT_EQ(m.embed_chunks({"x"}, {10, -1}, {}).status().code(), ErrorCode::input);
  EXPECT_TRUE(m.embed_chunks({"x"}, {10, 7}, {}).ok());
}

}  // namespace
}  // namespace bertwasm::test
