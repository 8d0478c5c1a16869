#pragma once
// Shell completions and the man page, generated from the real CLI11 app so that
// they cannot drift from the options leadplan accepts.

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace leadplan::cli {

// The values an option offers, read from its description's ": a|b|c" ending; empty when none.
[[nodiscard]] std::vector<std::string> option_choices(const std::string& description);

// A bash completion script for `app` (source it, or install as completions/leadplan).
[[nodiscard]] std::string bash_completion(const CLI::App& app);

// A zsh completion function for `app` (install as `_leadplan` on $fpath).
[[nodiscard]] std::string zsh_completion(const CLI::App& app);

// The man page leadplan(1) for `app`, in roff.
[[nodiscard]] std::string man_page(const CLI::App& app);

}  // namespace leadplan::cli
