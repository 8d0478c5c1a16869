#include "leadplan/cli/generate.hpp"

#include <fmt/format.h>
#include <CLI/App.hpp>

#include "leadplan/version.hpp"

namespace leadplan::cli {

namespace {

struct OptionInfo {
  std::vector<std::string> flags;  // "-o", "--output"
  std::string value;               // "FILE", empty for a flag
  std::string description;
  std::vector<std::string> choices;
};

struct CommandInfo {
  std::string name;
  std::string description;
  std::vector<std::string> positionals;  // "SCENARIO"
  std::vector<OptionInfo> options;
};

std::vector<OptionInfo> options_of(const CLI::App& app) {
  std::vector<OptionInfo> result;
  for (const CLI::Option* option : app.get_options()) {
    if (!option->nonpositional()) {
      continue;
    }
    OptionInfo info;
    for (const std::string& s : option->get_snames()) {
      info.flags.push_back("-" + s);
    }
    for (const std::string& l : option->get_lnames()) {
      info.flags.push_back("--" + l);
    }
    info.value = option->get_items_expected_max() > 0 ? option->get_option_text() : std::string();
    if (option->get_items_expected_max() > 0 && info.value.empty()) {
      info.value = "VALUE";
    }
    info.description = option->get_description();
    info.choices = option_choices(info.description);
    result.push_back(std::move(info));
  }
  return result;
}

std::vector<CommandInfo> commands_of(const CLI::App& app) {
  std::vector<CommandInfo> result;
  for (const CLI::App* sub : app.get_subcommands({})) {
    CommandInfo info{sub->get_name(), sub->get_description(), {}, options_of(*sub)};
    for (const CLI::Option* option : sub->get_options()) {
      if (!option->nonpositional()) {
        info.positionals.push_back(option->get_option_text());
      }
    }
    result.push_back(std::move(info));
  }
  return result;
}

std::string words(const std::vector<OptionInfo>& options) {
  std::string out;
  for (const OptionInfo& o : options) {
    for (const std::string& f : o.flags) {
      out += (out.empty() ? "" : " ") + f;
    }
  }
  return out;
}

// Escapes roff's special characters in running text.
std::string roff(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      out += "\\-";
    } else {
      out.push_back(c);
    }
  }
  if (!out.empty() && (out.front() == '.' || out.front() == '\'')) {
    out.insert(0, "\\&");
  }
  return out;
}

// Whether an option's value starts with a scenario path (`--set PATH=VALUE`).
bool takes_path(const std::string& value) {
  return value.rfind("PATH=", 0) == 0;
}

std::string zsh_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else if (c == '[' || c == ']' || c == ':') {
      out.push_back('\\');
      out.push_back(c);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace

std::vector<std::string> option_choices(const std::string& description) {
  const std::size_t colon = description.rfind(": ");
  if (colon == std::string::npos) {
    return {};
  }
  const std::string tail = description.substr(colon + 2);
  if (tail.find('|') == std::string::npos || tail.find(' ') != std::string::npos) {
    return {};
  }
  std::vector<std::string> choices;
  std::size_t start = 0;
  for (;;) {
    const std::size_t bar = tail.find('|', start);
    choices.push_back(
        tail.substr(start, bar == std::string::npos ? std::string::npos : bar - start));
    if (bar == std::string::npos) {
      return choices;
    }
    start = bar + 1;
  }
}

std::string bash_completion(const CLI::App& app) {
  const std::vector<CommandInfo> commands = commands_of(app);
  const std::vector<OptionInfo> global = options_of(app);
  std::string names;
  for (const CommandInfo& c : commands) {
    names += (names.empty() ? "" : " ") + c.name;
  }
  std::string out = "# bash completion for leadplan, generated from its option set. Do not edit.\n";
  out += "_leadplan() {\n";
  out += "  local cur prev cmd i\n";
  out += "  COMPREPLY=()\n";
  out += "  cur=\"${COMP_WORDS[COMP_CWORD]}\"\n";
  out += "  prev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n";
  out += "  cmd=\"\"\n";
  out += "  for ((i = 1; i < COMP_CWORD; i++)); do\n";
  out += fmt::format(
      "    case \"${{COMP_WORDS[i]}}\" in {}) cmd=\"${{COMP_WORDS[i]}}\"; break;; esac\n", [&] {
        std::string alternatives;
        for (const CommandInfo& c : commands) {
          alternatives += (alternatives.empty() ? "" : "|") + c.name;
        }
        return alternatives;
      }());
  out += "  done\n";
  out += "  case \"$prev\" in\n";
  // One case per option, its choices the union over the commands that take it
  // (`--format` offers `jsonl` for sweep only, `csv` for all).
  struct ValueCase {
    std::string pattern;
    std::string value;
    std::vector<std::string> choices;
  };
  std::vector<ValueCase> cases;
  auto collect = [&](const std::vector<OptionInfo>& options) {
    for (const OptionInfo& o : options) {
      if (o.value.empty()) {
        continue;
      }
      std::string pattern;
      for (const std::string& f : o.flags) {
        pattern += (pattern.empty() ? "" : "|") + f;
      }
      auto it = std::find_if(cases.begin(), cases.end(),
                             [&](const ValueCase& c) { return c.pattern == pattern; });
      if (it == cases.end()) {
        cases.push_back(ValueCase{pattern, o.value, {}});
        it = cases.end() - 1;
      }
      for (const std::string& choice : o.choices) {
        if (std::find(it->choices.begin(), it->choices.end(), choice) == it->choices.end()) {
          it->choices.push_back(choice);
        }
      }
    }
  };
  collect(global);
  for (const CommandInfo& c : commands) {
    collect(c.options);
  }
  for (const ValueCase& c : cases) {
    std::string choices;
    for (const std::string& choice : c.choices) {
      choices += (choices.empty() ? "" : " ") + choice;
    }
    if (!choices.empty()) {
      out += fmt::format("    {}) COMPREPLY=($(compgen -W \"{}\" -- \"$cur\")); return;;\n",
                         c.pattern, choices);
    } else if (takes_path(c.value)) {
      out += fmt::format(
          "    {}) local IFS=$'\\n'; compopt -o nospace 2>/dev/null\n"
          "      COMPREPLY=($(compgen -W \"$(_leadplan_paths)\" -S = -- \"$cur\")); return;;\n",
          c.pattern);
    } else if (c.value == "FILE") {
      out += fmt::format("    {}) COMPREPLY=($(compgen -f -- \"$cur\")); return;;\n", c.pattern);
    } else {
      out += fmt::format("    {}) return;;\n", c.pattern);
    }
  }
  out += "  esac\n";
  out += "  case \"$cmd\" in\n";
  for (const CommandInfo& c : commands) {
    out += fmt::format("    {})\n", c.name);
    out += "      if [[ \"$cur\" == -* ]]; then\n";
    out += fmt::format("        COMPREPLY=($(compgen -W \"{}\" -- \"$cur\"))\n", words(c.options));
    out += "      else\n";
    out +=
        "        COMPREPLY=($(compgen -f -X '!*.@(yaml|yml)' -- \"$cur\") $(compgen -d -- "
        "\"$cur\"))\n";
    out += "      fi;;\n";
  }
  out += "    *)\n";
  out += fmt::format("      COMPREPLY=($(compgen -W \"{} {}\" -- \"$cur\"));;\n", names,
                     words(global));
  out += "  esac\n";
  out += "}\n";
  // The `--set` paths of the last scenario named so far (for diff, HEAD), from
  // `leadplan schema --paths`: the file's own stages and channels; the patterns
  // without a readable one.
  std::string with_value;
  for (const ValueCase& c : cases) {
    with_value += (with_value.empty() ? "" : "|") + c.pattern;
  }
  out += "_leadplan_paths() {\n";
  out += "  local i scenario=\"\"\n";
  out += "  for ((i = 2; i < COMP_CWORD; i++)); do\n";
  out += fmt::format("    case \"${{COMP_WORDS[i-1]}}\" in {}) continue;; esac\n", with_value);
  out +=
      "    [[ \"${COMP_WORDS[i]}\" != -* && -f \"${COMP_WORDS[i]}\" ]] && "
      "scenario=\"${COMP_WORDS[i]}\"\n";
  out += "  done\n";
  out += "  \"${COMP_WORDS[0]}\" schema --paths ${scenario:+\"$scenario\"} 2>/dev/null\n";
  out += "}\n";
  out += "complete -F _leadplan leadplan\n";
  return out;
}

std::string zsh_completion(const CLI::App& app) {
  const std::vector<CommandInfo> commands = commands_of(app);
  auto specs = [](const std::vector<OptionInfo>& options) {
    std::string out;
    for (const OptionInfo& o : options) {
      std::string action;
      if (!o.value.empty()) {
        std::string choices;
        for (const std::string& c : o.choices) {
          choices += (choices.empty() ? "" : " ") + c;
        }
        action = !choices.empty()      ? fmt::format(":{}:({})", o.value, choices)
                 : o.value == "FILE"   ? fmt::format(":{}:_files", o.value)
                 : takes_path(o.value) ? fmt::format(":{}:_leadplan_paths", o.value)
                                       : fmt::format(":{}: ", o.value);
      }
      const std::string description = zsh_escape(o.description);
      if (o.flags.size() == 1) {
        out += fmt::format("    '{}[{}]{}' \\\n", o.flags[0], description, action);
      } else {
        std::string group;
        for (const std::string& f : o.flags) {
          group += (group.empty() ? "" : " ") + f;
        }
        std::string braces;
        for (const std::string& f : o.flags) {
          braces += (braces.empty() ? "" : ",") + f;
        }
        out += fmt::format("    '({})'{{{}}}'[{}]{}' \\\n", group, braces, description, action);
      }
    }
    return out;
  };
  std::string out =
      "#compdef leadplan\n# zsh completion for leadplan, generated from its option set. Do not "
      "edit.\n\n";
  out += "_leadplan() {\n  local line state\n  _arguments -C \\\n";
  out += specs(options_of(app));
  out += "    '1: :->command' \\\n    '*:: :->args'\n";
  out += "  case $state in\n    command)\n      local -a commands\n      commands=(\n";
  for (const CommandInfo& c : commands) {
    out += fmt::format("        '{}:{}'\n", c.name, zsh_escape(c.description));
  }
  out += "      )\n      _describe command commands;;\n    args)\n      case $line[1] in\n";
  for (const CommandInfo& c : commands) {
    out += fmt::format("        {})\n          _arguments \\\n", c.name);
    out += specs(c.options);
    out += "            '*:scenario:_files -g \"*.(yaml|yml)\"';;\n";
  }
  out += "      esac;;\n  esac\n}\n\n";
  // The `--set` paths of the last scenario on the line, from `leadplan schema --paths`.
  out += "_leadplan_paths() {\n  local w scenario\n  local -a paths\n";
  out += "  for w in ${words[2,CURRENT-1]}; do\n";
  out += "    [[ $w != -* && -f $w ]] && scenario=$w\n  done\n";
  out += "  paths=(${(f)\"$(leadplan schema --paths ${scenario:+$scenario} 2>/dev/null)\"})\n";
  out += "  compadd -S = -- $paths\n}\n\n";
  out += "_leadplan \"$@\"\n";
  return out;
}

std::string man_page(const CLI::App& app) {
  const std::vector<CommandInfo> commands = commands_of(app);
  std::string out;
  out += fmt::format(".TH LEADPLAN 1 \"\" \"leadplan {}\" \"User Commands\"\n", k_version);
  out += ".SH NAME\nleadplan \\- funnel math and cost\\-per\\-lead planning from a YAML scenario\n";
  out += ".SH SYNOPSIS\n";
  for (const CommandInfo& c : commands) {
    out += fmt::format(".B leadplan {}\n", c.name);
    for (const std::string& p : c.positionals) {
      out += fmt::format(".I {}\n", p);
    }
    out += ".RI [ OPTIONS ]\n.br\n";
  }
  out += ".B leadplan\n.BR \\-\\-version \" | \" \\-\\-help\n";
  out += ".SH DESCRIPTION\n";
  out += roff(app.get_description()) + ".\n";
  out +=
      ".PP\nA planner works backwards from a revenue target: target revenue divided by the deal "
      "size gives the wins; dividing by each stage's conversion rate, bottom up, gives the "
      "meetings, SQLs, MQLs and leads needed. The budget divided by the leads needed is the "
      "allowable cost per lead. See the scenario format and the formulas in the documentation "
      "installed with leadplan (scenario.md, math.md).\n";
  out += ".SH COMMANDS\n";
  for (const CommandInfo& c : commands) {
    out += fmt::format(".SS {}\n{}.\n", c.name, roff(c.description));
    for (const OptionInfo& o : c.options) {
      std::string flags;
      for (const std::string& f : o.flags) {
        flags += (flags.empty() ? "" : ", ") + roff(f);
      }
      out += fmt::format(".TP\n.B {}{}\n{}\n", flags, o.value.empty() ? "" : " " + o.value,
                         roff(o.description));
    }
  }
  out += ".SH GLOBAL OPTIONS\n";
  for (const OptionInfo& o : options_of(app)) {
    std::string flags;
    for (const std::string& f : o.flags) {
      flags += (flags.empty() ? "" : ", ") + roff(f);
    }
    out += fmt::format(".TP\n.B {}{}\n{}\n", flags, o.value.empty() ? "" : " " + o.value,
                       roff(o.description));
  }
  out +=
      ".SH EXIT STATUS\n.TP\n.B 0\nSuccess.\n.TP\n.B 1\nA check failed (check only).\n"
      ".TP\n.B 2\nA usage or input error; nothing is printed on standard output.\n";
  out +=
      ".SH ENVIRONMENT\n.TP\n.B NO_COLOR\nWhen set and not empty, the table is never coloured.\n"
      ".TP\n.B GITHUB_ACTIONS\nWhen \\fBtrue\\fR, input errors are also printed as GitHub "
      "Actions \\fB::error\\fR annotations on standard error.\n";
  out +=
      ".SH DIAGNOSTICS\nEach input problem is one line on standard error, "
      "\\fIFILE\\fB:\\fILINE\\fB:\\fICOLUMN\\fB: error: \\fIMESSAGE\\fR, every problem of the "
      "file in one run.\n";
  out +=
      ".SH EXAMPLES\n.nf\nleadplan calc scenario.yaml\nleadplan check scenario.yaml\n"
      "leadplan calc scenario.yaml \\-\\-format json | jq .allowable_cpl\n"
      "leadplan diff main.yaml pr.yaml \\-\\-format markdown\n.fi\n";
  return out;
}

}  // namespace leadplan::cli
