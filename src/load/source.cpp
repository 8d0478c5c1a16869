#include "leadplan/load/source.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "leadplan/model/diagnostic.hpp"

namespace leadplan {

namespace {

[[noreturn]] void fail(const std::string& name, const std::string& message) {
  throw InputError({Diagnostic{name, 1, 1, message, {}}});
}

// Closes the descriptor on every path out of read_source, but never standard
// input (a file it opened may be descriptor 0 when stdin was closed: closed too).
class FileDescriptor {
 public:
  FileDescriptor(int fd, bool owned) : m_fd(fd), m_owned(owned) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() {
    if (m_owned && m_fd >= 0) {
      ::close(m_fd);
    }
  }
  [[nodiscard]] int get() const { return m_fd; }

 private:
  int m_fd;
  bool m_owned;
};

}  // namespace

Source read_source(const std::string& path, std::size_t limit) {
  const bool from_stdin = path == "-";
  Source source{from_stdin ? std::string("<stdin>") : path, {}};
  // Plain POSIX reads: no iostreams (locale-free, cheap at start-up), and pipes,
  // process substitution and character devices all work with a hard size bound.
  FileDescriptor fd(from_stdin ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC),
                    !from_stdin);
  if (fd.get() < 0) {
    fail(source.name, fmt::format("cannot open the scenario: {}", std::strerror(errno)));
  }
  struct stat info {};
  if (::fstat(fd.get(), &info) == 0) {
    if (S_ISDIR(info.st_mode)) {
      fail(source.name, "is a directory, not a scenario file");
    }
    if (S_ISREG(info.st_mode) && static_cast<std::size_t>(info.st_size) > limit) {
      fail(source.name, fmt::format("the scenario is larger than the limit of {} bytes", limit));
    }
    if (S_ISREG(info.st_mode)) {
      source.text.reserve(static_cast<std::size_t>(info.st_size));
    }
  }
  char buffer[65536];
  for (;;) {
    const ssize_t got = ::read(fd.get(), buffer, sizeof buffer);
    if (got < 0) {
      if (errno == EINTR) {
        continue;
      }
      fail(source.name, fmt::format("cannot read the scenario: {}", std::strerror(errno)));
    }
    if (got == 0) {
      break;
    }
    if (source.text.size() + static_cast<std::size_t>(got) > limit) {
      fail(source.name, fmt::format("the scenario is larger than the limit of {} bytes", limit));
    }
    source.text.append(buffer, static_cast<std::size_t>(got));
  }
  return source;
}

}  // namespace leadplan
