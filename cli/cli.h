// The `gazette` command line: parses arguments and runs one command.
#pragma once

namespace gazette {

// Returns the process exit code (daemon/exit_codes.h).
int run_cli(int argc, char** argv);

}  // namespace gazette
