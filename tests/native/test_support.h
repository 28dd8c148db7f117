// Helpers shared by the native test suites: where ../shared lives, and fixture readers.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace bertwasm::test {

// The shared/ folder: $BERTWASM_SHARED if set, else the path CMake was given (default ../shared).
std::string shared_dir();
// shared_dir() + "/" + relative
std::string shared_path(const std::string& relative);
// Reads a whole file; fails the current test (and returns "") when it cannot.
std::string read_text(const std::string& path);
nlohmann::json read_json(const std::string& path);
// Every file of shared/models/<name> a model loader may read: file name -> bytes (a FileMap).
std::map<std::string, std::string> read_model_files(const std::string& model_name);
// Names of the model folders under shared/models (tiny, minilm-f16, ...), sorted.
std::vector<std::string> model_names();

}  // namespace bertwasm::test
