// The schema table (leadplan/load/schema.hpp): the one place a key is declared.
// Every reader of keys (the loader, --set, --vary, the docs) follows it, so a
// row added here, in a test, is a key of the format.

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "leadplan/load/paths.hpp"
#include "leadplan/load/scenario_loader.hpp"

using namespace leadplan;

namespace {

constexpr const char* k_scenario = R"(target: {wins: 5}
funnel:
  - stage: lead
  - stage: mql
    rate: 20%
channels:
  - name: ads
    cpl: 30
)";

std::vector<std::string> errors_of(const std::string& text, const std::vector<Override>& overrides,
                                   const Schema& schema) {
  try {
    (void)load_scenario(Source{"s.yaml", text}, overrides, schema);
  } catch (const InputError& e) {
    std::vector<std::string> lines;
    for (const Diagnostic& d : e.diagnostics()) {
      lines.push_back(format_diagnostic(d));
    }
    return lines;
  }
  return {};
}

// The built-in table and one more row: `spend_cap`, an amount stored in the
// scenario's budget, standing for any new key and its use by the engine.
class ExtendedSchema {
 protected:
  ExtendedSchema() {
    const std::span<const KeySpec> builtin = builtin_schema().keys();
    rows.assign(builtin.begin(), builtin.end());
    KeySpec row;
    row.section = Section::scenario;
    row.name = "spend_cap";
    row.scalar = Scalar::number;
    row.number = ValueKind::money;
    row.varies = true;
    row.field = [](void* object) { return NumericField(&static_cast<Scenario*>(object)->budget); };
    row.description = "A key added by a test.";
    rows.push_back(row);
  }
  std::vector<KeySpec> rows;
};

}  // namespace

TEST_CASE("every section lists its keys in the table's order", "[schema]") {
  const Schema& schema = builtin_schema();
  CHECK(schema.names(Section::target) ==
        std::vector<std::string_view>{"wins", "revenue", "deal_size", "confidence"});
  CHECK(schema.names(Section::tier) == std::vector<std::string_view>{"leads", "cpl"});
  REQUIRE(schema.find(Section::stage, "rate") != nullptr);
  CHECK(schema.find(Section::stage, "rate")->number == ValueKind::rate);
  CHECK(schema.find(Section::stage, "rates") == nullptr);
  // Every key has a description for editors, and every section some keys.
  for (const KeySpec& k : schema.keys()) {
    CHECK_FALSE(k.description.empty());
  }
  for (std::size_t s = 0; s < k_section_count; ++s) {
    CHECK_FALSE(schema.names(static_cast<Section>(s)).empty());
  }
}

TEST_CASE("describe_path follows the schema through lists and maps", "[schema][paths]") {
  CHECK(describe_path("channels.x.rates.sql").kind == ValueKind::rate);
  CHECK(describe_path("channels.x.rates.sql").key == "rates.sql");
  CHECK(describe_path("channels.x.cpl_tiers.0.cpl").kind == ValueKind::money);
  CHECK(describe_path("timeline.lags.won").kind == ValueKind::days);
  CHECK(describe_path("timeline.lags.won").varies);
  CHECK(describe_path("target.confidence").kind == ValueKind::probability);
  CHECK(describe_path("funnel.mql.evidence.entered").known);
  CHECK_FALSE(describe_path("funnel.mql.evidence.entered").varies);
  CHECK_FALSE(describe_path("timeline.periods").varies);
  CHECK(describe_path("actuals.stages.lead").known);
  CHECK_FALSE(describe_path("actuals.stages.lead").kind);
  CHECK(describe_path("actuals.maturity_days.won").kind == ValueKind::days);
  CHECK_FALSE(describe_path("channels.x.rates").known);
  CHECK_FALSE(describe_path("timeline").known);
  CHECK_FALSE(describe_path("channels.x.cpl_tiers.0").known);
}

TEST_CASE("resolve_numeric_path reaches a channel's rates and a timeline's lags",
          "[schema][paths]") {
  Scenario s;
  s.stages.resize(3);
  s.stages[0].name = "lead";
  s.stages[1].name = "mql";
  s.stages[2].name = "won";
  s.channels.resize(1);
  s.channels[0].name = "ads";
  s.channels[0].rates.assign(3, std::nullopt);
  s.channels[0].cpl_tiers.resize(2);
  s.timeline.emplace();
  s.timeline->lags.resize(3);
  resolve_numeric_path(s, "channels.ads.rates.won")->set(0.4);
  resolve_numeric_path(s, "channels.ads.mql_rate")->set(0.3);
  resolve_numeric_path(s, "channels.ads.cpl_tiers.1.cpl")->set(12);
  resolve_numeric_path(s, "timeline.lags.won")->set(45);
  CHECK(s.channels[0].rates[2] == 0.4);
  CHECK(s.channels[0].rates[1] == 0.3);
  CHECK(s.channels[0].cpl_tiers[1].cpl == 12);
  CHECK(s.timeline->lags[2].days == 45);
  CHECK_FALSE(resolve_numeric_path(s, "channels.ads.cpl_tiers.2.cpl"));
  CHECK_FALSE(resolve_numeric_path(s, "channels.ads.rates.sql"));
  CHECK_FALSE(resolve_numeric_path(s, "timeline.periods"));
}

TEST_CASE_METHOD(ExtendedSchema, "a row added to the table is a key of the format",
                 "[schema][set]") {
  const Schema schema(rows);
  // In the file, through --set, and in the "did you mean" of a misspelling.
  const Scenario written =
      load_scenario(Source{"s.yaml", std::string(k_scenario) + "spend_cap: 7000\n"}, {}, schema);
  CHECK(written.budget == 7000);
  const Scenario set = load_scenario(Source{"s.yaml", k_scenario}, {{"spend_cap", "5000"}}, schema);
  CHECK(set.budget == 5000);
  CHECK(
      errors_of(k_scenario, {{"spend_cap", "5%"}}, schema) ==
      std::vector<std::string>{
          "--set:1:1: error: `spend_cap` must be an amount of money, not a percentage, got `5%`"});
  CHECK(
      errors_of(std::string(k_scenario) + "spend_cpa: 1\n", {}, schema) ==
      std::vector<std::string>{
          "s.yaml:9:1: error: unknown key `spend_cpa` in the scenario; did you mean `spend_cap`?"});
  // --vary finds it, and the docs list it.
  CHECK(describe_path("spend_cap", schema).kind == ValueKind::money);
  Scenario scenario = set;
  resolve_numeric_path(scenario, "spend_cap", schema)->set(42);
  CHECK(scenario.budget == 42);
  CHECK(schema_markdown(schema).find("| `spend_cap` | money |") != std::string::npos);
  // The built-in format knows nothing of it.
  CHECK_FALSE(describe_path("spend_cap").known);
}

TEST_CASE("docs/scenario.md lists the keys exactly as the table declares them", "[schema][docs]") {
  const std::string path = std::string(LEADPLAN_SOURCE_DIR) + "/docs/scenario.md";
  std::ifstream in(path);
  REQUIRE(in);
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string doc = buffer.str();
  const std::string begin = "<!-- BEGIN keys: generated from src/load/schema.cpp -->\n";
  const std::string end = "<!-- END keys -->\n";
  const std::size_t from = doc.find(begin);
  const std::size_t to = doc.find(end);
  REQUIRE(from != std::string::npos);
  REQUIRE(to != std::string::npos);
  const std::string expected = schema_markdown(builtin_schema());
  const std::string actual = doc.substr(from + begin.size(), to - from - begin.size());
  if (actual != expected && std::getenv("LEADPLAN_UPDATE_DOCS") != nullptr) {
    // LEADPLAN_UPDATE_DOCS=1 build/tests/leadplan_tests "[docs]" rewrites the block.
    std::ofstream(path) << doc.substr(0, from + begin.size()) << expected << doc.substr(to);
    SUCCEED("docs/scenario.md rewritten");
    return;
  }
  CHECK(actual == expected);
}
