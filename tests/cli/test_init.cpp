// `leadplan init` (src/cli/init.cpp): starter scenarios that plan as they stand,
// written only where no file is (docs/editors.md).

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include <catch2/catch.hpp>

#include "leadplan/cli/init.hpp"
#include "leadplan/cli/output.hpp"
#include "leadplan/cli/schema.hpp"
#include "leadplan/model/diagnostic.hpp"
#include "process.hpp"

using leadplan::cli::Output;
using leadplan::test::read_file;
using leadplan::test::run_leadplan;
using leadplan::test::TempDir;

namespace fs = std::filesystem;

namespace {

std::size_t files_in(const std::string& folder) {
  std::size_t count = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(folder)) {
    ++count;
  }
  return count;
}

}  // namespace

TEST_CASE("every init template starts with the schema modeline and plans as it stands", "[init]") {
  const TempDir dir;
  REQUIRE(leadplan::cli::templates().size() >= 4);
  for (const leadplan::cli::Template& t : leadplan::cli::templates()) {
    INFO(t.name);
    const std::string path = dir.path() + "/" + std::string(t.name) + ".leadplan.yaml";
    const auto written = run_leadplan({"init", path, "--template", std::string(t.name)});
    REQUIRE(written.exit_code == 0);
    CHECK(written.err.empty());
    CHECK(written.out.find(path) != std::string::npos);  // says what it wrote
    const std::string text = read_file(path);
    CHECK(text.rfind(std::string("# yaml-language-server: $schema=") +
                         std::string(leadplan::cli::k_schema_url) + "\n",
                     0) == 0);
    CHECK(text.find("\n#") != std::string::npos);  // commented
    const auto calc = run_leadplan({"calc", path});
    CHECK(calc.exit_code == 0);
    CHECK(calc.err.empty());
    // `-` writes the same text to stdout, and nothing else.
    const auto out = run_leadplan({"init", "-", "--template", std::string(t.name)});
    CHECK(out.exit_code == 0);
    CHECK(out.out == text);
  }
  // The default is the seed's template.
  CHECK(run_leadplan({"init", "-"}).out == run_leadplan({"init", "-", "--template", "seed"}).out);
}

TEST_CASE("init refuses an existing file and leaves it as it was", "[init]") {
  const TempDir dir;
  const std::string path = dir.write("leadplan.yaml", "mine\n");
  ::chmod(path.c_str(), 0640);
  const auto r = run_leadplan({"init", path, "--template", "saas"});
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(r.err == path +
                     ":1:1: error: cannot write the scenario: File exists; leadplan never "
                     "replaces it: remove it, or name another file\n");
  CHECK(read_file(path) == "mine\n");
  struct stat info {};
  REQUIRE(::stat(path.c_str(), &info) == 0);
  CHECK((info.st_mode & 07777) == 0640);
  CHECK(files_in(dir.path()) == 1);  // no temporary file left

  // Nor through a symbolic link to a file.
  const std::string link = dir.path() + "/link.yaml";
  REQUIRE(::symlink(path.c_str(), link.c_str()) == 0);
  const auto through = run_leadplan({"init", link});
  CHECK(through.exit_code == 2);
  CHECK(through.err.find("File exists; it is a symbolic link to") != std::string::npos);
  CHECK(read_file(path) == "mine\n");
  CHECK(fs::is_symlink(link));

  // A folder, a missing folder and an unknown template are refused too.
  CHECK(run_leadplan({"init", dir.path()}).exit_code == 2);
  CHECK(run_leadplan({"init", dir.path() + "/no/such.yaml"}).exit_code == 2);
  const auto unknown = run_leadplan({"init", dir.path() + "/new.yaml", "--template", "nope"});
  CHECK(unknown.exit_code == 2);
  CHECK(!fs::exists(dir.path() + "/new.yaml"));
}

TEST_CASE("a file kept is never replaced, even when it appears while written", "[init]") {
  const TempDir dir;
  const std::string path = dir.path() + "/plan.yaml";
  {
    Output output(path, Output::Existing::keep, "the scenario");
    output.stream() << "new\n";
    dir.write("plan.yaml", "theirs\n");  // another program took the name meanwhile
    CHECK_THROWS_AS(output.commit(), leadplan::FatalError);
  }
  CHECK(read_file(path) == "theirs\n");
  CHECK(files_in(dir.path()) == 1);
  {
    Output output(dir.path() + "/fresh.yaml", Output::Existing::keep, "the scenario");
    output.stream() << "fresh\n";
    output.commit();
  }
  CHECK(read_file(dir.path() + "/fresh.yaml") == "fresh\n");
  CHECK(files_in(dir.path()) == 2);
}
