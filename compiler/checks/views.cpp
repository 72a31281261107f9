// Checks of views: the relations and columns a view's query names that schemac manages exist,
// and no view reads itself through other views.
#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "compiler/checks/checks.hpp"
#include "compiler/source/suggest.hpp"
#include "compiler/sql/pg_parse.hpp"
#include "compiler/sql/select_reads.hpp"

namespace schemac::checks {
namespace {

using nlohmann::json;

std::string kind_of(const ir::View& v) { return v.materialized ? "materialized view" : "view"; }

// What schemac knows of each relation a view may read: tables and views, by qualified name.
class Relations {
public:
    explicit Relations(const ir::Database& db) {
        for (const ir::Table& t : db.tables) {
            std::vector<std::string> columns;
            for (const ir::Column& c : t.columns) columns.push_back(c.name);
            known_.emplace(t.name, std::optional(std::move(columns)));
        }
        for (const ir::View& v : db.views) {
            std::optional<std::vector<std::string>> columns;
            if (!v.columns.empty()) {
                columns.emplace();
                for (const ir::ViewColumn& c : v.columns) columns->push_back(c.name);
            }
            known_.emplace(v.name, std::move(columns));
        }
        for (const ir::Schema& s : db.schemas) managed_.insert(s.name);
    }

    // The name a query's relation resolves to (unqualified: public, as the default search path).
    static ir::QualifiedName resolve(const std::optional<std::string>& schema, const std::string& name) {
        return ir::QualifiedName{schema.value_or("public"), name};
    }
    // Whether schemac answers for a relation of that name: unqualified ones (but pg_*, the
    // catalogs') and those of a schema the project manages.
    bool checked(const std::optional<std::string>& schema, const std::string& name) const {
        if (!schema) return !name.starts_with("pg_");
        return managed_.count(*schema) > 0;
    }
    bool exists(const ir::QualifiedName& name) const { return known_.count(name) > 0; }
    std::optional<std::vector<std::string>> columns(const ir::QualifiedName& name) const {
        auto it = known_.find(name);
        return it == known_.end() ? std::nullopt : it->second;
    }
    std::vector<std::string_view> names_in(const std::string& schema) const {
        std::vector<std::string_view> out;
        for (const auto& [name, columns] : known_)
            if (name.schema == schema) out.push_back(name.name);
        return out;
    }
    ColumnsOf columns_of() const {
        return [this](const std::optional<std::string>& schema, const std::string& name) {
            return columns(resolve(schema, name));
        };
    }

private:
    std::map<ir::QualifiedName, std::optional<std::vector<std::string>>> known_;
    std::set<std::string> managed_;
};

// The first place in the parse tree where `match` holds for a node of type `type`; its location.
std::optional<std::size_t> first_location(const json& node, std::string_view type,
                                          const std::function<bool(const json&)>& match) {
    if (node.is_array()) {
        for (const json& child : node)
            if (auto at = first_location(child, type, match)) return at;
    } else if (node.is_object()) {
        for (auto it = node.begin(); it != node.end(); ++it) {
            if (it.key() == type && it.value().is_object() && match(it.value()) && it.value().contains("location"))
                return it.value()["location"].get<std::size_t>();
            if (auto at = first_location(it.value(), type, match)) return at;
        }
    }
    return std::nullopt;
}

// The span in the .schema file of a word of the query at byte `offset` (the whole query when unknown).
Span at_word(const ir::View& v, const std::string& query, std::optional<std::size_t> offset, std::size_t length) {
    Span body = v.origin.detail;
    if (!offset || *offset + length > query.size()) return body;
    auto begin = body.begin + static_cast<std::uint32_t>(*offset);
    return Span{body.file, begin, begin + static_cast<std::uint32_t>(std::max<std::size_t>(length, 1))};
}

void check_view_reads(const ir::View& v, const std::string& query, const Relations& relations, Diagnostics& out) {
    SelectReads reads = select_reads(query, relations.columns_of());
    if (!reads.valid || !reads.single_select) return;  // lowering has said so
    PgParse parsed = pg_parse(query);
    json tree = json::parse(parsed.tree.value_or("{}"), nullptr, false);
    std::string shown = fmt::format("{} {}", kind_of(v), ir::display_name(v.name));
    for (const RelationRead& r : reads.relations) {
        if (!relations.checked(r.schema, r.name)) continue;
        ir::QualifiedName name = Relations::resolve(r.schema, r.name);
        if (!relations.exists(name)) {
            auto location = first_location(tree, "RangeVar", [&](const json& node) {
                return node.value("relname", "") == r.name &&
                       (node.contains("schemaname") ? std::optional(node.value("schemaname", "")) : std::nullopt) ==
                           r.schema;
            });
            std::string written = r.schema ? *r.schema + "." + r.name : r.name;
            std::string help = fmt::format("declare a table or view {}, or fix the name", ir::display_name(name));
            if (auto suggestion = closest_name(name.name, relations.names_in(name.schema)))
                help = fmt::format("did you mean '{}'?", r.schema ? *r.schema + "." + *suggestion : *suggestion);
            std::size_t length = location && *location < query.size() ? written.size() : 0;
            if (location && query.compare(*location, written.size(), written) != 0) length = 1;
            out.error("unknown-relation", at_word(v, query, location, length),
                      fmt::format("{} reads '{}', which no table or view declares", shown, written), help);
            continue;
        }
        std::optional<std::vector<std::string>> columns = relations.columns(name);
        if (!columns) continue;  // a view whose columns schemac cannot tell
        for (const std::string& column : r.columns) {
            if (std::find(columns->begin(), columns->end(), column) != columns->end()) continue;
            auto location = first_location(tree, "ColumnRef", [&](const json& node) {
                const json& fields = node.value("fields", json::array());
                return !fields.empty() && fields.back().contains("String") &&
                       fields.back()["String"].value("sval", "") == column;
            });
            // The location is the reference's start (`u.emial`): point at the column's own name.
            std::optional<std::size_t> at = location;
            if (location) {
                std::size_t end = query.find_first_of(" \t\r\n,)", *location);
                std::string_view ref = std::string_view(query).substr(
                    *location, end == std::string::npos ? std::string::npos : end - *location);
                if (std::size_t dot = ref.rfind('.'); dot != std::string_view::npos) at = *location + dot + 1;
            }
            std::vector<std::string_view> candidates(columns->begin(), columns->end());
            auto suggestion = closest_name(column, candidates);
            out.error("unknown-column", at_word(v, query, at, column.size()),
                      fmt::format("{} reads column '{}' of {}, which has no such column", shown, column,
                                  ir::display_name(name)),
                      suggestion ? fmt::format("did you mean '{}'?", *suggestion)
                                 : fmt::format("its columns are {}", fmt::join(*columns, ", ")));
        }
    }
}

}  // namespace

void view_reads(const ir::Database& db, const SourceSet& sources, Diagnostics& out) {
    if (db.views.empty()) return;  // no query reads anything (and no map of every table's columns)
    Relations relations(db);
    for (const ir::View& v : db.views) {
        Span body = v.origin.detail;
        if (!body.known()) continue;
        const std::string& text = sources.file(body.file).text();
        check_view_reads(v, text.substr(body.begin, body.end - body.begin), relations, out);
    }
}

void view_cycles(const ir::Database& db, Diagnostics& out) {
    std::map<ir::QualifiedName, const ir::View*> views;
    for (const ir::View& v : db.views) views.emplace(v.name, &v);
    std::map<ir::QualifiedName, std::vector<ir::QualifiedName>> reads;
    for (const ir::View& v : db.views) {
        SelectReads r = select_reads(v.query);
        for (const RelationRead& relation : r.relations) {
            ir::QualifiedName name = Relations::resolve(relation.schema, relation.name);
            if (views.count(name)) reads[v.name].push_back(name);
        }
    }
    // Depth-first; a view met again while on the path closes a cycle, reported once at its
    // first view (by name).
    enum class State { unseen, on_path, done };
    std::map<ir::QualifiedName, State> state;
    std::vector<ir::QualifiedName> path;
    std::set<std::set<ir::QualifiedName>> reported;
    std::function<void(const ir::QualifiedName&)> visit = [&](const ir::QualifiedName& name) {
        state[name] = State::on_path;
        path.push_back(name);
        for (const ir::QualifiedName& next : reads[name]) {
            if (state[next] == State::on_path) {
                auto from = std::find(path.begin(), path.end(), next);
                std::vector<ir::QualifiedName> cycle(from, path.end());
                std::set<ir::QualifiedName> members(cycle.begin(), cycle.end());
                if (!reported.insert(members).second) continue;
                auto first = std::min_element(cycle.begin(), cycle.end());
                std::rotate(cycle.begin(), first, cycle.end());
                std::string chain;
                for (const ir::QualifiedName& n : cycle) chain += ir::display_name(n) + " -> ";
                chain += ir::display_name(cycle.front());
                const ir::View& at = *views.at(cycle.front());
                out.error("view-cycle", at.origin.span,
                          cycle.size() == 1 ? fmt::format("{} {} reads itself", kind_of(at), ir::display_name(at.name))
                                            : fmt::format("views read each other in a cycle: {}", chain),
                          "a view can only read views that do not read it back; break the cycle");
            } else if (state[next] == State::unseen) {
                visit(next);
            }
        }
        path.pop_back();
        state[name] = State::done;
    };
    for (const ir::View& v : db.views)
        if (state[v.name] == State::unseen) visit(v.name);
}

}  // namespace schemac::checks
