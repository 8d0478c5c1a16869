#include "process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace leadplan::test {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    lines.push_back(line);
  }
  return lines;
}

std::string source_path(const std::string& relative) {
  return std::string(LEADPLAN_SOURCE_DIR) + "/" + relative;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw std::runtime_error("cannot read " + path);
  }
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "leadplan-test-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error("mkdtemp failed");
  }
  m_path = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(m_path, ignored);
}

std::string TempDir::write(const std::string& name, const std::string& content) const {
  const std::string path = m_path + "/" + name;
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

namespace {

// The parent's environment, minus colour and CI variables, plus `env`.
std::vector<std::string> environment(const std::map<std::string, std::string>& env) {
  std::map<std::string, std::string> variables;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry(*e);
    const std::size_t eq = entry.find('=');
    if (eq != std::string::npos) {
      variables[entry.substr(0, eq)] = entry.substr(eq + 1);
    }
  }
  variables.erase("GITHUB_ACTIONS");
  variables.erase("NO_COLOR");
  for (const auto& [name, value] : env) {
    if (value.empty()) {
      variables.erase(name);
    } else {
      variables[name] = value;
    }
  }
  std::vector<std::string> entries;
  for (const auto& [name, value] : variables) {
    entries.push_back(name + "=" + value);
  }
  return entries;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (std::string& s : strings) {
    out.push_back(s.data());
  }
  out.push_back(nullptr);
  return out;
}

}  // namespace

Spawned::Spawned(const std::vector<std::string>& args, const SpawnOptions& options) {
  std::string pattern = (std::filesystem::temp_directory_path() / "leadplan-run-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error("mkdtemp failed");
  }
  m_folder = pattern;
  const std::string in_path = m_folder + "/stdin";
  std::ofstream(in_path, std::ios::binary) << options.input.value_or("");
  std::vector<std::string> argv_storage = {LEADPLAN_EXECUTABLE};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv = pointers(argv_storage);
  std::vector<std::string> env_storage = environment(options.env);
  std::vector<char*> envp = pointers(env_storage);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  // Relative paths in arguments (and in golden output) are relative to the source tree.
  posix_spawn_file_actions_addchdir_np(&actions, LEADPLAN_SOURCE_DIR);
  if (options.input) {
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, in_path.c_str(), O_RDONLY, 0);
  } else {
    posix_spawn_file_actions_addclose(&actions, STDIN_FILENO);
  }
  if (options.close_stdout) {
    posix_spawn_file_actions_addclose(&actions, STDOUT_FILENO);
  } else if (options.stdout_fd >= 0) {
    posix_spawn_file_actions_adddup2(&actions, options.stdout_fd, STDOUT_FILENO);
  } else {
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, (m_folder + "/stdout").c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
  }
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, (m_folder + "/stderr").c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  for (const auto& [from, to] : options.descriptors) {
    posix_spawn_file_actions_adddup2(&actions, from, to);
  }
  // Ignored dispositions pass through exec: set them here for the child, then back.
  std::vector<struct sigaction> previous(options.ignored_signals.size());
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  for (std::size_t i = 0; i < options.ignored_signals.size(); ++i) {
    ::sigaction(options.ignored_signals[i], &ignore, &previous[i]);
  }
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
  for (std::size_t i = 0; i < options.ignored_signals.size(); ++i) {
    ::sigaction(options.ignored_signals[i], &previous[i], nullptr);
  }
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    throw std::runtime_error(std::string("cannot run leadplan: ") + std::strerror(spawned));
  }
  m_pid = pid;
}

Spawned::~Spawned() {
  if (!m_waited) {
    int status = 0;
    ::waitpid(m_pid, &status, 0);
  }
  std::error_code ignored;
  std::filesystem::remove_all(m_folder, ignored);
}

RunResult Spawned::wait() {
  int status = 0;
  ::waitpid(m_pid, &status, 0);
  m_waited = true;
  RunResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (std::filesystem::exists(m_folder + "/stdout")) {
    result.out = read_file(m_folder + "/stdout");
  }
  result.err = read_file(m_folder + "/stderr");
  return result;
}

RunResult run_leadplan(const std::vector<std::string>& args,
                       const std::optional<std::string>& input,
                       const std::map<std::string, std::string>& env) {
  SpawnOptions options;
  options.input = input;
  options.env = env;
  Spawned run(args, options);
  return run.wait();
}

}  // namespace leadplan::test
