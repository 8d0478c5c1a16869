#include "leadplan/cli/xlsx_exec.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include "leadplan/cli/output.hpp"
#include "leadplan/model/diagnostic.hpp"
#include "leadplan/report/xlsx_report.hpp"

namespace leadplan::cli {

void prepare_xlsx(const std::string& output) {
  if (writes_to_stdout(output) && ::isatty(STDOUT_FILENO) == 1) {
    throw Error(
        "an XLSX workbook is binary and is not written to a terminal; give -o FILE.xlsx, or "
        "redirect standard output");
  }
  if (&write_xlsx != nullptr) {
    return;
  }
  // Debian ships libxlsxwriter as a shared library only, and this executable is
  // static for its start-up time (docs/ARCHITECTURE.md): the workbook is written
  // by its dynamically linked twin, given the very same arguments. Nothing has
  // been read or opened yet, so standard input and output pass on untouched.
  std::error_code error;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  const std::filesystem::path twin = self.parent_path() / "leadplan-xlsx";
  std::ifstream cmdline("/proc/self/cmdline", std::ios::binary);
  const std::string all((std::istreambuf_iterator<char>(cmdline)),
                        std::istreambuf_iterator<char>());
  std::vector<std::string> arguments;
  for (std::size_t start = 0; start < all.size();) {
    const std::size_t end = all.find('\0', start);
    arguments.push_back(
        all.substr(start, end == std::string::npos ? std::string::npos : end - start));
    start = end == std::string::npos ? all.size() : end + 1;
  }
  if (!error && !arguments.empty() && ::access(twin.c_str(), X_OK) == 0) {
    arguments.front() = twin.string();
    std::vector<char*> argv;
    for (std::string& argument : arguments) {
      argv.push_back(argument.data());
    }
    argv.push_back(nullptr);
    ::execv(twin.c_str(), argv.data());
  }
  throw Error(
      "this leadplan was built without XLSX support: install libxlsxwriter-dev and build again "
      "(it provides leadplan-xlsx)");
}

}  // namespace leadplan::cli
