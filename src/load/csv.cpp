#include "leadplan/load/csv.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <memory>

#include <fmt/format.h>

namespace leadplan {

namespace {

// The bytes that end a run of ordinary characters, outside and inside quotes:
// the scanning loops test one table entry per byte and nothing else.
constexpr std::array<bool, 256> special_bytes(bool quoted) {
  std::array<bool, 256> table{};
  for (std::size_t c = 0x80; c < 256; ++c) {
    table[c] = true;  // UTF-8 to check, and columns to count
  }
  table[0] = true;
  table['"'] = true;
  table['\n'] = true;
  if (!quoted) {
    table[','] = true;
    table['\r'] = true;
  }
  return table;
}
constexpr std::array<bool, 256> k_unquoted_special = special_bytes(false);
constexpr std::array<bool, 256> k_quoted_special = special_bytes(true);

// The offset of the first byte from `pos` on that `special` marks. The NUL
// after the data stops it at the end; a local pointer, not the parser's
// position (which its helpers capture), keeps the loop in registers.
std::size_t skip_ordinary(const unsigned char* bytes, std::size_t pos,
                          const std::array<bool, 256>& special) {
  const unsigned char* p = bytes + pos;
  while (!special[*p]) {
    ++p;
  }
  return static_cast<std::size_t>(p - bytes);
}

// The length of the UTF-8 sequence at `p` (whose first byte is 0x80 or above),
// 0 when it is invalid, -1 when the bytes up to `end` are a valid but cut prefix.
int utf8_length(const unsigned char* p, const unsigned char* end) {
  const unsigned char lead = p[0];
  int length = 0;
  unsigned char low = 0x80;  // the range of the second byte
  unsigned char high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    low = lead == 0xE0 ? 0xA0 : 0x80;   // no overlong forms
    high = lead == 0xED ? 0x9F : 0xBF;  // no surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    low = lead == 0xF0 ? 0x90 : 0x80;
    high = lead == 0xF4 ? 0x8F : 0xBF;  // nothing above U+10FFFF
  } else {
    return 0;
  }
  for (int k = 1; k < length; ++k) {
    if (p + k == end) {
      return -1;
    }
    const unsigned char c = p[k];
    if (k == 1 ? (c < low || c > high) : (c & 0xC0) != 0x80) {
      return 0;
    }
  }
  return length;
}

// Closes the descriptor of an opened file when the last reader of it goes.
struct Descriptor {
  int fd = -1;
  bool owned = false;
  Descriptor(int descriptor, bool own) : fd(descriptor), owned(own) {}
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  ~Descriptor() {
    if (owned) {
      ::close(fd);
    }
  }
};

[[noreturn]] void fail_open(const std::string& name, const std::string& message) {
  throw InputError({Diagnostic{name, 1, 1, message, {}}});
}

std::string size_text(std::uint64_t bytes) {
  if (bytes >= (std::uint64_t{1} << 30) && bytes % (std::uint64_t{1} << 30) == 0) {
    return fmt::format("{} bytes ({} GiB)", bytes, bytes >> 30);
  }
  if (bytes >= (std::uint64_t{1} << 20) && bytes % (std::uint64_t{1} << 20) == 0) {
    return fmt::format("{} bytes ({} MiB)", bytes, bytes >> 20);
  }
  return fmt::format("{} bytes", bytes);
}

}  // namespace

CsvInput open_csv_file(const std::string& path) {
  const bool from_stdin = path == "-";
  std::string name = from_stdin ? std::string("<stdin>") : path;
  // Plain POSIX reads, as read_source: pipes and process substitution work, no iostreams.
  const int fd = from_stdin ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    fail_open(name, fmt::format("cannot open the file: {}", std::strerror(errno)));
  }
  auto descriptor = std::make_shared<Descriptor>(fd, !from_stdin);
  std::optional<std::uint64_t> size;
  struct stat info {};
  if (::fstat(fd, &info) == 0) {
    if (S_ISDIR(info.st_mode)) {
      fail_open(name, "is a directory, not a CSV file");
    }
    if (S_ISREG(info.st_mode)) {
      size = static_cast<std::uint64_t>(info.st_size);
      (void)::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    }
  }
  ReadBytes read = [descriptor, name](char* buffer, std::size_t capacity) -> std::size_t {
    for (;;) {
      const ssize_t got = ::read(descriptor->fd, buffer, capacity);
      if (got >= 0) {
        return static_cast<std::size_t>(got);
      }
      if (errno != EINTR) {
        fail_open(name, fmt::format("cannot read the file: {}", std::strerror(errno)));
      }
    }
  };
  return CsvInput{std::move(name), std::move(read), size};
}

CsvInput csv_from_text(std::string name, std::string_view text, std::size_t piece) {
  ReadBytes read = [text, piece, offset = std::size_t{0}](char* buffer,
                                                          std::size_t capacity) mutable {
    const std::size_t count = std::min({capacity, piece, text.size() - offset});
    std::memcpy(buffer, text.data() + offset, count);
    offset += count;
    return count;
  };
  return CsvInput{std::move(name), std::move(read), std::nullopt};
}

CsvReader::CsvReader(CsvInput input, CsvOptions options)
    : m_name(std::move(input.name)),
      m_read(std::move(input.read)),
      m_size(input.size),
      m_options(options) {}

void CsvReader::add(Diagnostic diagnostic) {
  if (m_diagnostics.size() < m_options.max_collected) {
    m_diagnostics.push_back(std::move(diagnostic));
  }
  if (m_diagnostics.size() >= m_options.max_collected) {
    m_stopped = true;  // bounds the work on a file that is not CSV at all
  }
}

void CsvReader::stop(int line, std::string message, std::string hint) {
  add(Diagnostic{m_name, line, 1, std::move(message), std::move(hint)});
  m_stopped = true;
}

void CsvReader::start() {
  m_started = true;
  if (m_size && *m_size > m_options.max_bytes) {
    stop(1, fmt::format("the file is larger than the limit of {}", size_text(m_options.max_bytes)),
         "keep only the columns needed, or split the export by date");
    return;
  }
  m_buffer.resize(2 * m_options.chunk_bytes + 1);
  while (m_end < 3 && !m_eof && !m_stopped) {
    (void)fill();
  }
  const auto byte = [&](std::size_t i) {
    return i < m_end ? static_cast<unsigned char>(m_buffer[i]) : 0x100u;
  };
  if (byte(0) == 0xEF && byte(1) == 0xBB && byte(2) == 0xBF) {
    m_begin = 3;  // a byte order mark: column 1 is the character after it, as editors show
  } else if ((byte(0) == 0xFF && byte(1) == 0xFE) || (byte(0) == 0xFE && byte(1) == 0xFF)) {
    stop(1, "the file is UTF-16, not UTF-8", "save it as CSV UTF-8");
  }
}

bool CsvReader::fill() {
  if (m_begin > 0) {
    std::memmove(m_buffer.data(), m_buffer.data() + m_begin, m_end - m_begin);
    m_end -= m_begin;
    m_begin = 0;
  }
  if (m_buffer.size() - m_end < m_options.chunk_bytes + 1) {
    m_buffer.resize(std::max(2 * m_buffer.size(), m_end + m_options.chunk_bytes + 1));
  }
  // One byte is kept for the sentinel after the data.
  const std::size_t got = m_read(m_buffer.data() + m_end, m_buffer.size() - m_end - 1);
  if (got == 0) {
    m_eof = true;
    m_buffer[m_end] = '\0';
    return true;
  }
  m_bytes_read += got;
  if (m_bytes_read > m_options.max_bytes) {
    stop(1, fmt::format("the file is larger than the limit of {}", size_text(m_options.max_bytes)),
         "keep only the columns needed, or split the export by date");
    return false;
  }
  m_end += got;
  m_buffer[m_end] = '\0';
  return true;
}

CsvReader::Parsed CsvReader::parse_record() {
  // One pass over the record's bytes, which may be cut by the end of the
  // buffer: then nothing is kept (`incomplete`), more is read, and the record
  // is parsed again from its start. Records are short, so this costs little,
  // and no parse state has to survive between chunks.
  const auto* const bytes = reinterpret_cast<const unsigned char*>(m_buffer.data());
  const std::size_t end = m_end;
  const bool eof = m_eof;
  std::size_t pos = m_begin;
  m_raw.clear();
  m_pending.clear();
  if (pos == end) {
    return eof ? Parsed::end : Parsed::incomplete;
  }
  if (bytes[pos] == '\n' || bytes[pos] == '\r') {
    if (bytes[pos] == '\n' || (pos + 1 < end && bytes[pos + 1] == '\n')) {
      m_next = pos + (bytes[pos] == '\n' ? 1 : 2);
      m_next_line = m_line + 1;
      return Parsed::blank;
    }
    if (pos + 1 == end && !eof) {
      return Parsed::incomplete;
    }
  }

  int line = m_line;
  std::size_t line_start = pos;
  std::size_t continuation = 0;  // bytes of multi-byte characters on this line, beyond their first
  int utf8_line = 0;             // the last line with invalid UTF-8 reported (one report a line)
  int nul_line = 0;
  const auto column_at = [&](std::size_t at) {
    return static_cast<int>(at - line_start - continuation) + 1;
  };
  const auto note = [&](std::size_t at, std::string message, std::string hint) {
    m_pending.push_back(
        Diagnostic{m_name, line, column_at(at), std::move(message), std::move(hint)});
  };
  // At a byte that is 0x80 or above, or NUL: checks it and steps over it; false when cut.
  const auto step_unusual = [&]() {
    if (bytes[pos] == 0) {
      if (nul_line != line) {
        nul_line = line;
        note(pos, fmt::format("line {} contains a NUL byte", line),
             "is it UTF-16 or a spreadsheet? save it as CSV UTF-8");
      }
      ++pos;
      return true;
    }
    int length = utf8_length(bytes + pos, bytes + end);
    if (length < 0) {
      if (!eof) {
        return false;
      }
      length = 0;
    }
    if (length == 0) {
      if (utf8_line != line) {
        utf8_line = line;
        note(pos, fmt::format("line {} is not valid UTF-8 (byte 0x{:02X})", line, bytes[pos]),
             "save the file as CSV UTF-8");
      }
      ++pos;  // an invalid byte shows as one character
      return true;
    }
    continuation += static_cast<std::size_t>(length - 1);
    pos += static_cast<std::size_t>(length);
    return true;
  };

  for (;;) {
    RawField field;
    field.line = line;
    field.column = column_at(pos);
    bool quoted = false;
    bool after_quote = false;
    if (pos < end && bytes[pos] == '"') {
      const std::size_t open = pos++;
      bool doubled = false;
      bool closed = false;
      for (;;) {
        pos = skip_ordinary(bytes, pos, k_quoted_special);
        if (pos == end) {
          if (!eof) {
            return Parsed::incomplete;
          }
          m_pending.push_back(
              Diagnostic{m_name, field.line, field.column,
                         "the quote opened here is not closed by the end of the file",
                         "end the quoted field with \""});
          break;
        }
        const unsigned char c = bytes[pos];
        if (c == '"') {
          if (pos + 1 == end && !eof) {
            return Parsed::incomplete;
          }
          if (pos + 1 < end && bytes[pos + 1] == '"') {
            doubled = true;
            pos += 2;
            continue;
          }
          closed = true;
          ++pos;
          break;
        }
        if (c == '\n') {
          ++line;
          line_start = ++pos;
          continuation = 0;
          continue;
        }
        if (!step_unusual()) {
          return Parsed::incomplete;
        }
      }
      field.raw = doubled;
      if (closed && pos < end && bytes[pos] != ',' && bytes[pos] != '\n') {
        if (bytes[pos] == '\r' && pos + 1 == end && !eof) {
          return Parsed::incomplete;
        }
        if (bytes[pos] != '\r' || pos + 1 == end || bytes[pos + 1] != '\n') {
          // Text, or a lone CR (which the loop below reports), after the closing quote.
          if (bytes[pos] != '\r') {
            note(pos, "text after the closing quote of a quoted field",
                 "quote the whole field and double the quotes inside it: \"a \"\"b\"\" c\"");
          }
          after_quote = true;
          field.raw = true;
        }
      }
      // A raw field keeps its quotes, undone on completion; a plain quoted one is its inside.
      field.begin = field.raw ? open : open + 1;
      field.end = field.raw || !closed ? pos : pos - 1;
      quoted = true;
    }
    if (!quoted || after_quote) {
      // An unquoted field, or the rest of a quoted one after its closing quote.
      if (!after_quote) {
        field.begin = pos;
      }
      bool stray_quote = after_quote;
      bool lone_cr = false;
      for (;;) {
        pos = skip_ordinary(bytes, pos, k_unquoted_special);
        if (pos == end) {
          if (!eof) {
            return Parsed::incomplete;
          }
          break;
        }
        const unsigned char c = bytes[pos];
        if (c == ',' || c == '\n') {
          break;
        }
        if (c == '\r') {
          if (pos + 1 == end && !eof) {
            return Parsed::incomplete;
          }
          if (pos + 1 < end && bytes[pos + 1] == '\n') {
            break;
          }
          if (!lone_cr) {
            lone_cr = true;
            note(pos, "a carriage return (CR) without a line feed",
                 "end lines with LF or CRLF, or quote the field");
          }
          ++pos;
          continue;
        }
        if (c == '"') {
          if (!stray_quote) {
            stray_quote = true;
            note(pos, "a quote inside an unquoted field",
                 "quote the whole field and double the quotes inside it: \"a \"\"b\"\" c\"");
          }
          ++pos;
          continue;
        }
        if (!step_unusual()) {
          return Parsed::incomplete;
        }
      }
      field.end = pos;
    }
    m_raw.push_back(field);
    if (pos == end) {
      m_next = pos;
      m_next_line = line;
      return Parsed::record;
    }
    if (bytes[pos] == ',') {
      ++pos;
      continue;
    }
    m_next = pos + (bytes[pos] == '\r' ? 2 : 1);
    m_next_line = line + 1;
    return Parsed::record;
  }
}

void CsvReader::record_too_long() {
  // Located at the record's first line, wherever the buffer happened to end.
  stop(m_line,
       fmt::format("the record starting on this line is longer than the limit of {}",
                   size_text(m_options.max_record_bytes)),
       "is a quote left open?");
}

bool CsvReader::read_record() {
  while (!m_stopped) {
    if (!m_started) {
      start();
      continue;
    }
    switch (parse_record()) {
      case Parsed::end:
        return false;
      case Parsed::incomplete:
        if (m_end - m_begin > m_options.max_record_bytes) {
          record_too_long();
          return false;
        }
        (void)fill();
        break;
      case Parsed::blank:
        m_begin = m_next;
        m_line = m_next_line;
        break;
      case Parsed::record:
        // Also when the record was read whole: the same file gives the same
        // problems however its bytes arrive.
        if (m_next - m_begin > m_options.max_record_bytes) {
          record_too_long();
          return false;
        }
        for (Diagnostic& d : m_pending) {
          add(std::move(d));
        }
        m_begin = m_next;
        m_line = m_next_line;
        return true;
    }
  }
  return false;
}

void CsvReader::materialize() {
  char* const data = m_buffer.data();
  m_fields.resize(m_raw.size());
  for (std::size_t i = 0; i < m_raw.size(); ++i) {
    const RawField& raw = m_raw[i];
    std::size_t size = raw.end - raw.begin;
    if (raw.raw) {
      // Doubled quotes undone in place: the text only shrinks, and the buffer
      // is not read again before the next record.
      std::size_t out = raw.begin;
      bool inside = false;
      for (std::size_t at = raw.begin; at < raw.end; ++at) {
        const char c = data[at];
        if (c != '"') {
          data[out++] = c;
        } else if (inside && at + 1 < raw.end && data[at + 1] == '"') {
          data[out++] = '"';
          ++at;
        } else {
          inside = !inside;
        }
      }
      size = out - raw.begin;
    }
    m_fields[i] = CsvField{std::string_view(data + raw.begin, size), raw.line, raw.column};
  }
}

std::span<const CsvField> CsvReader::header() {
  if (m_header_read) {
    return m_header;
  }
  m_header_read = true;
  if (!read_record()) {
    if (!m_stopped) {
      add(Diagnostic{m_name, 1, 1, "the file is empty",
                     "a header row naming the columns comes first"});
    }
    return m_header;
  }
  materialize();
  m_header_text.reserve(m_fields.size());
  for (const CsvField& field : m_fields) {
    m_header_text.emplace_back(field.text);
  }
  m_header.reserve(m_fields.size());
  for (std::size_t i = 0; i < m_fields.size(); ++i) {
    m_header.push_back(CsvField{m_header_text[i], m_fields[i].line, m_fields[i].column});
  }
  return m_header;
}

std::optional<std::size_t> CsvReader::find_column(std::string_view name) {
  const std::span<const CsvField> fields = header();
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].text == name) {
      return i;
    }
  }
  return std::nullopt;
}

bool CsvReader::next() {
  const std::size_t expected = header().size();
  if (expected == 0) {
    return false;
  }
  while (read_record()) {
    ++m_records;
    if (m_raw.size() == expected) {
      materialize();
      return true;
    }
    // Located at the first field too many, or at the row's start when fields are missing.
    const RawField& at = m_raw.size() > expected ? m_raw[expected] : m_raw.front();
    add(Diagnostic{m_name, at.line, at.column,
                   fmt::format("the row has {} field{}, the header has {}", m_raw.size(),
                               m_raw.size() == 1 ? "" : "s", expected),
                   m_raw.size() > expected ? "quote a field that holds a comma" : ""});
  }
  return false;
}

}  // namespace leadplan
