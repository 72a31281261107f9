// Text inside HTML (the site's pages, Graphviz's HTML-like labels): the five characters that
// would end a tag, an attribute or an entity written as entities.
#pragma once

#include <string>
#include <string_view>

namespace schemac::docs {

inline std::string html_escaped(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

}  // namespace schemac::docs
