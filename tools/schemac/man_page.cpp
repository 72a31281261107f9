#include "tools/schemac/man_page.hpp"

#include <fmt/format.h>

namespace schemac::cli {

namespace {

// Text as roff reads it: backslashes and dashes escaped, a line never starting a request.
std::string roff(const std::string& text) {
    std::string out;
    bool line_start = true;
    for (char c : text) {
        if (line_start && (c == '.' || c == '\'')) out += "\\&";
        if (c == '\\')
            out += "\\e";
        else if (c == '-')
            out += "\\-";
        else
            out += c;
        line_start = c == '\n';
    }
    return out;
}

std::string upper(std::string text) {
    for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

std::string header(const std::string& name, const std::string& version) {
    return fmt::format(".TH {} 1 \"\" \"schemac {}\" \"schemac manual\"\n", upper(name), version);
}

std::string options_section(const CommandInfo& command) {
    std::string out = ".SH OPTIONS\n";
    for (const OptionInfo& o : command.options) {
        std::vector<std::string> names;
        if (!o.short_name.empty()) names.push_back("\\fB\\-" + roff(o.short_name) + "\\fR");
        if (!o.long_name.empty()) names.push_back("\\fB\\-\\-" + roff(o.long_name) + "\\fR");
        if (!o.positional.empty()) names.push_back("\\fI" + roff(upper(o.positional)) + "\\fR");
        std::string value;
        if (o.takes_value && o.positional.empty())
            value = " \\fI" + roff(o.choices.empty() ? o.value_name : fmt::format("{}", fmt::join(o.choices, "|"))) +
                    "\\fR";
        out += fmt::format(".TP\n{}{}\n{}\n", fmt::join(names, ", "), value, roff(o.description));
    }
    out += ".TP\n\\fB\\-h\\fR, \\fB\\-\\-help\\fR\nprint the command's options and exit\n";
    return out;
}

void command_pages(const CommandInfo& command, const std::string& words, const std::string& version,
                   std::map<std::string, std::string>& out) {
    std::string dashed = "schemac-" + words;
    for (char& c : dashed)
        if (c == ' ') c = '-';
    std::string page = header(dashed, version);
    page += fmt::format(".SH NAME\n{} \\- {}\n", roff(dashed), roff(command.description));
    page += fmt::format(".SH SYNOPSIS\n\\fBschemac {}\\fR [\\fIOPTIONS\\fR]", roff(words));
    for (const OptionInfo& o : command.options)
        if (!o.positional.empty())
            page += fmt::format(" [\\fI{}\\fR{}]", roff(upper(o.positional)), o.many ? "..." : "");
    page += "\n";
    page += fmt::format(".SH DESCRIPTION\n{}.\n", roff(command.description));
    if (!command.commands.empty()) {
        page += ".SH COMMANDS\n";
        for (const CommandInfo& s : command.commands)
            page += fmt::format(".TP\n\\fBschemac {} {}\\fR\n{}\n", roff(words), roff(s.name), roff(s.description));
    }
    page += options_section(command);
    if (!command.example.empty()) {
        std::string example = command.example;
        if (example.starts_with("Example:\n")) example = example.substr(9);
        if (example.starts_with("Examples:\n")) example = example.substr(10);
        while (example.ends_with("\n")) example.pop_back();
        page += fmt::format(".SH EXAMPLE\n.nf\n{}\n.fi\n", roff(example));
    }
    page += ".SH SEE ALSO\n\\fBschemac\\fR(1)\n";
    out[dashed + ".1"] = page;
    for (const CommandInfo& s : command.commands) command_pages(s, words + " " + s.name, version, out);
}

}  // namespace

std::map<std::string, std::string> man_pages(const CommandInfo& tree, const std::string& version) {
    std::map<std::string, std::string> out;
    std::string page = header("schemac", version);
    page += ".SH NAME\nschemac \\- a schema\\-as\\-code compiler for PostgreSQL\n";
    page += ".SH SYNOPSIS\n\\fBschemac\\fR \\fICOMMAND\\fR [\\fIOPTIONS\\fR]\n";
    page += ".SH DESCRIPTION\n"
            "schemac reads the tables, views, functions and everything else of a PostgreSQL database from "
            "\\fI.schema\\fR files, writes numbered, reviewable SQL migrations from their changes, applies them "
            "exactly once, and compares a live database with the schema. It never asks a question and never "
            "reads standard input: what is not written is an error that says what to write.\n";
    page += ".SH COMMANDS\n";
    for (const CommandInfo& c : tree.commands) {
        page += fmt::format(".TP\n\\fBschemac {}\\fR\n{}\n", roff(c.name), roff(c.description));
        command_pages(c, c.name, version, out);
    }
    page += ".SH CONFIGURATION\n"
            "Every command reads \\fIschemac.toml\\fR, the nearest in the working directory or a folder above it. "
            "A setting is a command's long option written with an underscore (\\fBhistory_schema = \"ops\"\\fR); "
            "a table names one command (\\fB[check]\\fR) or an environment (\\fB[environments.prod]\\fR, chosen "
            "with \\fB\\-\\-env prod\\fR); \\fBKEY_env = \"VARIABLE\"\\fR takes the value from the environment. "
            "Paths are relative to the file; the command line wins. \\fBschemac init\\fR writes one.\n";
    page += ".SH ENVIRONMENT\n"
            ".TP\n\\fBDATABASE_URL\\fR\nthe database of the commands that talk to one, when \\fB\\-\\-database\\fR "
            "is not given (\\fBcheck\\fR does not read it)\n"
            ".TP\n\\fBNO_COLOR\\fR\nwhen set and not empty, no colour\n"
            ".TP\n\\fBPGPASSWORD\\fR\nread by libpq; never printed\n";
    page += ".SH EXIT STATUS\n"
            ".TP\n\\fB0\\fR\nsuccess, nothing found\n"
            ".TP\n\\fB1\\fR\nfindings: errors in the schema, drift, a stale snapshot, a checksum mismatch, pending "
            "migrations, refused data loss, a failed migration\n"
            ".TP\n\\fB2\\fR\ncould not run: bad arguments, a missing or unreadable path, an unreachable database\n";
    page += ".SH SEE ALSO\n";
    std::vector<std::string> pages;
    for (const auto& [name, text] : out)
        pages.push_back(fmt::format("\\fB{}\\fR(1)", roff(name.substr(0, name.size() - 2))));
    page += fmt::format("{}\n", fmt::join(pages, ",\n"));
    out["schemac.1"] = page;
    return out;
}

}  // namespace schemac::cli
