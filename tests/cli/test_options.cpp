// Options every report shares: --set, stdin, -o, --color, locale independence,
// and the completions and man page generated from the real option set.

#include <clocale>
#include <filesystem>
#include <locale>
#include <sstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "leadplan/cli/app.hpp"
#include "leadplan/cli/generate.hpp"
#include "leadplan/engine/engine.hpp"
#include "leadplan/load/scenario_loader.hpp"
#include "leadplan/report/report.hpp"
#include "process.hpp"

using leadplan::test::read_file;
using leadplan::test::run_leadplan;
using leadplan::test::source_path;
using leadplan::test::TempDir;

namespace {

nlohmann::json calc_json(const std::vector<std::string>& extra) {
  std::vector<std::string> args = {"calc", "examples/seed.yaml", "--format", "json"};
  args.insert(args.end(), extra.begin(), extra.end());
  const auto r = run_leadplan(args);
  REQUIRE(r.exit_code == 0);
  return nlohmann::json::parse(r.out);
}

}  // namespace

TEST_CASE("set overrides a top-level scalar and a stage and a channel and the target",
          "[options][set]") {
  CHECK(calc_json({"--set", "budget=12600"}).at("allowable_cpl") == 40);
  // 25% lead->MQL: 63 MQLs need 252 leads.
  CHECK(calc_json({"--set", "funnel.mql.rate=25%"}).at("stages")[0].at("required") == 252);
  CHECK(calc_json({"--set", "funnel.mql.rate=0.25"}).at("stages")[0].at("required") == 252);
  CHECK(calc_json({"--set", "channels.webinars.cpl=90"}).at("channels")[1].at("effective_cpl") ==
        225);
  // A key the channel lacks is added.
  CHECK(calc_json({"--set", "channels.webinars.max_leads=10"}).at("channels")[1].at("leads") == 10);
  CHECK(calc_json({"--set", "target.wins=8"}).at("target").at("wins") == 8);
  CHECK(calc_json({"--set", "name=What if"}).at("scenario").at("name") == "What if");
  // Later overrides win, in order.
  CHECK(calc_json({"--set", "budget=1", "--set", "budget=3150"}).at("allowable_cpl") == 10);
}

TEST_CASE("set target.revenue replaces a wins target and keeps deal_size", "[options][set]") {
  TempDir dir;
  const std::string path = dir.write("plan.yaml",
                                     "target:\n  wins: 5\n  deal_size: 20000\nfunnel:\n  - stage: "
                                     "lead\n  - stage: won\n    rate: 10%\n");
  const auto r = run_leadplan({"calc", path, "--format", "json", "--set", "target.revenue=200000"});
  REQUIRE(r.exit_code == 0);
  const auto target = nlohmann::json::parse(r.out).at("target");
  CHECK(target.at("wins") == 10);
  CHECK(target.at("revenue") == 200000);
  CHECK(target.at("deal_size") == 20000);
}

TEST_CASE("set with an unknown path or a bad value is an input error naming it", "[options][set]") {
  const auto unknown =
      run_leadplan({"calc", "examples/seed.yaml", "--set", "funnel.mqll.rate=25%"});
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.out.empty());
  CHECK(unknown.err ==
        "--set:1:8: error: unknown path `funnel.mqll.rate`: no stage named `mqll`; did you mean "
        "`mql`?\n");
  const auto key = run_leadplan(
      {"calc", "examples/seed.yaml", "--set", "budget=1", "--set", "channels.webinars.cpll=3"});
  CHECK(key.exit_code == 2);
  CHECK(key.err ==
        "--set:2:19: error: unknown path `channels.webinars.cpll`; did you mean `cpl`?\n");
  const auto value = run_leadplan({"calc", "examples/seed.yaml", "--set", "funnel.mql.rate=20"});
  CHECK(value.exit_code == 2);
  CHECK(value.out.empty());
  CHECK(value.err == "--set:1:1: error: `rate` `20` is above 1; write `20%` or `0.2`\n");
  const auto form = run_leadplan({"calc", "examples/seed.yaml", "--set", "budget"});
  CHECK(form.exit_code == 2);
  CHECK(form.err.find("must have the form PATH=VALUE") != std::string::npos);
}

TEST_CASE("a dash reads the scenario from stdin and its errors say <stdin>", "[options][stdin]") {
  const std::string seed = read_file(source_path("examples/seed.yaml"));
  const auto from_file = run_leadplan({"calc", "examples/seed.yaml", "--format", "json"});
  const auto from_stdin = run_leadplan({"calc", "-", "--format", "json"}, seed);
  CHECK(from_stdin.exit_code == 0);
  CHECK(from_stdin.out == from_file.out);

  const auto bad = run_leadplan({"calc", "-"}, std::string("target:\n  wins: five\n"));
  CHECK(bad.exit_code == 2);
  CHECK(bad.out.empty());
  CHECK(bad.err.find("<stdin>:2:9: error: `wins` must be a number, got `five`") !=
        std::string::npos);

  const auto closed = run_leadplan({"calc", "-"});
  CHECK(closed.exit_code == 2);
  CHECK(closed.out.empty());
}

TEST_CASE("output option writes the report atomically and leaves the old file intact on failure",
          "[options][output]") {
  TempDir dir;
  const std::string report = dir.path() + "/report.json";
  const auto ok = run_leadplan({"calc", "examples/seed.yaml", "--format", "json", "-o", report});
  CHECK(ok.exit_code == 0);
  CHECK(ok.out.empty());
  const std::string first = read_file(report);
  CHECK(nlohmann::json::parse(first).at("allowable_cpl").get<double>() == Approx(10000.0 / 315.0));

  const auto failed =
      run_leadplan({"calc", "examples/seed.yaml", "--set", "budget=-1", "-o", report});
  CHECK(failed.exit_code == 2);
  CHECK(failed.out.empty());
  CHECK(read_file(report) == first);

  const auto check = run_leadplan({"check", "examples/seed.yaml", "-o", report});
  CHECK(check.exit_code == 1);  // a failing check still writes its report
  CHECK(read_file(report).find("FAIL  budget") != std::string::npos);

  std::size_t files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    ++files;
  }
  CHECK(files == 1);  // no temporary file left behind

  const auto missing =
      run_leadplan({"calc", "examples/seed.yaml", "-o", dir.path() + "/no/such/dir/x"});
  CHECK(missing.exit_code == 2);
  CHECK(missing.out.empty());
}

TEST_CASE("colour only on a terminal or when asked, never with NO_COLOR", "[options][color]") {
  const auto plain = run_leadplan({"calc", "examples/seed.yaml"});
  CHECK(plain.out.find('\x1b') == std::string::npos);  // stdout is a file here
  const auto forced = run_leadplan({"calc", "examples/seed.yaml", "--color", "always"});
  CHECK(forced.out.find("\x1b[1m") != std::string::npos);
  const auto never = run_leadplan({"calc", "examples/seed.yaml", "--color", "never"});
  CHECK(never.out == plain.out);
  const auto no_color = run_leadplan({"calc", "examples/seed.yaml", "--color", "always"},
                                     std::nullopt, {{"NO_COLOR", "1"}});
  CHECK(no_color.out == plain.out);
}

TEST_CASE("usage errors exit 2 with nothing on stdout and help and version exit 0",
          "[options][usage]") {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{},
        {"frobnicate"},
        {"calc"},
        {"calc", "examples/seed.yaml", "--format", "xml"},
        {"calc", "examples/seed.yaml", "--bogus"},
        {"calc", "examples/seed.yaml", "--format", "jsonl"}}) {
    const auto r = run_leadplan(args);
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK_FALSE(r.err.empty());
  }
  const auto help = run_leadplan({"--help"});
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("calc") != std::string::npos);
  const auto version = run_leadplan({"--version"});
  CHECK(version.exit_code == 0);
  CHECK(version.out.rfind("leadplan ", 0) == 0);
}

TEST_CASE("--help shows the defaults and the exit codes of the app and of every command",
          "[options][help]") {
  const auto app = run_leadplan({"--help"});
  CHECK(app.exit_code == 0);
  CHECK(app.out.find("(default: text): text|json") != std::string::npos);
  CHECK(app.out.find("(default: auto): auto|always|never") != std::string::npos);
  CHECK(app.out.find("Exit codes: 0 success, 1 a check failed (check only), 2 a usage or input "
                     "error") != std::string::npos);
  for (const std::string command : {"calc", "check", "diff", "sweep"}) {
    INFO(command);
    const auto help = run_leadplan({command, "--help"});
    CHECK(help.exit_code == 0);
    CHECK(help.out.find("Output format (default: table): table|json") != std::string::npos);
    CHECK(help.out.find(command == "check" ? "Exit codes: 0 every check passed, 1 a check failed, "
                                             "2 a usage or input error"
                                           : "Exit codes: 0 success, 2 a usage or input error") !=
          std::string::npos);
    // diff draws no colour, so it offers no --color.
    CHECK((help.out.find("--color WHEN") != std::string::npos) == (command != "diff"));
    if (command != "diff") {
      CHECK(help.out.find("(default: auto): auto|always|never") != std::string::npos);
    }
  }
  const auto diff_color =
      run_leadplan({"diff", "examples/seed.yaml", "examples/seed.yaml", "--color", "never"});
  CHECK(diff_color.exit_code == 2);
  CHECK(diff_color.out.empty());
}

namespace {

// A numeric facet that writes 1.234,5: what a German global locale would do.
struct CommaDecimal : std::numpunct<char> {
  char do_decimal_point() const override { return ','; }
  char do_thousands_sep() const override { return '.'; }
  std::string do_grouping() const override { return "\3"; }
};

std::string all_formats(const leadplan::Scenario& scenario, const leadplan::Plan& plan) {
  std::ostringstream out;
  leadplan::write_json(out, scenario, plan);
  leadplan::write_table(out, scenario, plan, {});
  leadplan::write_csv(out, scenario, plan);
  leadplan::write_markdown(out, scenario, plan);
  return out.str();
}

}  // namespace

TEST_CASE("a German global locale changes neither how 0.2 is read nor how 31.75 is printed",
          "[options][locale]") {
  const leadplan::Source source{"seed.yaml", read_file(source_path("examples/seed.yaml"))};
  const auto scenario = leadplan::load_scenario(source);
  const std::string expected = all_formats(scenario, leadplan::compute_plan(scenario));

  const std::locale previous =
      std::locale::global(std::locale(std::locale::classic(), new CommaDecimal));
  const std::string c_previous = std::setlocale(LC_ALL, nullptr);
  const bool german = std::setlocale(LC_ALL, "de_DE.UTF-8") != nullptr;
  const auto again = leadplan::load_scenario(source);
  const std::string actual = all_formats(again, leadplan::compute_plan(again));
  std::setlocale(LC_ALL, c_previous.c_str());
  std::locale::global(previous);

  CHECK(again.stages[1].rate == 0.2);
  CHECK(actual == expected);
  CHECK(actual.find("$31.75") != std::string::npos);
  if (!german) {
    WARN("de_DE.UTF-8 is not installed: only the C++ global locale was changed");
  }
}

TEST_CASE("LC_ALL=de_DE.UTF-8 and LC_ALL=C print the same bytes in every format",
          "[options][locale]") {
  for (const std::string format : {"table", "json", "csv", "markdown"}) {
    const auto c = run_leadplan({"calc", "examples/seed.yaml", "--format", format}, std::nullopt,
                                {{"LC_ALL", "C"}});
    const auto de = run_leadplan({"calc", "examples/seed.yaml", "--format", format}, std::nullopt,
                                 {{"LC_ALL", "de_DE.UTF-8"}, {"LANG", "de_DE.UTF-8"}});
    CHECK(c.exit_code == 0);
    CHECK(de.out == c.out);
  }
}

TEST_CASE("completions and the man page list every subcommand and option",
          "[options][completion]") {
  leadplan::cli::AppState state;
  const auto app = leadplan::cli::make_app(state);
  const std::string bash = leadplan::cli::bash_completion(*app);
  const std::string zsh = leadplan::cli::zsh_completion(*app);
  const std::string man = leadplan::cli::man_page(*app);
  std::size_t subcommands = 0;
  for (const CLI::App* sub : app->get_subcommands({})) {
    ++subcommands;
    const std::string& name = sub->get_name();
    CHECK(bash.find(name) != std::string::npos);
    CHECK(zsh.find("'" + name + ":") != std::string::npos);
    CHECK(man.find(".SS " + name) != std::string::npos);
    for (const CLI::Option* option : sub->get_options()) {
      for (const std::string& l : option->get_lnames()) {
        INFO(name << " --" << l);
        CHECK(bash.find("--" + l) != std::string::npos);
        CHECK(zsh.find("--" + l) != std::string::npos);
        std::string roff_name = "\\-\\-";
        for (const char c : l) {
          roff_name += c == '-' ? std::string("\\-") : std::string(1, c);
        }
        CHECK(man.find(roff_name) != std::string::npos);
      }
      for (const std::string& choice : leadplan::cli::option_choices(option->get_description())) {
        CHECK(bash.find(choice) != std::string::npos);
      }
    }
  }
  CHECK(subcommands >= 3);
}

TEST_CASE("an unknown command or choice gets a clear message and exit 2", "[options][usage]") {
  const auto command = run_leadplan({"chekc", "examples/seed.yaml"});
  CHECK(command.exit_code == 2);
  CHECK(command.out.empty());
  CHECK(command.err ==
        "leadplan: error: unknown command `chekc`; did you mean `check`? (commands: calc, check, "
        "diff, optimize, sweep, track, init, schema)\n");
  const auto format = run_leadplan({"calc", "examples/seed.yaml", "--format", "yaml"});
  CHECK(format.exit_code == 2);
  CHECK(format.out.empty());
  CHECK(format.err.find("--format: yaml not in {table,json,csv,markdown,html,xlsx}") !=
        std::string::npos);
}

TEST_CASE("a command's option before the command says where it goes", "[options][usage]") {
  const auto r = run_leadplan({"--format", "json", "calc", "examples/seed.yaml"});
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(r.err ==
        "leadplan: error: `--format` is an option of a command and goes after it, e.g. "
        "`leadplan calc SCENARIO --format json`\n");
}
