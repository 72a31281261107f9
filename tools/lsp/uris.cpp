#include "tools/lsp/uris.hpp"

namespace schemac::lsp {
namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

std::filesystem::path path_from_uri(std::string_view uri) {
    constexpr std::string_view scheme = "file://";
    if (uri.size() < scheme.size()) return {};
    for (std::size_t i = 0; i < scheme.size(); ++i)
        if (static_cast<char>(uri[i] | 0x20) != scheme[i] && uri[i] != scheme[i]) return {};
    uri.remove_prefix(scheme.size());
    std::size_t slash = uri.find('/');
    if (slash == std::string_view::npos) return {};
    std::string_view authority = uri.substr(0, slash);
    if (!authority.empty() && authority != "localhost") return {};  // another machine's file
    uri.remove_prefix(slash);
    std::size_t end = uri.find_first_of("?#");
    if (end != std::string_view::npos) uri = uri.substr(0, end);
    std::string path;
    for (std::size_t i = 0; i < uri.size(); ++i) {
        if (uri[i] == '%' && i + 2 < uri.size() && hex_value(uri[i + 1]) >= 0 && hex_value(uri[i + 2]) >= 0) {
            char decoded = static_cast<char>(hex_value(uri[i + 1]) * 16 + hex_value(uri[i + 2]));
            if (decoded == '\0') return {};  // no path holds a NUL
            path += decoded;
            i += 2;
        } else {
            path += uri[i];
        }
    }
    return std::filesystem::path(path).lexically_normal();
}

std::string uri_from_path(const std::filesystem::path& path) {
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string uri = "file://";
    for (unsigned char c : path.string()) {
        bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                     c == '.' || c == '_' || c == '~' || c == '/';
        if (plain) {
            uri += static_cast<char>(c);
        } else {
            uri += '%';
            uri += digits[c >> 4];
            uri += digits[c & 15];
        }
    }
    return uri;
}

}  // namespace schemac::lsp
