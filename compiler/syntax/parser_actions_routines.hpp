// Parser-internal: the actions of function and procedure declarations and of triggers (table
// and view items). A function's text is only located here (arguments, clauses, where an
// SQL-standard body starts): lowering hands it to libpg_query.
#pragma once

#include <tao/pegtl.hpp>

#include "compiler/ir/identifiers.hpp"
#include "compiler/syntax/parser_actions_tables.hpp"
#include "compiler/syntax/parser_builder.hpp"
#include "grammar/schema_grammar.hpp"

namespace schemac::parsing {

// The text and span of `in` without trailing white space.
template <typename Input>
Expression trimmed_expression(const Builder& b, const Input& in) {
    Expression e{in.string(), b.span(in)};
    while (!e.text.empty() && std::string_view(" \t\r\n\f\v").find(e.text.back()) != std::string_view::npos) {
        e.text.pop_back();
        --e.span.end;
    }
    return e;
}

// ------------------------------------------------------------------ triggers
template <>
struct action<g::trigger_begin> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.trigger = Trigger{};
        b.key_timing = {};
    }
};
template <>
struct action<g::trigger_constraint> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.trigger.constraint = Flag{b.span(in)};
    }
};
template <>
struct action<g::trigger_name> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.trigger.name = b.name(in);
    }
};
template <>
struct action<g::timing_before> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.trigger.timing = ir::TriggerTiming::before;
    }
};
template <>
struct action<g::timing_after> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.trigger.timing = ir::TriggerTiming::after;
    }
};
template <>
struct action<g::timing_instead_of> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.trigger.timing = ir::TriggerTiming::instead_of;
    }
};
template <>
struct action<g::event_insert> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.trigger.on_insert = true;
    }
};
template <>
struct action<g::event_update> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.trigger.on_update = true;
    }
};
template <>
struct action<g::event_delete> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.trigger.on_delete = true;
    }
};
template <>
struct action<g::event_truncate> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.trigger.on_truncate = true;
    }
};
template <>
struct action<g::update_column> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.trigger.update_columns.push_back(b.name(in));
    }
};
template <>
struct action<g::trigger_from_table> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.trigger.from_table = b.take_qualified(b.span(in));
    }
};
template <>
struct action<g::transition_old> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.transition_new = false;
    }
};
template <>
struct action<g::transition_new> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.transition_new = true;
    }
};
template <>
struct action<g::transition_name> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        (b.transition_new ? b.trigger.new_table : b.trigger.old_table) = b.name(in);
    }
};
template <>
struct action<g::for_row> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.trigger.for_each_row = true;
    }
};
template <>
struct action<g::trigger_for_each> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.trigger.for_each_written = true;
    }
};
template <>
struct action<g::trigger_when_expression> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.trigger.when = Expression{in.string(), b.span(in)};
    }
};
template <>
struct action<g::execute_procedure> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.trigger.execute_procedure = true;
    }
};
template <>
struct action<g::trigger_function_name> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.trigger.function = b.take_qualified(b.span(in));
    }
};
template <>
struct action<g::trigger_argument_string> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.trigger.arguments.push_back({in.string(), unescape_string_literal(in.string_view()), b.span(in)});
    }
};
template <>
struct action<g::trigger_argument_word> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.trigger.arguments.push_back({in.string(), in.string(), b.span(in)});
    }
};
template <>
struct action<g::trigger_comment> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.trigger.comment = Comment{b.string_value, b.span(in)};
    }
};
template <>
struct action<g::table_trigger> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.table.items.push_back(b.take_trigger(item_span(b, in)));
    }
};
template <>
struct action<g::view_trigger> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.view.items.push_back(b.take_trigger(item_span(b, in)));
    }
};

// ------------------------------------------------------------------ functions and procedures
template <>
struct action<g::routine_procedure> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.procedure = Flag{b.span(in)};
    }
};
template <>
struct action<g::routine_name> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.routine = Routine{};
        b.routine.procedure = std::exchange(b.procedure, std::nullopt);
        b.routine.name = b.take_qualified(b.span(in));
    }
};
template <>
struct action<g::argument_begin> {
    template <typename Input>
    static void apply(const Input&, Builder& b) {
        b.argument = RoutineArgument{};
    }
};
template <>
struct action<g::argument_head> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.argument.head = trimmed_expression(b, in);
    }
};
template <>
struct action<g::argument_default_text> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.argument.default_value = trimmed_expression(b, in);
    }
};
template <>
struct action<g::routine_argument> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.argument.span = trimmed_expression(b, in).span;
        b.routine.arguments.push_back(std::exchange(b.argument, RoutineArgument{}));
    }
};
template <>
struct action<g::routine_arguments> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.routine.arguments_span = b.span(in);
        b.routine.directives = b.take_directives();
    }
};
template <>
struct action<g::routine_sql_body> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        if (!b.routine.sql_body) b.routine.sql_body = static_cast<std::uint32_t>(in.begin() - b.base);
    }
};
template <>
struct action<g::routine_clauses> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.routine.clauses = trimmed_expression(b, in);
    }
};
template <>
struct action<g::routine_comment> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        b.routine.comment = Comment{b.string_value, item_span(b, in)};
    }
};
template <>
struct action<g::routine_declaration> {
    template <typename Input>
    static void apply(const Input& in, Builder& b) {
        Routine& r = b.routine;
        r.span = trimmed_expression(b, in).span;
        // What follows CREATE FUNCTION: the name to the last clause, directives blanked out (so
        // that PostgreSQL's error positions stay the .schema's).
        Span sql_span{b.file, r.name.span.begin, std::max(r.clauses.span.end, r.arguments_span.end)};
        std::string sql(b.base + sql_span.begin, b.base + sql_span.end);
        for (const Directive& d : r.directives) {
            for (std::uint32_t i = d.span.begin; i < d.span.end; ++i) {
                char& c = sql[i - sql_span.begin];
                if (c != '\n' && c != '\r') c = ' ';
            }
        }
        r.sql = Expression{std::move(sql), sql_span};
        b.out.declarations.emplace_back(std::exchange(b.routine, Routine{}));
    }
};

}  // namespace schemac::parsing
