// Prints leadplan's bash completion, zsh completion, man page or JSON Schema,
// generated from the same CLI11 app and schema table the executable runs. Used by
// the build; see src/CMakeLists.txt.

#include <iostream>
#include <string>

#include "leadplan/cli/app.hpp"
#include "leadplan/cli/generate.hpp"
#include "leadplan/cli/schema.hpp"

int main(int argc, char** argv) {
  const std::string what = argc > 1 ? argv[1] : "";
  leadplan::cli::AppState state;
  const auto app = leadplan::cli::make_app(state);
  if (what == "bash") {
    std::cout << leadplan::cli::bash_completion(*app);
  } else if (what == "zsh") {
    std::cout << leadplan::cli::zsh_completion(*app);
  } else if (what == "man") {
    std::cout << leadplan::cli::man_page(*app);
  } else if (what == "schema") {
    leadplan::cli::write_json_schema(std::cout, leadplan::builtin_schema());
  } else {
    std::cerr << "usage: gen_cli_docs bash|zsh|man|schema\n";
    return 2;
  }
  return 0;
}
