#pragma once
// Runs the leadplan executable in tests: arguments in, status, stdout and stderr out.

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace leadplan::test {

struct Run {
  int status = -1;
  std::string out;
  std::string err;
};

inline std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline std::string quoted(const std::string& word) {
  std::string out = "'";
  for (char c : word) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out.push_back(c);
    }
  }
  out.push_back('\'');
  return out;
}

// Runs leadplan with `args` in a scratch folder; captures stdout, stderr and the status.
class RunFixture {
 protected:
  RunFixture() {
    m_dir = std::filesystem::temp_directory_path() /
            ("leadplan-run-test-" + std::to_string(::getpid()) + "-" + std::to_string(++s_count));
    std::filesystem::create_directories(m_dir);
  }
  ~RunFixture() {
    std::error_code ignored;
    std::filesystem::remove_all(m_dir, ignored);
  }

  Run run(const std::vector<std::string>& args) {
    std::string command = quoted(LEADPLAN_EXECUTABLE);
    for (const std::string& arg : args) {
      command += ' ';
      command += quoted(arg);
    }
    const auto out = m_dir / "stdout";
    const auto err = m_dir / "stderr";
    command += " >";
    command += quoted(out.string());
    command += " 2>";
    command += quoted(err.string());
    command += " </dev/null";
    const int raw = std::system(command.c_str());
    Run r;
    r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    r.out = slurp(out);
    r.err = slurp(err);
    return r;
  }

  static std::string seed() { return std::string(LEADPLAN_SOURCE_DIR) + "/examples/seed.yaml"; }
  [[nodiscard]] std::filesystem::path dir() const { return m_dir; }

 private:
  std::filesystem::path m_dir;
  static inline int s_count = 0;
};

}  // namespace leadplan::test
