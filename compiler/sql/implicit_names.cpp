#include "compiler/sql/implicit_names.hpp"

#include <algorithm>

#include "compiler/ir/identifiers.hpp"
#include "compiler/ir/types.hpp"
#include "compiler/sql/sql_expression.hpp"

namespace schemac {
namespace {

constexpr std::size_t namedatalen = max_identifier_bytes + 1;

// Longest prefix of at most `bytes` bytes that does not split a UTF-8 character.
std::size_t clip(std::string_view text, std::size_t bytes) {
    bytes = std::min(bytes, text.size());
    while (bytes > 0 && bytes < text.size() && (static_cast<unsigned char>(text[bytes]) & 0xC0) == 0x80) --bytes;
    return bytes;
}

}  // namespace

std::string make_object_name(std::string_view name1, std::string_view name2, std::string_view label) {
    std::size_t name1chars = name1.size();
    std::size_t name2chars = name2.size();
    std::size_t overhead = (label.empty() ? 0 : label.size() + 1) + (name2.empty() ? 0 : 1);
    std::size_t available = namedatalen - 1 - overhead;
    while (name1chars + name2chars > available) {
        if (name1chars > name2chars)
            --name1chars;
        else
            --name2chars;
    }
    name1chars = clip(name1, name1chars);
    name2chars = clip(name2, name2chars);
    std::string out;
    out.reserve(name1chars + name2chars + overhead);
    out.append(name1.data(), name1chars);
    if (!name2.empty()) out.append(1, '_').append(name2.data(), name2chars);
    if (!label.empty()) out.append(1, '_').append(label);
    return out;
}

std::string join_name_parts(const std::vector<std::string>& parts) {
    std::string out;
    for (const std::string& part : parts) {
        if (!out.empty()) out += '_';
        out.append(part.data(), clip(part, namedatalen - 1));
        if (out.size() >= namedatalen) break;
    }
    return out;
}

std::vector<std::string> index_column_names(const std::vector<std::string>& columns) {
    std::vector<std::string> out;
    out.reserve(columns.size());
    for (const std::string& column : columns) {
        std::string_view original = column.empty() ? std::string_view("expr") : std::string_view(column);
        if (std::find(out.begin(), out.end(), original) == out.end()) {
            out.emplace_back(original);
            continue;
        }
        std::string candidate;
        int suffix = 0;
        do {
            std::string number = std::to_string(++suffix);
            candidate.assign(original.data(), clip(original, namedatalen - 1 - number.size())).append(number);
        } while (std::find(out.begin(), out.end(), candidate) != out.end());
        out.push_back(std::move(candidate));
    }
    return out;
}

bool TakenNames::take(const std::string& name) {
    if (contains(name)) return false;
    names_.insert(kept_.emplace_back(name), {});
    return true;
}

std::string free_name(std::string_view name1, std::string_view name2, std::string_view label, const TakenNames& taken) {
    std::string candidate = make_object_name(name1, name2, label);
    for (int pass = 1; taken.contains(candidate); ++pass) {
        candidate = make_object_name(name1, name2, std::string(label) + std::to_string(pass));
    }
    return candidate;
}

std::string choose_name(std::string_view name1, std::string_view name2, std::string_view label, TakenNames& taken) {
    std::string name = free_name(name1, name2, label, taken);
    taken.take(name);
    return name;
}

std::string check_name_part(std::string_view expression) {
    const std::vector<std::string>& refs = analyze_sql_expression(expression).column_refs;
    if (refs.empty()) return "";
    for (const std::string& ref : refs)
        if (ref != refs.front()) return "";
    return refs.front();
}

std::string index_name_part(const ir::Index& index) {
    std::vector<std::string> columns;
    columns.reserve(index.elements.size() + index.include.size());
    for (const ir::IndexElement& e : index.elements) columns.push_back(e.column);
    for (const std::string& c : index.include) columns.push_back(c);
    return join_name_parts(index_column_names(columns));
}

std::string exclusion_name_part(const ir::Exclusion& exclusion) {
    ir::Index index;
    for (const ir::ExclusionElement& e : exclusion.elements) index.elements.push_back(e.element);
    index.include = exclusion.include;
    return index_name_part(index);
}

std::map<ir::QualifiedName, ImplicitSequence> implicit_sequences(const ir::Database& db) {
    std::map<ir::QualifiedName, ImplicitSequence> out;
    for (const ir::Table& t : db.tables)
        for (const ir::Column& c : t.columns)
            if (c.identity() || is_serial_type(c.type))
                out.try_emplace(ir::QualifiedName{t.name.schema, make_object_name(t.name.name, c.name, "seq")},
                                ImplicitSequence{&t, &c});
    return out;
}

}  // namespace schemac
