// .npy reader: the shared float64 references (cross-checked against the JSON references computed
// from the same arrays) and small files built here in every supported dtype, valid and broken.
#include "formats/npy.h"

#include <cmath>
#include <cstdio>
#include <cstring>

#include <gtest/gtest.h>

#include "test_support.h"
#include "util/file.h"

namespace bertwasm {
namespace {

// Mean pooling + L2 in float64 reorders sums relative to the reference: a few ulps of 1.
constexpr double kMaxPooledError = 1e-12;

Result<NpyArray> read_npy(const std::string& relative) {
  auto bytes = read_file_bytes(test::shared_path(relative));
  if (!bytes.ok()) return bytes.status();
  return parse_npy(bytes->data(), bytes->size(), relative);
}

// A .npy file: magic, version, header length (u16 for v1, u32 for v2), header, data.
std::vector<uint8_t> make_npy(const std::string& dict, const void* data, size_t size,
                              int major = 1) {
  std::string header = dict;
  const size_t prefix = major == 1 ? 10 : 12;
  while ((prefix + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  std::vector<uint8_t> out = {0x93, 'N', 'U', 'M', 'P', 'Y', uint8_t(major), 0};
  for (size_t i = 0; i < prefix - 8; ++i) out.push_back(uint8_t(header.size() >> (8 * i)));
  out.insert(out.end(), header.begin(), header.end());
  out.resize(out.size() + size);
  if (size) std::memcpy(out.data() + out.size() - size, data, size);
  return out;
}

Result<NpyArray> parse(const std::vector<uint8_t>& bytes) {
  return parse_npy(bytes.data(), bytes.size(), "t.npy");
}

void expect_error(const Status& s, ErrorCode code, std::vector<const char*> parts) {
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), code) << s.to_string();
  for (const char* p : parts) EXPECT_NE(s.message().find(p), std::string::npos) << s.to_string();
}

TEST(Npy, LastHiddenStatesMatchTheJsonReferences) {
  for (const std::string& model : {std::string("tiny"), std::string("minilm-f16")}) {
    SCOPED_TRACE(model);
    const std::string ref = "models/" + model + "/reference/";
    auto tokens = test::read_json(test::shared_path(ref + "tokens.json"));
    auto emb = test::read_json(test::shared_path(ref + "embeddings.json"));
    const auto& ids = emb["ids"];
    ASSERT_EQ(ids.size(), tokens.size());
    for (size_t i = 0; i < ids.size(); ++i) {
      char prefix[32];
      std::snprintf(prefix, sizeof prefix, "%03zu_", i);
      const std::string id = ids[i].get<std::string>();
      SCOPED_TRACE(id);
      auto lhs = read_npy(ref + "lhs/" + prefix + id + ".npy");
      ASSERT_TRUE(lhs.ok()) << lhs.status().to_string();
      const size_t seq = tokens[i]["input_ids"].size();
      const auto& cls = emb["cls"][i];
      const auto& pooled = emb["mean_normalized"][i];
      const size_t hidden = cls.size();
      EXPECT_EQ(lhs->descr, "<f8");
      ASSERT_EQ(lhs->shape, (std::vector<int64_t>{int64_t(seq), int64_t(hidden)}));
      ASSERT_EQ(lhs->values.size(), seq * hidden);

      std::vector<double> mean(hidden, 0.0);
      for (size_t t = 0; t < seq; ++t) {
        for (size_t h = 0; h < hidden; ++h) mean[h] += lhs->values[t * hidden + h];
      }
      double norm = 0;
      for (double& m : mean) norm += (m / seq) * (m / seq);
      norm = std::sqrt(norm);
      for (size_t h = 0; h < hidden; ++h) {
        EXPECT_EQ(lhs->values[h], cls[h].get<double>()) << h;  // cls = row 0, exactly
        EXPECT_NEAR(mean[h] / seq / norm, pooled[h].get<double>(), kMaxPooledError) << h;
      }
    }
  }
}

TEST(Npy, MlmLogitsMatchTheTop5InHeadsJson) {
  const std::string ref = "models/tiny-pretraining/reference/";
  auto heads = test::read_json(test::shared_path(ref + "heads.json"));
  int files = 0;
  for (const auto& item : heads["items"]) {
    if (!item.contains("mlm_file")) continue;
    SCOPED_TRACE(item["id"].get<std::string>());
    auto mlm = read_npy(ref + item["mlm_file"].get<std::string>());
    ASSERT_TRUE(mlm.ok()) << mlm.status().to_string();
    const auto& rows = item["mlm"];
    const int64_t vocab = 30522;
    ASSERT_EQ(mlm->shape, (std::vector<int64_t>{int64_t(rows.size()), vocab}));
    for (size_t r = 0; r < rows.size(); ++r) {
      const double* row = mlm->values.data() + r * vocab;
      for (size_t k = 0; k < 5; ++k) {
        const int64_t id = rows[r]["top5_ids"][k].get<int64_t>();
        EXPECT_EQ(row[id], rows[r]["top5_logits"][k].get<double>());
      }
      const double top = rows[r]["top5_logits"][0].get<double>();
      for (int64_t v = 0; v < vocab; ++v) EXPECT_LE(row[v], top);
    }
    ++files;
  }
  EXPECT_EQ(files, 6);
}

TEST(Npy, ReadsEverySupportedDtype) {
  const double f8[3] = {1.25, -3.5, 1e300};
  auto a = parse(make_npy("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", f8, 24));
  ASSERT_TRUE(a.ok()) << a.status().to_string();
  EXPECT_EQ(a->shape, std::vector<int64_t>{3});
  EXPECT_EQ(a->values, (std::vector<double>{1.25, -3.5, 1e300}));

  const float f4[4] = {0.5f, -1.0f, 2.0f, 0.1f};
  a = parse(make_npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }", f4, 16, 2));
  ASSERT_TRUE(a.ok()) << a.status().to_string();
  EXPECT_EQ(a->shape, (std::vector<int64_t>{2, 2}));
  EXPECT_EQ(a->values, (std::vector<double>{0.5, -1.0, 2.0, double(0.1f)}));

  const uint16_t f2[4] = {0x3c00, 0xc000, 0x0001, 0x7bff};  // 1, -2, 2^-24, 65504
  a = parse(make_npy("{'descr': '<f2', 'fortran_order': False, 'shape': (4,), }", f2, 8));
  ASSERT_TRUE(a.ok()) << a.status().to_string();
  EXPECT_EQ(a->values, (std::vector<double>{1.0, -2.0, std::ldexp(1.0, -24), 65504.0}));

  const int32_t i4[2] = {-7, 2147483647};
  a = parse(make_npy("{\"descr\": \"<i4\", \"fortran_order\": False, \"shape\": (1,2)}", i4, 8));
  ASSERT_TRUE(a.ok()) << a.status().to_string();
  EXPECT_EQ(a->values, (std::vector<double>{-7.0, 2147483647.0}));

  const int64_t i8 = -(int64_t(1) << 40);
  a = parse(make_npy("{'descr': '<i8', 'fortran_order': False, 'shape': (), }", &i8, 8));
  ASSERT_TRUE(a.ok()) << a.status().to_string();
  EXPECT_TRUE(a->shape.empty());
  EXPECT_EQ(a->values, std::vector<double>{-1099511627776.0});

  a = parse(make_npy("{'descr': '<f8', 'fortran_order': False, 'shape': (0, 5), }", nullptr, 0));
  ASSERT_TRUE(a.ok()) << a.status().to_string();
  EXPECT_TRUE(a->values.empty());
}

TEST(Npy, RejectsBrokenFiles) {
  const double d[2] = {1, 2};
  auto good = make_npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", d, 16);
  ASSERT_TRUE(parse(good).ok());

  auto bad_magic = good;
  bad_magic[1] = 'M';
  expect_error(parse(bad_magic).status(), ErrorCode::format, {"t.npy", "magic"});
  auto bad_version = good;
  bad_version[6] = 9;
  expect_error(parse(bad_version).status(), ErrorCode::unsupported, {"t.npy", "version 9"});
  auto long_header = good;
  long_header[8] = 0xff;
  long_header[9] = 0xff;
  expect_error(parse(long_header).status(), ErrorCode::format, {"header length 65535"});
  auto truncated = good;
  truncated.pop_back();
  expect_error(parse(truncated).status(), ErrorCode::format, {"16", "15"});
  for (size_t n = 0; n < good.size(); ++n) {
    std::vector<uint8_t> cut(good.begin(), good.begin() + n);
    EXPECT_FALSE(parse(cut).ok()) << n;
  }

  struct Case {
    const char* dict;
    ErrorCode code;
    const char* says;
  };
  const Case cases[] = {
      {"{'descr': '>f8', 'fortran_order': False, 'shape': (2,), }", ErrorCode::unsupported, ">f8"},
      {"{'descr': '<u2', 'fortran_order': False, 'shape': (2,), }", ErrorCode::unsupported, "<u2"},
      {"{'descr': '<f8', 'fortran_order': True, 'shape': (2,), }", ErrorCode::unsupported,
       "Fortran"},
      {"{'descr': '<f8', 'shape': (2,), }", ErrorCode::format, "fortran_order"},
      {"{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", ErrorCode::format, "24"},
      {"{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999, 99999999999999), }",
       ErrorCode::format, "overflowing"},
      {"{'descr': '<f8', 'fortran_order': False, 'shape': (-2,), }", ErrorCode::format,
       "dimension"},
      {"{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'x': 1}", ErrorCode::format,
       "'x'"},
      {"{'descr': '<f8', 'fortran_order': Nope, 'shape': (2,), }", ErrorCode::format, "True"},
      {"{'descr': '<f8, 'fortran_order': False, 'shape': (2,), }", ErrorCode::format, "header"},
      {"('descr', '<f8')", ErrorCode::format, "'{'"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.dict);
    expect_error(parse(make_npy(c.dict, d, 16)).status(), c.code, {"t.npy", c.says});
  }
}

}  // namespace
}  // namespace bertwasm
