// The list of files a `hugo` export wrote into its folder, kept in the
// folder as `.gazette-export`. The next export removes only files listed
// there, and skips rewriting a file whose content hash it lists.
#pragma once

#include <filesystem>
#include <map>
#include <string>

namespace gazette {

inline constexpr const char* kHugoManifestName = ".gazette-export";

// File name -> SHA-256 (hex) of the content written.
using HugoManifest = std::map<std::string, std::string>;

// An absent manifest is empty. Throws ExportError when it is unreadable or
// lists a name that is not a plain .md file name of this folder.
HugoManifest read_hugo_manifest(const std::filesystem::path& folder);

// Writes the manifest unless the file already holds exactly this content.
void write_hugo_manifest(const std::filesystem::path& folder, const HugoManifest& manifest);

}  // namespace gazette
