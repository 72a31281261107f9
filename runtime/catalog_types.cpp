#include "runtime/catalog_types.hpp"

#include "compiler/ir/types.hpp"

namespace schemac::runtime {

// `character varying(20)` -> {"character varying", {"20"}}; `timestamp(3) with time zone` too.
ir::Type formatted_type(const std::string& formatted) {
    ir::Type type;
    std::string name;
    std::size_t open = formatted.find('(');
    if (open == std::string::npos) {
        name = formatted;
    } else {
        std::size_t close = formatted.find(')', open);
        std::string inside = formatted.substr(open + 1, close - open - 1);
        for (std::size_t begin = 0; begin <= inside.size();) {
            std::size_t comma = inside.find(',', begin);
            if (comma == std::string::npos) comma = inside.size();
            std::string part = inside.substr(begin, comma - begin);
            part.erase(0, part.find_first_not_of(' '));
            type.modifiers.push_back(part);
            begin = comma + 1;
        }
        name = formatted.substr(0, open) + formatted.substr(close + 1);
    }
    type.name = name;
    return type;
}

ir::Type builtin_type(const std::string& formatted) {
    ir::Type type = formatted_type(formatted);
    std::vector<std::string> parameters = type.modifiers;
    if (auto known = canonical_builtin_type(type.name, parameters)) {
        type.name = *known;
        type.modifiers = parameters;
    }
    return type;
}

}  // namespace schemac::runtime
