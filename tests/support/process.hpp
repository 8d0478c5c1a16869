#pragma once
// Runs the built leadplan executable the way a shell script would, for tests
// of exit codes, stdout and stderr. Never through a shell: arguments go as given.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace leadplan::test {

// What one run of the executable left behind.
struct RunResult {
  int exit_code = -1;  // -1: killed by a signal (never acceptable)
  std::string out;
  std::string err;
};

// Runs leadplan with `args` in the source tree (so relative paths such as
// "examples/seed.yaml" work), feeding `input` on stdin (closed stdin when nullopt),
// with `env` added to (or, for an empty value, removed from) the environment.
RunResult run_leadplan(const std::vector<std::string>& args,
                       const std::optional<std::string>& input = std::nullopt,
                       const std::map<std::string, std::string>& env = {});

// How a run started by Spawned is wired, for the tests of `-o` on descriptors and
// of signals.
struct SpawnOptions {
  std::optional<std::string> input;  // stdin: this text, or closed when nullopt
  int stdout_fd = -1;                // stdout: this descriptor of the test; -1: a fresh file
  bool close_stdout = false;         // stdout closed (`>&-`)
  std::vector<std::pair<int, int>> descriptors;  // (the test's descriptor, the child's number)
  std::vector<int> ignored_signals;  // ignored in the child, as under nohup or `trap '' INT`
  std::map<std::string, std::string>
      env;  // added to (an empty value: removed from) the environment
};

// A run of the executable in progress (in the source tree, as run_leadplan).
class Spawned {
 public:
  Spawned(const std::vector<std::string>& args, const SpawnOptions& options);
  Spawned(const Spawned&) = delete;
  Spawned& operator=(const Spawned&) = delete;
  ~Spawned();  // waits for it, if wait() was not called
  [[nodiscard]] int pid() const { return m_pid; }
  // Waits for the run to end; `out` is empty when stdout went elsewhere.
  RunResult wait();

 private:
  std::string m_folder;  // stdout and stderr files
  int m_pid = -1;
  bool m_waited = false;
};

// The path of a file under the source tree, e.g. source_path("examples/seed.yaml").
std::string source_path(const std::string& relative);

// The whole content of `path` (throws when unreadable).
std::string read_file(const std::string& path);

// The lines of `text`, without their line breaks.
std::vector<std::string> lines_of(const std::string& text);

// A fresh empty folder for one test, removed when the object goes.
class TempDir {
 public:
  TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir();
  [[nodiscard]] const std::string& path() const { return m_path; }
  // Writes `content` to `name` inside the folder; returns its path.
  std::string write(const std::string& name, const std::string& content) const;

 private:
  std::string m_path;
};

// A fixture for tests that run the executable with a scratch folder of their own.
class RunFixture {
 protected:
  // Runs leadplan with `args` and an empty stdin.
  RunResult run(const std::vector<std::string>& args) const {
    return run_leadplan(args, std::string());
  }
  [[nodiscard]] std::filesystem::path dir() const { return m_dir.path(); }
  static std::string seed() { return source_path("examples/seed.yaml"); }

 private:
  TempDir m_dir;
};

}  // namespace leadplan::test
