#include "leadplan/report/json_writer.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>

namespace leadplan {

namespace {

constexpr std::size_t k_flush_bytes = 1 << 16;

// The length of the valid UTF-8 sequence at `i` of `text`, or 0 when it is not one.
std::size_t utf8_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char c = byte(i);
  std::size_t length = 0;
  std::uint32_t code = 0;
  if ((c & 0xE0) == 0xC0) {
    length = 2;
    code = c & 0x1Fu;
  } else if ((c & 0xF0) == 0xE0) {
    length = 3;
    code = c & 0x0Fu;
  } else if ((c & 0xF8) == 0xF0) {
    length = 4;
    code = c & 0x07u;
  } else {
    return 0;
  }
  if (i + length > text.size()) {
    return 0;
  }
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) {
      return 0;
    }
    code = (code << 6) | (byte(i + k) & 0x3Fu);
  }
  static constexpr std::uint32_t k_min[] = {0, 0, 0x80, 0x800, 0x10000};
  if (code < k_min[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
    return 0;
  }
  return length;
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  static constexpr char k_hex[] = "0123456789abcdef";
  out.push_back('"');
  // Keys and names rarely need escaping: copy the longest plain ASCII prefix at once.
  std::size_t plain = 0;
  while (plain < text.size()) {
    const auto byte = static_cast<unsigned char>(text[plain]);
    if (byte < 0x20 || byte >= 0x7F || byte == '"' || byte == '\\') {
      break;
    }
    ++plain;
  }
  out.append(text.data(), plain);
  text.remove_prefix(plain);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x80) {
      // Scenario text is valid UTF-8, but file names and --set values come from
      // the command line: an invalid byte becomes U+FFFD, never invalid JSON.
      const std::size_t length = utf8_length(text, i);
      if (length == 0) {
        out += "\\ufffd";
      } else {
        out.append(text, i, length);
        i += length - 1;
      }
      continue;
    }
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (byte < 0x20 || byte == 0x7F) {
          out += "\\u00";
          out.push_back(k_hex[byte >> 4]);
          out.push_back(k_hex[byte & 0xF]);
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

void append_json_number(std::string& out, double number) {
  char buffer[32];
  if (!std::isfinite(number)) {
    out += "null";  // unreachable: the engine rejects plans that overflow
    return;
  }
  std::to_chars_result result{};
  if (number == std::trunc(number) && std::fabs(number) < 9007199254740992.0) {
    result = std::to_chars(buffer, buffer + sizeof buffer, static_cast<long long>(number));
  } else {
    result = std::to_chars(buffer, buffer + sizeof buffer, number);
  }
  out.append(buffer, result.ptr);
}

JsonWriter::JsonWriter(std::ostream& out, int indent) : m_out(out), m_indent(indent) {
  // Small to start with: most reports are a few KiB, and a 64 KiB block would
  // grow the heap (a brk call and page faults) for every run.
  m_buffer.reserve(4096);
}

JsonWriter::~JsonWriter() {
  flush();
}

void JsonWriter::flush() {
  if (!m_buffer.empty()) {
    m_out.write(m_buffer.data(), static_cast<std::streamsize>(m_buffer.size()));
    m_buffer.clear();
  }
}

void JsonWriter::newline() {
  if (m_indent > 0) {
    m_buffer.push_back('\n');
    m_buffer.append(m_first.size() * static_cast<std::size_t>(m_indent), ' ');
  }
}

void JsonWriter::before_value() {
  if (m_after_key) {
    m_after_key = false;
    return;
  }
  if (!m_first.empty()) {
    if (!m_first.back()) {
      m_buffer.push_back(',');
    }
    m_first.back() = false;
    newline();
  }
}

void JsonWriter::begin_object() {
  before_value();
  m_buffer.push_back('{');
  m_first.push_back(true);
}

void JsonWriter::end_object() {
  const bool empty = m_first.back();
  m_first.pop_back();
  if (!empty) {
    newline();
  }
  m_buffer.push_back('}');
  if (m_first.empty() && m_indent > 0) {
    m_buffer.push_back('\n');
  }
  if (m_buffer.size() > k_flush_bytes) {
    flush();
  }
}

void JsonWriter::begin_array() {
  before_value();
  m_buffer.push_back('[');
  m_first.push_back(true);
}

void JsonWriter::end_array() {
  const bool empty = m_first.back();
  m_first.pop_back();
  if (!empty) {
    newline();
  }
  m_buffer.push_back(']');
}

void JsonWriter::key(std::string_view name) {
  before_value();
  append_json_string(m_buffer, name);
  m_buffer += m_indent > 0 ? ": " : ":";
  m_after_key = true;
}

void JsonWriter::value(double number) {
  before_value();
  append_json_number(m_buffer, number);
}

void JsonWriter::value(std::optional<double> number) {
  if (number) {
    value(*number);
  } else {
    null();
  }
}

void JsonWriter::value(bool flag) {
  before_value();
  m_buffer += flag ? "true" : "false";
}

void JsonWriter::value(std::optional<bool> flag) {
  if (flag) {
    value(*flag);
  } else {
    null();
  }
}

void JsonWriter::value(std::string_view text) {
  before_value();
  append_json_string(m_buffer, text);
}

void JsonWriter::value(const std::optional<std::string>& text) {
  if (text) {
    value(std::string_view(*text));
  } else {
    null();
  }
}

void JsonWriter::null() {
  before_value();
  m_buffer += "null";
}

}  // namespace leadplan
