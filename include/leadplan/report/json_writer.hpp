#pragma once
// A streaming JSON writer: constant memory however many channels a plan has,
// numbers at full precision (shortest round-trip form), locale-free.

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace leadplan {

// Writes indented JSON to `out`, buffering in chunks.
class JsonWriter {
 public:
  // `indent` spaces per level; 0 writes one line (JSON Lines).
  explicit JsonWriter(std::ostream& out, int indent = 2);
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;
  ~JsonWriter();

  void begin_object();
  void end_object();
  void begin_array();
  void end_array();
  // The key of the next value in the current object.
  void key(std::string_view name);

  void value(double number);
  void value(std::optional<double> number);
  void value(bool flag);
  void value(std::optional<bool> flag);
  void value(std::string_view text);
  void value(const char* text) { value(std::string_view(text)); }
  void value(const std::optional<std::string>& text);
  void null();
  // `key(name)` then `value(v)`: one field of the current object.
  template <typename T>
  void field(std::string_view name, const T& v) {
    key(name);
    value(v);
  }

  // Writes what is buffered to the stream.
  void flush();

 private:
  void before_value();
  void newline();

  std::ostream& m_out;
  int m_indent;
  std::string m_buffer;
  std::vector<bool> m_first;  // one per open container: no element written yet
  bool m_after_key = false;
};

// `text` as a JSON string literal, quotes included.
void append_json_string(std::string& out, std::string_view text);

// `number` as a JSON number: whole values below 2^53 without a fraction ("315"),
// others in the shortest form that reads back exactly ("31.746031746031747").
void append_json_number(std::string& out, double number);

}  // namespace leadplan
