#include "tests/read_back.hpp"

#include <doctest/doctest.h>

#include "compiler/compile.hpp"
#include "compiler/ir/ir_json.hpp"
#include "compiler/sql/align.hpp"
#include "compiler/sql/pulled_form.hpp"
#include "compiler/syntax/formatter.hpp"
#include "compiler/syntax/parser.hpp"
#include "compiler/writer/schema_writer.hpp"
#include "runtime/drift.hpp"
#include "tests/plan_support.hpp"
#include "tests/support.hpp"

namespace schemac::test {

void check_pull(const ir::Database& live) {
    for (SchemaSplit split : {SchemaSplit::schema, SchemaSplit::table}) {
        std::vector<SchemaFile> files = write_schema_files(live, split);
        std::vector<std::pair<std::string, std::string>> texts;
        std::string all;
        for (const SchemaFile& f : files) {
            texts.push_back({f.name, f.text});
            all += "// " + f.name + "\n" + f.text;
            SourceSet sources;
            Diagnostics diagnostics;
            syntax::File parsed = parse_file(sources, sources.add(f.name, f.text), diagnostics);
            REQUIRE_MESSAGE(parsed.complete, all);
            CHECK_MESSAGE(format_schema_file(sources, parsed) == f.text, f.text);
        }
        Compilation pulled = compile_sources(texts);
        std::string why = diagnostics_text(pulled) + all;
        REQUIRE_MESSAGE(pulled.ok(), why);
        pulled.database.roles.clear();  // the files declare the roles they name; a database read declares none
        CHECK_MESSAGE(ir_to_json_text(pulled.database) == ir_to_json_text(live), all);
    }
}

void check_reads_back(PostgresCluster& cluster, const std::string& database, const ir::Database& expected) {
    runtime::Session session(cluster.url(database));
    runtime::IntrospectOptions options{runtime::managed_schemas({}, expected), "public"};
    runtime::Introspection read = runtime::introspect(session, options);
    check_pull(read.database);
    // As pull writes it (casts PostgreSQL added dropped, extension defaults left out): the
    // files compile back to exactly that too, and it still has no drift from the schema.
    ir::Database pulled = read.database;
    to_pulled_form(pulled, read.extension_defaults);
    check_pull(pulled);
    ir::Database aligned = read.database;
    align_to(pulled, aligned);
    CHECK_MESSAGE(runtime::plan_drift(aligned, pulled).steps.empty(), plan_text(runtime::plan_drift(aligned, pulled)));
    runtime::Drift drift = runtime::find_drift(session, expected, options);
    CHECK_MESSAGE(drift.plan.steps.empty(), plan_text(drift.plan));
    CHECK(drift.live.unmanaged.empty());
    CHECK(drift.live.unreadable.empty());
}

}  // namespace schemac::test
