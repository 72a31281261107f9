// Reading the IR's JSON form strictly (see ir_json.hpp): every value is checked for its type,
// every object for unknown keys, every list for names given twice; a problem is reported with
// the path of the value (`tables[3].columns[1].not_null`).
#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <map>
#include <tuple>

#include "compiler/ir/ir_json.hpp"
#include "compiler/ir/json_document.hpp"
#include "compiler/ir/strict_json.hpp"

namespace schemac {
namespace {

using json = nlohmann::json;
using Keys = std::initializer_list<std::string_view>;

[[noreturn]] void fail(const std::string& where, std::string_view what) {
    throw IrJsonError(where.empty() ? std::string(what) : fmt::format("{}: {}", where, what));
}

std::string json_quoted(std::string_view text) {
    return json(std::string(text)).dump(-1, ' ', false, json::error_handler_t::replace);
}

// Only the document's shape is checked (types, keys, representable numbers, one name per
// list), never a rule of the language: whatever the compiler accepts must read back.

// One JSON object of the document, at `path`, with the keys it may have. Below the root, the
// path is made from the parent's only when a message needs it (the parent outlives the object).
class Object {
public:
    Object(JsonValue j, std::string path, Keys keys) : j_(j), path_(std::move(path)), known_(true) { check(keys); }
    // The object at `key` of `parent`, or at `parent.key[index]`.
    Object(JsonValue j, const Object& parent, std::string_view key, Keys keys) : j_(j), parent_(&parent), key_(key) {
        check(keys);
    }
    Object(JsonValue j, const Object& parent, std::string_view key, std::size_t index, Keys keys)
        : j_(j), parent_(&parent), key_(key), index_(index) {
        check(keys);
    }

    const std::string& path() const {
        if (!known_) {
            path_ = index_ == std::string::npos ? parent_->at(key_) : fmt::format("{}[{}]", parent_->at(key_), index_);
            known_ = true;
        }
        return path_;
    }
    std::string at(std::string_view key) const {
        return path().empty() ? std::string(key) : fmt::format("{}.{}", path(), key);
    }
    // Most keys a reader asks for are absent: one test of the object's key bits answers most.
    std::optional<JsonValue> find(std::string_view key) const {
        if (!(key_bits_ & key_bit(key))) return std::nullopt;
        return j_.find(key);
    }
    JsonValue required(std::string_view key) const {
        std::optional<JsonValue> v = find(key);
        if (!v) fail(path(), fmt::format("missing {}", json_quoted(key)));
        return *v;
    }

    // A string. Empty ones are read as they are: the reader checks the document's shape, and
    // whatever the compiler accepts (an empty enum label) must read back.
    std::string text(std::string_view key) const {
        return string_value_at(required(key), [&] { return at(key); });
    }
    // Found once (most keys a reader asks for are absent, the rest read where they were found).
    std::optional<std::string> optional_text(std::string_view key) const {
        std::optional<JsonValue> v = find(key);
        if (!v) return std::nullopt;
        return string_value_at(*v, [&] { return at(key); });
    }
    std::string text_or_empty(std::string_view key) const {
        std::optional<JsonValue> v = find(key);
        return v ? string_value_at(*v, [&] { return at(key); }) : std::string();
    }

    bool flag(std::string_view key) const {
        std::optional<JsonValue> v = find(key);
        if (!v) return false;
        if (!v->is_boolean()) fail(at(key), fmt::format("expected true or false, found {}", describe_json_value(*v)));
        return v->boolean();
    }

    std::optional<std::int64_t> integer(std::string_view key,
                                        std::int64_t min = std::numeric_limits<std::int64_t>::min(),
                                        std::int64_t max = std::numeric_limits<std::int64_t>::max()) const {
        std::optional<JsonValue> found = find(key);
        if (!found) return std::nullopt;
        json scalar = found->is_number() ? found->scalar() : json();
        const json* v = &scalar;
        bool fits = v->is_number_integer() &&
                    (!v->is_number_unsigned() || v->get<std::uint64_t>() <= static_cast<std::uint64_t>(max));
        std::int64_t n = fits ? v->get<std::int64_t>() : 0;
        if (!fits || n < min || n > max) {
            std::string range = min == std::numeric_limits<std::int64_t>::min()
                                    ? "a whole number"
                                    : fmt::format("a whole number from {} to {}", min, max);
            fail(at(key), fmt::format("expected {}, found {}", range, describe_json_value(*found)));
        }
        return n;
    }

    // A number (a function's cost or rows), whole or not.
    std::optional<double> number(std::string_view key) const {
        std::optional<JsonValue> v = find(key);
        if (!v) return std::nullopt;
        if (!v->is_number()) fail(at(key), fmt::format("expected a number, found {}", describe_json_value(*v)));
        return v->scalar().get<double>();
    }

    // One of `words`, or `fallback` when absent.
    template <class E>
    E word(std::string_view key, std::initializer_list<std::pair<const char*, E>> words, E fallback) const {
        if (!find(key)) return fallback;
        std::string value = text(key);
        std::string expected;
        for (const auto& [w, e] : words) {
            if (value == w) return e;
            expected += expected.empty() ? json_quoted(w) : ", " + json_quoted(w);
        }
        fail(at(key), fmt::format("expected one of {}, found {}", expected, json_quoted(value)));
    }

    // A list; absent means empty (a default JsonValue).
    JsonValue list(std::string_view key) const {
        std::optional<JsonValue> v = find(key);
        if (!v) return JsonValue();
        if (!v->is_array()) fail(at(key), fmt::format("expected a list, found {}", describe_json_value(*v)));
        return *v;
    }
    std::vector<std::string> names(std::string_view key) const {
        std::vector<std::string> out;
        JsonValue items = list(key);
        out.reserve(items.size());
        JsonValue item = items.first_child();
        for (std::size_t i = 0; i < items.size(); ++i, item = item.next_sibling())
            out.push_back(string_value_at(item, [&] { return fmt::format("{}[{}]", at(key), i); }));
        return out;
    }

    // Parameters as names and strings: a table's or index's `storage`, a view's `options`.
    ir::StorageParameters storage(std::string_view key = "storage") const {
        ir::StorageParameters out;
        std::optional<JsonValue> v = find(key);
        if (!v) return out;
        if (!v->is_object()) fail(at(key), fmt::format("expected an object, found {}", describe_json_value(*v)));
        JsonValue item = v->first_child();
        for (std::uint32_t i = 0; i < v->size(); ++i, item = item.next_sibling()) {
            std::string where = fmt::format("{}.{}", at(key), item.key());
            if (item.key().find('\0') != std::string::npos) fail(at(key), "a parameter name holds a NUL character");
            out[std::string(item.key())] = string_value(item, where);
        }
        return out;
    }

    static std::string string_value(JsonValue v, const std::string& where) {
        return string_value_at(v, [&] { return where; });
    }
    // The same, the path made only for a message.
    template <class Where>
    static std::string string_value_at(JsonValue v, Where where) {
        if (!v.is_string()) fail(where(), fmt::format("expected a string, found {}", describe_json_value(v)));
        std::string_view s = v.string();
        if (s.find('\0') != std::string::npos) fail(where(), "a NUL character (\\u0000) is not allowed");
        return std::string(s);
    }

private:
    JsonValue j_;
    const Object* parent_ = nullptr;
    std::string_view key_;
    std::size_t index_ = std::string::npos;
    mutable std::string path_;
    mutable bool known_ = false;
    // key_bit of each of the object's keys, or-ed (made by check): a key whose bit is not set
    // is not there.
    std::uint64_t key_bits_ = 0;

    static std::uint64_t key_bit(std::string_view key) {
        if (key.empty()) return 1;
        auto mix = key.size() * 31 + static_cast<unsigned char>(key.front()) +
                   static_cast<unsigned char>(key.back()) * 7u;
        return std::uint64_t{1} << (mix & 63);
    }

    void check(Keys keys) {
        if (!j_.is_object()) fail(path(), fmt::format("expected an object, found {}", describe_json_value(j_)));
        // Each key is looked for from where the last one was found: the writer writes them in
        // the order of `keys`, so a snapshot's objects take one pass (any order is still read).
        const std::string_view* first = keys.begin();
        const std::size_t count = keys.size();
        std::size_t at = 0;
        JsonValue item = j_.first_child();
        for (std::uint32_t i = 0; i < j_.size(); ++i, item = item.next_sibling()) {
            std::string_view key = item.key();
            key_bits_ |= key_bit(key);
            std::size_t tried = 0;
            while (tried < count && first[at] != key) {
                at = at + 1 == count ? 0 : at + 1;
                ++tried;
            }
            if (tried == count)
                fail(path(),
                     fmt::format("unknown key {} (written by a newer schemac, or edited by hand)", json_quoted(key)));
        }
    }
};

std::string item_path(const Object& parent, std::string_view key, std::size_t index) {
    return fmt::format("{}[{}]", parent.at(key), index);
}

ir::FkAction action_at(const Object& o, std::string_view key) {
    if (!o.find(key)) return ir::FkAction::no_action;
    std::string name = o.text(key);
    for (ir::FkAction a : {ir::FkAction::no_action, ir::FkAction::restrict, ir::FkAction::cascade,
                           ir::FkAction::set_null, ir::FkAction::set_default})
        if (name == ir::fk_action_text(a)) return a;
    fail(o.at(key),
         fmt::format("expected \"no action\", \"restrict\", \"cascade\", \"set null\" or \"set default\", found {}",
                     json_quoted(name)));
}

// Refuses a name given twice in one list: the planner matches objects by name.
template <class T, class KeyOf>
void refuse_duplicates(const std::vector<T>& items, const std::string& list_path, std::string_view what, KeyOf key_of) {
    std::map<decltype(key_of(items[0])), std::size_t> first;
    for (std::size_t i = 0; i < items.size(); ++i) {
        auto [it, inserted] = first.emplace(key_of(items[i]), i);
        if (!inserted)
            fail(fmt::format("{}[{}]", list_path, i),
                 fmt::format("a second {} with the name of {}[{}] (each name may appear once)", what, list_path,
                             it->second));
    }
}

template <class T>
void sort_by_name(std::vector<T>& items) {
    std::stable_sort(items.begin(), items.end(), [](const T& a, const T& b) { return a.name < b.name; });
}

// Each element of the list `key` of `o`, read by `read` as an object with `keys`.
template <class Read>
auto read_list(const Object& o, std::string_view key, Keys keys, Read read) {
    std::vector<decltype(read(std::declval<const Object&>()))> out;
    JsonValue items = o.list(key);
    out.reserve(items.size());
    JsonValue item = items.first_child();
    for (std::size_t i = 0; i < items.size(); ++i, item = item.next_sibling())
        out.push_back(read(Object(item, o, key, i, keys)));
    return out;
}

const Keys type_keys = {"schema", "name", "modifiers", "array_dimensions"};

ir::Type type_from(const Object& o) {
    ir::Type t;
    t.schema = o.text_or_empty("schema");
    t.name = o.text("name");
    t.modifiers = o.names("modifiers");
    t.array_dimensions = static_cast<int>(
        o.integer("array_dimensions", std::numeric_limits<int>::min(), std::numeric_limits<int>::max()).value_or(0));
    return t;
}

ir::SequenceOptions sequence_options_from(const Object& o) {
    ir::SequenceOptions options;
    options.start = o.integer("start");
    options.increment = o.integer("increment");
    options.min_value = o.integer("min_value");
    options.max_value = o.integer("max_value");
    options.cache = o.integer("cache");
    options.cycle = o.flag("cycle");
    return options;
}

ir::Column column_from(const Object& o) {
    ir::Column c;
    c.name = o.text("name");
    c.type = type_from(Object(o.required("type"), o, "type", type_keys));
    c.collation = o.text_or_empty("collation");
    c.not_null = o.flag("not_null");
    c.default_value = o.optional_text("default");
    if (std::optional<JsonValue> j = o.find("identity")) {
        Object id(*j, o, "identity", {"kind", "start", "increment", "min_value", "max_value", "cache", "cycle"});
        ir::Identity identity;
        std::string kind = id.text("kind");
        if (kind != "always" && kind != "by default")
            fail(id.at("kind"), fmt::format("expected \"always\" or \"by default\", found {}", json_quoted(kind)));
        identity.kind = kind == "always" ? ir::IdentityKind::always : ir::IdentityKind::by_default;
        identity.options = sequence_options_from(id);
        c.rare.set().identity = identity;
    }
    if (auto generated = o.optional_text("generated")) c.rare.set().generated = std::move(*generated);
    if (auto comment = o.optional_text("comment")) c.rare.set().comment = std::move(*comment);
    if (auto was = o.optional_text("was")) c.rare.set().was = std::move(*was);
    if (auto backfill = o.optional_text("backfill")) c.rare.set().backfill = std::move(*backfill);
    if (std::optional<std::int64_t> batch = o.integer("backfill_batch", std::numeric_limits<int>::min(),
                                                      std::numeric_limits<int>::max()))
        c.rare.set().backfill_batch = static_cast<int>(*batch);
    if (std::optional<std::int64_t> target = o.integer("statistics", -1, 10000))
        c.rare.set().statistics = static_cast<int>(*target);
    if (auto using_expression = o.optional_text("using")) c.rare.set().using_expression = std::move(*using_expression);
    return c;
}

const Keys index_element_keys = {"column", "expression", "collation", "opclass", "descending", "nulls_first"};

ir::IndexElement index_element_from(const Object& o) {
    ir::IndexElement e;
    e.column = o.text_or_empty("column");
    e.expression = o.text_or_empty("expression");
    if (e.column.empty() == e.expression.empty())
        fail(o.path(), "expected exactly one of \"column\" and \"expression\"");
    e.collation = o.text_or_empty("collation");
    e.opclass = o.text_or_empty("opclass");
    e.descending = o.flag("descending");
    e.nulls_first = o.flag("nulls_first");
    return e;
}

ir::Index index_from(const Object& o) {
    ir::Index index;
    index.name = o.text("name");
    index.unique = o.flag("unique");
    index.method = o.text("method");
    index.elements = read_list(o, "elements", index_element_keys, index_element_from);
    index.include = o.names("include");
    index.nulls_not_distinct = o.flag("nulls_not_distinct");
    index.storage = o.storage();
    index.where = o.optional_text("where");
    index.was = o.optional_text("was");
    return index;
}

ir::ForeignKey foreign_key_from(const Object& o) {
    ir::ForeignKey fk;
    fk.name = o.text("name");
    fk.columns = o.names("columns");
    Object ref(o.required("references"), o, "references", {"schema", "table", "columns"});
    fk.referenced_table = ir::QualifiedName{ref.text("schema"), ref.text("table")};
    fk.referenced_columns = ref.names("columns");
    fk.on_delete = action_at(o, "on_delete");
    fk.on_update = action_at(o, "on_update");
    fk.match_full = o.flag("match_full");
    fk.deferrable = o.flag("deferrable");
    fk.initially_deferred = o.flag("initially_deferred");
    fk.not_valid = o.flag("not_valid");
    fk.was = o.optional_text("was");
    return fk;
}

ir::Exclusion exclusion_from(const Object& o) {
    ir::Exclusion e;
    e.name = o.text("name");
    e.method = o.text("method");
    e.elements = read_list(o, "elements",
                           {"column", "expression", "collation", "opclass", "descending", "nulls_first", "operator"},
                           [](const Object& el) {
                               return ir::ExclusionElement{index_element_from(el), el.text("operator")};
                           });
    e.include = o.names("include");
    e.storage = o.storage();
    e.where = o.optional_text("where");
    e.deferrable = o.flag("deferrable");
    e.initially_deferred = o.flag("initially_deferred");
    e.was = o.optional_text("was");
    return e;
}

auto by_name = [](const auto& x) { return x.name; };

std::vector<ir::Index> indexes_from(const Object& o) {
    std::vector<ir::Index> indexes = read_list(
        o, "indexes",
        {"name", "unique", "method", "elements", "include", "nulls_not_distinct", "storage", "where", "was"},
        index_from);
    refuse_duplicates(indexes, o.at("indexes"), "index", by_name);
    sort_by_name(indexes);
    return indexes;
}

const Keys qualified_keys = {"schema", "name"};

ir::QualifiedName qualified_from(const Object& o) { return ir::QualifiedName{o.text("schema"), o.text("name")}; }

ir::Trigger trigger_from(const Object& o) {
    ir::Trigger t;
    t.name = o.text("name");
    t.was = o.optional_text("was");
    t.comment = o.optional_text("comment");
    t.constraint = o.flag("constraint");
    t.timing = o.word<ir::TriggerTiming>("timing",
                                         {{"before", ir::TriggerTiming::before},
                                          {"after", ir::TriggerTiming::after},
                                          {"instead of", ir::TriggerTiming::instead_of}},
                                         ir::TriggerTiming::before);
    std::vector<std::string> events = o.names("events");
    for (std::size_t i = 0; i < events.size(); ++i) {
        bool* on = events[i] == "insert"     ? &t.on_insert
                   : events[i] == "update"   ? &t.on_update
                   : events[i] == "delete"   ? &t.on_delete
                   : events[i] == "truncate" ? &t.on_truncate
                                             : nullptr;
        if (!on)
            fail(item_path(o, "events", i), fmt::format("expected \"insert\", \"update\", \"delete\" or "
                                                        "\"truncate\", found {}",
                                                        json_quoted(events[i])));
        *on = true;
    }
    t.update_columns = o.names("update_columns");
    t.old_table = o.optional_text("old_table");
    t.new_table = o.optional_text("new_table");
    t.for_each_row = o.flag("for_each_row");
    t.when = o.optional_text("when");
    if (std::optional<JsonValue> j = o.find("from_table"))
        t.from_table = qualified_from(Object(*j, o, "from_table", qualified_keys));
    t.deferrable = o.flag("deferrable");
    t.initially_deferred = o.flag("initially_deferred");
    t.function = qualified_from(Object(o.required("function"), o, "function", qualified_keys));
    t.arguments = o.names("arguments");
    return t;
}

std::vector<ir::Trigger> triggers_from(const Object& o) {
    std::vector<ir::Trigger> triggers = read_list(
        o, "triggers",
        {"name", "was", "comment", "constraint", "timing", "events", "update_columns", "old_table", "new_table",
         "for_each_row", "when", "from_table", "deferrable", "initially_deferred", "function", "arguments"},
        trigger_from);
    refuse_duplicates(triggers, o.at("triggers"), "trigger", by_name);
    sort_by_name(triggers);
    return triggers;
}

ir::Grant grant_from(const Object& o) {
    ir::Grant g;
    g.grantee = o.text("grantee");
    g.privilege = o.text("privilege");
    g.column = o.text_or_empty("column");
    g.grant_option = o.flag("grant_option");
    return g;
}

// The list `grants` of `o`: sorted as the IR keeps it, a privilege given twice refused.
std::vector<ir::Grant> grants_from(const Object& o) {
    std::vector<ir::Grant> grants = read_list(o, "grants", {"grantee", "privilege", "column", "grant_option"},
                                              grant_from);
    ir::sort_grants(grants);
    for (std::size_t i = 1; i < grants.size(); ++i) {
        const ir::Grant& a = grants[i - 1];
        const ir::Grant& b = grants[i];
        if (a.grantee == b.grantee && a.column == b.column && a.privilege == b.privilege)
            fail(o.at("grants"),
                 fmt::format("{} is given twice to {}{}", json_quoted(b.privilege), json_quoted(b.grantee),
                             b.column.empty() ? "" : " on column " + json_quoted(b.column)));
    }
    return grants;
}

ir::Policy policy_from(const Object& o) {
    ir::Policy p;
    p.name = o.text("name");
    p.was = o.optional_text("was");
    p.comment = o.optional_text("comment");
    p.permissive = !o.flag("restrictive");
    p.command = o.word<ir::PolicyCommand>(
        "command",
        {{"all", ir::PolicyCommand::all},
         {"select", ir::PolicyCommand::select},
         {"insert", ir::PolicyCommand::insert},
         {"update", ir::PolicyCommand::update},
         {"delete", ir::PolicyCommand::delete_}},
        ir::PolicyCommand::all);
    p.roles = o.names("roles");
    std::sort(p.roles.begin(), p.roles.end());
    if (p.roles.empty()) p.roles = {"public"};
    p.using_expression = o.optional_text("using");
    p.check_expression = o.optional_text("with_check");
    return p;
}

ir::FunctionArgument argument_from(const Object& o) {
    ir::FunctionArgument a;
    a.name = o.text_or_empty("name");
    a.mode = o.word<ir::ArgumentMode>("mode",
                                      {{"in", ir::ArgumentMode::in},
                                       {"out", ir::ArgumentMode::out},
                                       {"inout", ir::ArgumentMode::inout},
                                       {"variadic", ir::ArgumentMode::variadic}},
                                      ir::ArgumentMode::in);
    a.type = type_from(Object(o.required("type"), o, "type", type_keys));
    a.default_value = o.optional_text("default");
    return a;
}

ir::Function function_from(const Object& o) {
    const Keys argument_keys = {"name", "mode", "type", "default"};
    ir::Function f;
    f.name = qualified_from(o);
    f.procedure = o.flag("procedure");
    f.was = o.optional_text("was");
    f.was_schema = o.optional_text("was_schema");
    f.comment = o.optional_text("comment");
    f.arguments = read_list(o, "arguments", argument_keys, argument_from);
    if (std::optional<JsonValue> j = o.find("returns")) f.returns = type_from(Object(*j, o, "returns", type_keys));
    f.returns_set = o.flag("returns_set");
    f.returns_table = read_list(o, "returns_table", argument_keys, argument_from);
    f.language = o.text("language");
    f.volatility = o.word<ir::Volatility>("volatility",
                                          {{"volatile", ir::Volatility::volatile_},
                                           {"stable", ir::Volatility::stable},
                                           {"immutable", ir::Volatility::immutable}},
                                          ir::Volatility::volatile_);
    f.strict = o.flag("strict");
    f.security_definer = o.flag("security_definer");
    f.leakproof = o.flag("leakproof");
    f.parallel = o.word<ir::ParallelSafety>("parallel",
                                            {{"unsafe", ir::ParallelSafety::unsafe},
                                             {"restricted", ir::ParallelSafety::restricted},
                                             {"safe", ir::ParallelSafety::safe}},
                                            ir::ParallelSafety::unsafe);
    f.cost = o.number("cost");
    f.rows = o.number("rows");
    f.settings = o.storage("settings");
    f.sql_body = o.optional_text("sql_body");
    f.body = o.text_or_empty("body");
    if (f.sql_body && o.find("body")) fail(o.path(), "expected one of \"body\" and \"sql_body\", found both");
    if (!f.sql_body && !o.find("body")) fail(o.path(), "missing \"body\" (or \"sql_body\")");
    f.link_symbol = o.optional_text("link_symbol");
    if (o.find("grants"))
        f.grants = grants_from(o);
    else  // written before grants were in the IR: PostgreSQL's default, which schemac never changed then
        f.grants = {ir::Grant{"public", "execute", "", false, {}}};
    return f;
}

ir::Check check_from(const Object& o) {
    ir::Check c{o.text("name"), o.text("expression"), o.optional_text("was"), {}};
    c.no_inherit = o.flag("no_inherit");
    c.not_valid = o.flag("not_valid");
    return c;
}

ir::Table table_from(const Object& o) {
    ir::Table t;
    t.name = ir::QualifiedName{o.text("schema"), o.text("name")};
    t.was = o.optional_text("was");
    t.was_schema = o.optional_text("was_schema");
    t.comment = o.optional_text("comment");
    t.unlogged = o.flag("unlogged");
    t.storage = o.storage();
    if (std::optional<JsonValue> j = o.find("partition_by")) {
        Object key(*j, o, "partition_by", {"strategy", "elements"});
        ir::PartitionKey partition_key;
        partition_key.strategy = key.word<ir::PartitionStrategy>(
            "strategy",
            {{"range", ir::PartitionStrategy::range},
             {"list", ir::PartitionStrategy::list},
             {"hash", ir::PartitionStrategy::hash}},
            ir::PartitionStrategy::range);
        partition_key.elements = read_list(key, "elements", index_element_keys, index_element_from);
        t.partition_by = partition_key;
    }
    if (std::optional<JsonValue> j = o.find("partition_of")) {
        t.partition_of = qualified_from(Object(*j, o, "partition_of", qualified_keys));
        t.partition_bound = o.text("partition_bound");
    } else if (o.find("partition_bound")) {
        fail(o.at("partition_bound"), "a bound without \"partition_of\"");
    }
    t.unmanaged_partitions = o.flag("unmanaged_partitions");
    t.replica_identity = o.word<ir::ReplicaIdentity>(
        "replica_identity",
        {{"default", ir::ReplicaIdentity::default_},
         {"full", ir::ReplicaIdentity::full},
         {"nothing", ir::ReplicaIdentity::nothing},
         {"index", ir::ReplicaIdentity::index}},
        ir::ReplicaIdentity::default_);
    t.replica_identity_index = o.text_or_empty("replica_identity_index");
    t.columns = read_list(o, "columns",
                          {"name", "type", "collation", "not_null", "default", "identity", "generated", "comment",
                           "was", "backfill", "backfill_batch", "statistics", "using"},
                          column_from);
    refuse_duplicates(t.columns, o.at("columns"), "column", by_name);
    if (std::optional<JsonValue> j = o.find("primary_key")) {
        Object pk(*j, o, "primary_key", {"name", "columns", "was", "deferrable", "initially_deferred"});
        t.primary_key = ir::PrimaryKey{pk.text("name"),       pk.names("columns"),          pk.optional_text("was"), {},
                                       pk.flag("deferrable"), pk.flag("initially_deferred")};
    }
    t.uniques = read_list(o, "uniques",
                          {"name", "columns", "nulls_not_distinct", "was", "deferrable", "initially_deferred"},
                          [](const Object& u) {
                              return ir::Unique{u.text("name"),
                                                u.names("columns"),
                                                u.flag("nulls_not_distinct"),
                                                u.optional_text("was"),
                                                {},
                                                u.flag("deferrable"),
                                                u.flag("initially_deferred")};
                          });
    t.checks = read_list(o, "checks", {"name", "expression", "no_inherit", "not_valid", "was"}, check_from);
    t.foreign_keys = read_list(o, "foreign_keys",
                               {"name", "columns", "references", "on_delete", "on_update", "match_full", "deferrable",
                                "initially_deferred", "not_valid", "was"},
                               foreign_key_from);
    t.exclusions = read_list(o, "exclusions",
                             {"name", "method", "elements", "include", "storage", "where", "deferrable",
                              "initially_deferred", "was"},
                             exclusion_from);
    refuse_duplicates(t.exclusions, o.at("exclusions"), "exclusion constraint", by_name);
    sort_by_name(t.exclusions);
    t.indexes = indexes_from(o);
    t.triggers = triggers_from(o);
    t.row_level_security = o.flag("row_level_security");
    t.force_row_level_security = o.flag("force_row_level_security");
    t.policies = read_list(o, "policies",
                           {"name", "was", "comment", "restrictive", "command", "roles", "using", "with_check"},
                           policy_from);
    refuse_duplicates(t.policies, o.at("policies"), "policy", by_name);
    sort_by_name(t.policies);
    t.grants = grants_from(o);
    refuse_duplicates(t.uniques, o.at("uniques"), "unique constraint", by_name);
    refuse_duplicates(t.checks, o.at("checks"), "check", by_name);
    refuse_duplicates(t.foreign_keys, o.at("foreign_keys"), "foreign key", by_name);
    sort_by_name(t.uniques);
    sort_by_name(t.checks);
    sort_by_name(t.foreign_keys);
    return t;
}

// What a sequence, domain and composite type begin with, as head_json writes it.
template <class T>
void read_head(const Object& o, T& x) {
    x.name = qualified_from(o);
    x.was = o.optional_text("was");
    x.was_schema = o.optional_text("was_schema");
    x.comment = o.optional_text("comment");
}

ir::Sequence sequence_from(const Object& o) {
    ir::Sequence q;
    read_head(o, q);
    q.type = type_from(Object(o.required("type"), o, "type", type_keys));
    q.options = sequence_options_from(o);
    if (std::optional<JsonValue> j = o.find("owned_by")) {
        Object owner(*j, o, "owned_by", {"schema", "name", "column"});
        q.owned_by_table = qualified_from(owner);
        q.owned_by_column = owner.text("column");
    }
    q.grants = grants_from(o);
    return q;
}

ir::Domain domain_from(const Object& o) {
    ir::Domain d;
    read_head(o, d);
    d.type = type_from(Object(o.required("type"), o, "type", type_keys));
    d.collation = o.text_or_empty("collation");
    d.not_null = o.flag("not_null");
    d.default_value = o.optional_text("default");
    d.checks = read_list(o, "checks", {"name", "expression", "not_valid", "was"}, check_from);
    refuse_duplicates(d.checks, o.at("checks"), "check", by_name);
    sort_by_name(d.checks);
    return d;
}

ir::CompositeType composite_type_from(const Object& o) {
    ir::CompositeType c;
    read_head(o, c);
    c.attributes = read_list(o, "attributes", {"name", "type", "collation", "was"}, [](const Object& a) {
        ir::CompositeAttribute out;
        out.name = a.text("name");
        out.type = type_from(Object(a.required("type"), a, "type", type_keys));
        out.collation = a.text_or_empty("collation");
        out.was = a.optional_text("was");
        return out;
    });
    refuse_duplicates(c.attributes, o.at("attributes"), "attribute", by_name);
    return c;
}

ir::RangeType range_type_from(const Object& o) {
    ir::RangeType r;
    r.name = qualified_from(o);
    r.was = o.optional_text("was");
    r.comment = o.optional_text("comment");
    r.subtype = type_from(Object(o.required("subtype"), o, "subtype", type_keys));
    r.subtype_opclass = o.text_or_empty("subtype_opclass");
    r.collation = o.text_or_empty("collation");
    r.multirange = o.text_or_empty("multirange");
    return r;
}

ir::Enum enum_from(const Object& o) {
    ir::Enum e;
    e.name = ir::QualifiedName{o.text("schema"), o.text("name")};
    e.was = o.optional_text("was");
    e.was_schema = o.optional_text("was_schema");
    e.values = read_list(o, "values", {"name", "was"}, [](const Object& v) {
        return ir::EnumValue{v.text("name"), v.optional_text("was"), {}};
    });
    refuse_duplicates(e.values, o.at("values"), "value", by_name);
    return e;
}

ir::View view_from(const Object& o) {
    ir::View v;
    v.name = ir::QualifiedName{o.text("schema"), o.text("name")};
    v.materialized = o.flag("materialized");
    v.was = o.optional_text("was");
    v.was_schema = o.optional_text("was_schema");
    v.comment = o.optional_text("comment");
    v.options = o.storage("options");
    v.with_no_data = o.flag("with_no_data");
    v.columns = read_list(o, "columns", {"name", "comment"}, [](const Object& c) {
        return ir::ViewColumn{c.text("name"), c.optional_text("comment"), {}};
    });
    refuse_duplicates(v.columns, o.at("columns"), "column", by_name);
    v.query = o.text("query");
    v.indexes = indexes_from(o);
    v.triggers = triggers_from(o);
    v.grants = grants_from(o);
    return v;
}

void check_version(JsonValue found) {
    json v = found.is_number() ? found.scalar() : json();
    if (!v.is_number_integer())
        fail("version",
             fmt::format("expected the number {}, found {}", ir::json_format_version, describe_json_value(found)));
    if (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(ir::json_format_version))
        throw IrJsonError(
            fmt::format("IR version {} is not supported; this schemac reads version {} (a newer schemac wrote "
                        "the file: upgrade schemac)",
                        v.dump(), ir::json_format_version));
    if (v.get<std::int64_t>() != ir::json_format_version)
        throw IrJsonError(fmt::format("IR version {} is not supported; this schemac reads version {}", v.dump(),
                                      ir::json_format_version));
}

ir::Database database_from(JsonValue j) {
    if (!j.is_object())
        fail("", fmt::format("expected a JSON object at the top level, found {}", describe_json_value(j)));
    const std::optional<JsonValue> format = j.find("format");
    if (!format || !format->is_string() || format->string() != "schemac-ir")
        throw IrJsonError("not a schemac IR document (expected \"format\": \"schemac-ir\")");
    // The version before the keys: a newer document says so rather than naming a new key.
    const std::optional<JsonValue> version = j.find("version");
    if (!version) fail("", "missing \"version\"");
    check_version(*version);

    Object root(j, "",
                {"format", "version", "schemas", "extensions", "enums", "sequences", "domains", "composite_types",
                 "range_types", "tables", "views", "functions", "roles", "sequence_grants", "default_privileges"});
    ir::Database db;
    db.schemas = read_list(root, "schemas", {"name", "comment", "grants"}, [](const Object& s) {
        return ir::Schema{s.text("name"), s.optional_text("comment"), {}, grants_from(s)};
    });
    db.extensions = read_list(root, "extensions", {"name", "schema", "version"}, [](const Object& e) {
        return ir::Extension{e.text("name"), e.optional_text("schema"), e.optional_text("version"), {}};
    });
    db.enums = read_list(root, "enums", {"schema", "name", "was", "was_schema", "values"}, enum_from);
    db.tables = read_list(
        root, "tables",
        {"schema",
         "name",
         "was",
         "was_schema",
         "comment",
         "unlogged",
         "storage",
         "partition_by",
         "partition_of",
         "partition_bound",
         "unmanaged_partitions",
         "replica_identity",
         "replica_identity_index",
         "columns",
         "primary_key",
         "uniques",
         "checks",
         "foreign_keys",
         "exclusions",
         "indexes",
         "triggers",
         "row_level_security",
         "force_row_level_security",
         "policies",
         "grants"},
        table_from);
    db.sequences = read_list(root, "sequences",
                             {"schema", "name", "was", "was_schema", "comment", "type", "start", "increment",
                              "min_value", "max_value", "cache", "cycle", "owned_by", "grants"},
                             sequence_from);
    db.domains = read_list(root, "domains",
                           {"schema", "name", "was", "was_schema", "comment", "type", "collation", "not_null",
                            "default", "checks"},
                           domain_from);
    db.composite_types = read_list(root, "composite_types",
                                   {"schema", "name", "was", "was_schema", "comment", "attributes"},
                                   composite_type_from);
    db.range_types = read_list(
        root, "range_types",
        {"schema", "name", "was", "comment", "subtype", "subtype_opclass", "collation", "multirange"}, range_type_from);
    refuse_duplicates(db.sequences, "sequences", "sequence", by_name);
    refuse_duplicates(db.domains, "domains", "domain", by_name);
    refuse_duplicates(db.composite_types, "composite_types", "composite type", by_name);
    refuse_duplicates(db.range_types, "range_types", "range type", by_name);
    refuse_duplicates(db.schemas, "schemas", "schema", by_name);
    refuse_duplicates(db.extensions, "extensions", "extension", by_name);
    refuse_duplicates(db.enums, "enums", "enum", by_name);
    db.views = read_list(root, "views",
                         {"schema", "name", "materialized", "was", "was_schema", "comment", "options", "with_no_data",
                          "columns", "query", "indexes", "triggers", "grants"},
                         view_from);
    refuse_duplicates(db.tables, "tables", "table", by_name);
    refuse_duplicates(db.views, "views", "view", by_name);
    db.functions = read_list(
        root, "functions",
        {"schema",      "name",        "procedure",     "was",      "was_schema", "comment",  "arguments",
         "returns",     "returns_set", "returns_table", "language", "volatility", "strict",   "security_definer",
         "leakproof",   "parallel",    "cost",          "rows",     "settings",   "sql_body", "body",
         "link_symbol", "grants"},
        function_from);
    db.roles = read_list(root, "roles", {"name"}, [](const Object& r) { return ir::Role{r.text("name"), {}}; });
    refuse_duplicates(db.roles, "roles", "role", by_name);
    db.sequence_grants = read_list(root, "sequence_grants", {"schema", "name", "grants"}, [](const Object& s) {
        return ir::SequenceGrants{qualified_from(s), grants_from(s), {}};
    });
    refuse_duplicates(db.sequence_grants, "sequence_grants", "sequence",
                      [](const ir::SequenceGrants& s) { return s.sequence; });
    db.default_privileges = read_list(root, "default_privileges", {"for_role", "schema", "objects", "grants"},
                                      [](const Object& d) {
                                          ir::DefaultPrivileges out;
                                          out.for_role = d.text_or_empty("for_role");
                                          out.schema = d.text_or_empty("schema");
                                          out.objects = d.word<ir::DefaultPrivilegeObjects>(
                                              "objects",
                                              {{"tables", ir::DefaultPrivilegeObjects::tables},
                                               {"sequences", ir::DefaultPrivilegeObjects::sequences},
                                               {"functions", ir::DefaultPrivilegeObjects::functions},
                                               {"types", ir::DefaultPrivilegeObjects::types},
                                               {"schemas", ir::DefaultPrivilegeObjects::schemas}},
                                              ir::DefaultPrivilegeObjects::tables);
                                          out.grants = grants_from(d);
                                          return out;
                                      });
    ir::sort_top_level(db);
    // Sorted, a function or a set of default privileges given twice sits next to itself.
    for (std::size_t i = 1; i < db.functions.size(); ++i) {
        if (ir::function_key(db.functions[i - 1]) == ir::function_key(db.functions[i]))
            fail("functions", fmt::format("{} is given twice (a function is identified by its name and input "
                                          "argument types)",
                                          ir::function_signature(db.functions[i])));
    }
    auto default_key = [](const ir::DefaultPrivileges& d) { return std::tuple(d.for_role, d.schema, d.objects); };
    for (std::size_t i = 1; i < db.default_privileges.size(); ++i) {
        if (default_key(db.default_privileges[i - 1]) == default_key(db.default_privileges[i]))
            fail("default_privileges", "the same role, schema and kind of objects are given twice");
    }
    return db;
}

}  // namespace

ir::Database ir_from_json_text(std::string_view text) {
    std::optional<JsonDocument> document;
    try {
        document.emplace(text);
    } catch (const StrictJsonError& e) {
        throw IrJsonError(e.what());
    }
    try {
        return database_from(document->root());
    } catch (const json::exception& e) {  // not expected: every access above is checked first
        throw IrJsonError(e.what());
    }
}

}  // namespace schemac
