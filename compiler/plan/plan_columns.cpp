// The columns of a table that exists before and after: pairing (by name, else by @was),
// renames, drops, additions (with @backfill), and changes of type, nullability, default,
// identity, generation expression and comment.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <optional>

#include "compiler/ir/identifiers.hpp"
#include "compiler/ir/types.hpp"
#include "compiler/plan/plan_context.hpp"
#include "compiler/plan/type_change.hpp"
#include "compiler/sql/implicit_names.hpp"
#include "compiler/sql/sql_expression.hpp"

namespace schemac::plan {
namespace {

// A default PostgreSQL must evaluate for each existing row, rewriting the table.
bool volatile_default(const std::optional<std::string>& value) {
    if (!value) return false;
    static constexpr std::array<std::string_view, 8> functions{
        "random(",          "gen_random_uuid(", "uuid_generate_v1(", "uuid_generate_v4(",
        "clock_timestamp(", "timeofday(",       "nextval(",          "txid_current(",
    };
    return std::any_of(functions.begin(), functions.end(),
                       [&](std::string_view f) { return value->find(f) != std::string::npos; });
}

std::string schema_type_text(const ir::Type& type) {
    ir::Type shown = type;
    if (shown.schema == "public") shown.schema.clear();
    return render_type(shown);
}

// The bounds of an identity's sequence, PostgreSQL's defaults filled in from the column's type.
SequenceRange sequence_range(const ir::SequenceOptions& o, const ir::Type& type) {
    std::int64_t type_max = type.name == "smallint" ? 32767 : type.name == "integer" ? 2147483647 : INT64_MAX;
    std::int64_t type_min = type.name == "smallint" ? -32768 : type.name == "integer" ? -2147483648LL : INT64_MIN;
    bool ascending = o.increment.value_or(1) > 0;
    return SequenceRange{o.min_value.value_or(ascending ? 1 : type_min),
                         o.max_value.value_or(ascending ? type_max : -1)};
}

void pair_columns(PlanContext& ctx, TablePair& pair) {
    const ir::Table& before = *pair.before;
    const ir::Table& after = *pair.after;
    std::vector<bool> claimed(before.columns.size());  // by position in before.columns
    pair.kept_from.assign(after.columns.size(), nullptr);
    for (const ir::Column& c : after.columns) {
        const ir::Column* old = ir::find_column(before, c.name);
        if (old) {
            if (c.was() && ir::find_column(before, *c.was()))
                ctx.was_conflict("column", column_title(after.name, c.name), *c.was(), c.origin.span);
        } else if (c.was() && (old = ir::find_column(before, *c.was())) && !ir::find_column(after, *c.was())) {
            pair.column_renames.emplace_back(old->name, c.name);
        } else {
            old = nullptr;
        }
        if (old) {
            claimed[static_cast<std::size_t>(old - before.columns.data())] = true;
            pair.kept_from[static_cast<std::size_t>(&c - after.columns.data())] = old;
        } else {
            pair.new_columns.insert(c.name);
        }
    }
    for (std::size_t i = 0; i < before.columns.size(); ++i)
        if (!claimed[i]) pair.dropped_columns.insert(before.columns[i].name);
    for (const ir::Column& c : after.columns)
        if (c.was() && pair.new_columns.count(c.name) && !ir::find_column(before, *c.was()))
            ctx.was_names_nothing("column", column_title(after.name, c.name), *c.was(),
                                  {pair.dropped_columns.begin(), pair.dropped_columns.end()}, c.origin.span);
}

// NOT NULL on a column of an existing table: through a NOT VALID check validated later (no
// long lock), or a plain SET NOT NULL that scans the table under its lock.
void make_not_null(PlanContext& ctx, const ir::Table& table, const ir::Column& column, std::string title) {
    if (ctx.options.not_null_through_check) {
        std::string helper = make_object_name(table.name.name, column.name, "not_null");
        ctx.add(AddConstraint{table.name,
                              ir::Check{helper, quote_identifier(column.name) + " IS NOT NULL", {}, {}},
                              true,
                              {}},
                title, column.origin.span, Hazard::access_exclusive_lock);
        ctx.add(ValidateConstraint{table.name, helper}, title + " (validated)", column.origin.span,
                Hazard::validation_scan, Phase::validate);
        ctx.add(FinishNotNull{table.name, column.name, helper}, title + " (validated)", column.origin.span, 0,
                Phase::validate);
    } else {
        ctx.add(SetNotNull{table.name, column.name}, title, column.origin.span,
                Hazard::validation_scan | Hazard::access_exclusive_lock);
    }
}

// Gives the rows of an existing table `column`'s @backfill value, then makes it NOT NULL. On a
// busy table (the default): a trigger gives rows written meanwhile the value, the rows already
// there are filled in committed batches outside any transaction, and the NOT NULL is validated
// once they are done. Otherwise one UPDATE inside the migration's transaction.
void backfill_then_not_null(PlanContext& ctx, const ir::Table& table, const ir::Column& column, std::string title,
                            std::string not_null_title) {
    Span at = column.origin.span;
    int batch = column.backfill_batch().value_or(ctx.options.backfill_batch_rows);
    if (batch <= 0 || !ctx.options.not_null_through_check) {
        ctx.add(Backfill{table.name, column.name, *column.backfill(), 0}, title, at, Hazard::full_table_update);
        make_not_null(ctx, table, column, std::move(not_null_title));
        return;
    }
    std::string trigger = make_object_name(table.name.name, column.name, "backfill");
    ctx.add(BackfillTrigger{table.name, column.name, *column.backfill(), trigger, false},
            title + ": a trigger fills rows written meanwhile", at);
    ctx.add(Backfill{table.name, column.name, *column.backfill(), batch},
            fmt::format("{} in batches of {} rows", title, batch), at, Hazard::full_table_update, Phase::backfill);
    make_not_null(ctx, table, column, std::move(not_null_title));
    ctx.add(BackfillTrigger{table.name, column.name, *column.backfill(), trigger, true}, title + ": trigger dropped",
            at, 0, Phase::validate);
}

// A value to fill existing rows of a new NOT NULL column with, offered to editors as the
// `@backfill` to write: the type's zero or empty value, an enum's first value, the current time
// or date. Nothing for a type without an obvious one (the help line still says what to write).
std::optional<std::string> backfill_example(const ir::Database& db, const ir::Type& type) {
    if (type.array_dimensions > 0) return "'{}'";
    if (!type.schema.empty()) {
        const ir::Enum* e = ir::find_enum(db, {std::string(type.schema), type.name});
        if (e && !e->values.empty()) return quote_literal(e->values.front().name);
        return std::nullopt;
    }
    static const std::map<std::string_view, std::string_view> examples = {
        {"bigint", "0"},
        {"integer", "0"},
        {"smallint", "0"},
        {"numeric", "0"},
        {"real", "0"},
        {"double precision", "0"},
        {"money", "0"},
        {"text", "''"},
        {"character varying", "''"},
        {"character", "''"},
        {"citext", "''"},
        {"boolean", "false"},
        {"jsonb", "'{}'"},
        {"json", "'{}'"},
        {"timestamp with time zone", "now()"},
        {"timestamp without time zone", "now()"},
        {"date", "current_date"},
        {"uuid", "gen_random_uuid()"},
    };
    auto found = examples.find(type.name);
    if (found == examples.end()) return std::nullopt;
    return std::string(found->second);
}

void add_column(PlanContext& ctx, TablePair& pair, const ir::Column& c) {
    const ir::Table& table = *pair.after;
    std::string title = "+ column " + column_title(table.name, c.name);
    // A serial column fills existing rows from its sequence, as an identity does.
    bool serial = is_serial_type(c.type);
    bool needs_value = c.not_null && !c.default_value && !c.identity() && !c.generated() && !serial;
    // Where a connected command looked, an empty table takes the column as it is.
    auto looked = ctx.options.table_has_rows.find(pair.before->name);
    bool known_empty = looked != ctx.options.table_has_rows.end() && !looked->second;
    if (needs_value && known_empty && !c.backfill()) needs_value = false;
    if (needs_value && !c.backfill()) {
        bool known_rows = looked != ctx.options.table_has_rows.end();
        if (!known_rows) ctx.plan.row_count_would_decide.insert(pair.before->name);
        Diagnostic& refusal = ctx.plan.diagnostics.error(
            "not-null-without-default", c.origin.span,
            known_rows ? fmt::format("new column {} is NOT NULL, but table {} has rows, which would have no value",
                                     column_title(table.name, c.name), table_title(table.name))
                       : fmt::format("new column {} is NOT NULL, but table {} exists, so it may have rows, which "
                                     "would have no value",
                                     column_title(table.name, c.name), table_title(table.name)),
            fmt::format("give existing rows a value: add `default <expr>` (kept for new rows) or `@backfill(<expr>)` "
                        "(existing rows only), e.g. `{}  {}  not null @backfill(...)`",
                        c.name, schema_type_text(c.type)));
        if (auto value = backfill_example(ctx.after, c.type))
            refusal.directive = DirectiveFix{c.origin.span, "@backfill(" + *value + ")"};
        return;
    }
    unsigned hazards = Hazard::access_exclusive_lock;
    if (c.identity() || c.generated() || serial || volatile_default(c.default_value)) hazards |= Hazard::table_rewrite;
    if (needs_value) {
        ir::Column nullable = c;
        nullable.not_null = false;
        ctx.add(AddColumn{table.name, nullable}, title + " (existing rows get " + *c.backfill() + ")", c.origin.span,
                hazards);
        backfill_then_not_null(ctx, table, c, "~ backfill " + column_title(table.name, c.name),
                               "~ column " + column_title(table.name, c.name) + " set not null");
    } else {
        ctx.add(AddColumn{table.name, c}, title, c.origin.span, hazards);
    }
    if (c.comment())
        ctx.add(SetColumnComment{table.name, c.name, std::nullopt, c.comment()},
                "~ column " + column_title(table.name, c.name) + " comment", c.origin.span);
    plan_column_clauses(ctx, table.name, nullptr, c, false);
}

void drop_column(PlanContext& ctx, TablePair& pair, const std::string& name) {
    const ir::Table& table = *pair.after;
    std::string help;
    Span at = table.origin.span;
    std::optional<DirectiveFix> directive;
    const ir::Column& old = *ir::find_column(*pair.before, name);
    for (const std::string& added : pair.new_columns) {
        const ir::Column& c = *ir::find_column(table, added);
        if (c.type == ctx.after_type(old.type) && !c.was()) {
            help = fmt::format(
                "if {} is {} renamed, declare it: `{}  {}  @was({})`; if the data may go, run again with "
                "{}",
                c.name, name, c.name, schema_type_text(c.type), name, data_loss_flag({column_title(table.name, name)}));
            at = c.origin.span;
            directive = DirectiveFix{at, "@was(" + quote_identifier(name) + ")"};
            break;
        }
    }
    ctx.add_data_loss(DropColumn{table.name, name}, "- column " + column_title(table.name, name), at,
                      {column_title(table.name, name)},
                      fmt::format("column {} would be dropped with its data (it is in {}, not in this one)",
                                  column_title(table.name, name), ctx.options.before_name),
                      help, std::move(directive));
}

// The one place that decides which step takes a kept column's default from `old` to `c`:
//  - its type changes and it had a default: AlterColumnType drops the default first (it may not
//    cast to the new type) and sets the new one after;
//  - it becomes serial: CreateSerialSequence sets its nextval(...) in place of any default;
//  - else a SetColumnDefault, where the default differs. A column that becomes an identity has
//    its default dropped (an identity takes none; the drop ranks before ADD IDENTITY); one that
//    stops being serial has no default in `before` (DropSerialSequence drops its nextval, ranked
//    before the SetColumnDefault that gives it its new default).
enum class DefaultStep { alter_type, serial_sequence, set_default };

DefaultStep default_step(const ir::Column& old, const ir::Column& c, bool type_changes) {
    if (type_changes && old.default_value) return DefaultStep::alter_type;
    if (!is_serial_type(old.type) && is_serial_type(c.type)) return DefaultStep::serial_sequence;
    return DefaultStep::set_default;
}

// A kept column the same in both: its type (not a type renamed from under it), nullability,
// default, collation, generation (no column rename to rewrite in it), identity, comment and
// statistics. change_column plans nothing for it; most kept columns are such. Its name is the
// pair's, its origin is where it is written, and @was, @backfill and @using say how to migrate,
// not what the column is. A property added to ir::Column changes one of these sizes and stops
// the build here: compare it below (or say above why it needs no comparison), then the sizes.
static_assert(sizeof(ir::Column) == 144 && sizeof(ir::ColumnRareParts) == 64,
              "ir::Column changed: does unchanged() compare the new property?");
bool unchanged(const PlanContext& ctx, const TablePair& pair, const ir::Column& old, const ir::Column& c) {
    if (!(old.type == c.type) || old.not_null != c.not_null || old.default_value != c.default_value ||
        old.collation != c.collation)
        return false;
    if (!old.type.schema.empty() && !(ctx.after_type(old.type) == c.type)) return false;
    if (old.generated() && !pair.column_renames.empty()) return false;
    return old.generated() == c.generated() && old.identity() == c.identity() && old.comment() == c.comment() &&
           old.statistics() == c.statistics();
}

void change_column(PlanContext& ctx, TablePair& pair, const ir::Column& old, const ir::Column& c) {
    if (unchanged(ctx, pair, old, c)) return;
    const ir::QualifiedName& table = pair.after->name;
    // Made when a step is added: most kept columns do not change, and add no step.
    std::string title_text;
    auto title = [&]() -> const std::string& {
        if (title_text.empty()) title_text = "~ column " + column_title(table, c.name);
        return title_text;
    };
    Span at = c.origin.span;

    std::optional<std::string> old_generated;
    if (old.generated()) old_generated = rename_columns_in_expression(*old.generated(), pair.column_renames);
    if (old_generated != c.generated() && c.generated()) {
        // PostgreSQL 15 cannot change a generation expression: the column is built again.
        pair.rebuilt_columns.insert(c.name);
        if (old_generated) {
            ctx.add(DropColumn{table, c.name}, title() + " generation expression changed (column rebuilt)", at,
                    Hazard::access_exclusive_lock);
        } else {
            ctx.add_data_loss(DropColumn{table, c.name}, title() + " becomes generated (column rebuilt)", at,
                              {column_title(table, c.name)},
                              fmt::format("column {} becomes a generated column: its stored values are replaced",
                                          column_title(table, c.name)));
        }
        ctx.add(AddColumn{table, c}, title() + " generated as (" + *c.generated() + ")", at,
                Hazard::table_rewrite | Hazard::access_exclusive_lock);
        if (c.comment()) ctx.add(SetColumnComment{table, c.name, old.comment(), c.comment()}, title() + " comment", at);
        plan_column_clauses(ctx, table, nullptr, c, false);
        return;
    }
    if (old_generated && !c.generated())
        ctx.add(DropExpression{table, c.name, *old_generated}, title() + " no longer generated", at);

    ir::Type old_type = ctx.after_type(old.type);
    // A serial type is its integer type plus a sequence the column owns and takes its default from.
    ir::Type from = serial_column_type(old_type), to = serial_column_type(c.type);
    bool becomes_identity = !old.identity() && c.identity();
    DefaultStep default_by = default_step(old, c, from != to);
    if (from != to) {
        TypeChange change = classify_type_change(from, to, c.name);
        if (c.using_expression()) {
            // A conversion the schema declares: it says how every value converts, so it is
            // taken as written (the table is rewritten).
            change.using_expression = c.using_expression();
            change.narrowing = false;
            change.rewrite = true;
        } else if (!change.castable) {
            bool to_timestamp = c.type.schema.empty() && c.type.name.starts_with("timestamp");
            std::string example = to_timestamp ? fmt::format("to_timestamp({})", quote_identifier(c.name))
                                               : fmt::format("<expression of {}>", quote_identifier(c.name));
            ctx.plan.diagnostics.error(
                "type-change-without-cast", at,
                fmt::format("column {} changes from {} to {}, and PostgreSQL has no cast between them",
                            column_title(table, c.name), render_type(old_type), render_type(c.type)),
                fmt::format("say how existing values convert with @using next to the column: `{}  {}  @using({})` "
                            "(the expression reads the old value by the column's name)",
                            c.name, schema_type_text(c.type), example));
            return;
        }
        bool lift = default_by == DefaultStep::alter_type;
        AlterColumnType alter{
            table, c.name, old_type, c.type, change.using_expression, lift, lift ? c.default_value : std::nullopt};
        std::string what = fmt::format("{} type {} -> {}", title(), render_type(old_type), render_type(c.type));
        unsigned hazards = Hazard::access_exclusive_lock | (change.rewrite ? Hazard::table_rewrite : 0u);
        if (change.narrowing) {
            ctx.add_data_loss(std::move(alter), what, at, {column_title(table, c.name)},
                              fmt::format("changing column {} from {} to {} may lose data or fail on existing values",
                                          column_title(table, c.name), render_type(old_type), render_type(c.type)),
                              "if every existing value fits the new type, run again with " +
                                  data_loss_flag({column_title(table, c.name)}))
                .hazards |= hazards;
        } else {
            ctx.add(std::move(alter), what, at, hazards);
        }
    }
    // The name of the column's serial or identity sequence, made only for a column that has one.
    std::string sequence = is_serial_type(old_type) || is_serial_type(c.type) || (old.identity() && c.identity())
                               ? make_object_name(table.name, c.name, "seq")
                               : std::string();
    if (is_serial_type(old_type) && is_serial_type(c.type) && from != to) {
        ctx.add(AlterSerialSequenceType{ir::QualifiedName{table.schema, sequence}, from, to},
                title() + " sequence type " + render_type(to), at);
    } else if (is_serial_type(old_type) && !is_serial_type(c.type)) {
        // Declared on its own in `after` (pulled from a database whose default still calls it):
        // it stays, and only the default goes before the new one is set.
        bool keep = ir::find_sequence(ctx.after, ir::QualifiedName{table.schema, sequence}) != nullptr;
        ctx.add(DropSerialSequence{table, c.name, sequence, old_type, c.type, keep},
                title() + (keep ? " no longer serial (its sequence stays, declared on its own)" : " no longer serial"),
                at, Hazard::access_exclusive_lock);
    } else if (!is_serial_type(old_type) && is_serial_type(c.type)) {
        ctx.add(CreateSerialSequence{table, c.name, sequence, old_type, c.type, pair.after->unlogged, !old.not_null},
                title() + " becomes " + render_type(c.type), at, Hazard::access_exclusive_lock);
    }

    if (becomes_identity) {
        ctx.add(AddIdentity{table, c.name, *c.identity()}, title() + " becomes an identity", at,
                Hazard::access_exclusive_lock);
    } else if (old.identity() && !c.identity()) {
        ctx.add(DropIdentity{table, c.name, *old.identity()}, title() + " no longer an identity", at,
                Hazard::access_exclusive_lock);
    } else if (old.identity() && c.identity() && *old.identity() != *c.identity()) {
        AlterIdentity alter{table, c.name, *old.identity(), *c.identity(), sequence, {}, {}};
        SequenceRange from_range = sequence_range(old.identity()->options, old_type);
        SequenceRange to_range = sequence_range(c.identity()->options, c.type);
        if (to_range.min > from_range.min || to_range.max < from_range.max) alter.move_into = to_range;
        if (to_range.min > from_range.max || to_range.max < from_range.min)
            alter.widen_to = SequenceRange{std::min(from_range.min, to_range.min),
                                           std::max(from_range.max, to_range.max)};
        ctx.add(std::move(alter), title() + " identity options", at);
    }

    if (default_by == DefaultStep::set_default) {
        std::optional<std::string> target = becomes_identity ? std::nullopt : c.default_value;
        if (old.default_value != target)
            ctx.add(SetColumnDefault{table, c.name, old.default_value, target},
                    target ? title() + " default " + *target : title() + " drop default", at);
    }

    if (!old.not_null && c.not_null) {
        // PostgreSQL adds an identity only to a NOT NULL column: that is set at once (ranked
        // before the identity), as a helper check would be validated only in a later file.
        if (becomes_identity) {
            if (c.backfill())
                ctx.add(Backfill{table, c.name, *c.backfill(), 0},
                        "~ backfill " + column_title(table, c.name) + " where null", at, Hazard::full_table_update);
            ctx.add(SetNotNull{table, c.name}, title() + " set not null", at,
                    Hazard::validation_scan | Hazard::access_exclusive_lock);
        } else if (c.backfill()) {
            backfill_then_not_null(ctx, *pair.after, c, "~ backfill " + column_title(table, c.name) + " where null",
                                   title() + " set not null");
        } else {
            make_not_null(ctx, *pair.after, c, title() + " set not null");
        }
    } else if (old.not_null && !c.not_null) {
        ctx.add(DropNotNull{table, c.name}, title() + " drop not null", at, Hazard::access_exclusive_lock);
    }
    if (old.comment() != c.comment())
        ctx.add(SetColumnComment{table, c.name, old.comment(), c.comment()}, title() + " comment", at);
    plan_column_clauses(ctx, table, &old, c, from != to);
}

}  // namespace

void plan_columns(PlanContext& ctx, TablePair& pair) {
    pair_columns(ctx, pair);
    const ir::Table& before = *pair.before;
    const ir::Table& after = *pair.after;
    for (const auto& [from, to] : pair.column_renames)
        ctx.add(RenameColumn{after.name, from, to},
                fmt::format("~ column {} renamed from {}", column_title(after.name, to), from),
                ir::find_column(after, to)->origin.span, Hazard::access_exclusive_lock);
    // Identity and serial sequences are named after their table and column; they follow a rename.
    // (In the order of the columns' names.)
    auto owns_sequence = [](const ir::Column& c) { return c.identity() || is_serial_type(c.type); };
    std::vector<std::size_t> sequence_owners;  // positions in after.columns
    for (std::size_t i = 0; i < after.columns.size(); ++i)
        if (pair.kept_from[i] && owns_sequence(*pair.kept_from[i]) && owns_sequence(after.columns[i]))
            sequence_owners.push_back(i);
    std::sort(sequence_owners.begin(), sequence_owners.end(),
              [&](std::size_t a, std::size_t b) { return after.columns[a].name < after.columns[b].name; });
    for (std::size_t i : sequence_owners) {
        const ir::Column& c = after.columns[i];
        const ir::Column* old = pair.kept_from[i];
        std::string from = make_object_name(before.name.name, old->name, "seq");
        std::string to = make_object_name(after.name.name, c.name, "seq");
        if (from != to)
            ctx.add(RenameSequence{ir::QualifiedName{after.name.schema, from}, to},
                    fmt::format("~ sequence {} renamed from {}", to, from), c.origin.span);
    }
    for (const std::string& name : pair.dropped_columns) drop_column(ctx, pair, name);
    for (std::size_t i = 0; i < after.columns.size(); ++i) {
        if (pair.kept_from[i])
            change_column(ctx, pair, *pair.kept_from[i], after.columns[i]);
        else
            add_column(ctx, pair, after.columns[i]);
    }
}

}  // namespace schemac::plan
