// The list of files a `hugo` export wrote into its folder, kept in the
// folder as `.gazette-export`. The next export removes only files listed
// there, and skips rendering an article whose fingerprint it lists
// unchanged.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "export/output_file.h"

namespace gazette {

inline constexpr const char* kHugoManifestName = ".gazette-export";

struct HugoManifestEntry {
  std::uint64_t fingerprint = 0;  // of everything the page is rendered from (hugo_page.h)
  std::uintmax_t size = 0;        // bytes written
  bool operator==(const HugoManifestEntry&) const = default;
};

struct HugoManifestRow {
  std::string name;  // of a .md file in the folder
  HugoManifestEntry entry;
};

// Rows in any order; written sorted by name.
using HugoManifest = std::vector<HugoManifestRow>;

// An absent manifest is empty. Throws ExportError when it is unreadable or
// lists a name that is not a plain .md file name of this folder.
HugoManifest read_hugo_manifest(const OutputFolder& folder);

// Writes the manifest unless the file already holds exactly this content.
void write_hugo_manifest(const OutputFolder& folder, const HugoManifest& manifest);

}  // namespace gazette
