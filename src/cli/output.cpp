#include "leadplan/cli/output.hpp"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <iostream>
#include <optional>
#include <streambuf>
#include <string_view>

#include <fmt/format.h>

#include "leadplan/model/diagnostic.hpp"

namespace leadplan::cli {

namespace {

// How many symbolic links are followed before `-o` is a loop (as the kernel's ELOOP).
constexpr int k_max_links = 40;

// The signals that end a run with `-o`: Ctrl-C, a CI timeout's SIGTERM, a
// closed terminal. Each one, unless ignored when leadplan started, removes the
// temporary file, says so on stderr and exits 2: the old report stays.
constexpr int k_signals[] = {SIGINT, SIGTERM, SIGHUP};

// What the handler may touch: a handler may use plain memory and
// async-signal-safe calls only. They change only while the signals are blocked,
// so that the handler sees a temporary file either not yet there or fully
// recorded, never half of it.
int g_folder = -1;     // the folder of the temporary file, open
char g_temporary[32];  // its name in that folder; empty when there is none
char g_message[512];   // what the handler prints after "leadplan: SIGNAME"
std::size_t g_message_size = 0;
struct sigaction g_previous[std::size(k_signals)];
bool g_installed[std::size(k_signals)];

const char* signal_name(int signal) {
  switch (signal) {
    case SIGINT:
      return "SIGINT";
    case SIGTERM:
      return "SIGTERM";
    case SIGHUP:
      return "SIGHUP";
    default:
      return "a signal";
  }
}

void write_all(int fd, const char* text, std::size_t size) {
  while (size > 0) {
    const ssize_t written = ::write(fd, text, size);
    if (written < 0 && errno == EINTR) {
      continue;
    }
    if (written <= 0) {
      return;
    }
    text += written;
    size -= static_cast<std::size_t>(written);
  }
}

extern "C" void on_signal(int signal) {
  if (g_temporary[0] != '\0') {
    ::unlinkat(g_folder, g_temporary, 0);
  }
  const char* name = signal_name(signal);
  write_all(STDERR_FILENO, "leadplan: ", 10);
  write_all(STDERR_FILENO, name, std::strlen(name));
  write_all(STDERR_FILENO, g_message, g_message_size);
  ::_exit(2);
}

// Blocks the signals of k_signals while it lives.
class SignalsBlocked {
 public:
  SignalsBlocked() {
    sigset_t set;
    sigemptyset(&set);
    for (const int signal : k_signals) {
      sigaddset(&set, signal);
    }
    ::sigprocmask(SIG_BLOCK, &set, &m_previous);
  }
  SignalsBlocked(const SignalsBlocked&) = delete;
  SignalsBlocked& operator=(const SignalsBlocked&) = delete;
  ~SignalsBlocked() { ::sigprocmask(SIG_SETMASK, &m_previous, nullptr); }

 private:
  sigset_t m_previous;
};

// Installs on_signal for every signal not ignored: under `nohup` or `trap '' INT`
// the signal stays ignored, as it is for a run without `-o`.
void install_handlers() {
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  for (const int signal : k_signals) {
    sigaddset(&action.sa_mask, signal);
  }
  for (std::size_t i = 0; i < std::size(k_signals); ++i) {
    struct sigaction current {};
    ::sigaction(k_signals[i], nullptr, &current);
    g_installed[i] = current.sa_handler != SIG_IGN;
    if (g_installed[i]) {
      ::sigaction(k_signals[i], &action, &g_previous[i]);
    }
  }
}

// Puts back what install_handlers replaced.
void restore_handlers() {
  for (std::size_t i = 0; i < std::size(k_signals); ++i) {
    if (g_installed[i]) {
      ::sigaction(k_signals[i], &g_previous[i], nullptr);
      g_installed[i] = false;
    }
  }
}

// Creates a new file `.leadplan-XXXXXXXX` (mode 0600) in `folder`, as mkstemp
// would but relative to the folder's descriptor, so that the signal handler can
// remove it by a short name; sets `name`. Returns its descriptor, or -1 with errno.
int create_temporary(int folder, std::string& name) {
  static constexpr std::string_view k_letters =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  for (unsigned attempt = 0; attempt < 100; ++attempt) {
    unsigned char random[8] = {};
    if (::getrandom(random, sizeof random, 0) != static_cast<ssize_t>(sizeof random)) {
      const auto seed = static_cast<unsigned long>(::getpid()) ^
                        static_cast<unsigned long>(std::time(nullptr)) ^ (attempt * 2654435761u);
      for (std::size_t i = 0; i < sizeof random; ++i) {
        random[i] = static_cast<unsigned char>(seed >> (i * 7));
      }
    }
    name = ".leadplan-";
    for (const unsigned char r : random) {
      name += k_letters[r % k_letters.size()];
    }
    const int fd =
        ::openat(folder, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd >= 0 || errno != EEXIST) {
      return fd;
    }
  }
  errno = EEXIST;
  return -1;
}

// The descriptor N that `name` in `folder` stands for when `folder` is this
// process's /proc/PID/fd (or /proc/PID/task/TID/fd): where /dev/stdout,
// /dev/stderr, /dev/fd/N and /proc/self/fd/N lead. nullopt for any other place.
std::optional<int> own_descriptor(std::string_view folder, std::string_view name) {
  const std::string own = fmt::format("/proc/{}/", ::getpid());
  if (folder.substr(0, own.size()) != own) {
    return std::nullopt;
  }
  const std::string_view rest = folder.substr(own.size());
  const auto digits = [](std::string_view text) {
    return !text.empty() && text.size() <= 9 &&
           text.find_first_not_of("0123456789") == std::string_view::npos;
  };
  const bool fd_folder = rest == "fd" || (rest.substr(0, 5) == "task/" && rest.size() > 8 &&
                                          rest.substr(rest.size() - 3) == "/fd" &&
                                          digits(rest.substr(5, rest.size() - 8)));
  if (!fd_folder || !digits(name)) {
    return std::nullopt;
  }
  int fd = 0;
  for (const char c : name) {
    fd = fd * 10 + (c - '0');
  }
  return fd;
}

// A path as a message shows it: whole up to 200 bytes (a path may be 4 KiB, an
// argument 128 KiB), control characters as `?` so that it cannot drive a terminal.
std::string shown_path(std::string_view path) {
  std::size_t cut = path.size();
  if (path.size() > 200) {
    cut = 197;
    while (cut > 0 && (static_cast<unsigned char>(path[cut]) & 0xC0) == 0x80) {
      --cut;
    }
  }
  std::string out;
  for (const char c : path.substr(0, cut)) {
    const auto byte = static_cast<unsigned char>(c);
    out.push_back(byte < 0x20 || byte == 0x7F ? '?' : c);
  }
  if (cut < path.size()) {
    out += "...";
  }
  return out;
}

[[noreturn]] void refuse(std::string_view what, const std::string& path, int error,
                         std::string hint = {}) {
  throw InputError(
      {Diagnostic{path, 1, 1, fmt::format("cannot write {}: {}", what, std::strerror(error)),
                  std::move(hint)}});
}

// Closes a descriptor on every path out of the constructor.
class Closer {
 public:
  explicit Closer(int fd) : m_fd(fd) {}
  Closer(const Closer&) = delete;
  Closer& operator=(const Closer&) = delete;
  ~Closer() {
    if (m_fd >= 0) {
      ::close(m_fd);
    }
  }
  int release() {
    const int fd = m_fd;
    m_fd = -1;
    return fd;
  }

 private:
  int m_fd;
};

}  // namespace

// Writes through a descriptor kept from the start (never a file reopened by
// name), in blocks of 64 KiB, and remembers the first error.
class Output::Buffer : public std::streambuf {
 public:
  explicit Buffer(int fd) : m_fd(fd) { setp(m_data, m_data + sizeof m_data); }

  // 0, or the errno of the first write that failed.
  [[nodiscard]] int error() const { return m_error; }

 protected:
  int_type overflow(int_type c) override {
    if (!drain()) {
      return traits_type::eof();
    }
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }

  int sync() override { return drain() ? 0 : -1; }

 private:
  bool drain() {
    const char* from = pbase();
    while (m_error == 0 && from < pptr()) {
      const ssize_t written = ::write(m_fd, from, static_cast<std::size_t>(pptr() - from));
      if (written < 0) {
        if (errno != EINTR) {
          m_error = errno;
        }
        continue;
      }
      from += written;
    }
    setp(m_data, m_data + sizeof m_data);
    return m_error == 0;
  }

  int m_fd;
  int m_error = 0;
  char m_data[65536];
};

bool writes_to_stdout(const std::string& output) {
  return output.empty() || output == "-";
}

Output::Output(std::string path, Existing existing, std::string_view what)
    : m_path(std::move(path)), m_existing(existing), m_what(what) {
  if (writes_to_stdout(m_path)) {
    return;
  }
  // Decided on lstat, one link at a time: stat() follows links, and read
  // /dev/stdout, a link to /proc/self/fd/1, as the file it leads to, which a
  // rename then replaced (`-o /dev/stdout >> log` lost the log).
  std::string current = m_path;
  std::string link;  // the text of the last symbolic link followed
  for (int links = 0;; ++links) {
    const std::size_t slash = current.rfind('/');
    const std::string folder = slash == std::string::npos ? std::string(".")
                               : slash == 0               ? std::string("/")
                                                          : current.substr(0, slash);
    const std::string name = slash == std::string::npos ? current : current.substr(slash + 1);
    if (name.empty() || name == "." || name == "..") {
      refuse(m_what, m_path, EISDIR, "name a file inside the folder");
    }
    const std::unique_ptr<char, decltype(&std::free)> real(::realpath(folder.c_str(), nullptr),
                                                           &std::free);
    if (!real) {
      refuse(m_what, m_path, errno);
    }
    if (const auto fd = own_descriptor(real.get(), name)) {
      // /dev/stdout and its kin: the descriptor itself, written where it stands.
      const int flags = ::fcntl(*fd, F_GETFL);
      if (flags < 0 || (flags & O_ACCMODE) == O_RDONLY) {
        refuse(m_what, m_path, EBADF,
               fmt::format("it names descriptor {}, which is not open for writing", *fd));
      }
      m_kind = Kind::descriptor;
      m_fd = *fd;
      break;
    }
    const int dir = ::open(real.get(), O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0) {
      refuse(m_what, m_path, errno);
    }
    Closer guard(dir);
    struct stat info {};
    if (::fstatat(dir, name.c_str(), &info, AT_SYMLINK_NOFOLLOW) != 0) {
      if (errno != ENOENT) {
        refuse(m_what, m_path, errno);
      }
      if (links > 0) {
        refuse(m_what, m_path, ENOENT,
               fmt::format("it is a symbolic link to `{}`, which does not exist; leadplan "
                           "replaces what a link leads to, never the link",
                           shown_path(link)));
      }
      m_kind = Kind::replaced;  // a new file
      m_directory = guard.release();
      m_name = name;
      break;
    }
    if (S_ISLNK(info.st_mode)) {
      if (links == k_max_links) {
        refuse(m_what, m_path, ELOOP);
      }
      std::string target(PATH_MAX, '\0');
      const ssize_t size = ::readlinkat(dir, name.c_str(), target.data(), target.size());
      if (size < 0) {
        refuse(m_what, m_path, errno);
      }
      if (static_cast<std::size_t>(size) == target.size()) {
        refuse(m_what, m_path, ENAMETOOLONG);
      }
      target.resize(static_cast<std::size_t>(size));
      link = target;
      current =
          !target.empty() && target.front() == '/'
              ? target
              : std::string(real.get()) + (std::string_view(real.get()) == "/" ? "" : "/") + target;
      continue;
    }
    if (S_ISDIR(info.st_mode)) {
      refuse(m_what, m_path, EISDIR, "name a file inside the folder");
    }
    if (S_ISREG(info.st_mode)) {
      if (m_existing == Existing::keep) {
        refuse(m_what, m_path, EEXIST,
               links > 0 ? fmt::format("it is a symbolic link to `{}`, which exists; leadplan "
                                       "never replaces it: remove it, or name another file",
                                       shown_path(link))
                         : std::string("leadplan never replaces it: remove it, or name another "
                                       "file"));
      }
      m_kind = Kind::replaced;
      m_directory = guard.release();
      m_name = name;
      break;
    }
    // A device, FIFO or socket: written in place, never replaced (a rename over
    // /dev/null would replace the device itself when run as root).
    m_fd = ::openat(dir, name.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
    if (m_fd < 0) {
      refuse(m_what, m_path, errno);
    }
    m_kind = Kind::in_place;
    break;
  }
  if (m_kind == Kind::replaced) {
    open_replacement();
  }
  m_buffer = std::make_unique<Buffer>(m_fd);
  m_stream = std::make_unique<std::ostream>(m_buffer.get());
}

void Output::open_replacement() {
  // The handlers go in before the file exists and the name is recorded before
  // any signal gets through: no signal can leave a 0-byte `.leadplan-*` behind.
  const SignalsBlocked blocked;
  install_handlers();
  m_fd = create_temporary(m_directory, m_temporary);
  if (m_fd < 0) {
    const int error = errno;
    restore_handlers();
    ::close(m_directory);
    m_directory = -1;
    refuse(m_what, m_path, error);
  }
  g_folder = m_directory;
  m_temporary.copy(g_temporary, sizeof g_temporary - 1);
  g_temporary[std::min(m_temporary.size(), sizeof g_temporary - 1)] = '\0';
  struct stat info {};
  const bool exists = ::fstatat(m_directory, m_name.c_str(), &info, AT_SYMLINK_NOFOLLOW) == 0;
  const std::string message =
      fmt::format(": stopped before {} was complete; {} {}\n", m_what, shown_path(m_path),
                  exists ? "is as it was" : "was not created");
  g_message_size = message.copy(g_message, sizeof g_message);
}

Output::~Output() {
  if (!m_committed) {
    discard();
  }
  if (m_kind == Kind::in_place && m_fd >= 0) {
    ::close(m_fd);
  }
}

void Output::discard() {
  if (m_kind != Kind::replaced || m_directory < 0) {
    return;
  }
  const SignalsBlocked blocked;
  if (m_fd >= 0) {
    ::close(m_fd);
    m_fd = -1;
  }
  ::unlinkat(m_directory, m_temporary.c_str(), 0);
  g_temporary[0] = '\0';
  restore_handlers();
  ::close(m_directory);
  m_directory = -1;
}

std::ostream& Output::stream() {
  return m_stream ? *m_stream : std::cout;
}

void Output::commit() {
  if (m_kind == Kind::standard_output) {
    std::cout.flush();
    if (!std::cout) {
      throw FatalError(fmt::format("cannot write {} to stdout", m_what));
    }
    return;
  }
  m_stream->flush();
  const auto fail = [this](int error) {
    discard();
    throw FatalError(
        fmt::format("cannot write {} to {}: {}", m_what, shown_path(m_path), std::strerror(error)));
  };
  if (m_buffer->error() != 0) {
    fail(m_buffer->error());
  }
  if (m_kind != Kind::replaced) {
    if (m_kind == Kind::in_place) {
      const int fd = m_fd;
      m_fd = -1;
      if (::close(fd) != 0) {
        fail(errno);
      }
    }
    m_committed = true;
    return;
  }
  // Through the descriptor kept from the start: the mode (and, where allowed,
  // the owner) of the file replaced, or a new file's 0666 less the umask;
  // synced before the rename, so that the new report is whole on disk when it
  // takes the old one's place.
  struct stat existing {};
  if (::fstatat(m_directory, m_name.c_str(), &existing, AT_SYMLINK_NOFOLLOW) == 0 &&
      S_ISREG(existing.st_mode)) {
    struct stat mine {};
    if (::fstat(m_fd, &mine) == 0 &&
        (mine.st_uid != existing.st_uid || mine.st_gid != existing.st_gid)) {
      [[maybe_unused]] const int ignored = ::fchown(m_fd, existing.st_uid, existing.st_gid);
    }
    if (::fchmod(m_fd, existing.st_mode & 07777) != 0) {
      fail(errno);
    }
  } else {
    const mode_t mask = ::umask(0);
    ::umask(mask);
    if (::fchmod(m_fd, 0666 & ~mask) != 0) {
      fail(errno);
    }
  }
  if (::fsync(m_fd) != 0 && errno != EINVAL) {
    fail(errno);
  }
  struct stat written {};
  if (::fstat(m_fd, &written) != 0) {
    fail(errno);
  }
  const int fd = m_fd;
  m_fd = -1;
  if (::close(fd) != 0) {
    fail(errno);
  }
  // The rename and the end of the handlers as one step: a signal after it finds
  // the handlers gone and the new report in place, so exit 2 always means the
  // old report was kept.
  const SignalsBlocked blocked;
  // Only the file written is renamed: one put in its place by whoever may write
  // the folder (a link to a file of root's, say) is not.
  struct stat named {};
  if (::fstatat(m_directory, m_temporary.c_str(), &named, AT_SYMLINK_NOFOLLOW) != 0) {
    fail(errno);
  }
  if (named.st_dev != written.st_dev || named.st_ino != written.st_ino) {
    discard();
    throw FatalError(fmt::format(
        "cannot write {} to {}: its temporary file {} was replaced while it was written", m_what,
        shown_path(m_path), m_temporary));
  }
  if (m_existing == Existing::keep) {
    // Never over a file that took the name meanwhile: a rename that refuses to
    // replace, or where the file system cannot, a hard link (which cannot either).
    if (::renameat2(m_directory, m_temporary.c_str(), m_directory, m_name.c_str(),
                    RENAME_NOREPLACE) != 0) {
      if (errno != EINVAL && errno != ENOSYS) {
        fail(errno);
      }
      if (::linkat(m_directory, m_temporary.c_str(), m_directory, m_name.c_str(), 0) != 0) {
        fail(errno);
      }
      ::unlinkat(m_directory, m_temporary.c_str(), 0);
    }
  } else if (::renameat(m_directory, m_temporary.c_str(), m_directory, m_name.c_str()) != 0) {
    fail(errno);
  }
  g_temporary[0] = '\0';
  restore_handlers();
  ::close(m_directory);
  m_directory = -1;
  m_committed = true;
}

}  // namespace leadplan::cli
