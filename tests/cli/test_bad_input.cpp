// The bad-input battery (issue 4): malformed scenarios run through the built
// executable. Each must exit 2 with nothing on stdout and name the exact
// FILE:LINE:COLUMN and message of its first problem. Inputs are inline strings,
// or small files under tests/data/bad/ where the bytes themselves are the point.

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

namespace {

namespace fs = std::filesystem;

// A minimal valid scenario: 5 wins, two stages. Lines 1 to 6.
const std::string k_valid =
    "target:\n"
    "  wins: 5\n"
    "funnel:\n"
    "  - stage: lead\n"
    "  - stage: won\n"
    "    rate: 20%\n";

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

struct Run {
  int status = -1;
  std::string out;
  std::string err;

  [[nodiscard]] std::vector<std::string> err_lines() const {
    std::vector<std::string> lines;
    std::istringstream in(err);
    for (std::string line; std::getline(in, line);) {
      lines.push_back(line);
    }
    return lines;
  }
  [[nodiscard]] std::string first_error() const {
    const auto lines = err_lines();
    return lines.empty() ? std::string() : lines.front();
  }
};

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A scratch folder per test; runs the executable inside it.
class BadInput {
 public:
  BadInput() {
    std::string pattern = (fs::temp_directory_path() / "leadplan-bad-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    m_dir = pattern;
  }
  BadInput(const BadInput&) = delete;
  BadInput& operator=(const BadInput&) = delete;
  ~BadInput() {
    std::error_code ignored;
    fs::remove_all(m_dir, ignored);
  }

  void write(const std::string& name, const std::string& bytes) const {
    std::ofstream out(m_dir / name, std::ios::binary);
    out << bytes;
  }

  // Runs `leadplan ARGUMENTS` in the scratch folder, GitHub Actions off unless
  // `environment` says otherwise; `input` is a file of the folder for stdin.
  Run run(const std::string& arguments, const std::string& environment = "",
          const std::string& input = "") const {
    const std::string command = "cd '" + m_dir.string() + "' && env -u GITHUB_ACTIONS " +
                                environment + " '" LEADPLAN_EXECUTABLE "' " + arguments +
                                (input.empty() ? " </dev/null" : " <'" + input + "'") +
                                " >stdout.txt 2>stderr.txt";
    const int raw = std::system(command.c_str());
    Run result;
    REQUIRE(raw != -1);
    REQUIRE(WIFEXITED(raw));  // never a signal
    result.status = WEXITSTATUS(raw);
    result.out = read_file(m_dir / "stdout.txt");
    result.err = read_file(m_dir / "stderr.txt");
    return result;
  }

  // Writes `bytes` to bad.yaml and runs `calc` on it, excerpts off.
  Run calc(const std::string& bytes, const std::string& options = "") const {
    write("bad.yaml", bytes);
    return run("--excerpt never calc bad.yaml " + options);
  }

  [[nodiscard]] const fs::path& dir() const { return m_dir; }

 private:
  fs::path m_dir;
};

struct Case {
  const char* name;
  std::string input;
  std::string expected;  // the first line of stderr, exactly
};

void check_case(const BadInput& fixture, const Case& c) {
  INFO("case: " << c.name);
  const Run r = fixture.calc(c.input);
  CHECK(r.status == 2);
  CHECK(r.out.empty());
  CHECK(r.first_error() == c.expected);
}

std::string nested_maps(int depth) {
  std::string text;
  for (int i = 0; i < depth; ++i) {
    text += std::string(static_cast<std::size_t>(2 * i), ' ') + "k" + std::to_string(i) + ":\n";
  }
  return text + std::string(static_cast<std::size_t>(2 * depth), ' ') + "v\n";
}

}  // namespace

TEST_CASE_METHOD(BadInput, "malformed YAML is a located syntax error", "[cli][bad-input]") {
  const std::vector<Case> cases = {
      {"unclosed flow sequence", "funnel: [a, b\n",
       "bad.yaml:2:1: error: YAML syntax: end of sequence flow not found"},
      {"unclosed double quote swallowing the file", k_valid + "name: \"FY27\nbudget: 100\n",
       "bad.yaml:7:7: error: the quoted text starting here has no closing `\"`; add the closing "
       "quote; without it YAML reads on to the end of the file"},
      {"unclosed single quote", k_valid + "name: 'FY27\nbudget: 100\n",
       "bad.yaml:7:7: error: the quoted text starting here has no closing `'`; add the closing "
       "quote; without it YAML reads on to the end of the file"},
      {"over-indented key", "target:\n  wins: 5\n   x: 1\n",
       "bad.yaml:3:4: error: YAML syntax: `x` is indented more than `wins` on the line above, so "
       "YAML reads it as the rest of that value; indent `x` like `wins` (2 spaces)"},
      {"an under-indented key names its block",
       "target:\n    wins: 5\n  confidence: 90%\nfunnel:\n  - stage: lead\n",
       "bad.yaml:3:3: error: YAML syntax: the block of `target` is mis-indented: this line has 2 "
       "spaces, the keys above it 4; indent the lines of a block by the same number of spaces"},
      {"a mis-indented key in a list item names its list",
       replaced(k_valid, "    rate: 20%", "   rate: 20%"),
       "bad.yaml:6:4: error: YAML syntax: the list `funnel` is mis-indented: this line has 3 "
       "spaces, the `- ` of its items 2 and their keys 4; indent the lines of a block by the same "
       "number of spaces"},
      {"no space after the colon, before the next item",
       k_valid + "  - stage: x\n    rate:40%\n  - stage: y\n    rate: 5%\n",
       "bad.yaml:8:5: error: `rate:40%` has no space after the colon, so YAML reads it as text, "
       "not as a key and its value; put a space after the colon: `rate: 40%`"},
      {"no space after the colon, at the end", replaced(k_valid, "rate: 20%", "rate:20%"),
       "bad.yaml:6:5: error: `rate:20%` has no space after the colon, so YAML reads it as text, "
       "not as a key and its value; put a space after the colon: `rate: 20%`"},
      {"no space after the colon, a top-level key", k_valid + "budget:10000\n",
       "bad.yaml:7:1: error: `budget:10000` has no space after the colon, so YAML reads it as "
       "text, not as a key and its value; put a space after the colon: `budget: 10000`"},
      {"no space after the colon, a list item", replaced(k_valid, "- stage: lead", "- stage:lead"),
       "bad.yaml:4:5: error: `stage:lead` has no space after the colon, so YAML reads it as text, "
       "not as a key and its value; put a space after the colon: `stage: lead`"},
      {"a list item without its dash", replaced(k_valid, "  - stage: won", "    stage: won"),
       "bad.yaml:5:5: error: `stage` starts a new list item here (the item above has it on line "
       "4), but the item has no `- `; start the item with `- `: `- stage: won`"},
      {"tab indentation", "target:\n\twins: 5\n",
       "bad.yaml:2:1: error: YAML syntax: a tab in the indentation; indent with spaces; YAML does "
       "not allow tabs there"},
      {"a lone comma (yaml-cpp loops on it)", ",",
       "bad.yaml:1:1: error: YAML syntax: unexpected `,`"},
      {"a comma and text", ",foo", "bad.yaml:1:1: error: YAML syntax: unexpected `,`"},
      {"two values on a line", k_valid + "name: a: b\n",
       "bad.yaml:7:8: error: YAML syntax: illegal map value"},
      {"a value starting with %", k_valid + "name: %x\n",
       "bad.yaml:7:7: error: YAML syntax: unknown token; a plain value cannot start with `%`; "
       "put it in quotes"},
      {"a value starting with @", k_valid + "name: @x\n",
       "bad.yaml:7:7: error: YAML syntax: unknown token; a plain value cannot start with `@`; "
       "put it in quotes"},
  };
  for (const Case& c : cases) {
    check_case(*this, c);
  }
}

TEST_CASE_METHOD(BadInput, "a copy-paste mistake is one error, not one per key it breaks",
                 "[cli][bad-input]") {
  const auto errors = [](const Run& r) {
    std::vector<std::string> lines;
    for (const std::string& line : r.err_lines()) {
      if (line.find(": error: ") != std::string::npos) {
        lines.push_back(line);
      }
    }
    return lines;
  };
  // The second item lost its `- `: both its keys repeat the first item's.
  const Run dash = calc(k_valid + "  - stage: sql\n    rate: 40%\n    stage: won2\n    rate: 5%\n");
  CHECK(dash.status == 2);
  CHECK(dash.out.empty());
  CHECK(errors(dash) ==
        std::vector<std::string>{
            "bad.yaml:9:5: error: `stage` starts a new list item here (the item above has it on "
            "line 7), but the item has no `- `; start the item with `- `: `- stage: won2`"});
  // A repeated key that is not the item's first stays a duplicate.
  const Run twice = calc(replaced(k_valid, "    rate: 20%", "    rate: 20%\n    rate: 30%"));
  CHECK(twice.first_error() ==
        "bad.yaml:7:5: error: duplicate key `rate` (first given on line 6); keep one of them");
  // `budget:10000` is not also an unknown key, nor `stage:lead` a funnel entry that is no map.
  const Run glued = calc(replaced(k_valid, "- stage: lead", "- stage:lead") + "budget:10000\n");
  CHECK(glued.status == 2);
  CHECK(errors(glued).size() == 2);
}

TEST_CASE_METHOD(BadInput, "encodings, control characters and line ends", "[cli][bad-input]") {
  const std::vector<Case> cases = {
      {"UTF-16 big-endian without BOM",
       [] {
         std::string text;
         for (char c : k_valid) {
           text += '\0';
           text += c;
         }
         return text;
       }(),
       "bad.yaml:1:1: error: the scenario contains a NUL byte; save it as UTF-8, not UTF-16"},
      {"UTF-32 with BOM", std::string("\xFF\xFE\0\0t\0\0\0", 8),
       "bad.yaml:1:1: error: the scenario is not valid UTF-8; save it as UTF-8, not UTF-32"},
      {"an escape character", k_valid + "name: a\x1b[31m\n",
       "bad.yaml:7:8: error: the scenario contains the control character U+001B; remove it; YAML "
       "allows no control characters but tabs and line breaks"},
      {"a C1 control character", k_valid + "name: a\xC2\x85\n",
       "bad.yaml:7:8: error: the scenario contains the control character U+0085; remove it; YAML "
       "allows no control characters but tabs and line breaks"},
      {"classic Mac line ends", "target:\r  wins: 5\r",
       "bad.yaml:1:8: error: a carriage return (CR) without a line feed; save the file with LF or "
       "CRLF line ends"},
      {"an overlong UTF-8 encoding", k_valid + "name: \xC0\xAF\n",
       "bad.yaml:7:7: error: the scenario is not valid UTF-8; save it as UTF-8"},
      {"a UTF-16 surrogate in UTF-8", k_valid + "name: \xED\xA0\x80\n",
       "bad.yaml:7:7: error: the scenario is not valid UTF-8; save it as UTF-8"},
      {"a column counted in characters", "name: \"\xC3\xA9\xC3\xA9\" \n" + k_valid + "budget: x\n",
       "bad.yaml:8:9: error: `budget` must be an amount of money, got `x`"},
      {"a column after non-ASCII text on the same line",
       "target: {wins: 5}\nfunnel: [{stage: \xC3\xA9t\xC3\xA9}, {stage: b, rate: 7}]\n",
       "bad.yaml:2:41: error: `rate` `7` is above 1; write `7%` or `0.07`"},
  };
  for (const Case& c : cases) {
    check_case(*this, c);
  }
}

TEST_CASE_METHOD(BadInput, "files under tests/data/bad keep their bytes", "[cli][bad-input]") {
  const fs::path data = fs::path(LEADPLAN_SOURCE_DIR) / "tests" / "data" / "bad";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"utf16le.yaml",
       "utf16le.yaml:1:1: error: the scenario is not valid UTF-8; save it as UTF-8, not UTF-16"},
      {"latin1.yaml", "latin1.yaml:7:10: error: the scenario is not valid UTF-8; save it as UTF-8"},
      {"nul.yaml", "nul.yaml:7:8: error: the scenario contains a NUL byte; save it as UTF-8"},
      {"crlf.yaml", "crlf.yaml:7:9: error: `budget` must be an amount of money, got `abc`"},
      {"bom.yaml", "bom.yaml:7:9: error: `budget` must be greater than 0, got `-1`"},
  };
  for (const auto& [name, expected] : cases) {
    INFO("file: " << name);
    fs::copy_file(data / name, dir() / name);
    const Run r = run("--excerpt never calc " + name);
    CHECK(r.status == 2);
    CHECK(r.out.empty());
    CHECK(r.first_error() == expected);
  }
}

TEST_CASE_METHOD(BadInput, "empty files and documents that are no scenario", "[cli][bad-input]") {
  const std::string not_a_map =
      "error: a scenario must be a map of keys such as `target:` and `funnel:`; see "
      "docs/scenario.md";
  const std::vector<Case> cases = {
      {"an empty file", "", "bad.yaml:1:1: error: the scenario is empty; see docs/scenario.md"},
      {"only comments", "# a scenario\n# to come\n",
       "bad.yaml:1:1: error: the scenario is empty; see docs/scenario.md"},
      {"only a document marker", "---\n",
       "bad.yaml:1:1: error: the scenario is empty; see docs/scenario.md"},
      {"a null document", "~\n", "bad.yaml:1:1: " + not_a_map},
      {"a scalar document", "hello\n", "bad.yaml:1:1: " + not_a_map},
      {"a list document", "- target\n- funnel\n", "bad.yaml:1:1: " + not_a_map},
      {"a second document", k_valid + "---\n" + k_valid,
       "bad.yaml:7:1: error: a second YAML document starts here; a scenario file holds one; "
       "remove everything from this `---` on, or split it into two files"},
  };
  for (const Case& c : cases) {
    check_case(*this, c);
  }
}

TEST_CASE_METHOD(BadInput, "YAML features a scenario does not use", "[cli][bad-input]") {
  const std::vector<Case> cases = {
      {"an alias", k_valid + "budget: &b 100\nchecks:\n  max_budget_needed: *b\n",
       "bad.yaml:9:22: error: YAML aliases (`*name`) are not supported in a scenario; write the "
       "value out"},
      {"a recursive alias", "a: &a [*a]\n",
       "bad.yaml:1:1: error: unknown key `a` in the scenario; expected one of: leadplan, name, "
       "period, currency, rounding, target, funnel, budget, channels, checks, timeline, actuals"},
      {"a tag", k_valid + "budget: !!float 100\n",
       "bad.yaml:7:9: error: YAML tags (`!!float`) are not supported in a scenario; remove the "
       "tag"},
      {"a merge key", replaced(k_valid, "  wins: 5\n", "  <<: {wins: 5}\n"),
       "bad.yaml:2:3: error: YAML merge keys (`<<`) are not supported in a scenario; write the "
       "keys out"},
      {"a duplicate key", k_valid + "budget: 1\nbudget: 2\n",
       "bad.yaml:8:1: error: duplicate key `budget` (first given on line 7); keep one of them"},
      {"a list as a key", k_valid + "? [a, b]\n: 1\n",
       "bad.yaml:7:3: error: a key must be plain text, not a list or a map"},
  };
  for (const Case& c : cases) {
    check_case(*this, c);
  }
  // The alias bomb stops at the first alias: nothing is expanded.
  const Run bomb = calc(
      "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
      "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n");
  CHECK(bomb.status == 2);
  CHECK(bomb.out.empty());
}

TEST_CASE_METHOD(BadInput, "nesting and size limits", "[cli][bad-input]") {
  const std::string too_deep =
      "error: the scenario is nested more than 32 levels deep; a scenario needs about 5";
  check_case(*this, {"33 nested block maps", nested_maps(33), "bad.yaml:33:65: " + too_deep});
  check_case(*this, {"a flow sequence 100000 deep",
                     "x: " + std::string(100000, '[') + std::string(100000, ']') + "\n",
                     "bad.yaml:1:35: " + too_deep});
  check_case(*this, {"an unclosed flow sequence 100000 deep", std::string(100000, '['),
                     "bad.yaml:1:33: " + too_deep});
  // 32 levels are within the limit: the only problems are the scenario's own.
  const Run deep_enough = calc(nested_maps(32));
  CHECK(deep_enough.status == 2);
  CHECK(deep_enough.err.find("nested") == std::string::npos);

  // One byte over 16 MiB.
  write("big.yaml", std::string(std::size_t{16} * 1024 * 1024 + 1, '#'));
  const Run big = run("calc big.yaml");
  CHECK(big.status == 2);
  CHECK(big.out.empty());
  CHECK(big.first_error() ==
        "big.yaml:1:1: error: the scenario is larger than the limit of "
        "16777216 bytes");
  if (fs::exists("/dev/zero")) {
    const Run zero = run("calc /dev/zero");
    CHECK(zero.status == 2);
    CHECK(zero.first_error() ==
          "/dev/zero:1:1: error: the scenario is larger than the limit of "
          "16777216 bytes");
  }
}

TEST_CASE_METHOD(BadInput, "files that cannot be read", "[cli][bad-input]") {
  const Run missing = run("calc nope.yaml");
  CHECK(missing.status == 2);
  CHECK(missing.out.empty());
  CHECK(missing.first_error() ==
        "nope.yaml:1:1: error: cannot open the scenario: No such file or directory");

  fs::create_directory(dir() / "folder");
  const Run folder = run("calc folder");
  CHECK(folder.status == 2);
  CHECK(folder.out.empty());
  CHECK(folder.first_error() == "folder:1:1: error: is a directory, not a scenario file");

  // Standard input is named <stdin>; an empty one is an empty scenario.
  write("in.yaml", k_valid + "budget: abc\n");
  const Run piped = run("calc -", "", "in.yaml");
  CHECK(piped.status == 2);
  CHECK(piped.first_error() ==
        "<stdin>:7:9: error: `budget` must be an amount of money, got `abc`");
  const Run empty = run("calc -");
  CHECK(empty.status == 2);
  CHECK(empty.first_error() == "<stdin>:1:1: error: the scenario is empty; see docs/scenario.md");
}

TEST_CASE_METHOD(BadInput, "numbers that are not numbers, or out of range", "[cli][bad-input]") {
  const std::string money = "error: `budget` must be an amount of money, got ";
  const std::vector<Case> cases = {
      {".inf", replaced(k_valid, "wins: 5", "wins: .inf"),
       "bad.yaml:2:9: error: `wins` must be a finite number, got `.inf`"},
      {".nan", replaced(k_valid, "wins: 5", "wins: .nan"),
       "bad.yaml:2:9: error: `wins` must be a finite number, got `.nan`"},
      {"1e400", k_valid + "budget: 1e400\n",
       "bad.yaml:7:9: error: `budget` `1e400` is too large to be a number"},
      {"1e-400", k_valid + "budget: 1e-400\n",
       "bad.yaml:7:9: error: `budget` `1e-400` is too small to be a number"},
      {"a subnormal", replaced(k_valid, "wins: 5", "wins: 4e-320"),
       "bad.yaml:2:9: error: `wins` `4e-320` is too small to be a number"},
      {"hex", k_valid + "budget: 0x1A\n", "bad.yaml:7:9: " + money + "`0x1A`"},
      {"octal", k_valid + "budget: 0o17\n", "bad.yaml:7:9: " + money + "`0o17`"},
      {"a leading zero", k_valid + "budget: 010\n",
       "bad.yaml:7:9: " + money +
           "`010`; remove the leading zeros (YAML 1.1 reads numbers such as `010` as octal)"},
      {"underscores", k_valid + "budget: 1_000\n",
       "bad.yaml:7:9: " + money + "`1_000`; write the number without separators: `1000`"},
      {"thousands separators", k_valid + "budget: 1,000\n",
       "bad.yaml:7:9: " + money + "`1,000`; write the number without separators: `1000`"},
      {"Indian grouping, no safe reading", k_valid + "budget: 1,00,000\n",
       "bad.yaml:7:9: " + money + "`1,00,000`; write the number without separators, e.g. `10000`"},
      {"a decimal comma in a rate", replaced(k_valid, "rate: 20%", "rate: 0,2"),
       "bad.yaml:6:11: error: `rate` must be a rate, got `0,2`; write the number with a decimal "
       "point: `0.2`"},
      {"a decimal comma in a percentage", replaced(k_valid, "rate: 20%", "rate: 12,5%"),
       "bad.yaml:6:11: error: `rate` must be a rate, got `12,5%`; write the number with a decimal "
       "point: `12.5%`"},
      {"a decimal comma above 1 in a rate", replaced(k_valid, "rate: 20%", "rate: 40,5"),
       "bad.yaml:6:11: error: `rate` must be a rate, got `40,5`; write the number with a decimal "
       "point: `40.5%`"},
      {"a decimal comma in money", k_valid + "budget: 12,50\n",
       "bad.yaml:7:9: " + money + "`12,50`; write the number with a decimal point: `12.50`"},
      {"a comma before a zero group is decimal", k_valid + "budget: 0,200\n",
       "bad.yaml:7:9: " + money + "`0,200`; write the number with a decimal point: `0.200`"},
      {"millions", k_valid + "budget: 1,000,000.50\n",
       "bad.yaml:7:9: " + money +
           "`1,000,000.50`; write the number without separators: `1000000.50`"},
      {"European grouping", k_valid + "budget: 1.234,50\n",
       "bad.yaml:7:9: " + money +
           "`1.234,50`; write the number without separators, with a decimal point: `1234.50`"},
      {"a dollar sign and separators", k_valid + "budget: $10,000\n",
       "bad.yaml:7:9: " + money +
           "`$10,000`; write the number without the currency sign and separators: `10000`"},
      {"a euro sign after a decimal comma", k_valid + "budget: 12,50 \xE2\x82\xAC\n",
       "bad.yaml:7:9: " + money +
           "`12,50 \xE2\x82\xAC`; write the number without the currency sign, with a decimal "
           "point: `12.50`"},
      {"a currency code", k_valid + "budget: 10000 USD\n",
       "bad.yaml:7:9: " + money +
           "`10000 USD`; write the number without the currency code: `10000` (`currency:` sets "
           "the currency)"},
      {"three capitals that are no currency", k_valid + "budget: 10000 ABC\n",
       "bad.yaml:7:9: " + money + "`10000 ABC`"},
      {"trailing junk", k_valid + "budget: 100abc\n", "bad.yaml:7:9: " + money + "`100abc`"},
      {"a boolean", k_valid + "budget: true\n",
       "bad.yaml:7:9: error: `budget` must be an amount of money, got the boolean `true`"},
      {"a quoted number", k_valid + "budget: \"100\"\n",
       "bad.yaml:7:9: error: `budget` must be an amount of money, got the text `100`; remove the "
       "quotes"},
      {"a block scalar", k_valid + "budget: |\n  100\n",
       "bad.yaml:7:9: error: `budget` must be an amount of money, got the text `100\\n`"},
      {"a negative amount", k_valid + "budget: -5\n",
       "bad.yaml:7:9: error: `budget` must be greater than 0, got `-5`"},
      {"zero", k_valid + "budget: 0\n",
       "bad.yaml:7:9: error: `budget` must be greater than 0, got `0`"},
      {"minus zero", replaced(k_valid, "wins: 5", "wins: -0"),
       "bad.yaml:2:9: error: `wins` must be greater than 0, got `-0`"},
      {"above 1e15", k_valid + "budget: 1e16\n",
       "bad.yaml:7:9: error: `budget` must be at most 1e15, got `1e16`"},
      {"a percentage for money", k_valid + "channels:\n  - name: a\n    cpl: 10%\n",
       "bad.yaml:9:10: error: `cpl` must be an amount of money, not a percentage, got `10%`"},
      {"a rate above 1", replaced(k_valid, "rate: 20%", "rate: 20"),
       "bad.yaml:6:11: error: `rate` `20` is above 1; write `20%` or `0.2`"},
      {"a rate of 0%", replaced(k_valid, "rate: 20%", "rate: 0%"),
       "bad.yaml:6:11: error: `rate` must be above 0%, got `0%`"},
      {"a rate above 100%", replaced(k_valid, "rate: 20%", "rate: 150%"),
       "bad.yaml:6:11: error: `rate` must be at most 100%, got `150%`"},
      {"a negative rate", replaced(k_valid, "rate: 20%", "rate: -5%"),
       "bad.yaml:6:11: error: `rate` must be above 0%, got `-5%`"},
      {"a rate in words", replaced(k_valid, "rate: 20%", "rate: twenty"),
       "bad.yaml:6:11: error: `rate` must be a rate, got `twenty`; write `20%` or `0.2`"},
      {"a benchmark above 100%", replaced(k_valid, "rate: 20%", "rate: 20%\n    benchmark: 101%"),
       "bad.yaml:7:16: error: `benchmark` must be at most 100%, got `101%`"},
      {"a share above 100%", k_valid + "channels:\n  - name: a\n    cpl: 10\n    share: 120%\n",
       "bad.yaml:10:12: error: `share` must be at most 100%, got `120%`"},
      {"shares above 100% in total",
       k_valid + "channels:\n  - name: a\n    cpl: 10\n    share: 60%\n  - name: b\n    cpl: 10\n"
                 "    share: 50%\n",
       "bad.yaml:8:3: error: channel shares add up to 110%, more than 100%; lower the shares so "
       "they total 100% or less"},
      {"a capacity of 0", replaced(k_valid, "- stage: lead\n", "- stage: lead\n    capacity: 0\n"),
       "bad.yaml:5:15: error: `capacity` must be greater than 0, got `0`"},
      {"negative max_leads", k_valid + "channels:\n  - name: a\n    cpl: 10\n    max_leads: -1\n",
       "bad.yaml:10:16: error: `max_leads` must be greater than 0, got `-1`"},
      {"a list for a number", replaced(k_valid, "wins: 5", "wins: [1, 2]"),
       "bad.yaml:2:9: error: `wins` must be a single value, not a list"},
      {"a map for a number", replaced(k_valid, "wins: 5", "wins: {a: 1}"),
       "bad.yaml:2:9: error: `wins` must be a single value, not a map"},
      {"an empty value, located at its key", k_valid + "budget:\n",
       "bad.yaml:7:1: error: `budget` has no value; give an amount of money or remove the key"},
      {"a null value", k_valid + "budget: ~\n",
       "bad.yaml:7:9: error: `budget` has no value; give an amount of money or remove the key"},
      {"a min_coverage above 1e15", k_valid + "checks:\n  min_coverage: 1e16\n",
       "bad.yaml:8:17: error: `min_coverage` must be at most 1e15, got `1e16`"},
      {"a flag that is not true or false", k_valid + "checks:\n  channels_within_allowable: yes\n",
       "bad.yaml:8:30: error: `channels_within_allowable` must be `true` or `false`"},
  };
  for (const Case& c : cases) {
    check_case(*this, c);
  }
}

TEST_CASE_METHOD(BadInput, "keys: unknown, missing, duplicate", "[cli][bad-input]") {
  const std::vector<Case> cases = {
      {"a misspelt top-level key", k_valid + "budgte: 100\n",
       "bad.yaml:7:1: error: unknown key `budgte` in the scenario; did you mean `budget`?"},
      {"an unknown channel key", k_valid + "channels:\n  - name: a\n    cpl: 10\n    colour: red\n",
       "bad.yaml:10:5: error: unknown key `colour` in a channel; expected one of: name, cpl, "
       "cpl_tiers, mql_rate, rates, share, max_leads, min_spend, max_spend"},
      {"an empty key", k_valid + "'': 5\n", "bad.yaml:7:1: error: a key in the scenario is empty"},
      {"no target, located at the map that lacks it",
       "funnel:\n  - stage: lead\n  - stage: won\n    rate: 20%\n",
       "bad.yaml:1:1: error: missing required key `target`; give `wins`, or `revenue` and "
       "`deal_size`"},
      {"no funnel", "target:\n  wins: 5\n",
       "bad.yaml:1:1: error: missing required key `funnel`; list at least 2 stages, top first"},
      {"one stage", "target:\n  wins: 5\nfunnel:\n  - stage: lead\n",
       "bad.yaml:4:3: error: the funnel needs at least 2 stages, got 1; list the stages top "
       "first, e.g. lead, mql, sql, meeting, won"},
      {"an empty stage",
       "target:\n  wins: 5\nfunnel:\n  -\n  - stage: lead\n  - stage: won\n"
       "    rate: 20%\n",
       "bad.yaml:4:3: error: a stage of `funnel` is empty; write a stage such as `- stage: mql`"},
      {"a rate on the first stage",
       replaced(k_valid, "- stage: lead\n", "- stage: lead\n    rate: 10%\n"),
       "bad.yaml:5:5: error: the first stage takes no `rate`: it is where the funnel starts; move "
       "this rate to the stage below"},
      {"a stage without a rate", "target:\n  wins: 5\nfunnel:\n  - stage: lead\n  - stage: won\n",
       "bad.yaml:5:5: error: stage `won` needs a `rate` (the conversion from the stage above)"},
      {"a duplicate stage",
       "target:\n  wins: 5\nfunnel:\n  - stage: lead\n  - stage: lead\n"
       "    rate: 20%\n",
       "bad.yaml:5:12: error: duplicate stage name `lead` (first on line 4); stage names must be "
       "unique"},
      {"a duplicate channel",
       k_valid + "channels:\n  - name: a\n    cpl: 10\n  - name: a\n    cpl: 20\n",
       "bad.yaml:10:11: error: duplicate channel name `a` (first on line 8); channel names must be "
       "unique"},
      {"a channel without cpl", k_valid + "channels:\n  - name: a\n",
       "bad.yaml:8:5: error: channel `a` needs a `cpl` (cost per lead)"},
      {"wins and revenue", replaced(k_valid, "wins: 5", "wins: 5\n  revenue: 100\n  deal_size: 10"),
       "bad.yaml:3:3: error: `target` has both `wins` and `revenue`; give exactly one form of "
       "target; keep `wins`, or `revenue` with `deal_size`"},
      {"revenue without deal_size", replaced(k_valid, "wins: 5", "revenue: 100"),
       "bad.yaml:2:3: error: `target` has `revenue` but no `deal_size`; add `deal_size` to turn "
       "revenue into wins"},
      {"an unknown period", k_valid + "period: fortnight\n",
       "bad.yaml:7:9: error: `period` must be one of week, month, quarter, year, got `fortnight`"},
      {"a lower-case currency", k_valid + "currency: usd\n",
       "bad.yaml:7:11: error: `currency` must be an ISO 4217 code such as USD or EUR, got `usd`; "
       "did you mean `USD`?"},
      {"an unknown rounding", k_valid + "rounding: floor\n",
       "bad.yaml:7:11: error: `rounding` must be one of ceil, none, got `floor`"},
      {"another format version", "leadplan: 2\n" + k_valid,
       "bad.yaml:1:11: error: scenario format `leadplan: 2` is not supported; this leadplan reads "
       "format 1; write `leadplan: 1`"},
      {"a name with an escape character", k_valid + "name: \"a\\eb\"\n",
       "bad.yaml:7:7: error: `name` must be printable text; it contains U+001B; "
       "remove the control character"},
      {"an empty stage name", replaced(k_valid, "stage: lead", "stage: ''"),
       "bad.yaml:4:12: error: `stage` must not be empty"},
  };
  for (const Case& c : cases) {
    check_case(*this, c);
  }
}

TEST_CASE_METHOD(BadInput, "plans whose arithmetic overflows are input errors",
                 "[cli][bad-input]") {
  const std::string hint = "; leadplan plans up to 1e15 of anything; check the rates and target";
  const std::vector<Case> cases = {
      {"rates of 1e-12",
       "target:\n  wins: 5\nfunnel:\n  - stage: lead\n  - stage: mql\n"
       "    rate: 1e-12\n  - stage: won\n    rate: 1e-12\n",
       "bad.yaml:6:11: error: the plan needs more than 1e15 at stage `lead`" + hint},
      {"revenue over a tiny deal size",
       "target:\n  revenue: 1e15\n  deal_size: 1e-9\nfunnel:\n"
       "  - stage: lead\n  - stage: won\n    rate: 1\n",
       "bad.yaml:2:3: error: the target needs more than 1e15 wins" + hint},
      {"a tiny cpl over a huge budget",
       k_valid + "budget: 1e15\nchannels:\n  - name: a\n    cpl: 1e-10\n",
       "bad.yaml:9:5: error: channel `a` would buy more than 1e15 leads" + hint},
  };
  for (const Case& c : cases) {
    check_case(*this, c);
  }
}

TEST_CASE_METHOD(BadInput, "every problem in one run, sorted, capped at 50", "[cli][bad-input]") {
  const Run three = calc(
      "target:\n  wins: -1\nfunnel:\n  - stage: lead\n  - stage: won\n"
      "    rate: 20\nbudgte: 5\n");
  CHECK(three.status == 2);
  CHECK(three.out.empty());
  CHECK(three.err_lines() ==
        std::vector<std::string>{
            "bad.yaml:2:9: error: `wins` must be greater than 0, got `-1`",
            "bad.yaml:6:11: error: `rate` `20` is above 1; write `20%` or `0.2`",
            "bad.yaml:7:1: error: unknown key `budgte` in the scenario; did you mean `budget`?"});

  std::string sixty = k_valid;
  for (int i = 0; i < 60; ++i) {
    sixty += "unknown_" + std::to_string(i) + ": 1\n";
  }
  const Run capped = calc(sixty);
  CHECK(capped.status == 2);
  const auto lines = capped.err_lines();
  REQUIRE(lines.size() == 51);
  CHECK(lines[0].rfind("bad.yaml:7:1: error: unknown key `unknown_0`", 0) == 0);
  CHECK(lines[49].rfind("bad.yaml:56:1: error: unknown key `unknown_49`", 0) == 0);
  CHECK(lines[50] == "leadplan: 10 more errors not shown");

  // Duplicate keys beyond the cap stop the parser early: still 50, then the count.
  std::string duplicates = k_valid;
  for (int i = 0; i < 200; ++i) {
    duplicates += "budget: 1\n";
  }
  const Run many = calc(duplicates);
  CHECK(many.status == 2);
  CHECK(many.err_lines().size() == 51);
}

TEST_CASE_METHOD(BadInput, "diagnostics as JSON: one parseable document on stderr",
                 "[cli][bad-input]") {
  write("bad.yaml", k_valid + "budget: abc\nperiod: \"fort\\u0001night\"\n");
  const Run r = run("--diagnostics json calc bad.yaml --format json");
  CHECK(r.status == 2);
  CHECK(r.out.empty());
  const nlohmann::json json = nlohmann::json::parse(r.err);
  const auto& list = json.at("diagnostics");
  REQUIRE(list.size() == 2);
  CHECK(list[0].at("file") == "bad.yaml");
  CHECK(list[0].at("line") == 7);
  CHECK(list[0].at("column") == 9);
  CHECK(list[0].at("severity") == "error");
  CHECK(list[0].at("message") == "`budget` must be an amount of money, got `abc`");
  CHECK(list[0].at("hint").is_null());
  CHECK(list[1].at("line") == 8);
  CHECK(json.at("omitted") == 0);

  std::string sixty = k_valid;
  for (int i = 0; i < 60; ++i) {
    sixty += "unknown_" + std::to_string(i) + ": 1\n";
  }
  write("sixty.yaml", sixty);
  const nlohmann::json capped =
      nlohmann::json::parse(run("--diagnostics json calc sixty.yaml").err);
  CHECK(capped.at("diagnostics").size() == 50);
  CHECK(capped.at("omitted") == 10);

  // A --set value that is not UTF-8 still gives valid JSON.
  const Run bytes = run("--diagnostics json calc bad.yaml --set 'unknown\xff=1'");
  CHECK(bytes.status == 2);
  CHECK_NOTHROW(nlohmann::json::parse(bytes.err));
}

TEST_CASE_METHOD(BadInput, "GitHub annotations under GITHUB_ACTIONS=true", "[cli][bad-input]") {
  write("bad, really.yaml", k_valid + "budget: 50%\n");
  const Run r = run("--excerpt never calc 'bad, really.yaml'", "GITHUB_ACTIONS=true");
  CHECK(r.status == 2);
  CHECK(r.out.empty());
  CHECK(r.err_lines() ==
        std::vector<std::string>{
            "bad, really.yaml:7:9: error: `budget` must be an amount of money, not a percentage, "
            "got `50%`",
            "::error file=bad%2C really.yaml,line=7,col=9::`budget` must be an amount of money, "
            "not a percentage, got `50%25`"});
  const Run off = run("--excerpt never calc 'bad, really.yaml'", "GITHUB_ACTIONS=false");
  CHECK(off.err_lines().size() == 1);
}

TEST_CASE_METHOD(BadInput, "excerpts quote the line with a caret under the column",
                 "[cli][bad-input]") {
  write("bad.yaml",
        "name: \"\xC3\xA9t\xC3\xA9\"\ntarget: {wins: 5}\n"
        "funnel: [{stage: a}, {stage: b, rate: 20%}]\nbudget:\t-1\n");
  const Run r = run("--excerpt always calc bad.yaml");
  CHECK(r.status == 2);
  CHECK(r.err_lines() ==
        std::vector<std::string>{"bad.yaml:4:9: error: `budget` must be greater than 0, got `-1`",
                                 "  budget:\t-1", "         \t^"});
  // A control character is never echoed to the terminal.
  write("escape.yaml", k_valid + "name: a\x1b[2Jb\n");
  const Run escape = run("--excerpt always calc escape.yaml");
  CHECK(escape.err.find('\x1b') == std::string::npos);
  CHECK(escape.err_lines().at(1) == "  name: a?[2Jb");
  // A very long line is cut to a window around the column.
  write("long.yaml", k_valid + "budget: [" + std::string(5000, 'x') + "]\n");
  const Run long_line = run("--excerpt always calc long.yaml");
  const auto lines = long_line.err_lines();
  REQUIRE(lines.size() == 3);
  CHECK(lines[1].size() < 200);
  CHECK(lines[2] == "          ^");
}

TEST_CASE_METHOD(BadInput, "problems of a --set are located at that --set", "[cli][bad-input]") {
  write("ok.yaml", k_valid);
  const Run r =
      run("--excerpt never calc ok.yaml --set budget=abc --set funnel.nope.rate=1 "
          "--set target.wins=1e400");
  CHECK(r.status == 2);
  CHECK(r.out.empty());
  CHECK(r.err_lines() ==
        std::vector<std::string>{
            "--set:1:1: error: `budget` must be an amount of money, got `abc`",
            "--set:2:8: error: unknown path `funnel.nope.rate`: no stage named `nope`",
            "--set:3:1: error: `wins` `1e400` is too large to be a number"});
  const Run renamed = run("--excerpt never calc ok.yaml --set funnel.lead.stage=won");
  CHECK(renamed.first_error() ==
        "ok.yaml:5:12: error: duplicate stage name `won` (first given by --set 1); stage names "
        "must be unique");
  const Run overflow = run("--excerpt never calc ok.yaml --set funnel.won.rate=1e-300");
  CHECK(overflow.first_error() ==
        "--set:1:1: error: the plan needs more than 1e15 at stage `lead`; leadplan plans up to "
        "1e15 of anything; check the rates and target");
}

TEST_CASE_METHOD(BadInput, "hostile-looking but valid scenarios still plan", "[cli][bad-input]") {
  const std::vector<std::pair<const char*, std::string>> cases = {
      {"CRLF line ends",
       [] {
         std::string text;
         for (char c : k_valid) {
           text += c == '\n' ? std::string("\r\n") : std::string(1, c);
         }
         return text;
       }()},
      {"a UTF-8 byte order mark", "\xEF\xBB\xBF" + k_valid},
      {"numbers as YAML 1.2 writes them",
       replaced(k_valid, "wins: 5", "wins: +5.") + "budget: .5e4\n"},
      {"a trailing comment and a document end", k_valid + "budget: 100 # a month\n...\n"},
      {"an anchor without an alias", replaced(k_valid, "wins: 5", "wins: &w 5")},
      {"names with quotes, commas and unicode",
       replaced(k_valid, "stage: lead", "stage: \"le\\\"ad, \xC3\xA9t\xC3\xA9 \xF0\x9F\x9A\x80\"")},
      {"a tiny target without rounding, a huge budget",
       "rounding: none\ntarget:\n  wins: 1e-9\nfunnel:\n  - stage: lead\n  - stage: won\n"
       "    rate: 1e-6\nbudget: 1e15\n"},
      {"required counts up to 1e15", replaced(k_valid, "wins: 5", "wins: 2e14")},
  };
  for (const auto& [name, text] : cases) {
    INFO("case: " << name);
    write("ok.yaml", text);
    const Run r = run("calc ok.yaml --format json");
    CHECK(r.status == 0);
    CHECK(r.err.empty());
    const nlohmann::json json = nlohmann::json::parse(r.out);
    for (const auto& stage : json.at("stages")) {
      CHECK(stage.at("required").is_number());
    }
  }
}

TEST_CASE_METHOD(BadInput, "inputs that once took minutes or gigabytes", "[cli][bad-input]") {
  // 200,000 copies of one key: the duplicate check was quadratic in a run of equals.
  std::string keys = "x: {";
  for (int i = 0; i < 200000; ++i) {
    keys += "a: 1, ";
  }
  keys += "a: 1}\n";
  const Run duplicates = calc(keys);
  CHECK(duplicates.status == 2);
  CHECK(duplicates.first_error() ==
        "bad.yaml:1:11: error: duplicate key `a` (first given on line 1); keep one of them");

  // A suggestion for a --set typo among a 1 MB stage name: no quadratic table.
  write("long.yaml", "target: {wins: 5}\nfunnel:\n  - stage: " + std::string(1000000, 'a') +
                         "\n  - stage: b\n    rate: 20%\n");
  const Run suggestion = run("calc long.yaml --set funnel." + std::string(60, 'z') + ".rate=1");
  CHECK(suggestion.status == 2);
  CHECK(suggestion.out.empty());
}

TEST_CASE_METHOD(BadInput, "output that cannot be written", "[cli][bad-input]") {
  std::string many = k_valid + "budget: 100000\nchannels:\n";
  for (int i = 0; i < 3000; ++i) {
    many += "  - name: channel_" + std::to_string(i) + "\n    cpl: 10\n";
  }
  write("many.yaml", many);
  // A reader that stops early: exit 2 with a message, never death by SIGPIPE.
  const std::string command = "cd '" + dir().string() +
                              "' && { '" LEADPLAN_EXECUTABLE
                              "' calc many.yaml --format json 2>stderr.txt; echo $? >status.txt; }"
                              " | head -c 1 >/dev/null";
  REQUIRE(std::system(command.c_str()) != -1);
  CHECK(read_file(dir() / "status.txt") == "2\n");
  CHECK(read_file(dir() / "stderr.txt") == "leadplan: error: cannot write the report to stdout\n");

  // -o through a symbolic link replaces the file it points to and keeps the link.
  write("ok.yaml", k_valid);
  write("report.json", "old");
  fs::create_symlink("report.json", dir() / "link.json");
  const Run linked = run("calc ok.yaml --format json -o link.json");
  CHECK(linked.status == 0);
  CHECK(fs::is_symlink(dir() / "link.json"));
  CHECK(read_file(dir() / "report.json").rfind("{", 0) == 0);

  // -o into a folder that does not exist: exit 2, nothing written.
  const Run nowhere = run("calc ok.yaml -o missing/report.json");
  CHECK(nowhere.status == 2);
  CHECK(nowhere.first_error() ==
        "missing/report.json:1:1: error: cannot write the report: No such file or directory");
}
