// The scenario loader against CONTRACT section 2: every kind of bad value is
// pinned to its exact message, line and column; good values load as written.

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "leadplan/load/scenario_loader.hpp"
#include "leadplan/model/diagnostic.hpp"

using namespace leadplan;

namespace {

// The smallest valid scenario; tests append to it or write their own.
constexpr const char* k_minimal = R"(target:
  wins: 5
funnel:
  - stage: lead
  - stage: mql
    rate: 20%
)";

// Every problem `load_scenario` reports for `text` (named s.yaml), one
// `FILE:LINE:COLUMN: error: MESSAGE; HINT` line each, in the order given.
std::vector<std::string> errors_of(const std::string& text,
                                   const std::vector<Override>& overrides = {}) {
  try {
    (void)load_scenario(Source{"s.yaml", text}, overrides);
  } catch (const InputError& e) {
    std::vector<std::string> lines;
    for (const Diagnostic& d : e.diagnostics()) {
      lines.push_back(format_diagnostic(d));
    }
    return lines;
  }
  return {};
}

using Lines = std::vector<std::string>;

Scenario load(const std::string& text, const std::vector<Override>& overrides = {}) {
  return load_scenario(Source{"s.yaml", text}, overrides);
}

}  // namespace

// --- good scenarios ------------------------------------------------------------

TEST_CASE("a minimal scenario loads with the defaults", "[load]") {
  const Scenario s = load(k_minimal);
  CHECK_FALSE(s.name);
  CHECK(s.period == Period::month);
  CHECK(s.currency == "USD");
  CHECK(s.rounding == Rounding::ceil);
  CHECK(*s.target.wins == 5);
  CHECK_FALSE(s.target.revenue);
  REQUIRE(s.stages.size() == 2);
  CHECK(s.stages[0].name == "lead");
  CHECK(s.stages[1].name == "mql");
  CHECK_FALSE(s.budget);
  CHECK(s.channels.empty());
}

TEST_CASE("20% and 0.2 load as the identical double", "[load]") {
  const Scenario percent = load(k_minimal);
  const Scenario decimal = load(R"(target:
  wins: 5
funnel:
  - stage: lead
  - stage: mql
    rate: 0.2
)");
  CHECK(percent.stages[1].rate == decimal.stages[1].rate);
  CHECK(percent.stages[1].rate == 0.2);
}

TEST_CASE("percentages with decimals load exactly", "[load]") {
  const Scenario s = load(R"(target:
  wins: 5
funnel:
  - stage: lead
  - stage: mql
    rate: 12.5%
  - stage: sql
    rate: 33.3%
  - stage: won
    rate: 100%
)");
  CHECK(s.stages[1].rate == 0.125);
  CHECK(s.stages[2].rate == 0.333);  // the same double as the decimal 0.333
  CHECK(s.stages[3].rate == 1.0);
}

TEST_CASE("every key of a full scenario is read", "[load]") {
  const Scenario s = load(R"(leadplan: 1
name: FY27 Q1 mid-market
period: quarter
currency: EUR
rounding: none
target:
  revenue: 250000
  deal_size: 50000
funnel:
  - stage: lead
    capacity: 400
  - stage: mql
    rate: 20%
    benchmark: 25%
  - stage: won
    rate: 0.5
budget: 10000
channels:
  - name: paid_search
    cpl: 50
    mql_rate: 20%
    share: 60%
    max_leads: 150
  - name: webinars
    cpl: 80
checks:
  min_coverage: 100%
  channels_within_allowable: true
)");
  CHECK(*s.name == "FY27 Q1 mid-market");
  CHECK(s.period == Period::quarter);
  CHECK(s.currency == "EUR");
  CHECK(s.rounding == Rounding::none);
  CHECK(*s.target.revenue == 250000);
  CHECK(*s.target.deal_size == 50000);
  CHECK_FALSE(s.target.wins);
  CHECK(*s.stages[0].capacity == 400);
  CHECK(*s.stages[1].benchmark == 0.25);
  CHECK(s.stages[2].rate == 0.5);
  CHECK(*s.budget == 10000);
  REQUIRE(s.channels.size() == 2);
  CHECK(s.channels[0].name == "paid_search");
  CHECK(s.channels[0].cpl == 50);
  CHECK(*s.channels[0].own_rate(1) == 0.2);
  CHECK(*s.channels[0].share == 0.6);
  CHECK(*s.channels[0].max_leads == 150);
  CHECK_FALSE(s.channels[1].own_rate(1));
  CHECK_FALSE(s.channels[1].share);
  CHECK(*s.checks.min_coverage == 1.0);
  CHECK(*s.checks.channels_within_allowable == true);
}

TEST_CASE("wins with deal_size is a valid target", "[load]") {
  const Scenario s = load(R"(target:
  wins: 4
  deal_size: 25000
funnel:
  - stage: lead
  - stage: won
    rate: 10%
)");
  CHECK(*s.target.wins == 4);
  CHECK(*s.target.deal_size == 25000);
}

TEST_CASE("stages and channels keep their locations", "[load]") {
  const Scenario s = load(std::string(k_minimal) + "channels:\n  - name: ads\n    cpl: 5\n");
  CHECK(s.stages[1].location.line == 5);
  CHECK(s.stages[1].location.column == 5);
  CHECK(s.stages[1].rate_location.line == 6);
  CHECK(s.stages[1].rate_location.column == 11);
  CHECK(s.channels[0].location.line == 8);
}

// --- bad values: rates -------------------------------------------------------------

TEST_CASE("a bare rate above 1 says to write a percentage or a fraction", "[load]") {
  CHECK(errors_of(R"(target:
  wins: 5
funnel:
  - stage: lead
  - stage: mql
    rate: 20
)") == Lines{"s.yaml:6:11: error: `rate` `20` is above 1; write `20%` or `0.2`"});
}

TEST_CASE("percentages above 100% or not above 0% are errors", "[load]") {
  CHECK(errors_of(R"(target:
  wins: 5
funnel:
  - stage: lead
  - stage: mql
    rate: 120%
  - stage: sql
    rate: 0%
  - stage: won
    rate: -5%
)") == Lines{"s.yaml:6:11: error: `rate` must be at most 100%, got `120%`",
             "s.yaml:8:11: error: `rate` must be above 0%, got `0%`",
             "s.yaml:10:11: error: `rate` must be above 0%, got `-5%`"});
}

TEST_CASE("a benchmark and an mql_rate are rates too", "[load]") {
  CHECK(errors_of(std::string(R"(target:
  wins: 5
funnel:
  - stage: lead
  - stage: mql
    rate: 20%
    benchmark: 25
channels:
  - name: ads
    cpl: 5
    mql_rate: 0
)")) == Lines{"s.yaml:7:16: error: `benchmark` `25` is above 1; write `25%` or `0.25`",
              "s.yaml:11:15: error: `mql_rate` must be above 0%, got `0`"});
}

// --- bad values: money and counts -----------------------------------------------------

TEST_CASE("money must be above 0", "[load]") {
  CHECK(errors_of(R"(target:
  revenue: -100
  deal_size: 0
funnel:
  - stage: lead
  - stage: mql
    rate: 20%
budget: -10
)") == Lines{"s.yaml:2:12: error: `revenue` must be greater than 0, got `-100`",
             "s.yaml:3:14: error: `deal_size` must be greater than 0, got `0`",
             "s.yaml:8:9: error: `budget` must be greater than 0, got `-10`"});
}

TEST_CASE("counts must be above 0 and money is not a percentage", "[load]") {
  CHECK(errors_of(R"(target:
  wins: 0
funnel:
  - stage: lead
    capacity: -1
  - stage: mql
    rate: 20%
budget: 50%
channels:
  - name: ads
    cpl: 5
    max_leads: 0
)") == Lines{"s.yaml:2:9: error: `wins` must be greater than 0, got `0`",
             "s.yaml:5:15: error: `capacity` must be greater than 0, got `-1`",
             "s.yaml:8:9: error: `budget` must be an amount of money, not a percentage, got `50%`",
             "s.yaml:12:16: error: `max_leads` must be greater than 0, got `0`"});
}

TEST_CASE(".inf and .nan are not numbers a plan can use", "[load]") {
  CHECK(errors_of(R"(target:
  wins: .inf
funnel:
  - stage: lead
  - stage: mql
    rate: .nan
budget: -.Inf
)") == Lines{"s.yaml:2:9: error: `wins` must be a finite number, got `.inf`",
             "s.yaml:6:11: error: `rate` must be a finite number, got `.nan`",
             "s.yaml:7:9: error: `budget` must be a finite number, got `-.Inf`"});
}

TEST_CASE("numbers beyond 1e15 are out of range", "[load]") {
  CHECK(errors_of(std::string(k_minimal) + "budget: 2e15\n") ==
        Lines{"s.yaml:7:9: error: `budget` must be at most 1e15, got `2e15`"});
}

TEST_CASE("strings where numbers belong are errors, with a hint when one helps", "[load]") {
  CHECK(errors_of(R"(target:
  wins: five
funnel:
  - stage: lead
  - stage: mql
    rate: "20%"
  - stage: won
    rate: "0.5"
budget: '1000'
channels:
  - name: a
    cpl: 1,000
  - name: b
    cpl: $50
  - name: c
    cpl: true
    mql_rate: high
)") == Lines{"s.yaml:2:9: error: `wins` must be a number, got `five`",
             "s.yaml:8:11: error: `rate` must be a rate, got the text `0.5`; remove the quotes",
             "s.yaml:9:9: error: `budget` must be an amount of money, got the text `1000`; remove "
             "the quotes",
             "s.yaml:12:10: error: `cpl` must be an amount of money, got `1,000`; write the number "
             "without separators: `1000`",
             "s.yaml:14:10: error: `cpl` must be an amount of money, got `$50`; write the number "
             "without the currency sign: `50`",
             "s.yaml:16:10: error: `cpl` must be an amount of money, got the boolean `true`",
             "s.yaml:17:15: error: `mql_rate` must be a rate, got `high`; write `20%` or `0.2`"});
}

TEST_CASE("a null value or a list where a number belongs is an error", "[load]") {
  CHECK(errors_of(R"(target:
  wins: ~
funnel:
  - stage: lead
  - stage: mql
    rate: [1, 2]
)") == Lines{"s.yaml:2:9: error: `wins` has no value; give a number or remove the key",
             "s.yaml:6:11: error: `rate` must be a single value, not a list"});
}

// --- bad keys --------------------------------------------------------------------------

TEST_CASE("unknown keys are errors with a did-you-mean", "[load]") {
  CHECK(errors_of(R"(target:
  wins: 5
funnel:
  - stage: lead
    capcity: 3
  - stage: mql
    rate: 20%
    benchmrk: 30%
budjet: 10
channels:
  - name: a
    cpl: 5
    sahre: 10%
)") == Lines{
           "s.yaml:5:5: error: unknown key `capcity` in a funnel stage; did you mean `capacity`?",
           "s.yaml:8:5: error: unknown key `benchmrk` in a funnel stage; did you mean `benchmark`?",
           "s.yaml:9:1: error: unknown key `budjet` in the scenario; did you mean `budget`?",
           "s.yaml:13:5: error: unknown key `sahre` in a channel; did you mean `share`?"});
}

TEST_CASE("an unknown key with nothing close lists the keys", "[load]") {
  CHECK(errors_of(std::string(k_minimal) + "zzzzzz: 1\n") ==
        Lines{"s.yaml:7:1: error: unknown key `zzzzzz` in the scenario; expected one of: leadplan, "
              "name, period, currency, rounding, target, funnel, budget, channels, checks, "
              "timeline, actuals"});
}

TEST_CASE("unknown keys in target and checks are errors", "[load]") {
  CHECK(errors_of(R"(target:
  wins: 5
  deal_sise: 100
funnel:
  - stage: lead
  - stage: mql
    rate: 20%
checks:
  min_coverag: 90%
)") == Lines{"s.yaml:3:3: error: unknown key `deal_sise` in `target`; did you mean `deal_size`?",
             "s.yaml:9:3: error: unknown key `min_coverag` in `checks`; did you mean "
             "`min_coverage`?"});
}

TEST_CASE("duplicate YAML keys are errors at the second one", "[load]") {
  CHECK(errors_of(R"(target:
  wins: 5
  wins: 6
funnel:
  - stage: lead
  - stage: mql
    rate: 20%
    rate: 30%
)") == Lines{"s.yaml:3:3: error: duplicate key `wins` (first given on line 2); keep one of them",
             "s.yaml:8:5: error: duplicate key `rate` (first given on line 7); keep one of them"});
}

TEST_CASE("duplicate stage and channel names are errors", "[load]") {
  CHECK(errors_of(R"(target:
  wins: 5
funnel:
  - stage: lead
  - stage: mql
    rate: 20%
  - stage: mql
    rate: 30%
channels:
  - name: ads
    cpl: 5
  - name: ads
    cpl: 6
)") == Lines{"s.yaml:7:12: error: duplicate stage name `mql` (first on line 5); stage names must "
             "be unique",
             "s.yaml:12:11: error: duplicate channel name `ads` (first on line 10); channel names "
             "must be unique"});
}

// --- target ----------------------------------------------------------------------------

TEST_CASE("a missing target and funnel are reported at the root map", "[load]") {
  CHECK(
      errors_of("\n# a comment\n\nname: x\nperiod: month\n") ==
      Lines{"s.yaml:4:1: error: missing required key `target`; give `wins`, or `revenue` and "
            "`deal_size`",
            "s.yaml:4:1: error: missing required key `funnel`; list at least 2 stages, top first"});
}

TEST_CASE("both target forms are an error at `revenue`", "[load]") {
  CHECK(errors_of(R"(target:
  wins: 5
  revenue: 100
  deal_size: 10
funnel:
  - stage: lead
  - stage: mql
    rate: 20%
)") == Lines{"s.yaml:3:3: error: `target` has both `wins` and `revenue`; give exactly one form of "
             "target; keep `wins`, or `revenue` with `deal_size`"});
}

TEST_CASE("revenue without deal_size is an error", "[load]") {
  CHECK(errors_of(R"(target:
  revenue: 100
funnel:
  - stage: lead
  - stage: mql
    rate: 20%
)") == Lines{"s.yaml:2:3: error: `target` has `revenue` but no `deal_size`; add `deal_size` to "
             "turn revenue into wins"});
}

TEST_CASE("a target without wins or revenue is an error", "[load]") {
  CHECK(errors_of(R"(target:
  deal_size: 100
funnel:
  - stage: lead
  - stage: mql
    rate: 20%
)") == Lines{"s.yaml:2:3: error: `target` needs `wins`, or `revenue` and `deal_size`"});
}

// --- funnel ----------------------------------------------------------------------------

TEST_CASE("the first stage takes no rate, later stages need one", "[load]") {
  CHECK(errors_of(R"(target:
  wins: 5
funnel:
  - stage: lead
    rate: 20%
    benchmark: 10%
  - stage: mql
  - stage: won
    rate: 50%
)") == Lines{
           "s.yaml:5:5: error: the first stage takes no `rate`: it is where the funnel starts; "
           "move this rate to the stage below",
           "s.yaml:6:5: error: the first stage takes no `benchmark`",
           "s.yaml:7:5: error: stage `mql` needs a `rate` (the conversion from the stage above)"});
}

TEST_CASE("a funnel needs at least 2 stages", "[load]") {
  SECTION("one stage") {
    CHECK(errors_of("target:\n  wins: 5\nfunnel:\n  - stage: lead\n") ==
          Lines{"s.yaml:4:3: error: the funnel needs at least 2 stages, got 1; list the stages "
                "top first, e.g. lead, mql, sql, meeting, won"});
  }
  SECTION("an empty list") {
    CHECK(errors_of("target:\n  wins: 5\nfunnel: []\n") ==
          Lines{"s.yaml:3:9: error: the funnel needs at least 2 stages, got 0; list the stages "
                "top first, e.g. lead, mql, sql, meeting, won"});
  }
}

TEST_CASE("a stage needs a name", "[load]") {
  CHECK(errors_of(R"(target:
  wins: 5
funnel:
  - stage: lead
  - rate: 20%
)") == Lines{"s.yaml:5:5: error: a funnel stage needs a `stage` name"});
}

// --- channels --------------------------------------------------------------------------

TEST_CASE("shares over 100% in total are an error at the channel list", "[load]") {
  CHECK(errors_of(std::string(k_minimal) + R"(budget: 100
channels:
  - name: a
    cpl: 5
    share: 60%
  - name: b
    cpl: 5
    share: 0.5
)") == Lines{"s.yaml:9:3: error: channel shares add up to 110%, more than 100%; lower the shares "
             "so they total 100% or less"});
}

TEST_CASE("shares of exactly 100% are fine", "[load]") {
  const Scenario s = load(std::string(k_minimal) + R"(channels:
  - name: a
    cpl: 5
    share: 70%
  - name: b
    cpl: 5
    share: 0.3
)");
  CHECK(*s.channels[0].share + *s.channels[1].share == Approx(1.0));
}

TEST_CASE("a channel needs a name and a cpl", "[load]") {
  CHECK(errors_of(std::string(k_minimal) + R"(channels:
  - cpl: 5
  - name: ads
)") == Lines{"s.yaml:8:5: error: a channel needs a `name`",
             "s.yaml:9:5: error: channel `ads` needs a `cpl` (cost per lead)"});
}

// --- words -----------------------------------------------------------------------------

TEST_CASE("period, currency and rounding must be known words", "[load]") {
  SECTION("close misspellings get a suggestion") {
    CHECK(errors_of(std::string("period: monthly\ncurrency: usd\nrounding: floor\n") + k_minimal) ==
          Lines{"s.yaml:1:9: error: `period` must be one of week, month, quarter, year, got "
                "`monthly`; did you mean `month`?",
                "s.yaml:2:11: error: `currency` must be an ISO 4217 code such as USD or EUR, got "
                "`usd`; did you mean `USD`?",
                "s.yaml:3:11: error: `rounding` must be one of ceil, none, got `floor`"});
  }
  SECTION("unknown words do not") {
    CHECK(errors_of(std::string("period: fortnight\ncurrency: XYZ\n") + k_minimal) ==
          Lines{"s.yaml:1:9: error: `period` must be one of week, month, quarter, year, got "
                "`fortnight`",
                "s.yaml:2:11: error: `currency` must be an ISO 4217 code such as USD or EUR, got "
                "`XYZ`"});
  }
}

TEST_CASE("only scenario format 1 is read", "[load]") {
  CHECK(errors_of(std::string("leadplan: 2\n") + k_minimal) ==
        Lines{"s.yaml:1:11: error: scenario format `leadplan: 2` is not supported; this leadplan "
              "reads format 1; write `leadplan: 1`"});
  CHECK(errors_of(std::string("leadplan: 1\n") + k_minimal).empty());
}

// --- several problems ------------------------------------------------------------------

TEST_CASE("every problem of a file is reported in one run, in line order", "[load]") {
  const std::string text = R"(period: monthly
target:
  wins: -1
funnel:
  - stage: lead
  - stage: mql
    rate: 20
budget: .nan
channels:
  - name: ads
    cpl: 5
    sahre: 10%
)";
  CHECK(errors_of(text) ==
        Lines{"s.yaml:1:9: error: `period` must be one of week, month, quarter, year, got "
              "`monthly`; did you mean `month`?",
              "s.yaml:3:9: error: `wins` must be greater than 0, got `-1`",
              "s.yaml:7:11: error: `rate` `20` is above 1; write `20%` or `0.2`",
              "s.yaml:8:9: error: `budget` must be a finite number, got `.nan`",
              "s.yaml:12:5: error: unknown key `sahre` in a channel; did you mean `share`?"});
}

TEST_CASE("diagnostics carry file, line, column, message and hint apart", "[load]") {
  try {
    (void)load(R"(target:
  wins: 5
funnel:
  - stage: lead
  - stage: mql
    rate: 20
)");
    FAIL("no InputError");
  } catch (const InputError& e) {
    REQUIRE(e.diagnostics().size() == 1);
    const Diagnostic& d = e.diagnostics()[0];
    CHECK(d.file == "s.yaml");
    CHECK(d.line == 6);
    CHECK(d.column == 11);
    CHECK(d.message == "`rate` `20` is above 1");
    CHECK(d.hint == "write `20%` or `0.2`");
  }
}

// --- --set overrides -------------------------------------------------------------------

// A scenario with a revenue target and one channel, for the overrides.
class OverrideFixture {
 protected:
  const std::string text = R"(target:
  revenue: 100000
  deal_size: 20000
funnel:
  - stage: lead
  - stage: mql
    rate: 20%
  - stage: won
    rate: 50%
channels:
  - name: ads
    cpl: 10
)";
};

TEST_CASE_METHOD(OverrideFixture, "an override addresses stages and channels by name",
                 "[load][set]") {
  const Scenario s = load(text, {{"funnel.mql.rate", "25%"}, {"channels.ads.cpl", "12"}});
  CHECK(s.stages[1].rate == 0.25);
  CHECK(s.stages[2].rate == 0.5);
  CHECK(s.channels[0].cpl == 12);
}

TEST_CASE_METHOD(OverrideFixture, "an override inserts a key the scenario lacks", "[load][set]") {
  const Scenario s = load(text, {{"budget", "1000"},
                                 {"channels.ads.max_leads", "5"},
                                 {"funnel.won.benchmark", "60%"},
                                 {"checks.min_coverage", "90%"}});
  CHECK(*s.budget == 1000);
  CHECK(*s.channels[0].max_leads == 5);
  CHECK(*s.stages[2].benchmark == 0.6);
  CHECK(*s.checks.min_coverage == 0.9);
}

TEST_CASE_METHOD(OverrideFixture, "overriding target.wins replaces the revenue, keeping deal_size",
                 "[load][set]") {
  const Scenario s = load(text, {{"target.wins", "8"}});
  CHECK(*s.target.wins == 8);
  CHECK_FALSE(s.target.revenue);
  CHECK(*s.target.deal_size == 20000);
}

TEST_CASE_METHOD(OverrideFixture, "overriding target.revenue replaces wins", "[load][set]") {
  const Scenario s = load(R"(target:
  wins: 5
  deal_size: 100
funnel:
  - stage: lead
  - stage: won
    rate: 50%
)",
                          {{"target.revenue", "1000"}});
  CHECK(*s.target.revenue == 1000);
  CHECK_FALSE(s.target.wins);
}

TEST_CASE_METHOD(OverrideFixture, "the last override of a path wins", "[load][set]") {
  const Scenario s = load(text, {{"budget", "1000"}, {"budget", "2000"}});
  CHECK(*s.budget == 2000);
}

TEST_CASE_METHOD(OverrideFixture, "unknown override paths are located at the override",
                 "[load][set]") {
  // The line is the 1-based index of the override; the column points into its path.
  CHECK(errors_of(text, {{"bogus", "1"},
                         {"funnel.nope.rate", "1"},
                         {"funnel.mql.rat", "2"},
                         {"channels.ads", "3"},
                         {"target.win", "3"},
                         {"budget.x", "1"}}) ==
        Lines{"--set:1:1: error: unknown path `bogus`",
              "--set:2:8: error: unknown path `funnel.nope.rate`: no stage named `nope`",
              "--set:3:12: error: unknown path `funnel.mql.rat`; did you mean `rate`?",
              "--set:4:1: error: unknown path `channels.ads`: write `channels.NAME.KEY`; e.g. "
              "`channels.webinars.cpl=90`",
              "--set:5:8: error: unknown path `target.win`; did you mean `wins`?",
              "--set:6:8: error: unknown path `budget.x`: `budget` is a single value"});
}

TEST_CASE_METHOD(OverrideFixture, "an override of an unknown stage suggests a close name",
                 "[load][set]") {
  CHECK(errors_of(text, {{"funnel.mq.rate", "30%"}}) ==
        Lines{"--set:1:8: error: unknown path `funnel.mq.rate`: no stage named `mq`; did you "
              "mean `mql`?"});
}

TEST_CASE_METHOD(OverrideFixture, "a bad override value is reported at its override",
                 "[load][set]") {
  CHECK(errors_of(text, {{"budget", "100"}, {"funnel.mql.rate", "20"}}) ==
        Lines{"--set:2:1: error: `rate` `20` is above 1; write `20%` or `0.2`"});
}

TEST_CASE_METHOD(OverrideFixture, "problems in the file come before those of the overrides",
                 "[load][set]") {
  CHECK(errors_of(text + "budget: -1\n", {{"bogus", "1"}}) ==
        Lines{"s.yaml:13:9: error: `budget` must be greater than 0, got `-1`",
              "--set:1:1: error: unknown path `bogus`"});
}

TEST_CASE_METHOD(OverrideFixture, "apply_overrides changes the document before validation",
                 "[load][set]") {
  std::vector<Diagnostic> diagnostics;
  Document document = parse_document("s.yaml", text, diagnostics);
  apply_overrides(document, {{"funnel.won.rate", "40%"}, {"nope", "1"}}, diagnostics);
  REQUIRE(diagnostics.size() == 1);
  CHECK(diagnostics[0].file == "--set");
  CHECK(diagnostics[0].line == 2);
  CHECK(diagnostics[0].column == 1);
  diagnostics.clear();
  const Scenario s = build_scenario(document, "s.yaml", diagnostics);
  CHECK(diagnostics.empty());
  CHECK(s.stages[2].rate == 0.4);
}

TEST_CASE("parse_overrides splits each argument at its first '='", "[load][set]") {
  const std::vector<Override> o = parse_overrides({"name=a=b", "name="});
  REQUIRE(o.size() == 2);
  CHECK(o[0].path == "name");
  CHECK(o[0].value == "a=b");
  CHECK(o[1].path == "name");
  CHECK(o[1].value.empty());
}

TEST_CASE("parse_overrides reports every argument without PATH= at its own index", "[load][set]") {
  try {
    (void)parse_overrides({"rate", "budget=1", "=5"});
    FAIL("no InputError");
  } catch (const InputError& e) {
    REQUIRE(e.diagnostics().size() == 2);
    CHECK(format_diagnostic(e.diagnostics()[0]) ==
          "--set:1:1: error: `--set rate` must have the form PATH=VALUE; e.g. `--set "
          "funnel.mql.rate=25%`");
    CHECK(format_diagnostic(e.diagnostics()[1]) ==
          "--set:3:1: error: `--set =5` must have the form PATH=VALUE; e.g. `--set "
          "funnel.mql.rate=25%`");
  }
}

TEST_CASE("an empty value is reported at its key, not at the next line", "[load]") {
  CHECK(errors_of("target:\n  wins:\nfunnel:\n  - stage: lead\n  - stage: mql\n    rate: 20%\n") ==
        Lines{"s.yaml:2:3: error: `wins` has no value; give a number or remove the key"});
}

TEST_CASE("a tag or an alias is reported once, not again as a bad value", "[load]") {
  CHECK(errors_of("target:\n  wins: !!float 5\nfunnel:\n  - stage: lead\n  - stage: mql\n"
                  "    rate: &r 20%\n    benchmark: *r\n") ==
        Lines{"s.yaml:2:9: error: YAML tags (`!!float`) are not supported in a scenario; remove "
              "the tag",
              "s.yaml:7:16: error: YAML aliases (`*name`) are not supported in a scenario; write "
              "the value out"});
}

TEST_CASE("a value with a newline stays on one diagnostic line", "[load]") {
  const Lines errors = errors_of(
      "target:\n  wins: 5\nfunnel:\n  - stage: lead\n  - stage: mql\n    rate: |\n      20%\n");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0] == "s.yaml:6:11: error: `rate` must be a rate, got the text `20%\\n`");
}

TEST_CASE("a quoted rate above 1 gets the hint that leads to a valid value", "[load]") {
  CHECK(
      errors_of(
          "target:\n  wins: 5\nfunnel:\n  - stage: lead\n  - stage: mql\n    rate: \"20\"\n") ==
      Lines{"s.yaml:6:11: error: `rate` must be a rate, got the text `20`; write `20%` or `0.2`"});
}

// --- version 2 keys: channel funnels, tiers, evidence, timeline, actuals ------------

TEST_CASE("a channel's own rates load by stage, mql_rate into the second", "[load][v2]") {
  const Scenario s = load(R"(target: {wins: 5}
funnel:
  - stage: lead
  - stage: mql
    rate: 20%
  - stage: sql
    rate: 40%
channels:
  - name: shows
    cpl: 120
    mql_rate: 35%
    rates:
      sql: 60%
  - name: ads
    cpl: 30
)");
  REQUIRE(s.channels[0].rates.size() == 3);
  CHECK(*s.channels[0].own_rate(1) == 0.35);
  CHECK(*s.channels[0].own_rate(2) == 0.6);
  CHECK(s.channels[1].rates.empty());
  CHECK_FALSE(s.channels[1].own_rate(2));
}

TEST_CASE("channel rates name later stages of the funnel, once each", "[load][v2]") {
  const std::string head = std::string(k_minimal) + "channels:\n  - name: ads\n    cpl: 30\n";
  CHECK(errors_of(head + "    rates:\n      mqll: 30%\n") ==
        Lines{"s.yaml:11:7: error: `rates` names `mqll`, which is not a stage of the funnel; did "
              "you mean `mql`?"});
  CHECK(errors_of(head + "    rates:\n      lead: 30%\n") ==
        Lines{"s.yaml:11:7: error: `rates` cannot name the first stage `lead`: nothing converts "
              "into it; name a later stage"});
  CHECK(errors_of(head + "    mql_rate: 20%\n    rates:\n      mql: 30%\n") ==
        Lines{"s.yaml:12:7: error: channel `ads` gives its rate into `mql` twice: as `mql_rate` "
              "and in `rates`; keep one of them"});
  CHECK(errors_of(head + "    rates:\n      mql: 30\n") ==
        Lines{"s.yaml:11:12: error: `rates.mql` `30` is above 1; write `30%` or `0.3`"});
}

TEST_CASE("cpl_tiers replace cpl and only rise", "[load][v2]") {
  const std::string head = std::string(k_minimal) + "channels:\n  - name: li\n";
  const Scenario s = load(head +
                          "    cpl_tiers:\n      - {leads: 200, cpl: 90}\n      - {leads: 300, "
                          "cpl: 120}\n      - {cpl: 200}\n");
  REQUIRE(s.channels[0].cpl_tiers.size() == 3);
  CHECK_FALSE(s.channels[0].cpl);
  CHECK(*s.channels[0].cpl_tiers[1].leads == 300);
  CHECK_FALSE(s.channels[0].cpl_tiers[2].leads);
  CHECK(s.channels[0].first_cpl() == 90);
  CHECK(errors_of(head + "    cpl: 50\n    cpl_tiers:\n      - {cpl: 90}\n") ==
        Lines{"s.yaml:10:5: error: channel `li` has both `cpl` and `cpl_tiers`; keep one: `cpl` "
              "for one price, `cpl_tiers` for prices that rise with volume"});
  CHECK(errors_of(head + "    cpl_tiers:\n      - {leads: 200, cpl: 90}\n      - {cpl: 80}\n") ==
        Lines{"s.yaml:11:15: error: tier CPLs must not fall: 80 after 90; leads get dearer with "
              "volume, never cheaper; order the tiers by CPL"});
  CHECK(errors_of(head + "    cpl_tiers:\n      - {cpl: 90}\n      - {cpl: 95}\n") ==
        Lines{"s.yaml:10:9: error: only the last tier of `cpl_tiers` may leave out `leads`; say "
              "how many leads this tier sells, e.g. `leads: 200`"});
  CHECK(errors_of(head + "    cpl_tiers: []\n") ==
        Lines{"s.yaml:9:16: error: `cpl_tiers` is empty; give at least one tier, e.g. `- {cpl: "
              "90}`"});
}

TEST_CASE("spend bounds must be in order and the minimums within the budget", "[load][v2]") {
  const std::string head = std::string(k_minimal) + "budget: 1000\nchannels:\n";
  CHECK(errors_of(head + "  - name: a\n    cpl: 10\n    min_spend: 500\n    max_spend: 400\n") ==
        Lines{"s.yaml:11:16: error: channel `a` has a `min_spend` above its `max_spend`; lower "
              "`min_spend` or raise `max_spend`"});
  CHECK(errors_of(head + "  - name: a\n    cpl: 10\n    min_spend: 700\n  - name: b\n    cpl: "
                         "10\n    min_spend: 600\n") ==
        Lines{"s.yaml:9:3: error: the channels' `min_spend` add up to 1300, more than the budget "
              "of 1000 (by 300); lower the minimums or raise the budget"});
}

TEST_CASE("evidence gives a rate, and must be whole counts with converted <= entered",
          "[load][v2]") {
  const std::string head = "target: {wins: 5}\nfunnel:\n  - stage: lead\n  - stage: mql\n";
  const Scenario s = load(head + "    evidence: {entered: 150, converted: 60}\n");
  CHECK(s.stages[1].rate == 0.4);
  REQUIRE(s.stages[1].evidence);
  CHECK(s.stages[1].evidence->entered == 150);
  const Scenario both = load(head + "    rate: 30%\n    evidence: {entered: 150, converted: 60}\n");
  CHECK(both.stages[1].rate == 0.3);
  CHECK(errors_of(head + "    evidence: {entered: 50, converted: 60}\n") ==
        Lines{"s.yaml:5:40: error: `converted` 60 is more than `entered` 50; the converted "
              "entries are some of those that entered"});
  CHECK(errors_of(head + "    evidence: {entered: 50.5, converted: 6}\n") ==
        Lines{"s.yaml:5:25: error: `entered` must be a whole number, got `50.5`"});
  CHECK(errors_of(head + "    evidence: {entered: 50, converted: 0}\n") ==
        Lines{"s.yaml:5:40: error: stage `mql` has no `rate`, and its evidence converted none; "
              "give a `rate` beside the evidence: a rate of 0 plans nothing"});
  CHECK(errors_of(head + "    evidence: {entered: 50}\n") ==
        Lines{"s.yaml:5:15: error: `evidence` needs `entered` and `converted`; e.g. `evidence: "
              "{entered: 150, converted: 60}`"});
  CHECK(errors_of("target: {wins: 5}\nfunnel:\n  - stage: lead\n    evidence: {entered: 1, "
                  "converted: 1}\n  - stage: mql\n    rate: 20%\n") ==
        Lines{"s.yaml:4:5: error: the first stage takes no `evidence`"});
}

TEST_CASE("a confidence is a probability below 100%", "[load][v2]") {
  const auto with = [](const std::string& value) {
    return std::string("target:\n  wins: 5\n  confidence: ") + value +
           "\nfunnel:\n  - stage: lead\n  - stage: mql\n    rate: 20%\n";
  };
  CHECK(*load(with("90%")).target.confidence == 0.9);
  CHECK(errors_of(with("100%")) ==
        Lines{"s.yaml:3:15: error: `confidence` must be below 100%, got `100%`; no plan hits its "
              "target with certainty; ask for 99% or 99.9%"});
  CHECK(errors_of(with("90")) ==
        Lines{"s.yaml:3:15: error: `confidence` `90` is above 1; write `90%` or `0.9`"});
  CHECK(errors_of(with("0")) ==
        Lines{"s.yaml:3:15: error: `confidence` must be above 0%, got `0`"});
}

TEST_CASE("a funnel written bottom first is rejected", "[load][v2]") {
  CHECK(errors_of("target: {wins: 5}\nfunnel:\n  - stage: won\n  - stage: meeting\n    rate: "
                  "25%\n  - stage: lead\n    rate: 10%\n") ==
        Lines{"s.yaml:3:3: error: the funnel lists `won` above `lead`: its stages are bottom "
              "first; list the stages top first: the leads first, the won deals last"});
  // Names it does not know, or a known order, are left alone.
  CHECK(
      errors_of("target: {wins: 5}\nfunnel:\n  - stage: b\n  - stage: a\n    rate: 25%\n").empty());
}

namespace {

std::string timeline_scenario(const std::string& timeline, const std::string& period = "month") {
  return "period: " + period + R"(
target: {wins: 5}
funnel:
  - stage: lead
  - stage: mql
    rate: 20%
  - stage: won
    rate: 25%
timeline:
)" + timeline;
}

}  // namespace

TEST_CASE("a timeline loads its start, periods, wins and lags", "[load][v2]") {
  const Scenario s = load(timeline_scenario(
      "  start: 2027-01-01\n  periods: 3\n  wins: [4, 0, 5]\n  lags:\n    mql: 3\n    won: "
      "[10%, 60%, 30%]\n"));
  REQUIRE(s.timeline);
  CHECK(s.timeline->start == 20819);  // 2027-01-01
  CHECK(s.timeline->periods == 3);
  CHECK(s.timeline->wins == std::vector<double>{4, 0, 5});
  REQUIRE(s.timeline->lags.size() == 3);
  CHECK(*s.timeline->lags[1].days == 3);
  CHECK(s.timeline->lags[2].shares == std::vector<double>{0.1, 0.6, 0.3});
  const Scenario from_wins = load(timeline_scenario("  start: 2027-01-01\n  wins: [1, 2]\n"));
  CHECK(from_wins.timeline->periods == 2);
}

TEST_CASE("timeline problems are located and say what would be right", "[load][v2]") {
  CHECK(errors_of(timeline_scenario("  start: 2027-01-05\n  periods: 2\n")) ==
        Lines{"s.yaml:10:10: error: `start` 2027-01-05 is not the first day of a month; did you "
              "mean `2027-01-01`?"});
  CHECK(errors_of(timeline_scenario("  start: 2027-01-06\n  periods: 2\n", "week")) ==
        Lines{"s.yaml:10:10: error: `start` 2027-01-06 is not the first day of a week; did you "
              "mean `2027-01-04`?"});
  CHECK(errors_of(timeline_scenario("  start: 2027-05-01\n  periods: 2\n", "quarter")) ==
        Lines{"s.yaml:10:10: error: `start` 2027-05-01 is not the first day of a quarter; did "
              "you mean `2027-04-01`?"});
  CHECK(errors_of(timeline_scenario("  start: 2027-02-30\n  periods: 2\n")) ==
        Lines{"s.yaml:10:10: error: `start` must be a date such as `2027-01-01`, got "
              "`2027-02-30`; write the date as YYYY-MM-DD"});
  CHECK(errors_of(timeline_scenario("  start: 2027-01-01\n  periods: 3\n  wins: [1, 2]\n")) ==
        Lines{"s.yaml:12:9: error: `wins` lists 2 periods, but `periods` is 3; give 3 values, one "
              "per period"});
  CHECK(errors_of(timeline_scenario("  start: 2027-01-01\n  periods: 20000\n")) ==
        Lines{"s.yaml:11:12: error: `periods` must be at most 10000, got 20000; plan at most "
              "10,000 periods"});
  CHECK(errors_of(timeline_scenario("  start: 2027-01-01\n  periods: 2\n  lags:\n    won: [50%, "
                                    "40%]\n")) ==
        Lines{"s.yaml:13:10: error: the shares of `lags.won` add up to 90%, not 100%; the shares "
              "say when every conversion happens: make them total 100%"});
  CHECK(errors_of(timeline_scenario("  start: 2027-01-01\n  periods: 2\n  lags:\n    won: -3\n")) ==
        Lines{"s.yaml:13:10: error: `lags.won` must be 0 or more, got `-3`"});
  CHECK(errors_of(timeline_scenario("  start: 2027-01-01\n  periods: 2\n  lags:\n    lead: 3\n")) ==
        Lines{"s.yaml:13:5: error: `lags` cannot name the first stage `lead`: nothing converts "
              "into it; name a later stage"});
  CHECK(errors_of(timeline_scenario("  start: 2027-01-01\n  wins: [0, 0]\n")) ==
        Lines{"s.yaml:11:9: error: `wins` plans no win in any period; give at least one period a "
              "win"});
  CHECK(errors_of(timeline_scenario("  periods: 2\n")) ==
        Lines{"s.yaml:10:3: error: `timeline` needs a `start`; e.g. `start: 2027-01-01`"});
}

TEST_CASE("actuals map every stage to a column, and channel names to channels", "[load][v2]") {
  const std::string head = std::string(k_minimal) +
                           "channels:\n  - name: paid_search\n    cpl: 30\nactuals:\n  channel: "
                           "Original Source\n";
  const Scenario s = load(head +
                          "  stages:\n    lead: Create Date\n    mql: MQL Date\n  "
                          "channel_names:\n    Paid Search: paid_search\n  maturity_days: 30\n");
  REQUIRE(s.actuals);
  CHECK(s.actuals->channel_column == "Original Source");
  CHECK(s.actuals->stage_columns == std::vector<std::string>{"Create Date", "MQL Date"});
  CHECK(s.actuals->channel_names ==
        std::vector<std::pair<std::string, std::string>>{{"Paid Search", "paid_search"}});
  CHECK(*s.actuals->maturity_days == 30);
  CHECK(s.actuals->min_sample == 30);
  CHECK(errors_of(head + "  stages:\n    lead: Create Date\n") ==
        Lines{"s.yaml:13:5: error: `actuals.stages` gives no column for stage `mql`; map every "
              "funnel stage to the column holding the date a lead reached it"});
  CHECK(errors_of(head + "  stages:\n    lead: A\n    mql: B\n    sqll: C\n") ==
        Lines{"s.yaml:15:5: error: `stages` names `sqll`, which is not a stage of the funnel; "
              "the stages are: lead, mql"});
  CHECK(errors_of(head +
                  "  stages: {lead: A, mql: B}\n  channel_names:\n    Paid Search: paid_serch\n") ==
        Lines{"s.yaml:14:18: error: `channel_names` maps `Paid Search` to `paid_serch`, which is "
              "not a channel; did you mean `paid_search`?"});
  const Scenario by_step =
      load(head + "  stages: {lead: A, mql: B}\n  maturity_days:\n    mql: 14\n");
  CHECK(*by_step.actuals->maturity_by_step[1] == 14);
}

TEST_CASE_METHOD(OverrideFixture, "the version 2 keys are reached by --set paths",
                 "[load][set][v2]") {
  const Scenario s = load(text, {{"channels.ads.rates.won", "30%"},
                                 {"channels.ads.mql_rate", "25%"},
                                 {"funnel.mql.evidence.entered", "100"},
                                 {"funnel.mql.evidence.converted", "30"},
                                 {"target.confidence", "90%"}});
  CHECK(*s.channels[0].own_rate(2) == 0.3);
  CHECK(*s.channels[0].own_rate(1) == 0.25);
  REQUIRE(s.stages[1].evidence);
  CHECK(s.stages[1].evidence->converted == 30);
  CHECK(s.stages[1].rate == 0.2);  // the written rate stands beside the evidence
  CHECK(*s.target.confidence == 0.9);
  const Scenario tiers = load(text +
                                  "  - name: li\n    cpl_tiers:\n      - {leads: 10, cpl: "
                                  "5}\n      - {cpl: 8}\n",
                              {{"channels.li.cpl_tiers.1.cpl", "9"}});
  CHECK(tiers.channels[1].cpl_tiers[1].cpl == 9);
  const Scenario flat =
      load(text + "  - name: li\n    cpl_tiers:\n      - {cpl: 8}\n", {{"channels.li.cpl", "7"}});
  CHECK(flat.channels[1].cpl_tiers.empty());
  CHECK(*flat.channels[1].cpl == 7);
}

TEST_CASE_METHOD(OverrideFixture, "bad --set paths into maps and lists say what is wrong",
                 "[load][set][v2]") {
  CHECK(errors_of(text, {{"channels.ads.rates", "30%"}}) ==
        Lines{"--set:1:14: error: unknown path `channels.ads.rates`: write "
              "`channels.ads.rates.STAGE`"});
  CHECK(errors_of(text, {{"channels.ads.rates.wom", "30%"}}) ==
        Lines{"--set:1:1: error: `rates` names `wom`, which is not a stage of the funnel; did you "
              "mean `won`?"});
  CHECK(errors_of(text, {{"channels.ads.cpl_tiers.0.cpl", "3"}}) ==
        Lines{"--set:1:24: error: unknown path `channels.ads.cpl_tiers.0.cpl`: no tier numbered "
              "`0`; tiers are counted from 0; this channel has 0"});
  CHECK(errors_of(text, {{"budget.x", "3"}}) ==
        Lines{"--set:1:8: error: unknown path `budget.x`: `budget` is a single value"});
}

TEST_CASE("timeline and actuals keys are reached by --set", "[load][set][v2]") {
  const Scenario s = load(timeline_scenario("  start: 2027-01-01\n  wins: [1, 2]\n  lags:\n    "
                                            "won: [50%, 50%]\n"),
                          {{"timeline.wins.1", "7"}, {"timeline.lags.won", "45"}});
  CHECK(s.timeline->wins == std::vector<double>{1, 7});
  CHECK(*s.timeline->lags[2].days == 45);
  CHECK(s.timeline->lags[2].shares.empty());
  CHECK(errors_of(timeline_scenario("  start: 2027-01-01\n  wins: [1, 2]\n"),
                  {{"timeline.wins.2", "7"}}) ==
        Lines{"--set:1:15: error: unknown path `timeline.wins.2`: `timeline.wins` has no item "
              "`2`; items are counted from 0; a list cannot grow by --set"});
}

TEST_CASE_METHOD(OverrideFixture, "override problems stop at the collection cap", "[load][set]") {
  std::vector<Override> overrides;
  for (int i = 0; i < 10050; ++i) {
    overrides.push_back(Override{"channels.adz.cpl", "1"});
  }
  const std::vector<std::string> errors = errors_of(text, overrides);
  CHECK(errors.size() == k_max_collected);
  // Only the printed problems get a suggestion (each costs a scan of every name).
  CHECK(errors[k_max_diagnostics - 1] ==
        "--set:50:10: error: unknown path `channels.adz.cpl`: no channel named `adz`; did you "
        "mean `ads`?");
  CHECK(errors[k_max_diagnostics] ==
        "--set:51:10: error: unknown path `channels.adz.cpl`: no channel named `adz`");
}
