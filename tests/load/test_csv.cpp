// The streaming CSV reader (leadplan/load/csv.hpp).

#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "leadplan/load/csv.hpp"

using namespace leadplan;

namespace {

// Everything a reader hands out, as text: each record's fields with their
// places (`line:column=text`), then each problem as the CLI prints it.
struct Reading {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> problems;
  bool stopped = false;
  bool operator==(const Reading&) const = default;
};

std::string placed(const CsvField& field) {
  return std::to_string(field.line) + ":" + std::to_string(field.column) + "=" +
         std::string(field.text);
}

Reading read_all(CsvReader& reader) {
  Reading out;
  for (const CsvField& field : reader.header()) {
    out.header.push_back(placed(field));
  }
  while (reader.next()) {
    std::vector<std::string> row;
    for (const CsvField& field : reader.fields()) {
      row.push_back(placed(field));
    }
    out.rows.push_back(row);
  }
  for (const Diagnostic& d : reader.diagnostics()) {
    out.problems.push_back(format_diagnostic(d));
  }
  out.stopped = reader.stopped();
  return out;
}

// Reads `text` in pieces of `piece` bytes through a buffer of `chunk` bytes.
Reading read_text(std::string_view text, std::size_t piece = 1 << 20, CsvOptions options = {}) {
  CsvReader reader(csv_from_text("leads.csv", text, piece), options);
  return read_all(reader);
}

using Rows = std::vector<std::vector<std::string>>;
using Lines = std::vector<std::string>;

}  // namespace

TEST_CASE("records, fields and their places", "[csv]") {
  const Reading r = read_text("id,date\n1,2027-01-05\n22,\n");
  CHECK(r.header == Lines{"1:1=id", "1:4=date"});
  CHECK(r.rows == Rows{{"2:1=1", "2:3=2027-01-05"}, {"3:1=22", "3:4="}});
  CHECK(r.problems.empty());
  CHECK_FALSE(r.stopped);
}

TEST_CASE("CRLF, a byte order mark, no final line break, blank lines", "[csv]") {
  const Reading r = read_text("\xEF\xBB\xBFid,name\r\n1,a\r\n\r\n\n2,b");
  CHECK(r.header == Lines{"1:1=id", "1:4=name"});
  CHECK(r.rows == Rows{{"2:1=1", "2:3=a"}, {"5:1=2", "5:3=b"}});
  CHECK(r.problems.empty());
  CHECK(read_text("a,b\n1,\n").rows == Rows{{"2:1=1", "2:3="}});
  CHECK(read_text("a,b\n1,").rows == Rows{{"2:1=1", "2:3="}});
  CHECK(read_text("a\n\n\nx\n").rows == Rows{{"4:1=x"}});
}

TEST_CASE("quoted fields hold commas, doubled quotes and line breaks", "[csv]") {
  const std::string text =
      "id,company,note\n"
      "1,\"Acme, Inc.\",\"say \"\"hi\"\"\"\n"
      "2,\"two\nlines\",\"\"\n"
      "3,\"crlf\r\ninside\",x\r\n"
      "4,\"\"\"\",\"a,\"\"b\"\"\nc\"\n";
  const Reading r = read_text(text);
  CHECK(r.problems.empty());
  REQUIRE(r.rows.size() == 4);
  CHECK(r.rows[0] == Lines{"2:1=1", "2:3=Acme, Inc.", "2:16=say \"hi\""});
  CHECK(r.rows[1] == Lines{"3:1=2", "3:3=two\nlines", "4:8="});
  CHECK(r.rows[2] == Lines{"5:1=3", "5:3=crlf\r\ninside", "6:9=x"});
  CHECK(r.rows[3] == Lines{"7:1=4", "7:3=\"", "7:8=a,\"b\"\nc"});
}

TEST_CASE("columns count characters, not bytes", "[csv]") {
  // é is two bytes, 日 three, 😀 four: each one column, as editors count.
  const Reading r = read_text("a,b,c\né,日本,😀x\n\"é\ny\",z,\"日\"\n");
  CHECK(r.rows == Rows{{"2:1=é", "2:3=日本", "2:6=😀x"}, {"3:1=é\ny", "4:4=z", "4:6=日"}});
}

TEST_CASE("every chunk boundary gives the same reading", "[csv]") {
  const std::vector<std::string> texts = {
      "id,company,note\r\n1,\"Acme, Inc.\",\"say \"\"hi\"\"\"\r\n2,\"a\nb\",é日😀\r\n",
      "\xEF\xBB\xBFh1,h2\n\"x\"\"\",\"\"\n\n3,4",
      "a,b\n1,2,3\n4\n\"open,x\n",
      "a,b\nx\"y,\"q\"z\n\xC3,\xE6\x97\n\x00,\r\n",
      "a,b\n1,2\r",
      "a,b\n1,\"2\"",
      "a,b\n1,\"\xF0\x9F\x98\x80\"\n",
  };
  for (const std::string& text : texts) {
    CAPTURE(text);
    const Reading whole = read_text(text);
    for (std::size_t piece = 1; piece <= 9; ++piece) {
      CAPTURE(piece);
      CHECK(read_text(text, piece) == whole);
      CsvOptions small;
      small.chunk_bytes = piece;
      CHECK(read_text(text, piece, small) == whole);
    }
  }
}

TEST_CASE("an unclosed quote is located at its opening quote", "[csv]") {
  const Reading r = read_text("a,b\n1,2\n3,\"open\n4,5\n");
  CHECK(r.problems == Lines{"leads.csv:3:3: error: the quote opened here is not closed by the end "
                            "of the file; end the quoted field with \""});
  CHECK(r.rows == Rows{{"2:1=1", "2:3=2"}, {"3:1=3", "3:3=open\n4,5\n"}});
}

TEST_CASE("a quote inside an unquoted field, text after a closing quote", "[csv]") {
  const Reading r = read_text("a,b\nab\"c\"d,x\n\"q\"z,\"r\" ,y\n");
  CHECK(r.problems ==
        Lines{"leads.csv:2:3: error: a quote inside an unquoted field; quote the whole field and "
              "double the quotes inside it: \"a \"\"b\"\" c\"",
              "leads.csv:3:4: error: text after the closing quote of a quoted field; quote the "
              "whole field and double the quotes inside it: \"a \"\"b\"\" c\"",
              "leads.csv:3:9: error: text after the closing quote of a quoted field; quote the "
              "whole field and double the quotes inside it: \"a \"\"b\"\" c\"",
              "leads.csv:3:11: error: the row has 3 fields, the header has 2; quote a field "
              "that holds a comma"});
  // Reading goes on: the text is kept as it stands, quotes aside.
  CHECK(r.rows == Rows{{"2:1=ab\"c\"d", "2:8=x"}});
}

TEST_CASE("invalid UTF-8 is reported once a line, naming it", "[csv]") {
  // Latin-1 from an old Excel export: "Müller", "Café".
  const Reading r = read_text("name,city\nM\xFCller,Caf\xE9\n\"ok\",\xC3\xA9\xC3\n");
  CHECK(r.problems == Lines{"leads.csv:2:2: error: line 2 is not valid UTF-8 (byte 0xFC); save "
                            "the file as CSV UTF-8",
                            "leads.csv:3:7: error: line 3 is not valid UTF-8 (byte 0xC3); save "
                            "the file as CSV UTF-8"});
  // Overlong forms, surrogates and code points beyond U+10FFFF are invalid too.
  for (const char* bad : {"\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80",
                          "\xF8\x88\x80\x80\x80", "\x80"}) {
    CAPTURE(bad);
    CHECK(read_text(std::string("a\n") + bad + "\n").problems.size() == 1);
  }
  CHECK(read_text("a\n\xF4\x8F\xBF\xBF\xEF\xBF\xBD\n").problems.empty());
}

TEST_CASE("NUL bytes, lone carriage returns and UTF-16", "[csv]") {
  CHECK(read_text(std::string("a,b\n1,x\0y\n", 10)).problems ==
        Lines{"leads.csv:2:4: error: line 2 contains a NUL byte; is it UTF-16 or a "
              "spreadsheet? save it as CSV UTF-8"});
  CHECK(read_text("a,b\n1,x\ry\n").problems ==
        Lines{"leads.csv:2:4: error: a carriage return (CR) without a line feed; end lines "
              "with LF or CRLF, or quote the field"});
  const Reading utf16 =
      read_text(std::string("\xFF\xFE"
                            "a\0,\0b\0",
                            8));
  CHECK(utf16.problems ==
        Lines{"leads.csv:1:1: error: the file is UTF-16, not UTF-8; save it as CSV UTF-8"});
  CHECK(utf16.stopped);
  CHECK(utf16.header.empty());
}

TEST_CASE("a row with the wrong number of fields is reported and skipped", "[csv]") {
  const Reading r = read_text("a,b,c\n1,2\n1,2,3\n\"x\ny\",2,3,4,5\n");
  CHECK(r.problems == Lines{"leads.csv:2:1: error: the row has 2 fields, the header has 3",
                            "leads.csv:5:8: error: the row has 5 fields, the header has 3; quote "
                            "a field that holds a comma"});
  CHECK(r.rows == Rows{{"3:1=1", "3:3=2", "3:5=3"}});
  CsvReader reader(csv_from_text("x.csv", "a,b\n1\n2,3\n"));
  CHECK(reader.next());
  CHECK(reader.records() == 2);
  CHECK(reader.diagnostics().front().message == "the row has 1 field, the header has 2");
}

TEST_CASE("an empty file has no header", "[csv]") {
  for (const char* text : {"", "\n\n", "\xEF\xBB\xBF"}) {
    CAPTURE(text);
    const Reading r = read_text(text);
    CHECK(r.problems ==
          Lines{"leads.csv:1:1: error: the file is empty; a header row naming the columns comes "
                "first"});
    CHECK(r.header.empty());
  }
}

TEST_CASE("limits stop reading: file size, record size, problems", "[csv]") {
  CsvOptions options;
  options.max_bytes = 20;
  const Reading big = read_text("a,b\n1,2\n3,4\n5,6\n7,8\n9,0\n", 4, options);
  CHECK(big.stopped);
  CHECK(big.problems == Lines{"leads.csv:1:1: error: the file is larger than the limit of 20 "
                              "bytes; keep only the columns needed, or split the export by date"});
  // A regular file's size is known before reading.
  CsvInput known = csv_from_text("big.csv", "a\n1\n");
  known.size = (std::uint64_t{1} << 30) + 1;
  CsvReader sized(std::move(known));
  CHECK(sized.header().empty());
  CHECK_FALSE(sized.next());
  CHECK(sized.stopped());
  CHECK(format_diagnostic(sized.diagnostics().at(0)) ==
        "big.csv:1:1: error: the file is larger than the limit of 1073741824 bytes (1 GiB); "
        "keep only the columns needed, or split the export by date");

  // A record may not grow the buffer without bound, however the file is cut.
  options = CsvOptions{};
  options.max_record_bytes = 16;
  const std::string open_quote = "a\nok\n\"" + std::string(100, 'x') + "\n";
  for (const std::size_t piece : {std::size_t{3}, std::size_t{1} << 20}) {
    const Reading r = read_text(open_quote, piece, options);
    CHECK(r.stopped);
    CHECK(r.rows == Rows{{"2:1=ok"}});
    CHECK(r.problems == Lines{"leads.csv:3:1: error: the record starting on this line is longer "
                              "than the limit of 16 bytes; is a quote left open?"});
  }
  CHECK(read_text("a\n" + std::string(15, 'x') + "\n", 1, options).problems.empty());

  // At most `max_collected` problems: then reading stops.
  options = CsvOptions{};
  options.max_collected = 3;
  const Reading many = read_text("a,b\n1\n2\n3\n4\n5\n", 1 << 20, options);
  CHECK(many.problems.size() == 3);
  CHECK(many.stopped);
}

TEST_CASE("reading and opening files", "[csv]") {
  char path[] = "/tmp/leadplan_csv_XXXXXX";
  const int fd = ::mkstemp(path);
  REQUIRE(fd >= 0);
  ::close(fd);
  {
    std::ofstream out(path, std::ios::binary);
    out << "Record ID,Create Date\n";
    for (int i = 0; i < 100000; ++i) {
      out << i << ",\"2027-01-05 10:00\"\n";
    }
  }
  CsvReader reader(open_csv_file(path), CsvOptions{});
  CHECK(reader.find_column("Create Date") == 1);
  CHECK_FALSE(reader.find_column("create date"));
  std::uint64_t rows = 0;
  bool same = true;
  while (reader.next()) {
    same = same && reader.fields()[1].text == "2027-01-05 10:00" &&
           reader.fields()[0].text == std::to_string(rows) &&
           reader.fields()[1].line == static_cast<int>(rows) + 2;
    ++rows;
  }
  CHECK(same);
  CHECK(rows == 100000);
  CHECK(reader.diagnostics().empty());
  std::remove(path);
  try {
    (void)open_csv_file("/nonexistent/leads.csv");
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(format_diagnostic(e.diagnostics().at(0)) ==
          "/nonexistent/leads.csv:1:1: error: cannot open the file: No such file or directory");
  }
  CHECK_THROWS_AS(open_csv_file("/tmp"), InputError);
}
