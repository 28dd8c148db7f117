// Synthetic clustered embeddings and brute-force float64 search (see synthetic_data.h).
#include "synthetic_data.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace bertwasm::test {

uint64_t Rng::next() {
  uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

double Rng::uniform() { return double(next() >> 11) * 0x1.0p-53; }

double Rng::normal() {
  const double u1 = 1.0 - uniform();  // (0, 1]
  const double u2 = uniform();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
}

namespace {

void normalize(std::vector<double>& x) {
  double sum = 0.0;
  for (double v : x) sum += v * v;
  const double norm = std::sqrt(sum);
  for (double& v : x) v /= norm;
}

}  // namespace

std::vector<float> clustered_vectors(size_t count, int dim, int n_clusters, double spread, uint64_t seed) {
  Rng rng(seed);
  std::vector<std::vector<double>> centers(static_cast<size_t>(n_clusters), std::vector<double>(static_cast<size_t>(dim)));
  for (auto& c : centers) {
    for (double& v : c) v = rng.normal();
    normalize(c);
  }
  const double noise = spread / std::sqrt(double(dim));
  std::vector<float> out(count * size_t(dim));
  std::vector<double> x(static_cast<size_t>(dim));
  for (size_t r = 0; r < count; ++r) {
    const auto& c = centers[size_t(rng.next() % uint64_t(n_clusters))];
    const double level = noise * (0.5 + rng.uniform());
    for (size_t i = 0; i < x.size(); ++i) x[i] = c[i] + level * rng.normal();
    normalize(x);
    for (size_t i = 0; i < x.size(); ++i) out[r * size_t(dim) + i] = float(x[i]);
  }
  return out;
}

std::vector<float> gaussian_vectors(size_t count, int dim, uint64_t seed) {
  Rng rng(seed);
  std::vector<float> out(count * size_t(dim));
  for (float& v : out) v = float(rng.normal());
  return out;
}

std::vector<ExactHit> exact_top_k(const std::vector<float>& data, int dim, const float* query, size_t k) {
  const size_t d = size_t(dim), rows = data.size() / d;
  double qq = 0.0;
  for (size_t i = 0; i < d; ++i) qq += double(query[i]) * query[i];
  std::vector<ExactHit> all(rows);
  for (size_t r = 0; r < rows; ++r) {
    double dot = 0.0, xx = 0.0;
    for (size_t i = 0; i < d; ++i) {
      dot += double(query[i]) * data[r * d + i];
      xx += double(data[r * d + i]) * data[r * d + i];
    }
    all[r] = {uint32_t(r), dot / std::sqrt(qq * xx)};
  }
  const size_t n = std::min(k, rows);
  std::partial_sort(all.begin(), all.begin() + long(n), all.end(), [](const ExactHit& a, const ExactHit& b) {
    return a.score > b.score || (a.score == b.score && a.row < b.row);
  });
  all.resize(n);
  return all;
}

std::string row_id(size_t r) { return std::to_string(r); }

double recall(const std::vector<SearchHit>& hits, const std::vector<ExactHit>& exact) {
  std::set<std::string> wanted;
  for (const ExactHit& e : exact) wanted.insert(row_id(e.row));
  size_t found = 0;
  for (const SearchHit& h : hits) found += wanted.count(h.id);
  return double(found) / double(exact.size());
}

}  // namespace bertwasm::test
