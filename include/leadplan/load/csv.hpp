#pragma once
// A streaming RFC 4180 reader for CRM exports (leads and spend files): one
// record at a time from a bounded buffer, each field with the physical line and
// character column it starts at, and every problem collected as a Diagnostic.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "leadplan/load/document.hpp"
#include "leadplan/model/diagnostic.hpp"

namespace leadplan {

// The largest CSV file read (1 GiB): 7 times the contract's 1,000,000-row
// export of about 150 MB, and a wide CRM export of a million rows.
inline constexpr std::uint64_t k_max_csv_bytes = std::uint64_t{1} << 30;

// The longest record (1 MiB): far beyond any real lead, and what bounds the
// reader's memory when a quote is left open.
inline constexpr std::size_t k_max_csv_record_bytes = std::size_t{1} << 20;

// Reads up to `size` bytes into `buffer` and returns how many: 0 at the end.
// Throws InputError when the bytes cannot be read.
using ReadBytes = std::function<std::size_t(char* buffer, std::size_t size)>;

// Where a CSV reader's bytes come from: the `name` diagnostics use, the bytes,
// and the size when it is known beforehand (a regular file).
struct CsvInput {
  std::string name;
  ReadBytes read;
  std::optional<std::uint64_t> size;
};

// The file at `path` (`-`: standard input, named `<stdin>`), read in chunks and
// closed when the last copy of its ReadBytes goes; throws InputError (at 1:1)
// when it cannot be opened or is a directory.
[[nodiscard]] CsvInput open_csv_file(const std::string& path);

// `text` named `name`, handed out at most `piece` bytes at a time (tests use
// small pieces to cross every chunk boundary). `text` must outlive the reader.
[[nodiscard]] CsvInput csv_from_text(std::string name, std::string_view text,
                                     std::size_t piece = std::size_t{1} << 20);

// The limits a CsvReader enforces.
struct CsvOptions {
  std::uint64_t max_bytes = k_max_csv_bytes;
  std::size_t max_record_bytes = k_max_csv_record_bytes;
  std::size_t max_collected = k_max_collected;  // problems collected before reading stops
  std::size_t chunk_bytes = std::size_t{1} << 18;
};

// One field of a record: its text (quotes removed, doubled quotes undone),
// valid until the next call to CsvReader::next, and where it starts.
struct CsvField {
  std::string_view text;
  int line = 1;    // physical line of its first character (line breaks inside quotes count)
  int column = 1;  // column of its first character (the opening quote when quoted), in characters
};

// Reads a CSV file record by record: the first record is the header; `next`
// hands out each later record that has as many fields as the header. Blank
// lines are skipped. Problems (an unclosed quote, a stray quote, text after a
// closing quote, invalid UTF-8, a NUL byte, a lone CR, a row with the wrong
// number of fields, a file or record over its limit) are collected, located,
// and reading goes on where it can; a limit stops it.
class CsvReader {
 public:
  // Reads `input` within `options`.
  explicit CsvReader(CsvInput input, CsvOptions options = {});
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // The header's fields, read on first use (empty for an empty file, which is a problem).
  [[nodiscard]] std::span<const CsvField> header();

  // The index of the first header field that is exactly `name`, or nullopt.
  [[nodiscard]] std::optional<std::size_t> find_column(std::string_view name);

  // Reads the next data record; false at the end of the file or when reading had to stop.
  [[nodiscard]] bool next();

  // The fields of the record `next` read, as many as the header's.
  [[nodiscard]] std::span<const CsvField> fields() const { return m_fields; }

  // How many data records were read so far, the skipped ones (wrong number of fields) included.
  [[nodiscard]] std::uint64_t records() const { return m_records; }

  // Every problem found so far, in the order found (at most `max_collected`).
  [[nodiscard]] const std::vector<Diagnostic>& diagnostics() const { return m_diagnostics; }

  // Whether reading stopped before the end (a limit, or too many problems).
  [[nodiscard]] bool stopped() const { return m_stopped; }

  // The file's name, as diagnostics give it.
  [[nodiscard]] const std::string& name() const { return m_name; }

 private:
  struct RawField {
    std::size_t begin = 0;  // offset in the buffer of its text (or of its raw form when `raw`)
    std::size_t end = 0;
    int line = 1;
    int column = 1;
    bool raw =
        false;  // quoted with doubled quotes or text after the closing quote: undo on completion
  };
  enum class Parsed { record, blank, incomplete, end };

  Parsed parse_record();
  bool fill();
  bool read_record();
  void start();
  void materialize();
  void add(Diagnostic diagnostic);
  void stop(int line, std::string message, std::string hint);
  void record_too_long();

  std::string m_name;
  ReadBytes m_read;
  std::optional<std::uint64_t> m_size;
  CsvOptions m_options;
  std::vector<char> m_buffer;  // the bytes read, then a NUL that ends every scan at m_end
  std::size_t m_begin = 0;     // the first byte not yet parsed
  std::size_t m_end = 0;       // the end of the bytes read
  std::size_t m_next = 0;      // where the record parse_record found ends
  int m_next_line = 1;         // the physical line after it
  std::uint64_t m_bytes_read = 0;
  bool m_started = false;
  bool m_eof = false;
  bool m_stopped = false;
  bool m_header_read = false;
  int m_line = 1;  // the physical line at m_begin
  std::uint64_t m_records = 0;
  std::vector<RawField> m_raw;
  std::vector<CsvField> m_fields;
  std::vector<std::string> m_header_text;
  std::vector<CsvField> m_header;
  std::vector<Diagnostic> m_pending;
  std::vector<Diagnostic> m_diagnostics;
};

}  // namespace leadplan
