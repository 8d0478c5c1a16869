// `-o` (src/cli/output.cpp): what is replaced, what is written in place, what is
// refused, and what a signal does meanwhile (docs/errors.md, "Writing the report").

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include <catch2/catch.hpp>

#include "leadplan/cli/output.hpp"
#include "leadplan/model/diagnostic.hpp"
#include "process.hpp"

using leadplan::cli::Output;
using leadplan::test::read_file;
using leadplan::test::run_leadplan;
using leadplan::test::source_path;
using leadplan::test::Spawned;
using leadplan::test::SpawnOptions;
using leadplan::test::TempDir;

namespace fs = std::filesystem;

namespace {

const std::string k_seed = source_path("examples/seed.yaml");

// The seed's CSV report, as printed on stdout.
std::string seed_csv() {
  static const std::string csv = run_leadplan({"calc", k_seed, "--format", "csv"}).out;
  return csv;
}

// The temporary files `.leadplan-*` in `folder`.
std::vector<fs::path> temporaries(const std::string& folder) {
  std::vector<fs::path> found;
  for (const auto& entry : fs::directory_iterator(folder)) {
    if (entry.path().filename().string().rfind(".leadplan-", 0) == 0) {
      found.push_back(entry.path());
    }
  }
  return found;
}

// Waits up to 20 s for a `.leadplan-*` file in `folder`: the run holds its handlers.
bool temporary_appears(const std::string& folder) {
  for (int i = 0; i < 20000; ++i) {
    if (!temporaries(folder).empty()) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return false;
}

// A scenario large enough that its JSON takes a while: 100,000 channels.
std::string large_scenario(const TempDir& dir) {
  std::string text =
      "target:\n  wins: 5\nbudget: 1000000\nfunnel:\n  - stage: lead\n"
      "  - stage: won\n    rate: 20%\nchannels:\n";
  for (int i = 0; i < 100000; ++i) {
    text += "  - name: c";
    text += std::to_string(i);
    text += "\n    cpl: 10\n";
  }
  return dir.write("large.yaml", text);
}

// The disposition of `signal` now.
void (*disposition(int signal))(int) {
  struct sigaction current {};
  ::sigaction(signal, nullptr, &current);
  return current.sa_handler;
}

}  // namespace

TEST_CASE("output to /dev/stdout is written where stdout stands, replacing nothing", "[output]") {
  TempDir dir;
  // `>> b.log`: appended, the log kept.
  const std::string log = dir.write("b.log", "log\n");
  const int append = ::open(log.c_str(), O_WRONLY | O_APPEND);
  REQUIRE(append >= 0);
  SpawnOptions options;
  options.stdout_fd = append;
  Spawned appended({"calc", k_seed, "--format", "csv", "-o", "/dev/stdout"}, options);
  CHECK(appended.wait().exit_code == 0);
  ::close(append);
  CHECK(read_file(log) == "log\n" + seed_csv());

  // `{ echo head; leadplan ... -o /dev/stdout; echo tail; } > out`: in order.
  const std::string out = dir.path() + "/out";
  const int shared = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  REQUIRE(shared >= 0);
  REQUIRE(::write(shared, "head\n", 5) == 5);
  options.stdout_fd = shared;
  Spawned between({"calc", k_seed, "--format", "csv", "-o", "/dev/stdout"}, options);
  CHECK(between.wait().exit_code == 0);
  REQUIRE(::write(shared, "tail\n", 5) == 5);
  ::close(shared);
  CHECK(read_file(out) == "head\n" + seed_csv() + "tail\n");

  // /dev/fd/N and /dev/stderr: the descriptor itself.
  const std::string three = dir.write("three", "");
  const int fd = ::open(three.c_str(), O_WRONLY);
  REQUIRE(fd >= 0);
  SpawnOptions passed;
  passed.descriptors = {{fd, 3}};
  Spawned to_three({"calc", k_seed, "--format", "csv", "-o", "/dev/fd/3"}, passed);
  CHECK(to_three.wait().exit_code == 0);
  ::close(fd);
  CHECK(read_file(three) == seed_csv());
  const auto to_stderr = run_leadplan({"calc", k_seed, "--format", "csv", "-o", "/dev/stderr"});
  CHECK(to_stderr.exit_code == 0);
  CHECK(to_stderr.err == seed_csv());
  CHECK(to_stderr.out.empty());
}

TEST_CASE("output through a link to a closed stdout is refused, the link kept", "[output]") {
  // As root with stdout closed, `-o /dev/stdout` replaced the /dev/stdout link
  // itself; a link of the test's own stands in for it.
  TempDir dir;
  const fs::path link = fs::path(dir.path()) / "stdout";
  fs::create_symlink("/proc/self/fd/1", link);
  SpawnOptions closed;
  closed.close_stdout = true;
  Spawned run({"calc", k_seed, "-o", link.string()}, closed);
  const auto r = run.wait();
  CHECK(r.exit_code == 2);
  CHECK(r.err == link.string() +
                     ":1:1: error: cannot write the report: Bad file descriptor; it names "
                     "descriptor 1, which is not open for writing\n");
  CHECK(fs::is_symlink(link));
  CHECK(fs::read_symlink(link) == "/proc/self/fd/1");
}

TEST_CASE("output `-` is standard output, and an empty output name a usage error", "[output]") {
  const auto dash = run_leadplan({"calc", k_seed, "--format", "csv", "-o", "-"});
  CHECK(dash.exit_code == 0);
  CHECK(dash.out == seed_csv());
  CHECK_FALSE(fs::exists(source_path("-")));  // no file named `-` where it ran
  const auto empty = run_leadplan({"calc", k_seed, "-o", ""});
  CHECK(empty.exit_code == 2);
  CHECK(empty.out.empty());
  CHECK(empty.err.find("--output: the file name is empty; give a path, or - for standard output") !=
        std::string::npos);
}

TEST_CASE("output that cannot be written fails before any work, and replaces no link", "[output]") {
  TempDir dir;
  const fs::path folder = fs::path(dir.path()) / "folder";
  fs::create_directory(folder);
  // Checked before the scenario is read: the error is the folder's, not the missing file's.
  const auto into_folder = run_leadplan({"calc", "missing.yaml", "-o", folder.string()});
  CHECK(into_folder.exit_code == 2);
  CHECK(into_folder.err == folder.string() +
                               ":1:1: error: cannot write the report: Is a directory; name a "
                               "file inside the folder\n");
  CHECK(fs::is_empty(folder));

  // A link to nothing, or to itself: refused, the link kept, nothing created.
  const std::vector<std::pair<std::string, std::string>> links = {
      {"nowhere",
       "No such file or directory; it is a symbolic link to `nowhere`, which does not exist; "
       "leadplan replaces what a link leads to, never the link"},
      {"loop", "Too many levels of symbolic links"}};
  for (const auto& [target, reason] : links) {
    const fs::path link = fs::path(dir.path()) / "loop";
    fs::remove(link);
    fs::create_symlink(target, link);
    const auto r = run_leadplan({"calc", k_seed, "-o", link.string()});
    CHECK(r.exit_code == 2);
    CHECK(r.err == link.string() + ":1:1: error: cannot write the report: " + reason + "\n");
    CHECK(fs::read_symlink(link) == target);
    CHECK_FALSE(fs::exists(fs::path(dir.path()) / "nowhere"));
  }
  CHECK(temporaries(dir.path()).empty());
}

TEST_CASE("output to a FIFO is written into it in place", "[output]") {
  TempDir dir;
  const std::string fifo = dir.path() + "/fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  const int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
  REQUIRE(reader >= 0);
  const auto r = run_leadplan({"calc", k_seed, "--format", "csv", "-o", fifo});
  CHECK(r.exit_code == 0);
  std::string got(4096, '\0');
  const ssize_t size = ::read(reader, got.data(), got.size());
  ::close(reader);
  REQUIRE(size > 0);
  got.resize(static_cast<std::size_t>(size));
  CHECK(got == seed_csv());
  CHECK(fs::is_fifo(fifo));
}

TEST_CASE("diff reads a closed stdin as a bad descriptor, not an empty scenario", "[output]") {
  // The first file opened took descriptor 0 and read as an empty standard input.
  const auto r = run_leadplan({"diff", k_seed, "-"});
  CHECK(r.exit_code == 2);
  CHECK(r.err == "<stdin>:1:1: error: cannot read the scenario: Bad file descriptor\n");
}

TEST_CASE("a signal while -o is written keeps the old report and says so", "[output][signal]") {
  TempDir dir;
  const std::string scenario = large_scenario(dir);
  const std::string report = dir.write("report.json", "old");
  Spawned run({"calc", scenario, "--format", "json", "-o", report}, SpawnOptions{});
  REQUIRE(temporary_appears(dir.path()));
  ::kill(run.pid(), SIGTERM);
  const auto r = run.wait();
  CHECK(r.exit_code == 2);
  CHECK(r.err ==
        "leadplan: SIGTERM: stopped before the report was complete; " + report + " is as it was\n");
  CHECK(read_file(report) == "old");
  CHECK(temporaries(dir.path()).empty());
}

TEST_CASE("a signal ignored when leadplan starts stays ignored with -o", "[output][signal]") {
  // Under nohup or `trap '' INT` a run without -o completes: so must one with it.
  TempDir dir;
  const std::string scenario = large_scenario(dir);
  const std::string report = dir.write("report.json", "old");
  SpawnOptions ignoring;
  ignoring.ignored_signals = {SIGHUP, SIGINT};
  Spawned run({"calc", scenario, "--format", "json", "-o", report}, ignoring);
  REQUIRE(temporary_appears(dir.path()));
  ::kill(run.pid(), SIGHUP);
  ::kill(run.pid(), SIGINT);
  const auto r = run.wait();
  CHECK(r.exit_code == 0);
  CHECK(r.err.empty());
  CHECK(read_file(report).rfind("{\n  \"contract\"", 0) == 0);
  CHECK(temporaries(dir.path()).empty());
}

TEST_CASE("Output installs its handlers for the write only, never over an ignored signal",
          "[output][signal]") {
  TempDir dir;
  struct sigaction saved_hup {};
  struct sigaction saved_term {};
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  struct sigaction fallback {};
  fallback.sa_handler = SIG_DFL;
  ::sigaction(SIGHUP, &ignore, &saved_hup);
  ::sigaction(SIGTERM, &fallback, &saved_term);
  {
    Output output(dir.path() + "/report.txt");
    CHECK(disposition(SIGHUP) == SIG_IGN);
    CHECK(disposition(SIGTERM) != SIG_DFL);  // the temporary file is removed on SIGTERM
    output.stream() << "report\n";
    output.commit();
    // Once the report is in place a signal no longer means "the old file was kept".
    CHECK(disposition(SIGTERM) == SIG_DFL);
    CHECK(disposition(SIGHUP) == SIG_IGN);
  }
  CHECK(read_file(dir.path() + "/report.txt") == "report\n");
  ::sigaction(SIGHUP, &saved_hup, nullptr);
  ::sigaction(SIGTERM, &saved_term, nullptr);
}

TEST_CASE("a temporary file swapped for a link is neither written through nor renamed",
          "[output]") {
  // Whoever may write the folder could put a link in the temporary file's place;
  // leadplan, as root, then wrote and chmod'ed what the link led to.
  TempDir dir;
  const std::string victim = dir.write("victim", "secret");
  ::chmod(victim.c_str(), 0600);
  const std::string report = dir.write("report.txt", "old");
  ::chmod(report.c_str(), 0644);
  Output output(report);
  const auto pending = temporaries(dir.path());
  REQUIRE(pending.size() == 1);
  fs::remove(pending.front());
  fs::create_symlink(victim, pending.front());
  output.stream() << "new\n";
  CHECK_THROWS_AS(output.commit(), leadplan::FatalError);
  CHECK(read_file(victim) == "secret");
  CHECK((fs::status(victim).permissions() & fs::perms::all) ==
        (fs::perms::owner_read | fs::perms::owner_write));
  CHECK(read_file(report) == "old");
  CHECK_FALSE(fs::is_symlink(report));
  CHECK(temporaries(dir.path()).empty());
}

TEST_CASE("a replaced report keeps its mode; a new one gets the umask's", "[output]") {
  TempDir dir;
  const std::string kept = dir.write("kept.txt", "old");
  ::chmod(kept.c_str(), 0640);
  CHECK(run_leadplan({"calc", k_seed, "-o", kept}).exit_code == 0);
  CHECK((fs::status(kept).permissions() & fs::perms::all) ==
        (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read));
  const std::string fresh = dir.path() + "/fresh.txt";
  const mode_t mask = ::umask(022);
  CHECK(run_leadplan({"calc", k_seed, "-o", fresh}).exit_code == 0);
  ::umask(mask);
  CHECK((fs::status(fresh).permissions() & fs::perms::all) ==
        (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
         fs::perms::others_read));
}
