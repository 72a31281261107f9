#include "tools/schemac/command_examples.hpp"

#include <map>
#include <string>

namespace schemac::cli {

namespace {

// Command (with its parent: "migrate resolve") -> the lines shown under "Examples:".
const std::map<std::string, std::string>& examples() {
    static const std::map<std::string, std::string> all{
        {"compile", "  schemac compile                         # check schemas/, print a summary\n"
                    "  schemac compile --emit json > ir.json   # the schema as schemac reads it\n"},
        {"fmt", "  schemac fmt                             # rewrite schemas/ in the canonical layout\n"
                "  schemac fmt --check                     # in CI: exit 1 and name the files that would change\n"},
        {"diff", "  schemac diff                            # the SQL from the snapshot to schemas/\n"
                 "  schemac diff --from empty               # the whole schema from nothing\n"},
        {"generate", "  schemac generate --name add_invoices\n"
                     "  schemac generate --name drop_legacy --allow-data-loss users.legacy_note\n"},
        {"new", "  schemac new --name backfill_totals       # then write the SQL and run `schemac hash`\n"},
        {"hash", "  schemac hash                            # after a reviewed hand edit of a migration\n"},
        {"check", "  schemac check                                        # in CI, on every change\n"
                  "  schemac check --verify --format sarif > schemac.sarif # replayed too, for code scanning\n"
                  "  schemac check --database \"$DATABASE_URL\" --strict    # no drift in the live database\n"},
        {"migrate",
         "  schemac migrate --database postgresql://app@db/app\n"
         "  schemac migrate --env prod --dry-run    # what would run, with schemac.toml's [environments.prod]\n"},
        {"migrate resolve", "  schemac migrate resolve --applied 7     # migration 7 was finished by hand\n"
                            "  schemac migrate resolve --rolled-back 7 # migration 7 was undone by hand\n"},
        {"status", "  schemac status --database \"$DATABASE_URL\"\n"},
        {"baseline", "  schemac baseline --database \"$DATABASE_URL\" --to 1   # the database already has 0001\n"},
        {"pull", "  schemac pull --database \"$DATABASE_URL\"                   # write schemas/ from it\n"
                 "  schemac pull --database \"$DATABASE_URL\" --split table -o schemas/\n"},
        {"push", "  schemac push --database postgresql://localhost/app_dev --dry-run\n"},
        {"reset", "  schemac reset --database postgresql://localhost/app_dev --yes\n"},
        {"repair", "  schemac repair --database \"$DATABASE_URL\"   # after a comment-only edit of an applied file\n"},
        {"verify", "  schemac verify                          # on a PostgreSQL schemac starts and stops\n"
                   "  schemac verify --dev-url postgresql://localhost/scratch\n"},
        {"docs", "  schemac docs -o site/                   # site/index.html: open it in a browser\n"
                 "  schemac docs --format mermaid           # paste into a pull request or a README\n"
                 "  schemac docs --format svg -o schema.svg # needs Graphviz's dot\n"},
        {"lsp", "  schemac lsp                             # started by an editor (docs/editors.md)\n"},
    };
    return all;
}

}  // namespace

void add_examples(CLI::App& app) {
    for (CLI::App* command : app.get_subcommands({})) {
        auto it = examples().find(command->get_name());
        if (it != examples().end()) command->footer("Examples:\n" + it->second);
        for (CLI::App* nested : command->get_subcommands({})) {
            auto inner = examples().find(command->get_name() + " " + nested->get_name());
            if (inner != examples().end()) nested->footer("Examples:\n" + inner->second);
        }
    }
}

}  // namespace schemac::cli
