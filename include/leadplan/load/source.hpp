#pragma once
// Reading a scenario's bytes: bounded, from a path or standard input.

#include <cstddef>
#include <string>

namespace leadplan {

// The most bytes a scenario may have (16 MiB).
inline constexpr std::size_t k_max_source_bytes = std::size_t{16} * 1024 * 1024;

// A scenario's text and the name its diagnostics use (`<stdin>` for standard input).
struct Source {
  std::string name;
  std::string text;
};

// Reads `path` (`-` for standard input) up to `limit` bytes; throws InputError
// (at line 1, column 1) when it cannot be read, is a directory, or is too large.
[[nodiscard]] Source read_source(const std::string& path, std::size_t limit = k_max_source_bytes);

}  // namespace leadplan
