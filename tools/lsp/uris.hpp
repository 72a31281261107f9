// file:// URIs and paths, as LSP clients send them: percent-encoded, with an authority that is
// empty or "localhost". Other schemes are not files: they give an empty path.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace schemac::lsp {

std::filesystem::path path_from_uri(std::string_view uri);
// Every byte but unreserved characters and '/' percent-encoded.
std::string uri_from_path(const std::filesystem::path& path);

}  // namespace schemac::lsp
