// Diagnostics: what went wrong, where, and what to write instead. Passes append to one
// Diagnostics list so that a run reports many problems; printing lives in diagnostic_printer.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/source/source.hpp"

namespace schemac {

enum class Severity { error, warning, note };

struct Note {
    Span span;  // may be unknown: then the note has no location
    std::string message;
};

// A replacement that does what a diagnostic's help says, for editors to apply: the text of
// `span` becomes `text` ("did you mean 'numeric'?" on a misspelt type).
struct Fix {
    Span span;
    std::string text;
};

// A directive the help says to write on a declaration (`@was(email)` on the column whose name is
// at `declaration`): editors put it where the language takes it (after a column's type).
struct DirectiveFix {
    Span declaration;
    std::string text;
};

struct Diagnostic {
    Severity severity = Severity::error;
    std::string code;  // stable, kebab-case, e.g. "unknown-type"
    Span span;
    std::string message;
    std::string help;  // what to write instead; empty when not known
    std::vector<Note> notes;
    std::optional<Fix> fix;
    std::optional<DirectiveFix> directive;
};

class Diagnostics {
public:
    Diagnostic& error(std::string code, Span span, std::string message, std::string help = {});
    Diagnostic& warning(std::string code, Span span, std::string message, std::string help = {});
    // One reported elsewhere, whole (its notes and fix too): a pass that collects aside.
    Diagnostic& add(Diagnostic diagnostic);

    const std::vector<Diagnostic>& all() const { return items_; }
    std::size_t error_count() const;
    bool has_errors() const { return error_count() > 0; }
    // Orders by file, then position, so output does not depend on the order of passes.
    void sort();

private:
    std::vector<Diagnostic> items_;
};

}  // namespace schemac
