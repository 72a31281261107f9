#include "compiler/writer/sequence_text.hpp"

#include <fmt/format.h>

#include <vector>

#include "compiler/ir/identifiers.hpp"

namespace schemac {

std::string sequence_text(const ir::Sequence& s) {
    auto written = [](const std::string& n) { return quote_identifier(n); };
    std::vector<std::string> parts;
    parts.push_back("sequence " + (s.name.schema == "public" ? written(s.name.name)
                                                             : written(s.name.schema) + "." + written(s.name.name)));
    if (s.type.name != "bigint") parts.push_back("as " + s.type.name);
    const ir::SequenceOptions& o = s.options;
    if (o.increment) parts.push_back(fmt::format("increment {}", *o.increment));
    if (o.min_value) parts.push_back(fmt::format("minvalue {}", *o.min_value));
    if (o.max_value) parts.push_back(fmt::format("maxvalue {}", *o.max_value));
    if (o.start) parts.push_back(fmt::format("start {}", *o.start));
    if (o.cache) parts.push_back(fmt::format("cache {}", *o.cache));
    if (o.cycle) parts.push_back("cycle");
    if (s.owned_by_table) {
        // `table.column` finds the table in the sequence's own schema (then public): qualified otherwise.
        std::string table = s.owned_by_table->schema == s.name.schema
                                ? written(s.owned_by_table->name)
                                : written(s.owned_by_table->schema) + "." + written(s.owned_by_table->name);
        parts.push_back("owned by " + table + "." + written(s.owned_by_column));
    }
    if (s.comment) parts.push_back("comment " + quote_literal(*s.comment));
    return fmt::format("{}\n", fmt::join(parts, " "));
}

}  // namespace schemac
