// Golden tests: every scenario in examples/ through the built `leadplan`
// executable, in every format, compared byte for byte with tests/golden/.
// After an intended change of output, regenerate with scripts/update-golden.sh
// and review the diff: the golden files are what users see.

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "process.hpp"

namespace fs = std::filesystem;

namespace {

using leadplan::test::read_file;

// Runs the built leadplan with `arguments`, colour off, the C locale and an empty stdin.
leadplan::test::RunResult run_leadplan(const std::vector<std::string>& arguments) {
  return leadplan::test::run_leadplan(arguments, std::string(),
                                      {{"NO_COLOR", "1"}, {"LC_ALL", "C"}});
}

// Every scenario in examples/, sorted by name.
std::vector<fs::path> examples() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(fs::path(LEADPLAN_SOURCE_DIR) / "examples")) {
    if (entry.is_regular_file() && entry.path().extension() == ".yaml") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// One output format and the extension of its golden files.
struct Format {
  const char* name;
  const char* extension;
};

constexpr Format k_formats[] = {
    {"table", ".txt"}, {"json", ".json"}, {"csv", ".csv"}, {"markdown", ".md"}};

// Runs `example` in `format` and compares with its golden file.
void check_golden(const fs::path& example, const Format& format) {
  const fs::path golden = fs::path(LEADPLAN_SOURCE_DIR) / "tests" / "golden" /
                          (example.stem().string() + format.extension);
  INFO("example: " << example.filename().string() << ", --format " << format.name);
  if (!fs::exists(golden)) {
    FAIL("missing golden file "
         << golden.string() << "; create it with scripts/update-golden.sh BUILD_DIR and review it");
  }
  const leadplan::test::RunResult run =
      run_leadplan({"calc", example.string(), "--format", format.name});
  CHECK(run.exit_code == 0);
  CHECK(run.err.empty());
  INFO("golden file: " << golden.string()
                       << " (if the change is intended: scripts/update-golden.sh BUILD_DIR)");
  CHECK(run.out == read_file(golden));
}

}  // namespace

TEST_CASE("examples/ holds the scenarios the golden tests cover", "[golden]") {
  std::vector<std::string> names;
  for (const fs::path& example : examples()) {
    names.push_back(example.filename().string());
  }
  CHECK(std::find(names.begin(), names.end(), "seed.yaml") != names.end());
  CHECK(std::find(names.begin(), names.end(), "saas.yaml") != names.end());
  CHECK(std::find(names.begin(), names.end(), "no_budget.yaml") != names.end());
}

TEST_CASE("every golden file belongs to an example", "[golden]") {
  // A renamed or deleted example must not leave a stale golden file behind.
  std::vector<std::string> stems;
  for (const fs::path& example : examples()) {
    stems.push_back(example.stem().string());
  }
  for (const auto& entry :
       fs::directory_iterator(fs::path(LEADPLAN_SOURCE_DIR) / "tests" / "golden")) {
    if (!entry.is_regular_file()) {
      continue;  // tests/golden/diff/ holds the goldens of `leadplan diff`
    }
    INFO("golden file: " << entry.path().filename().string());
    CHECK(std::find(stems.begin(), stems.end(), entry.path().stem().string()) != stems.end());
  }
}

TEST_CASE("every example prints its golden table", "[golden]") {
  for (const fs::path& example : examples()) {
    DYNAMIC_SECTION(example.filename().string()) {
      check_golden(example, k_formats[0]);
    }
  }
}

TEST_CASE("every example prints its golden JSON", "[golden]") {
  for (const fs::path& example : examples()) {
    DYNAMIC_SECTION(example.filename().string()) {
      check_golden(example, k_formats[1]);
    }
  }
}

TEST_CASE("every example prints its golden CSV", "[golden]") {
  for (const fs::path& example : examples()) {
    DYNAMIC_SECTION(example.filename().string()) {
      check_golden(example, k_formats[2]);
    }
  }
}

TEST_CASE("every example prints its golden Markdown", "[golden]") {
  for (const fs::path& example : examples()) {
    DYNAMIC_SECTION(example.filename().string()) {
      check_golden(example, k_formats[3]);
    }
  }
}
