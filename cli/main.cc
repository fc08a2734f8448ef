#include "cli/cli.h"

int main(int argc, char** argv) { return gazette::run_cli(argc, argv); }
