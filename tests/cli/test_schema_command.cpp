// `leadplan schema` (src/cli/schema.cpp): the JSON Schema is the schema table's,
// key for key; `--paths` lists what `--set` takes (docs/editors.md). The schema's
// validation of real scenarios is tests/cli/json_schema.py.

#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "leadplan/cli/schema.hpp"
#include "leadplan/load/schema.hpp"
#include "process.hpp"

using leadplan::test::lines_of;
using leadplan::test::run_leadplan;
using leadplan::test::source_path;
using nlohmann::json;
using namespace leadplan;

namespace {

// The JSON object of the properties of `section` in `schema`.
const json& properties_of(const json& schema, const Schema& table, Section section) {
  if (section == Section::scenario) {
    return schema.at("properties");
  }
  for (const KeySpec& k : table.keys()) {
    if ((k.shape == Shape::section || k.shape == Shape::entries) && k.child == section) {
      const json& parent = properties_of(schema, table, k.section).at(std::string(k.name));
      return (k.shape == Shape::entries ? parent.at("items") : parent).at("properties");
    }
  }
  FAIL("no key holds the section");
  return schema;
}

bool contains(const std::vector<std::string>& lines, const std::string& line) {
  return std::find(lines.begin(), lines.end(), line) != lines.end();
}

}  // namespace

TEST_CASE("leadplan schema holds every key of the table, with its description", "[schema]") {
  const auto r = run_leadplan({"schema"});
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.empty());
  const json schema = json::parse(r.out);
  CHECK(schema.at("$schema") == "http://json-schema.org/draft-07/schema#");
  CHECK(schema.at("$id") == std::string(cli::k_schema_url));
  const Schema& table = builtin_schema();
  std::size_t keys = 0;
  for (const KeySpec& k : table.keys()) {
    INFO(section_path(k.section) << " " << k.name);
    const json& properties = properties_of(schema, table, k.section);
    REQUIRE(properties.contains(std::string(k.name)));
    const json& p = properties.at(std::string(k.name));
    CHECK(p.at("description") == std::string(k.description));
    if (!k.default_text.empty()) {
      CHECK(p.contains("default"));
    }
    ++keys;
  }
  CHECK(keys == table.keys().size());
  // Exactly the table's keys: unknown keys are errors in every section.
  CHECK(schema.at("additionalProperties") == false);
  CHECK(schema.at("required") == json::array({"target", "funnel"}));
  const json& funnel = schema.at("properties").at("funnel");
  CHECK(funnel.at("minItems") == 2);
  CHECK(funnel.at("items").at("additionalProperties") == false);
  const json& rate = funnel.at("items").at("properties").at("rate");
  CHECK(rate.at("anyOf").at(0).at("exclusiveMinimum") == 0);
  CHECK(rate.at("anyOf").at(0).at("maximum") == 1);
  CHECK(rate.at("anyOf").at(1).at("type") == "string");
  const json& period = schema.at("properties").at("period");
  CHECK(period.at("enum") == json::array({"week", "month", "quarter", "year"}));
  CHECK(period.at("default") == "month");
  // The same bytes every run, and from `-o`.
  CHECK(run_leadplan({"schema"}).out == r.out);
}

TEST_CASE("the JSON Schema follows a row added to the table", "[schema]") {
  std::vector<KeySpec> rows(builtin_schema().keys().begin(), builtin_schema().keys().end());
  KeySpec row;
  row.section = Section::checks;
  row.name = "max_spend_ratio";
  row.scalar = Scalar::number;
  row.number = ValueKind::share;
  row.description = "A key added by a test.";
  rows.push_back(row);
  std::ostringstream out;
  cli::write_json_schema(out, Schema(rows));
  const json schema = json::parse(out.str());
  const json& added = schema.at("properties").at("checks").at("properties").at("max_spend_ratio");
  CHECK(added.at("description") == "A key added by a test.");
  CHECK(added.at("anyOf").at(0).at("minimum") == 0);
  CHECK(added.at("anyOf").at(1).at("pattern").get<std::string>().find('%') != std::string::npos);
}

TEST_CASE("leadplan schema --paths lists the --set paths, patterns or a scenario's own",
          "[schema]") {
  const auto patterns = run_leadplan({"schema", "--paths"});
  REQUIRE(patterns.exit_code == 0);
  const std::vector<std::string> all = lines_of(patterns.out);
  for (const char* path :
       {"budget", "target.wins", "funnel.STAGE.rate", "channels.CHANNEL.cpl_tiers.INDEX.cpl",
        "channels.CHANNEL.rates.STAGE", "timeline.wins.INDEX", "actuals.channel_names.VALUE",
        "actuals.maturity_days", "actuals.maturity_days.STAGE"}) {
    CHECK(contains(all, path));
  }
  CHECK(!contains(all, "funnel"));  // lists and maps are no scalar

  const auto seed = run_leadplan({"schema", "--paths", source_path("examples/seed.yaml")});
  REQUIRE(seed.exit_code == 0);
  const std::vector<std::string> own = lines_of(seed.out);
  CHECK(contains(own, "funnel.mql.rate"));
  CHECK(contains(own, "funnel.lead.capacity"));
  CHECK(!contains(own, "funnel.lead.rate"));  // the first stage takes no rate
  CHECK(contains(own, "channels.webinars.cpl"));
  CHECK(contains(own, "channels.paid_search.rates.sql"));
  CHECK(!contains(own, "channels.paid_search.rates.lead"));
  CHECK(!contains(own, "funnel.STAGE.rate"));

  // A scenario only with --paths; a broken one is an input error, nothing on stdout.
  CHECK(run_leadplan({"schema", source_path("examples/seed.yaml")}).exit_code == 2);
  const auto broken = run_leadplan({"schema", "--paths", "-"}, std::string("a: [\n"));
  CHECK(broken.exit_code == 2);
  CHECK(broken.out.empty());
}

TEST_CASE("every path --paths lists is one --set takes", "[schema]") {
  // The timeline template has tiers of nothing but every other kind of path.
  const std::string scenario = run_leadplan({"init", "-", "--template", "timeline"}).out;
  const auto listed = run_leadplan({"schema", "--paths", "-"}, scenario);
  REQUIRE(listed.exit_code == 0);
  std::vector<std::string> args = {"calc", "-"};
  std::size_t count = 0;
  const std::vector<std::string> paths = lines_of(listed.out);
  for (const std::string& path : paths) {
    // A number or a map (`actuals.maturity_days`): setting the number first would
    // leave no map for the paths into it.
    const bool either = std::any_of(paths.begin(), paths.end(), [&](const std::string& other) {
      return other.rfind(path + ".", 0) == 0;
    });
    const auto ends_with = [&](std::string_view tail) {
      return path.size() > tail.size() &&
             path.compare(path.size() - tail.size(), tail.size(), tail) == 0;
    };
    if (either || ends_with(".stage") || ends_with(".name")) {
      continue;  // a rename: the paths after it would name an entry no longer there
    }
    args.push_back("--set");
    args.push_back(path + "=1");
    ++count;
  }
  CHECK(count > 60);
  const auto r = run_leadplan(args, scenario);
  CHECK(r.exit_code == 2);  // `1` is no valid value of every key
  CHECK(r.err.find("unknown path") == std::string::npos);
}
