// Deterministic synthetic embeddings for the index tests and benchmark: clustered unit vectors
// (like sentence embeddings of texts on shared topics) and a brute-force float64 search to
// judge the index against. Own RNG, so native and WebAssembly see the same numbers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "index/vector_index.h"

namespace bertwasm::test {

// splitmix64 with Box–Muller normals.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t next();
  double uniform();  // [0, 1)
  double normal();   // N(0, 1)

 private:
  uint64_t state_;
};

// count vectors of dim floats, row-major, each x = c + s · g / √dim around one of n_clusters
// unit centers c (g standard normal), then L2-normalized. Each vector draws its own noise level
// s uniformly in [0.5, 1.5] · spread, so some members are more typical of their topic than
// others and neighbours' similarities spread out as in real embeddings. With spread 1 a vector
// sits at cosine ≈ 0.7 to its center and ≈ 0.5 to its cluster's other members.
std::vector<float> clustered_vectors(size_t count, int dim, int n_clusters, double spread, uint64_t seed);
// count × dim independent N(0, 1) values (not normalized).
std::vector<float> gaussian_vectors(size_t count, int dim, uint64_t seed);

struct ExactHit {
  uint32_t row;
  double score;  // cosine in float64
};

// The k rows of data [rows, dim] with the highest float64 cosine to query, best first, equal
// scores by lower row.
std::vector<ExactHit> exact_top_k(const std::vector<float>& data, int dim, const float* query, size_t k);

// "0", "1", ...: the ids the tests give row r.
std::string row_id(size_t r);

// |hits ∩ exact| / |exact|, hits' ids being row_id(row).
double recall(const std::vector<SearchHit>& hits, const std::vector<ExactHit>& exact);

}  // namespace bertwasm::test
