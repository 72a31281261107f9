#include "runtime/step_refusals.hpp"

#include <fmt/format.h>

#include <map>

namespace schemac::runtime {
namespace {

// The step's title, or the title of the step it is part of ("+ table users" without its sign).
std::string refused_step_name(const plan::Plan& plan, std::size_t step) {
    std::size_t i = step;
    while (i > 0 && plan.steps[i].title.empty()) --i;
    std::string title = plan.steps[i].title;
    if (title.size() > 2 && (title[0] == '+' || title[0] == '~' || title[0] == '-') && title[1] == ' ')
        title.erase(0, 2);
    return title;
}

// What to write instead, by the class of PostgreSQL's refusal.
std::string refusal_help(const std::string& sqlstate) {
    if (sqlstate == "42804")
        return "write a value of the column's type, or cast it to that type (`(EXPRESSION)::TYPE`)";
    if (sqlstate == "22P02" || sqlstate == "22007" || sqlstate == "22008" || sqlstate == "22003" || sqlstate == "22023")
        return "write a literal the type accepts";
    if (sqlstate == "42883")
        return "check the function's name and its argument types; a function of an extension needs `extension NAME` "
               "in the schema, a function of your own a `function` declaration";
    if (sqlstate == "42703") return "name a column the table declares";
    if (sqlstate == "42P01") return "name a table or view the schema declares, with its schema when not in public";
    if (sqlstate == "42704")
        return "name a type or object that exists; a type of an extension needs `extension NAME` in the schema";
    if (sqlstate == "3F000") return "declare the schema: `schema NAME`";
    if (sqlstate == "42P17")
        return "a generated column, index or check may call only immutable functions and read only its own row";
    return "change the declaration so that PostgreSQL accepts it, then run generate again";
}

std::string refused_statement_note(const std::string& statement) {
    std::string out = "the statement PostgreSQL refused:";
    std::size_t begin = 0;
    while (begin < statement.size()) {
        std::size_t end = statement.find('\n', begin);
        if (end == std::string::npos) end = statement.size();
        out += "\n      " + statement.substr(begin, end - begin);
        begin = end + 1;
    }
    return out;
}

}  // namespace

std::pair<std::string, std::vector<std::string>> split_server_message(const std::string& message) {
    // PostgreSQL's excerpt of the statement (`LINE 3: ...` and a caret under it) is left out:
    // the statement itself is shown, and the `.schema` location is what to fix.
    std::vector<std::string> lines;
    std::size_t begin = 0;
    bool after_excerpt = false;
    while (begin <= message.size()) {
        std::size_t end = message.find('\n', begin);
        if (end == std::string::npos) end = message.size();
        std::string line = message.substr(begin, end - begin);
        begin = end + 1;
        line.erase(0, line.find_first_not_of(' '));
        bool caret = after_excerpt && line.find_first_not_of("^ ") == std::string::npos;
        after_excerpt = line.starts_with("LINE ");
        if (line.empty() || after_excerpt || caret) continue;
        lines.push_back(line);
    }
    if (lines.empty()) return {message, {}};
    std::string first = lines.front();
    lines.erase(lines.begin());
    return {first, lines};
}

Diagnostics refusal_diagnostics(const plan::Plan& plan, const std::vector<StepFailureReport>& failures) {
    std::vector<Diagnostic> errors;
    std::map<std::size_t, std::size_t> first_error;  // a step -> its first error in `errors`
    auto what_of = [&](const StepFailureReport& f) {
        return f.part.empty() ? refused_step_name(plan, f.step) : f.part;
    };
    auto add_error = [&](const StepFailureReport& f) {
        auto [first, rest] = split_server_message(f.message);
        Diagnostic d;
        d.code = "verify-refused";
        d.span = f.origin.known() ? f.origin : plan.steps[f.step].origin;
        d.message = fmt::format("PostgreSQL refuses {}: {}", what_of(f), first);
        d.help = refusal_help(f.sqlstate);
        for (std::string& line : rest) d.notes.push_back(Note{{}, std::move(line)});
        d.notes.push_back(Note{{}, refused_statement_note(f.statement)});
        first_error.emplace(f.step, errors.size());
        errors.push_back(std::move(d));
    };
    for (const StepFailureReport& f : failures)
        if (!f.follows_from) add_error(f);
    for (const StepFailureReport& f : failures) {
        if (!f.follows_from) continue;
        auto cause = first_error.find(*f.follows_from);
        if (cause == first_error.end()) {  // nothing to hang it on: an error of its own
            add_error(f);
            continue;
        }
        errors[cause->second].notes.push_back(
            Note{f.origin.known() ? f.origin : plan.steps[f.step].origin,
                 fmt::format("so PostgreSQL refuses {} too: {}", what_of(f), split_server_message(f.message).first)});
    }
    Diagnostics found;
    for (Diagnostic& d : errors) found.add(std::move(d));
    found.sort();
    return found;
}

}  // namespace schemac::runtime
