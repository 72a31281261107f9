#compdef schemac
# zsh completion for schemac (written by `schemac completion zsh`)

_schemac() {
    if ((CURRENT == 2)); then
        local -a commands=(
            'compile:parse and check the schema; print a summary'
            'fmt:rewrite .schema files in the canonical layout'
            'diff:print the SQL that would take one state to another; write nothing'
            'generate:write the next numbered migration, the snapshot and the sum file'
            'new:add an empty numbered migration for hand-written SQL'
            'hash:re-record schemac.sum after a reviewed hand edit'
            'check:CI gate: schema compiles, snapshot current, sum file intact'
            'migrate:apply pending migrations'
            'status:applied and pending migrations, and any problem'
            'baseline:record migrations up to a version as applied, without running them (database already has them)'
            'pull:write .schema files from a live database'
            'push:make a development database match the schema directly'
            'reset:drop and recreate a development database'\''s managed schemas'
            'repair:re-record the checksum of an applied migration whose file changed only in comments or whitespace'
            'verify:replay the migrations on a scratch PostgreSQL and compare the result with the snapshot'
            'lsp:Language Server Protocol over standard input and output'
            'docs:ER diagram (Mermaid, DOT, SVG) and a static HTML site of the schema'
            'init:create schemac.toml, schemas/ and migrations/ for a new project, and say what to run next'
            'completion:print a shell completion script'
        )
        _describe -t commands command commands
        return
    fi
    local command=$words[2]
    shift words
    ((CURRENT--))
    case $command in
    compile) _schemac_compile ;;
    fmt) _schemac_fmt ;;
    diff) _schemac_diff ;;
    generate) _schemac_generate ;;
    new) _schemac_new ;;
    hash) _schemac_hash ;;
    check) _schemac_check ;;
    migrate) _schemac_migrate ;;
    status) _schemac_status ;;
    baseline) _schemac_baseline ;;
    pull) _schemac_pull ;;
    push) _schemac_push ;;
    reset) _schemac_reset ;;
    repair) _schemac_repair ;;
    verify) _schemac_verify ;;
    lsp) _schemac_lsp ;;
    docs) _schemac_docs ;;
    init) _schemac_init ;;
    completion) _schemac_completion ;;
    esac
}

_schemac_compile() {
    _arguments -s \
            '--schema[a .schema file, or a directory whose *.schema files (subdirectories included) form one schema]:schema:_files' \
            '--format[report format]:format:(text json github sarif)' \
            '--color[colour\: auto (only on a terminal), always, never]:color:(auto always never)' \
            '(-q --quiet)'{-q,--quiet}'[print only errors]' \
            '--emit[print the IR instead of a summary]:emit:(json)' \
            '--env[take the settings of \[environments.NAME\] in schemac.toml]:env: '
}
_schemac_fmt() {
    _arguments -s \
            '--schema[a .schema file, or a directory whose *.schema files (subdirectories included) form one schema]:schema:_files' \
            '--format[report format]:format:(text json github sarif)' \
            '--color[colour\: auto (only on a terminal), always, never]:color:(auto always never)' \
            '(-q --quiet)'{-q,--quiet}'[print only errors]' \
            '--check[change nothing; exit 1 and name the files that would change]' \
            '*:paths:_files' \
            '--env[take the settings of \[environments.NAME\] in schemac.toml]:env: '
}
_schemac_diff() {
    _arguments -s \
            '--schema[a .schema file, or a directory whose *.schema files (subdirectories included) form one schema]:schema:_files' \
            '--format[report format]:format:(text json github sarif)' \
            '--color[colour\: auto (only on a terminal), always, never]:color:(auto always never)' \
            '(-q --quiet)'{-q,--quiet}'[print only errors]' \
            '--migrations[the migration directory]:migrations:_files' \
            '--from[snapshot (the migration directory'\''s), empty, or an IR/snapshot .json file]:from:_files' \
            '--to[the schema to reach (default\: --schema)]:to:_files' \
            '--allow-data-loss[accept these losses (drops, narrowing type changes), as the refusal names them\: --allow-data-loss users.legacy_note,archive; bare\: every loss (each is listed in the header)]:allow-data-loss: ' \
            '--no-concurrent-indexes[build indexes on existing tables inside the migration'\''s transaction, not CONCURRENTLY]' \
            '--no-not-valid[add foreign keys and checks on existing tables validated at once, not NOT VALID + VALIDATE]' \
            '--no-not-null-check[SET NOT NULL directly (a scan under an ACCESS EXCLUSIVE lock), not through a validated check]' \
            '--ddl-lock-timeout[lock_timeout set at the top of every migration (PostgreSQL syntax, e.g. 5s; 0\: not set)]:ddl-lock-timeout: ' \
            '--wait-timeout[lock_timeout for waits that block no other session\: concurrent index builds (which wait for every older transaction), validations, backfill batches (0\: no limit)]:wait-timeout: ' \
            '--max-locks[split a migration into parts that each lock at most this many objects (0\: never split)]:max-locks: ' \
            '--env[take the settings of \[environments.NAME\] in schemac.toml]:env: '
}
_schemac_generate() {
    _arguments -s \
            '--schema[a .schema file, or a directory whose *.schema files (subdirectories included) form one schema]:schema:_files' \
            '--format[report format]:format:(text json github sarif)' \
            '--color[colour\: auto (only on a terminal), always, never]:color:(auto always never)' \
            '(-q --quiet)'{-q,--quiet}'[print only errors]' \
            '--migrations[the migration directory]:migrations:_files' \
            '--name[what the migration does, e.g. add_invoices (made into a slug)]:name: ' \
            '--allow-data-loss[accept these losses (drops, narrowing type changes), as the refusal names them\: --allow-data-loss users.legacy_note,archive; bare\: every loss (each is listed in the header)]:allow-data-loss: ' \
            '--no-concurrent-indexes[build indexes on existing tables inside the migration'\''s transaction, not CONCURRENTLY]' \
            '--no-not-valid[add foreign keys and checks on existing tables validated at once, not NOT VALID + VALIDATE]' \
            '--no-not-null-check[SET NOT NULL directly (a scan under an ACCESS EXCLUSIVE lock), not through a validated check]' \
            '--ddl-lock-timeout[lock_timeout set at the top of every migration (PostgreSQL syntax, e.g. 5s; 0\: not set)]:ddl-lock-timeout: ' \
            '--wait-timeout[lock_timeout for waits that block no other session\: concurrent index builds (which wait for every older transaction), validations, backfill batches (0\: no limit)]:wait-timeout: ' \
            '--max-locks[split a migration into parts that each lock at most this many objects (0\: never split)]:max-locks: ' \
            '--verify[before writing anything, replay the migrations and try the new one on a scratch PostgreSQL; nothing is written when PostgreSQL refuses a step (default with SCHEMAC_GENERATE_VERIFY=1)]' \
            '--no-verify[do not verify, even with SCHEMAC_GENERATE_VERIFY=1]' \
            '--dev-url[a PostgreSQL server to verify on instead of starting one\: schemac creates a scratch database there and drops it at the end]:dev-url: ' \
            '--env[take the settings of \[environments.NAME\] in schemac.toml]:env: '
}
_schemac_new() {
    _arguments -s \
            '--schema[a .schema file, or a directory whose *.schema files (subdirectories included) form one schema]:schema:_files' \
            '--format[report format]:format:(text json github sarif)' \
            '--color[colour\: auto (only on a terminal), always, never]:color:(auto always never)' \
            '(-q --quiet)'{-q,--quiet}'[print only errors]' \
            '--migrations[the migration directory]:migrations:_files' \
            '--name[what the migration does (made into a slug)]:name: ' \
            '--env[take the settings of \[environments.NAME\] in schemac.toml]:env: '
}
_schemac_hash() {
    _arguments -s \
            '--schema[a .schema file, or a directory whose *.schema files (subdirectories included) form one schema]:schema:_files' \
            '--format[report format]:format:(text json github sarif)' \
            '--color[colour\: auto (only on a terminal), always, never]:color:(auto always never)' \
            '(-q --quiet)'{-q,--quiet}'[print only errors]' \
            '--migrations[the migration directory]:migrations:_files' \
            '--env[take the settings of \[environments.NAME\] in schemac.toml]:env: '
}
_schemac_check() {
    _arguments -s \
            '--schema[a .schema file, or a directory whose *.schema files (subdirectories included) form one schema]:schema:_files' \
            '--format[report format]:format:(text json github sarif)' \
            '--color[colour\: auto (only on a terminal), always, never]:color:(auto always never)' \
            '(-q --quiet)'{-q,--quiet}'[print only errors]' \
            '--database[PostgreSQL connection URL; check connects only when it is given (it does not read $DATABASE_URL)]:database: ' \
            '--migrations[the migration directory]:migrations:_files' \
            '--history-schema[the schema of the schemac_migrations history table]:history-schema: ' \
            '--tenant-schema[apply to, read and compare this schema instead of the one the migrations manage (one tenant of a schema-per-tenant database); its history is kept in it]:tenant-schema: ' \
            '--strict[with --database\: objects schemac does not manage are findings]' \
            '--schemas[the managed schemas (default\: with --database, those the schema names)]:schemas: ' \
            '--verify[also replay the migrations on a scratch PostgreSQL and compare the result with the snapshot (`schemac verify`)]' \
            '--dev-url[a PostgreSQL server to verify on instead of starting one\: schemac creates a scratch database there and drops it at the end]:dev-url: ' \
            '--preflight[with --database and pending migrations\: ask the database, read-only, what would make the pending migrations fail (duplicates under a new unique key, orphans under a new foreign key, rows a new check rejects, NULLs under a new NOT NULL, removed enum values in use, values a narrower type does not fit)]' \
            '--preflight-timeout[seconds each preflight probe may run before it is tried on a sample of the table]:preflight-timeout: ' \
            '--targets[run on every database of FILE\: one connection string a line, # comments, ${NAME} from the environment]:targets:_files' \
            '--targets-query[run on every database this query returns (one connection string a row, first column), run read-only on --control-database]:targets-query: ' \
            '--control-database[where --targets-query runs (default\: $SCHEMAC_CONTROL_DATABASE_URL)]:control-database: ' \
            '--tenant-schemas[run once for every schema whose name matches this glob (`tenant_*`; * ? \[...\]) in the database, or in each target, as with --tenant-schema NAME]:tenant-schemas: ' \
            '--parallel[targets run at the same time]:parallel: ' \
            '--fail-fast[after the first failure, start no new target]' \
            '--env[take the settings of \[environments.NAME\] in schemac.toml]:env: '
}
_schemac_migrate() {
    if ((CURRENT == 2)); then
        local -a commands=(
            'resolve:record or forget one migration in the history after a manual fix'
        )
        _describe -t commands command commands
    fi
    case $words[2] in
    resolve) shift words; ((CURRENT--)); _schemac_migrate_resolve; return ;;
    esac
    _arguments -s \
            '--schema[a .schema file, or a directory whose *.schema files (subdirectories included) form one schema]:schema:_files' \
            '--format[report format]:format:(text json github sarif)' \
            '--color[colour\: auto (only on a terminal), always, never]:color:(auto always never)' \
            '(-q --quiet)'{-q,--quiet}'[print only errors]' \
            '--database[PostgreSQL connection URL (default\: $DATABASE_URL)]:database: ' \
            '--migrations[the migration directory]:migrations:_files' \
            '--history-schema[the schema of the schemac_migrations history table]:history-schema: ' \
            '--tenant-schema[apply to, read and compare this schema instead of the one the migrations manage (one tenant of a schema-per-tenant database); its history is kept in it]:tenant-schema: ' \
            '--to[stop after the migration with this number]:to: ' \
            '--dry-run[print what would run; change nothing]' \
            '--lock-timeout[seconds to wait for another schemac migrate to release the lock]:lock-timeout: ' \
            '--allow-out-of-order[apply pending migrations numbered below the highest applied one]' \
            '--allow-newer-applied[accept applied migrations this directory does not have when all of them are numbered above its every file (an application rolled back to an older release); a pending file numbered below one of them is still refused as out of order]' \
            '--preflight[before applying anything, and refuse to apply on a finding\: ask the database, read-only, what would make the pending migrations fail (duplicates under a new unique key, orphans under a new foreign key, rows a new check rejects, NULLs under a new NOT NULL, removed enum values in use, values a narrower type does not fit)]' \
            '--preflight-timeout[seconds each preflight probe may run before it is tried on a sample of the table]:preflight-timeout: ' \
            '--targets[run on every database of FILE\: one connection string a line, # comments, ${NAME} from the environment]:targets:_files' \
            '--targets-query[run on every database this query returns (one connection string a row, first column), run read-only on --control-database]:targets-query: ' \
            '--control-database[where --targets-query runs (default\: $SCHEMAC_CONTROL_DATABASE_URL)]:control-database: ' \
            '--tenant-schemas[run once for every schema whose name matches this glob (`tenant_*`; * ? \[...\]) in the database, or in each target, as with --tenant-schema NAME]:tenant-schemas: ' \
            '--parallel[targets run at the same time]:parallel: ' \
            '--fail-fast[after the first failure, start no new target]' \
            '--env[take the settings of \[environments.NAME\] in schemac.toml]:env: '
}
_schemac_migrate_resolve() {
    _arguments -s \
            '--schema[a .schema file, or a directory whose *.schema files (subdirectories included) form one schema]:schema:_files' \
            '--format[report format]:format:(text json github sarif)' \
            '--color[colour\: auto (only on a terminal), always, never]:color:(auto always never)' \
            '(-q --quiet)'{-q,--quiet}'[print only errors]' \
            '--database[PostgreSQL connection URL (default\: $DATABASE_URL)]:database: ' \
            '--migrations[the migration directory]:migrations:_files' \
            '--history-schema[the schema of the schemac_migrations history table]:history-schema: ' \
            '--tenant-schema[apply to, read and compare this schema instead of the one the migrations manage (one tenant of a schema-per-tenant database); its history is kept in it]:tenant-schema: ' \
            '--applied[record migration N as applied without running it (the next pending one)]:applied: ' \
            '--rolled-back[forget migration N\: `migrate` runs it again]:rolled-back: ' \
            '--schemas[the managed schemas (default\: those the snapshot names)]:schemas: ' \
            '--lock-timeout[seconds to wait for the migration lock]:lock-timeout: ' \
            '--env[take the settings of \[environments.NAME\] in schemac.toml]:env: '
}
_schemac_status() {
    _arguments -s \
            '--schema[a .schema file, or a directory whose *.schema files (subdirectories included) form one schema]:schema:_files' \
            '--format[report format]:format:(text json github sarif)' \
            '--color[colour\: auto (only on a terminal), always, never]:color:(auto always never)' \
            '(-q --quiet)'{-q,--quiet}'[print only errors]' \
            '--database[PostgreSQL connection URL (default\: $DATABASE_URL)]:database: ' \
            '--migrations[the migration directory]:migrations:_files' \
            '--history-schema[the schema of the schemac_migrations history table]:history-schema: ' \
            '--tenant-schema[apply to, read and compare this schema instead of the one the migrations manage (one tenant of a schema-per-tenant database); its history is kept in it]:tenant-schema: ' \
            '--allow-newer-applied[as `migrate --allow-newer-applied`\: applied migrations numbered above every file of the directory are no problem]' \
            '--targets[run on every database of FILE\: one connection string a line, # comments, ${NAME} from the environment]:targets:_files' \
            '--targets-query[run on every database this query returns (one connection string a row, first column), run read-only on --control-database]:targets-query: ' \
            '--control-database[where --targets-query runs (default\: $SCHEMAC_CONTROL_DATABASE_URL)]:control-database: ' \
            '--tenant-schemas[run once for every schema whose name matches this glob (`tenant_*`; * ? \[...\]) in the database, or in each target, as with --tenant-schema NAME]:tenant-schemas: ' \
            '--parallel[targets run at the same time]:parallel: ' \
            '--fail-fast[after the first failure, start no new target]' \
            '--env[take the settings of \[environments.NAME\] in schemac.toml]:env: '
}
_schemac_baseline() {
    _arguments -s \
            '--schema[a .schema file, or a directory whose *.schema files (subdirectories included) form one schema]:schema:_files' \
            '--format[report format]:format:(text json github sarif)' \
            '--color[colour\: auto (only on a terminal), always, never]:color:(auto always never)' \
            '(-q --quiet)'{-q,--quiet}'[print only errors]' \
            '--database[PostgreSQL connection URL (default\: $DATABASE_URL)]:database: ' \
            '--migrations[the migration directory]:migrations:_files' \
            '--history-schema[the schema of the schemac_migrations history table]:history-schema: ' \
            '--tenant-schema[apply to, read and compare this schema instead of the one the migrations manage (one tenant of a schema-per-tenant database); its history is kept in it]:tenant-schema: ' \
            '--to[the number of the last migration the database already has]:to: ' \
            '--force[record even when the database does not match the snapshot (or cannot be compared with it)]' \
            '--schemas[the managed schemas (default\: those the snapshot names)]:schemas: ' \
            '--lock-timeout[seconds to wait for the migration lock]:lock-timeout: ' \
            '--env[take the settings of \[environments.NAME\] in schemac.toml]:env: '
}
_schemac_pull() {
    _arguments -s \
            '--schema[a .schema file, or a directory whose *.schema files (subdirectories included) form one schema]:schema:_files' \
            '--format[report format]:format:(text json github sarif)' \
            '--color[colour\: auto (only on a terminal), always, never]:color:(auto always never)' \
            '(-q --quiet)'{-q,--quiet}'[print only errors]' \
            '--database[PostgreSQL connection URL (default\: $DATABASE_URL)]:database: ' \
            '--migrations[the migration directory]:migrations:_files' \
            '--history-schema[the schema of the schemac_migrations history table]:history-schema: ' \
            '--tenant-schema[apply to, read and compare this schema instead of the one the migrations manage (one tenant of a schema-per-tenant database); its history is kept in it]:tenant-schema: ' \
            '(-o --output)'{-o,--output}'[the directory to write (default\: schemas/)]:output:_files' \
            '--split[one file per schema, or one per table]:split:(schema table)' \
            '--schemas[the managed schemas (default\: those the .schema files of --schema or the output directory name, else every schema but PostgreSQL'\''s own and those extensions created)]:schemas: ' \
            '--force[replace the .schema files already in the output directory]' \
            '--strict[objects schemac does not manage are findings (exit 1)]' \
            '--verbose[name each object schemac does not manage, not only their count]' \
            '--env[take the settings of \[environments.NAME\] in schemac.toml]:env: '
}
_schemac_push() {
    _arguments -s \
            '--schema[a .schema file, or a directory whose *.schema files (subdirectories included) form one schema]:schema:_files' \
            '--format[report format]:format:(text json github sarif)' \
            '--color[colour\: auto (only on a terminal), always, never]:color:(auto always never)' \
            '(-q --quiet)'{-q,--quiet}'[print only errors]' \
            '--database[PostgreSQL connection URL (required\: DATABASE_URL is never used here)]:database: ' \
            '--migrations[the migration directory]:migrations:_files' \
            '--history-schema[the schema of the schemac_migrations history table]:history-schema: ' \
            '--tenant-schema[apply to, read and compare this schema instead of the one the migrations manage (one tenant of a schema-per-tenant database); its history is kept in it]:tenant-schema: ' \
            '--allow-data-loss[allow dropping tables, columns, enums and enum values, and narrowing types]' \
            '--dry-run[print the steps and their SQL; apply nothing]' \
            '--force[push even to a database with a migration history]' \
            '--schemas[the managed schemas (default\: those the schema names)]:schemas: ' \
            '--env[take the settings of \[environments.NAME\] in schemac.toml]:env: '
}
_schemac_reset() {
    _arguments -s \
            '--schema[a .schema file, or a directory whose *.schema files (subdirectories included) form one schema]:schema:_files' \
            '--format[report format]:format:(text json github sarif)' \
            '--color[colour\: auto (only on a terminal), always, never]:color:(auto always never)' \
            '(-q --quiet)'{-q,--quiet}'[print only errors]' \
            '--database[PostgreSQL connection URL (required\: DATABASE_URL is never used here)]:database: ' \
            '--migrations[the migration directory]:migrations:_files' \
            '--history-schema[the schema of the schemac_migrations history table]:history-schema: ' \
            '--tenant-schema[apply to, read and compare this schema instead of the one the migrations manage (one tenant of a schema-per-tenant database); its history is kept in it]:tenant-schema: ' \
            '--yes[confirm\: every object in the managed schemas is dropped]' \
            '--force[reset even a database with a migration history (dropped too)]' \
            '--schemas[the managed schemas (default\: those the schema names)]:schemas: ' \
            '--env[take the settings of \[environments.NAME\] in schemac.toml]:env: '
}
_schemac_repair() {
    _arguments -s \
            '--schema[a .schema file, or a directory whose *.schema files (subdirectories included) form one schema]:schema:_files' \
            '--format[report format]:format:(text json github sarif)' \
            '--color[colour\: auto (only on a terminal), always, never]:color:(auto always never)' \
            '(-q --quiet)'{-q,--quiet}'[print only errors]' \
            '--database[PostgreSQL connection URL (default\: $DATABASE_URL)]:database: ' \
            '--migrations[the migration directory]:migrations:_files' \
            '--history-schema[the schema of the schemac_migrations history table]:history-schema: ' \
            '--tenant-schema[apply to, read and compare this schema instead of the one the migrations manage (one tenant of a schema-per-tenant database); its history is kept in it]:tenant-schema: ' \
            '--lock-timeout[seconds to wait for the migration lock]:lock-timeout: ' \
            '--env[take the settings of \[environments.NAME\] in schemac.toml]:env: '
}
_schemac_verify() {
    _arguments -s \
            '--schema[a .schema file, or a directory whose *.schema files (subdirectories included) form one schema]:schema:_files' \
            '--format[report format]:format:(text json github sarif)' \
            '--color[colour\: auto (only on a terminal), always, never]:color:(auto always never)' \
            '(-q --quiet)'{-q,--quiet}'[print only errors]' \
            '--migrations[the migration directory]:migrations:_files' \
            '--history-schema[the schema of the history table]:history-schema: ' \
            '--dev-url[a PostgreSQL server to verify on instead of starting one\: schemac creates a scratch database there and drops it at the end]:dev-url: ' \
            '--from-database[recreate this database'\''s managed schema (read-only on it) and apply its pending migrations]:from-database: ' \
            '--schemas[the managed schemas (default\: those the snapshot names)]:schemas: ' \
            '--targets[run on every database of FILE\: one connection string a line, # comments, ${NAME} from the environment]:targets:_files' \
            '--targets-query[run on every database this query returns (one connection string a row, first column), run read-only on --control-database]:targets-query: ' \
            '--control-database[where --targets-query runs (default\: $SCHEMAC_CONTROL_DATABASE_URL)]:control-database: ' \
            '--tenant-schemas[run once for every schema whose name matches this glob (`tenant_*`; * ? \[...\]) in the database, or in each target, as with --tenant-schema NAME]:tenant-schemas: ' \
            '--parallel[targets run at the same time]:parallel: ' \
            '--fail-fast[after the first failure, start no new target]' \
            '--env[take the settings of \[environments.NAME\] in schemac.toml]:env: '
}
_schemac_lsp() {
    _arguments -s \
            '--schema[the folder of .schema files that forms the schema (default\: the workspace'\''s schemas/ folder, else the workspace root)]:schema:_files' \
            '--migrations[the migration directory whose snapshot renames and generate'\''s refusals read (default\: the workspace'\''s migrations/ folder)]:migrations:_files' \
            '--env[take the settings of \[environments.NAME\] in schemac.toml]:env: '
}
_schemac_docs() {
    _arguments -s \
            '--schema[a .schema file, or a directory whose *.schema files (subdirectories included) form one schema]:schema:_files' \
            '--format[mermaid, dot or svg\: the ER diagram; html\: a site (a page per table, view and function, a diagram per schema, search)]:format:(mermaid dot svg html)' \
            '(-o --output)'{-o,--output}'[the file to write (a diagram; default\: standard output) or the folder (html; default\: schema-docs/)]:output:_files' \
            '--color[colour\: auto (only on a terminal), always, never]:color:(auto always never)' \
            '(-q --quiet)'{-q,--quiet}'[print only errors]' \
            '--env[take the settings of \[environments.NAME\] in schemac.toml]:env: '
}
_schemac_init() {
    _arguments -s \
            '*:directory:_files' \
            '(-q --quiet)'{-q,--quiet}'[print nothing]'
}
_schemac_completion() {
    _arguments -s \
            '*:shell:(bash zsh fish)'
}

if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
    _schemac "$@"
else
    compdef _schemac schemac
fi
