// The PEGTL grammar of the .schema language: rules only, no actions and no I/O.
// docs/language.md is the reference for what it accepts. Layout rules worth knowing:
//  - keywords are case-insensitive and whole words;
//  - inside a table body every item (a column or a table-level line) ends at the end of
//    its line; parentheses may span lines;
//  - `//` and `/* */` comments count as white space everywhere outside SQL expressions.
// The parser drives `declaration` once per top-level declaration, so that it can recover
// at declaration boundaries and report many errors in one run.
#pragma once

#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/analyze_traits.hpp>

#include <string>
#include <string_view>

#include "grammar/lexical.hpp"
#include "grammar/plain_column_line.hpp"
#include "grammar/plain_index_line.hpp"

namespace schemac::grammar {

namespace p = tao::pegtl;

// ---------------------------------------------------------------- white space and comments
struct line_comment : p::seq<p::two<'/'>, p::until<p::at<p::eolf>>> {};
struct block_comment_body : p::until<p::string<'*', '/'>> {};
struct block_comment : p::if_must<p::string<'/', '*'>, block_comment_body> {};
// A comment is tried only where a '/' is: this lookahead runs no actions, and after nearly every
// word `blanks` looks for a comment and finds none.
struct comment_ahead : p::at<p::one<'/'>> {};
// Runs of spaces are matched at once: aligned columns have many of them.
struct blank : p::sor<p::plus<p::one<' ', '\t', '\f', '\v'>>, p::seq<comment_ahead, block_comment>> {};
struct blanks : p::star<blank> {};
struct sep : p::plus<blank> {};  // at least one blank between two words of one clause
struct ws_item : p::sor<p::plus<p::one<' ', '\t', '\f', '\v', '\r', '\n'>>,
                        p::seq<comment_ahead, p::sor<block_comment, line_comment>>> {};
struct ws : p::star<ws_item> {};

// ---------------------------------------------------------------- keywords (identifiers: lexical.hpp)
template <typename Word>
struct kw : p::seq<Word, p::not_at<ident_other>> {};

// A lookahead (it consumes nothing): whether the input starts with one of Words::list as kw<>
// matches a keyword (whole, in any letter case). Put in front of a choice among rules that each
// start with one of those words, it spares input that starts with none of them (a column's
// name, the end of a line) trying each rule in turn. Words::list holds lower-case words of at
// most 16 letters, and must hold the first word of every rule of the choice.
template <typename Words>
struct word_ahead {
    using rule_t = word_ahead;
    using subs_t = p::empty_list;
    template <typename ParseInput>
    static bool match(ParseInput& in) {
        char word[16];
        std::size_t size = 0;
        for (const char* at = in.current(); at != in.end(); ++at) {
            char c = *at;
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
            if (c >= 'a' && c <= 'z') {
                if (size == sizeof word) return false;
                word[size++] = c;
                continue;
            }
            if (is_ident_other_byte(c)) return false;  // a digit, `_`, `$`, non-ASCII: no keyword is such a word
            break;
        }
        if (size == 0) return false;
        for (std::string_view w : Words::list)
            if (w == std::string_view(word, size)) return true;
        return false;
    }
};

// clang-format off
struct kw_after : kw<TAO_PEGTL_ISTRING("after")> {};
struct kw_always : kw<TAO_PEGTL_ISTRING("always")> {};
struct kw_as : kw<TAO_PEGTL_ISTRING("as")> {};
struct kw_asc : kw<TAO_PEGTL_ISTRING("asc")> {};
struct kw_atomic : kw<TAO_PEGTL_ISTRING("atomic")> {};
struct kw_before : kw<TAO_PEGTL_ISTRING("before")> {};
struct kw_begin : kw<TAO_PEGTL_ISTRING("begin")> {};
struct kw_by : kw<TAO_PEGTL_ISTRING("by")> {};
struct kw_cache : kw<TAO_PEGTL_ISTRING("cache")> {};
struct kw_cascade : kw<TAO_PEGTL_ISTRING("cascade")> {};
struct kw_cascaded : kw<TAO_PEGTL_ISTRING("cascaded")> {};
struct kw_check : kw<TAO_PEGTL_ISTRING("check")> {};
struct kw_collate : kw<TAO_PEGTL_ISTRING("collate")> {};
struct kw_column : kw<TAO_PEGTL_ISTRING("column")> {};
struct kw_comment : kw<TAO_PEGTL_ISTRING("comment")> {};
struct kw_constraint : kw<TAO_PEGTL_ISTRING("constraint")> {};
struct kw_cycle : kw<TAO_PEGTL_ISTRING("cycle")> {};
struct kw_data : kw<TAO_PEGTL_ISTRING("data")> {};
struct kw_default : kw<TAO_PEGTL_ISTRING("default")> {};
struct kw_deferrable : kw<TAO_PEGTL_ISTRING("deferrable")> {};
struct kw_deferred : kw<TAO_PEGTL_ISTRING("deferred")> {};
struct kw_delete : kw<TAO_PEGTL_ISTRING("delete")> {};
struct kw_desc : kw<TAO_PEGTL_ISTRING("desc")> {};
struct kw_distinct : kw<TAO_PEGTL_ISTRING("distinct")> {};
struct kw_each : kw<TAO_PEGTL_ISTRING("each")> {};
struct kw_enum : kw<TAO_PEGTL_ISTRING("enum")> {};
struct kw_execute : kw<TAO_PEGTL_ISTRING("execute")> {};
struct kw_extension : kw<TAO_PEGTL_ISTRING("extension")> {};
struct kw_first : kw<TAO_PEGTL_ISTRING("first")> {};
struct kw_for : kw<TAO_PEGTL_ISTRING("for")> {};
struct kw_foreign : kw<TAO_PEGTL_ISTRING("foreign")> {};
struct kw_from : kw<TAO_PEGTL_ISTRING("from")> {};
struct kw_full : kw<TAO_PEGTL_ISTRING("full")> {};
struct kw_function : kw<TAO_PEGTL_ISTRING("function")> {};
struct kw_generated : kw<TAO_PEGTL_ISTRING("generated")> {};
struct kw_identity : kw<TAO_PEGTL_ISTRING("identity")> {};
struct kw_immediate : kw<TAO_PEGTL_ISTRING("immediate")> {};
struct kw_include : kw<TAO_PEGTL_ISTRING("include")> {};
struct kw_increment : kw<TAO_PEGTL_ISTRING("increment")> {};
struct kw_index : kw<TAO_PEGTL_ISTRING("index")> {};
struct kw_initially : kw<TAO_PEGTL_ISTRING("initially")> {};
struct kw_insert : kw<TAO_PEGTL_ISTRING("insert")> {};
struct kw_instead : kw<TAO_PEGTL_ISTRING("instead")> {};
struct kw_key : kw<TAO_PEGTL_ISTRING("key")> {};
struct kw_last : kw<TAO_PEGTL_ISTRING("last")> {};
struct kw_local : kw<TAO_PEGTL_ISTRING("local")> {};
struct kw_match : kw<TAO_PEGTL_ISTRING("match")> {};
struct kw_materialized : kw<TAO_PEGTL_ISTRING("materialized")> {};
struct kw_maxvalue : kw<TAO_PEGTL_ISTRING("maxvalue")> {};
struct kw_minvalue : kw<TAO_PEGTL_ISTRING("minvalue")> {};
struct kw_new : kw<TAO_PEGTL_ISTRING("new")> {};
struct kw_no : kw<TAO_PEGTL_ISTRING("no")> {};
struct kw_not : kw<TAO_PEGTL_ISTRING("not")> {};
struct kw_null : kw<TAO_PEGTL_ISTRING("null")> {};
struct kw_nulls : kw<TAO_PEGTL_ISTRING("nulls")> {};
struct kw_of : kw<TAO_PEGTL_ISTRING("of")> {};
struct kw_old : kw<TAO_PEGTL_ISTRING("old")> {};
struct kw_on : kw<TAO_PEGTL_ISTRING("on")> {};
struct kw_option : kw<TAO_PEGTL_ISTRING("option")> {};
struct kw_or : kw<TAO_PEGTL_ISTRING("or")> {};
struct kw_primary : kw<TAO_PEGTL_ISTRING("primary")> {};
struct kw_procedure : kw<TAO_PEGTL_ISTRING("procedure")> {};
struct kw_references : kw<TAO_PEGTL_ISTRING("references")> {};
struct kw_referencing : kw<TAO_PEGTL_ISTRING("referencing")> {};
struct kw_restrict : kw<TAO_PEGTL_ISTRING("restrict")> {};
struct kw_return : kw<TAO_PEGTL_ISTRING("return")> {};
struct kw_row : kw<TAO_PEGTL_ISTRING("row")> {};
struct kw_schema : kw<TAO_PEGTL_ISTRING("schema")> {};
struct kw_set : kw<TAO_PEGTL_ISTRING("set")> {};
struct kw_simple : kw<TAO_PEGTL_ISTRING("simple")> {};
struct kw_start : kw<TAO_PEGTL_ISTRING("start")> {};
struct kw_statement : kw<TAO_PEGTL_ISTRING("statement")> {};
struct kw_stored : kw<TAO_PEGTL_ISTRING("stored")> {};
struct kw_table : kw<TAO_PEGTL_ISTRING("table")> {};
struct kw_trigger : kw<TAO_PEGTL_ISTRING("trigger")> {};
struct kw_truncate : kw<TAO_PEGTL_ISTRING("truncate")> {};
struct kw_unique : kw<TAO_PEGTL_ISTRING("unique")> {};
struct kw_unlogged : kw<TAO_PEGTL_ISTRING("unlogged")> {};
struct kw_update : kw<TAO_PEGTL_ISTRING("update")> {};
struct kw_using : kw<TAO_PEGTL_ISTRING("using")> {};
struct kw_version : kw<TAO_PEGTL_ISTRING("version")> {};
struct kw_view : kw<TAO_PEGTL_ISTRING("view")> {};
struct kw_when : kw<TAO_PEGTL_ISTRING("when")> {};
struct kw_where : kw<TAO_PEGTL_ISTRING("where")> {};
struct kw_with : kw<TAO_PEGTL_ISTRING("with")> {};
struct kw_force : kw<TAO_PEGTL_ISTRING("force")> {};
struct kw_grant : kw<TAO_PEGTL_ISTRING("grant")> {};
struct kw_in : kw<TAO_PEGTL_ISTRING("in")> {};
struct kw_level : kw<TAO_PEGTL_ISTRING("level")> {};
struct kw_permissive : kw<TAO_PEGTL_ISTRING("permissive")> {};
struct kw_policy : kw<TAO_PEGTL_ISTRING("policy")> {};
struct kw_privileges : kw<TAO_PEGTL_ISTRING("privileges")> {};
struct kw_public : kw<TAO_PEGTL_ISTRING("public")> {};
struct kw_restrictive : kw<TAO_PEGTL_ISTRING("restrictive")> {};
struct kw_revoke : kw<TAO_PEGTL_ISTRING("revoke")> {};
struct kw_role : kw<TAO_PEGTL_ISTRING("role")> {};
struct kw_security : kw<TAO_PEGTL_ISTRING("security")> {};
struct kw_select : kw<TAO_PEGTL_ISTRING("select")> {};
struct kw_sequence : kw<TAO_PEGTL_ISTRING("sequence")> {};
struct kw_owned : kw<TAO_PEGTL_ISTRING("owned")> {};
struct kw_to : kw<TAO_PEGTL_ISTRING("to")> {};
struct kw_usage : kw<TAO_PEGTL_ISTRING("usage")> {};
struct kw_partition : kw<TAO_PEGTL_ISTRING("partition")> {};
struct kw_partitions : kw<TAO_PEGTL_ISTRING("partitions")> {};
struct kw_values : kw<TAO_PEGTL_ISTRING("values")> {};
struct kw_unmanaged : kw<TAO_PEGTL_ISTRING("unmanaged")> {};
struct kw_exclude : kw<TAO_PEGTL_ISTRING("exclude")> {};
struct kw_inherit : kw<TAO_PEGTL_ISTRING("inherit")> {};
struct kw_valid : kw<TAO_PEGTL_ISTRING("valid")> {};
struct kw_replica : kw<TAO_PEGTL_ISTRING("replica")> {};
struct kw_statistics : kw<TAO_PEGTL_ISTRING("statistics")> {};
// clang-format on

// ---------------------------------------------------------------- literals
struct sql_string_body : p::seq<p::star<p::sor<p::two<'\''>, p::not_one<'\''>>>, p::one<'\''>> {};
struct sql_string : p::if_must<p::one<'\''>, sql_string_body> {};
// E'...' strings allow backslash escapes.
struct sql_escape_string_body
    : p::seq<p::star<p::sor<p::seq<p::one<'\\'>, p::any>, p::two<'\''>, p::not_one<'\''>>>, p::one<'\''>> {};
struct sql_escape_string : p::seq<p::one<'E', 'e'>, p::if_must<p::one<'\''>, sql_escape_string_body>> {};
struct string_literal : sql_string {};

// ---------------------------------------------------------------- SQL text (checked later by libpg_query)
struct sql_line_comment : p::seq<p::two<'-'>, p::until<p::at<p::eolf>>> {};
struct sql_block_comment : p::seq<p::string<'/', '*'>, p::until<p::string<'*', '/'>>> {};
struct sql_quoted_identifier : p::seq<p::one<'"'>, p::star<p::sor<p::two<'"'>, p::not_one<'"'>>>, p::one<'"'>> {};
// $$...$$ or $tag$...$tag$ (a tag is a name without `$`), as PostgreSQL reads dollar quoting.
// Only ever tried where a word cannot be continuing (sql_word comes first), so `a$b$` stays a word.
struct dollar_quote_match {
    using rule_t = dollar_quote_match;
    using subs_t = p::empty_list;
    template <typename ParseInput>
    static bool match(ParseInput& in) {
        const char* begin = in.current();
        const char* end = begin + in.size();
        if (begin == end || *begin != '$') return false;
        const char* tag_end = begin + 1;
        auto letter = [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
                   (static_cast<unsigned char>(c) & 0x80);
        };
        if (tag_end < end && letter(*tag_end)) {
            while (tag_end < end && (letter(*tag_end) || (*tag_end >= '0' && *tag_end <= '9'))) ++tag_end;
        }
        if (tag_end == end || *tag_end != '$') return false;
        std::string_view tag(begin, static_cast<std::size_t>(tag_end - begin + 1));
        std::string_view rest(tag_end + 1, static_cast<std::size_t>(end - tag_end - 1));
        std::size_t close = rest.find(tag);
        if (close == std::string_view::npos) return false;
        in.bump(tag.size() + close + tag.size());
        return true;
    }
};
struct sql_dollar_string : dollar_quote_match {};
// A word is skipped whole: `$` inside one (`a$b`) does not start a dollar quote.
struct sql_word : p::seq<ident_first, p::star<ident_other>> {};
struct sql_atom : p::sor<sql_escape_string, sql_string, sql_quoted_identifier, sql_line_comment, sql_block_comment,
                         sql_word, sql_dollar_string> {};
struct balanced;
struct close_paren : p::one<')'> {};
struct close_bracket : p::one<']'> {};
struct nested_parens : p::if_must<p::one<'('>, balanced, close_paren> {};
struct nested_brackets : p::if_must<p::one<'['>, balanced, close_bracket> {};
// Any SQL text whose parentheses and brackets balance, with strings and comments skipped whole.
struct balanced : p::star<p::sor<sql_atom, nested_parens, nested_brackets, p::not_one<'(', ')', '[', ']'>>> {};

// The text between a pair of parentheses; the rule types name what it is for.
template <typename Role>
struct parenthesized : p::if_must<p::one<'('>, Role, close_paren> {};
struct check_expression : balanced {};
struct generated_expression : balanced {};
struct paren_default_expression : balanced {};
struct index_expression : balanced {};
struct directive_argument : balanced {};

// A predicate runs to the end of its line, or to a `//` or `/*` comment, or to the closing
// brace (SQL comments inside parentheses stay part of it).
struct predicate_stop : p::sor<p::eolf, p::two<'/'>, p::string<'/', '*'>, p::one<'}'>> {};
struct predicate_text
    : p::plus<p::not_at<predicate_stop>, p::sor<sql_atom, nested_parens, nested_brackets, p::not_one<')', ']'>>> {};

// ---------------------------------------------------------------- names
// `name` or `schema.name`, read in one pass: a second part makes the first one the schema.
struct object_part : identifier {};
struct qualified_second_part : identifier {};
struct qualified_name : p::seq<object_part, p::opt<p::one<'.'>, qualified_second_part>> {};
// (a, b, c) with a rule type per role so that actions know which list is being read
template <typename Item>
struct name_list : p::seq<p::one<'('>, ws, p::list_must<Item, p::one<','>, ws_item>, ws, p::must<close_paren>> {};

// ---------------------------------------------------------------- directives: @was(old) @backfill(expr)
struct directive_name : bare_identifier {};
struct open_paren : p::one<'('> {};
struct directive : p::seq<p::one<'@'>, p::must<directive_name, open_paren, directive_argument, close_paren>> {};
struct directives : p::list<directive, blanks> {};

// ---------------------------------------------------------------- types
struct type_parameter : p::sor<number, sql_string, identifier> {};
struct type_parameters
    : p::seq<p::one<'('>, blanks, p::list_must<type_parameter, p::one<','>, blank>, blanks, p::must<close_paren>> {};
// A type's name, read whole by its action: its parts are no rules with actions of their own, so
// that each column's type makes no names to move about (see qualified_name).
struct type_name_part : identifier {};
struct type_qualified_name : p::seq<type_name_part, p::opt<p::one<'.'>, type_name_part>> {};
struct time_zone_suffix : p::seq<p::sor<kw<TAO_PEGTL_ISTRING("with")>, kw<TAO_PEGTL_ISTRING("without")>>, sep,
                                 kw<TAO_PEGTL_ISTRING("time")>, sep, kw<TAO_PEGTL_ISTRING("zone")>> {};
// One alternative a line.
// clang-format off
struct type_words : p::sor<
    p::seq<kw<TAO_PEGTL_ISTRING("double")>, sep, kw<TAO_PEGTL_ISTRING("precision")>>,
    p::seq<p::sor<kw<TAO_PEGTL_ISTRING("character")>, kw<TAO_PEGTL_ISTRING("char")>, kw<TAO_PEGTL_ISTRING("bit")>>,
           p::opt<sep, kw<TAO_PEGTL_ISTRING("varying")>>>,
    p::seq<p::sor<kw<TAO_PEGTL_ISTRING("timestamp")>, kw<TAO_PEGTL_ISTRING("time")>>, p::opt<blanks, type_parameters>,
           p::opt<sep, time_zone_suffix>>,
    type_qualified_name> {};
// clang-format on
struct array_suffix
    : p::sor<p::seq<p::one<'['>, blanks, p::opt<digits>, blanks, p::one<']'>>, kw<TAO_PEGTL_ISTRING("array")>> {};
struct type_begin : p::success {};
struct type : p::seq<type_begin, type_words, p::opt<blanks, type_parameters>, p::star<blanks, array_suffix>> {};

// ---------------------------------------------------------------- default expressions
// Without parentheses a default is a literal, a word (true, current_date), or a function call,
// each optionally followed by casts. Anything else goes in parentheses.
struct function_name : qualified_name {};
struct function_call : p::seq<function_name, blanks, nested_parens> {};
// A function call is tried first without actions (a lookahead runs none): a plain word, which
// fails it only after its name was read, then makes no name that is thrown away.
struct function_call_checked : p::seq<p::at<function_call>, function_call> {};
struct default_primary : p::sor<number, sql_escape_string, sql_string, function_call_checked, identifier> {};
struct cast_suffix : p::seq<blanks, p::two<':'>, blanks, p::must<type>> {};
struct bare_default_expression : p::seq<default_primary, p::star<cast_suffix>> {};
struct default_expression : p::sor<parenthesized<paren_default_expression>, bare_default_expression> {};

// ---------------------------------------------------------------- foreign key options
struct fk_action : p::sor<kw_cascade, kw_restrict, p::seq<kw_no, sep, kw<TAO_PEGTL_ISTRING("action")>>,
                          p::seq<kw_set, sep, kw_null>, p::seq<kw_set, sep, kw_default>> {};
struct on_delete : p::seq<kw_on, sep, kw_delete, sep, p::must<fk_action>> {};
struct on_update : p::seq<kw_on, sep, kw_update, sep, p::must<fk_action>> {};
struct match_full : p::seq<kw_match, sep, kw_full> {};
struct match_simple : p::seq<kw_match, sep, kw_simple> {};
struct not_deferrable : p::seq<kw_not, sep, kw_deferrable> {};
struct deferrable : kw_deferrable {};
struct initially_deferred : p::seq<kw_initially, sep, kw_deferred> {};
struct initially_immediate : p::seq<kw_initially, sep, kw_immediate> {};
// `not valid`: the constraint may stay unvalidated (rows written before it are not checked).
struct fk_not_valid : p::seq<kw_not, sep, kw_valid> {};
struct fk_option : p::sor<on_delete, on_update, match_full, match_simple, not_deferrable, deferrable,
                          initially_deferred, initially_immediate, fk_not_valid> {};
struct fk_options : p::star<blanks, fk_option> {};

struct referenced_table : qualified_name {};
struct referenced_column : identifier {};
struct referenced_columns : name_list<referenced_column> {};

// ---------------------------------------------------------------- identity sequence options
struct seq_start : p::seq<kw_start, p::opt<sep, kw_with>, sep, signed_integer> {};
struct seq_increment : p::seq<kw_increment, p::opt<sep, kw_by>, sep, signed_integer> {};
struct seq_minvalue : p::seq<kw_minvalue, sep, signed_integer> {};
struct seq_maxvalue : p::seq<kw_maxvalue, sep, signed_integer> {};
struct seq_no_minvalue : p::seq<kw_no, sep, kw_minvalue> {};
struct seq_no_maxvalue : p::seq<kw_no, sep, kw_maxvalue> {};
struct seq_cache : p::seq<kw_cache, sep, signed_integer> {};
struct seq_cycle : kw_cycle {};
struct seq_no_cycle : p::seq<kw_no, sep, kw_cycle> {};
struct sequence_option : p::sor<seq_start, seq_increment, seq_minvalue, seq_maxvalue, seq_no_minvalue, seq_no_maxvalue,
                                seq_cache, seq_cycle, seq_no_cycle> {};
struct sequence_options : p::seq<p::one<'('>, ws, p::star<sequence_option, ws>, p::must<close_paren>> {};

// ---------------------------------------------------------------- storage parameters
// with (fillfactor = 70, toast.autovacuum_enabled = false): a value is a number, a word or a string.
struct storage_parameter_name : p::seq<bare_identifier, p::opt<p::one<'.'>, bare_identifier>> {};
struct storage_equals : p::one<'='> {};
struct storage_number : number {};
struct storage_string : sql_string {};
struct storage_word : bare_identifier {};
struct storage_parameter_value : p::sor<storage_number, storage_string, storage_word> {};
struct storage_parameter
    : p::seq<storage_parameter_name, blanks, p::must<storage_equals>, blanks, p::must<storage_parameter_value>> {};
struct storage_parameters
    : p::seq<p::one<'('>, ws, p::list_must<storage_parameter, p::one<','>, ws_item>, ws, p::must<close_paren>> {};
struct storage_clause : p::seq<kw_with, blanks, p::must<storage_parameters>> {};

// ---------------------------------------------------------------- column modifiers
struct constraint_name : identifier {};
struct mod_not_null : p::seq<kw_not, sep, p::must<kw_null>> {};
struct mod_null : kw_null {};
struct mod_primary_key : p::seq<kw_primary, sep, p::must<kw_key>> {};
struct mod_unique : kw_unique {};
struct mod_default : p::seq<kw_default, blanks, p::must<default_expression>> {};
struct mod_references
    : p::seq<kw_references, blanks, p::must<referenced_table>, p::opt<blanks, referenced_columns>, fk_options> {};
struct check_clause : parenthesized<check_expression> {};
// After a check's expression, in any order: `no inherit` (not passed on to child tables) and
// `not valid` (it may stay unvalidated).
struct check_no_inherit : p::seq<kw_no, sep, kw_inherit> {};
struct check_not_valid : p::seq<kw_not, sep, kw_valid> {};
struct check_options : p::star<blanks, p::sor<check_no_inherit, check_not_valid>> {};
struct mod_check : p::seq<kw_check, blanks, p::opt<constraint_name, blanks>, p::opt<directives, blanks>,
                          p::must<check_clause>, check_options> {};
struct identity_always : kw_always {};
struct identity_by_default : p::seq<kw_by, sep, kw_default> {};
struct identity_tail : p::seq<kw_identity, p::opt<blanks, sequence_options>> {};
struct generated_stored : kw_stored {};
struct generated_tail : p::seq<parenthesized<generated_expression>, blanks, p::must<generated_stored>> {};
struct generated_kind : p::sor<identity_always, identity_by_default> {};
struct generated_as : kw_as {};
struct generated_what : p::sor<identity_tail, generated_tail> {};
struct mod_generated : p::seq<kw_generated, blanks, p::must<generated_kind>, blanks, p::must<generated_as>, blanks,
                              p::must<generated_what>> {};
struct mod_comment : p::seq<kw_comment, blanks, p::must<string_literal>> {};
struct mod_directive : p::seq<directive> {};
// `collate "C"`: the column's collation; `statistics 500`: its statistics target.
struct column_collation : qualified_name {};
struct mod_collate : p::seq<kw_collate, blanks, p::must<column_collation>> {};
struct statistics_target : signed_integer {};
struct mod_statistics : p::seq<kw_statistics, blanks, p::must<statistics_target>> {};
// The first words of the modifiers (all but a directive's `@`): see word_ahead.
struct column_modifier_words {
    static constexpr std::string_view list[] = {"not",   "null",      "primary", "unique",  "default",   "references",
                                                "check", "generated", "comment", "collate", "statistics"};
};
struct column_modifier
    : p::sor<p::seq<word_ahead<column_modifier_words>,
                    p::sor<mod_not_null, mod_null, mod_primary_key, mod_unique, mod_default, mod_references, mod_check,
                           mod_generated, mod_comment, mod_collate, mod_statistics>>,
             mod_directive> {};

// ---------------------------------------------------------------- table items
// An item ends at the end of its line (a trailing `//` comment is allowed) or before `}`.
struct item_end : p::seq<blanks, p::opt<comment_ahead, line_comment>, p::sor<p::eol, p::at<p::one<'}'>>, p::eof>> {};

struct column_name : identifier {};
// A column's type is not one of modifier_keyword_words (plain_column_line.hpp).
struct column_type : p::seq<p::not_at<word_ahead<modifier_keyword_words>>, type> {};
struct column_begin : p::success {};
struct column_definition : p::seq<column_begin, column_name, blanks, p::must<column_type>,
                                  p::star<blanks, column_modifier>, p::must<item_end>> {};

struct key_column : identifier {};
struct key_columns : name_list<key_column> {};
// A key's deferral, as a foreign key's (rules of their own: the parser keeps them with the key).
struct key_not_deferrable : p::seq<kw_not, sep, kw_deferrable> {};
struct key_deferrable : kw_deferrable {};
struct key_initially_deferred : p::seq<kw_initially, sep, kw_deferred> {};
struct key_initially_immediate : p::seq<kw_initially, sep, kw_immediate> {};
struct key_timing
    : p::star<blanks, p::sor<key_not_deferrable, key_deferrable, key_initially_deferred, key_initially_immediate>> {};
struct table_primary_key : p::seq<kw_primary, sep, kw_key, blanks, p::opt<constraint_name, blanks>,
                                  p::opt<directives, blanks>, p::must<key_columns>, key_timing, p::must<item_end>> {};
struct nulls_not_distinct : p::seq<kw_nulls, sep, kw_not, sep, kw_distinct> {};
struct table_unique : p::seq<kw_unique, p::not_at<sep, kw_index>, blanks, p::opt<nulls_not_distinct, blanks>,
                             p::opt<constraint_name, blanks>, p::opt<directives, blanks>, p::must<key_columns>,
                             key_timing, p::must<item_end>> {};
struct table_check : p::seq<kw_check, blanks, p::opt<constraint_name, blanks>, p::opt<directives, blanks>,
                            p::must<check_clause>, check_options, p::must<item_end>> {};
struct fk_column : identifier {};
struct fk_columns : name_list<fk_column> {};
struct fk_references : kw_references {};
struct table_foreign_key
    : p::seq<kw_foreign, sep, kw_key, blanks, p::opt<constraint_name, blanks>, p::opt<directives, blanks>,
             p::must<fk_columns>, blanks, p::must<fk_references>, blanks, p::must<referenced_table>, blanks,
             p::must<referenced_columns>, fk_options, p::must<item_end>> {};
struct table_comment : p::seq<kw_comment, blanks, p::at<p::one<'\''>>, p::must<string_literal, item_end>> {};
// `with (` starts the table's storage parameters (a column cannot be typed `(`).
struct table_storage : p::seq<p::at<kw_with, blanks, p::one<'('>>, storage_clause, p::must<item_end>> {};

struct index_unique : kw_unique {};
struct index_name : identifier {};
struct index_method : identifier {};
struct element_column : identifier {};
struct element_collation : qualified_name {};
struct element_opclass : qualified_name {};
struct element_asc : kw_asc {};
struct element_desc : kw_desc {};
struct element_nulls_first : p::seq<kw_nulls, sep, kw_first> {};
struct element_nulls_last : p::seq<kw_nulls, sep, kw_last> {};
struct element_begin : p::success {};
// A function call may stand without extra parentheses, as in PostgreSQL: (lower(email)).
struct element_function_call : function_call_checked {};
struct index_element
    : p::seq<element_begin, p::sor<parenthesized<index_expression>, element_function_call, element_column>,
             p::opt<blanks, kw_collate, blanks, element_collation>,
             p::opt<blanks, p::not_at<p::sor<kw_asc, kw_desc, kw_nulls, kw_collate, kw_with>>, element_opclass>,
             p::opt<blanks, p::sor<element_asc, element_desc>>,
             p::opt<blanks, p::sor<element_nulls_first, element_nulls_last>>> {};
struct index_elements
    : p::seq<p::one<'('>, ws, p::list_must<index_element, p::one<','>, ws_item>, ws, p::must<close_paren>> {};
struct include_column : identifier {};
struct include_columns : name_list<include_column> {};
struct index_include : p::seq<kw_include, blanks, p::must<include_columns>> {};
struct index_where : p::seq<kw_where, blanks, p::must<predicate_text>> {};
// `index` starts an index only where it is followed by what an index needs; otherwise
// it is a column called index.
struct not_using : p::not_at<kw_using> {};
struct index_start : p::seq<p::opt<kw_unique, sep>, kw_index, blanks, p::opt<not_using, identifier, blanks>,
                            p::opt<directives, blanks>, p::opt<kw_using, blanks, identifier, blanks>, p::one<'('>> {};
struct index_begin : p::success {};
struct table_index
    : p::seq<p::at<index_start>, index_begin, p::opt<index_unique, sep>, kw_index, blanks,
             p::opt<not_using, index_name, blanks>, p::opt<directives, blanks>,
             p::opt<kw_using, blanks, index_method, blanks>, p::must<index_elements>, p::opt<blanks, index_include>,
             p::opt<blanks, nulls_not_distinct>, p::opt<blanks, storage_clause>, p::opt<blanks, index_where>,
             p::must<item_end>> {};

// ---------------------------------------------------------------- exclusion constraints
// exclude [NAME] [@was(old)] [using METHOD] (ELEMENT with OPERATOR, ...) [include (A, ...)]
//   [with (...)] [where (PREDICATE)] [[not] deferrable] [initially deferred | immediate]
// An element is an index element (a column or an expression, collation, opclass, order).
struct exclusion_operator
    : p::plus<p::one<'+', '-', '*', '/', '<', '>', '=', '~', '!', '@', '#', '%', '^', '&', '|', '`', '?'>> {};
struct exclusion_with : kw_with {};
struct exclusion_element : p::seq<index_element, blanks, p::must<exclusion_with>, blanks, p::must<exclusion_operator>> {
};
struct exclusion_elements
    : p::seq<p::one<'('>, ws, p::list_must<exclusion_element, p::one<','>, ws_item>, ws, p::must<close_paren>> {};
struct exclusion_where_expression : balanced {};
struct exclusion_where : p::seq<kw_where, blanks, p::must<parenthesized<exclusion_where_expression>>> {};
struct exclusion_name : identifier {};
struct exclusion_method : identifier {};
// `exclude` starts an exclusion constraint only where what one needs follows; otherwise it is a
// column called exclude.
struct exclusion_start : p::seq<kw_exclude, blanks, p::opt<not_using, identifier, blanks>, p::opt<directives, blanks>,
                                p::opt<kw_using, blanks, identifier, blanks>, p::one<'('>> {};
struct exclusion_begin : p::success {};
struct table_exclusion
    : p::seq<p::at<exclusion_start>, exclusion_begin, kw_exclude, blanks, p::opt<not_using, exclusion_name, blanks>,
             p::opt<directives, blanks>, p::opt<kw_using, blanks, exclusion_method, blanks>,
             p::must<exclusion_elements>, p::opt<blanks, index_include>, p::opt<blanks, storage_clause>,
             p::opt<blanks, exclusion_where>, key_timing, p::must<item_end>> {};

// ---------------------------------------------------------------- replica identity
// replica identity default | full | nothing | using index NAME: what logical replication logs
// of a row it updates or deletes.
struct replica_default : kw_default {};
struct replica_full : kw_full {};
struct replica_nothing : kw<TAO_PEGTL_ISTRING("nothing")> {};
struct replica_index_name : identifier {};
struct replica_index_word : kw_index {};
struct replica_index : p::seq<kw_using, sep, p::must<replica_index_word>, blanks, p::must<replica_index_name>> {};
struct replica_kind : p::sor<replica_default, replica_full, replica_nothing, replica_index> {};
struct replica_end : item_end {};
struct replica_start : p::seq<kw_replica, sep, kw_identity> {};
struct table_replica_identity
    : p::seq<p::at<replica_start>, kw_replica, sep, kw_identity, blanks, p::must<replica_kind>, p::must<replica_end>> {
};

// ---------------------------------------------------------------- triggers (table items; view items)
// [constraint] trigger NAME [@was(old)] before | after | instead of EVENT [or EVENT ...]
//   [from TABLE] [[not] deferrable] [initially deferred | immediate]
//   [referencing old | new table [as] NAME ...] [for [each] row | statement] [when (CONDITION)]
//   execute function | procedure NAME(ARGUMENT, ...) [comment '...']
// PostgreSQL's CREATE TRIGGER without `create` and `on TABLE`; like every table item it ends at
// the end of its line (parentheses may span lines).
struct trigger_constraint : kw_constraint {};
struct trigger_name : identifier {};
struct timing_before : kw_before {};
struct timing_after : kw_after {};
struct timing_instead_of : p::seq<kw_instead, sep, p::must<kw_of>> {};
struct trigger_timing : p::sor<timing_before, timing_after, timing_instead_of> {};
struct event_insert : kw_insert {};
struct event_delete : kw_delete {};
struct event_truncate : kw_truncate {};
struct update_column : identifier {};
struct update_columns : p::list_must<update_column, p::one<','>, blank> {};
struct event_update_columns : p::seq<kw_of, blanks, p::must<update_columns>> {};
struct event_update : p::seq<kw_update, p::opt<sep, event_update_columns>> {};
struct trigger_event : p::sor<event_insert, event_update, event_delete, event_truncate> {};
struct trigger_events : p::seq<trigger_event, p::star<sep, kw_or, sep, p::must<trigger_event>>> {};
struct trigger_from_table : qualified_name {};
struct trigger_from : p::seq<kw_from, blanks, p::must<trigger_from_table>> {};
struct trigger_deferral : p::sor<key_not_deferrable, key_deferrable, key_initially_deferred, key_initially_immediate> {
};
struct transition_old : kw_old {};
struct transition_new : kw_new {};
struct transition_name : identifier {};
struct trigger_transition : p::seq<p::sor<transition_old, transition_new>, sep, p::must<kw_table>, blanks,
                                   p::opt<kw_as, blanks>, p::must<transition_name>> {};
struct trigger_referencing
    : p::seq<kw_referencing, blanks, p::must<trigger_transition>, p::star<blanks, trigger_transition>> {};
struct for_row : kw_row {};
struct for_statement : kw_statement {};
struct row_or_statement : p::sor<for_row, for_statement> {};
struct trigger_for_each : p::seq<kw_for, sep, p::opt<kw_each, sep>, p::must<row_or_statement>> {};
struct trigger_when_expression : balanced {};
struct trigger_when_clause : parenthesized<trigger_when_expression> {};
struct trigger_when : p::seq<kw_when, blanks, p::must<trigger_when_clause>> {};
struct execute_function : kw_function {};
struct execute_procedure : kw_procedure {};
struct execute_what : p::sor<execute_function, execute_procedure> {};
struct trigger_function_name : qualified_name {};
struct trigger_argument_string : sql_string {};
struct trigger_argument_word : p::sor<number, bare_identifier> {};
struct trigger_argument : p::sor<trigger_argument_string, trigger_argument_word> {};
struct trigger_arguments
    : p::seq<p::one<'('>, ws, p::opt<p::list_must<trigger_argument, p::one<','>, ws_item>>, ws, p::must<close_paren>> {
};
struct trigger_execute : p::seq<kw_execute, sep, p::must<execute_what>, blanks, p::must<trigger_function_name>, blanks,
                                p::must<trigger_arguments>> {};
struct trigger_comment : p::seq<kw_comment, blanks, p::must<string_literal>> {};
// `trigger` starts a trigger only where a name and a timing follow; otherwise it is a column called trigger.
struct trigger_start : p::seq<p::opt<kw_constraint, sep>, kw_trigger, sep, identifier, blanks,
                              p::opt<directives, blanks>, p::sor<kw_before, kw_after, kw_instead>> {};
struct trigger_begin : p::success {};
struct table_trigger
    : p::seq<p::at<trigger_start>, trigger_begin, p::opt<trigger_constraint, sep>, kw_trigger, sep, trigger_name,
             blanks, p::opt<directives, blanks>, trigger_timing, sep, p::must<trigger_events>,
             p::opt<blanks, trigger_from>, p::star<blanks, trigger_deferral>, p::opt<blanks, trigger_referencing>,
             p::opt<blanks, trigger_for_each>, p::opt<blanks, trigger_when>, blanks, p::must<trigger_execute>,
             p::opt<blanks, trigger_comment>, p::must<item_end>> {};

// ---------------------------------------------------------------- access (table items)
// PostgreSQL's words: privileges are one word each (`all [privileges]` too), a privilege may
// name columns (`update (email, name)`), a grantee is a role's name or `public`.
struct privilege_all : p::seq<kw<TAO_PEGTL_ISTRING("all")>, p::opt<sep, kw_privileges>> {};
struct privilege_word : p::sor<privilege_all, bare_identifier> {};
struct privilege_column : identifier {};
struct privilege_columns : name_list<privilege_column> {};
struct privilege_begin : p::success {};
struct privilege : p::seq<privilege_begin, privilege_word, p::opt<blanks, privilege_columns>> {};
struct privileges : p::list_must<privilege, p::one<','>, ws_item> {};
struct grantee : identifier {};
struct grantees : p::list_must<grantee, p::one<','>, ws_item> {};
struct grant_option_word : kw_option {};
struct grant_option : p::seq<kw_with, sep, kw_grant, sep, p::must<grant_option_word>> {};
struct grant_to : p::seq<kw_to, ws, p::must<grantees>> {};

// row level security | force row level security
struct rls_force : kw_force {};
struct rls_words : p::seq<kw_row, sep, kw_level, sep, kw_security> {};
struct rls_end : item_end {};
struct table_row_level_security : p::seq<p::opt<rls_force, sep>, rls_words, p::must<rls_end>> {};

// policy NAME [@was(old)] [as permissive | restrictive] [for all | select | insert | update | delete]
//   [to ROLE, ...] [using (EXPRESSION)] [with check (EXPRESSION)] [comment '...']
// The clauses may continue on the next lines; the policy ends with the line of its last clause.
struct policy_name : identifier {};
struct policy_permissive : kw_permissive {};
struct policy_restrictive : kw_restrictive {};
struct policy_kind : p::sor<policy_permissive, policy_restrictive> {};
struct policy_as : p::seq<kw_as, ws, p::must<policy_kind>> {};
struct command_all : kw<TAO_PEGTL_ISTRING("all")> {};
struct command_select : kw_select {};
struct command_insert : kw_insert {};
struct command_update : kw_update {};
struct command_delete : kw_delete {};
struct policy_command : p::sor<command_all, command_select, command_insert, command_update, command_delete> {};
struct policy_for : p::seq<kw_for, ws, p::must<policy_command>> {};
struct policy_roles : grant_to {};
struct policy_using_expression : balanced {};
struct policy_using_clause : parenthesized<policy_using_expression> {};
struct policy_using : p::seq<kw_using, ws, p::must<policy_using_clause>> {};
struct policy_check_expression : balanced {};
struct policy_check_clause : parenthesized<policy_check_expression> {};
struct policy_check : p::seq<kw_with, sep, kw_check, ws, p::must<policy_check_clause>> {};
struct policy_comment : p::seq<kw_comment, blanks, p::must<string_literal>> {};
struct policy_clause_start : p::sor<kw_as, kw_for, kw_to, kw_using, p::seq<kw_with, sep, kw_check>> {};
// `policy` starts a policy only where a name and a clause follow; otherwise it is a column called policy.
struct policy_start : p::seq<kw_policy, sep, identifier, ws, p::opt<directives, ws>, policy_clause_start> {};
struct policy_begin : p::success {};
struct policy_end : item_end {};
struct table_policy
    : p::seq<p::at<policy_start>, policy_begin, kw_policy, sep, policy_name, p::opt<ws, directives>,
             p::opt<ws, policy_as>, p::opt<ws, policy_for>, p::opt<ws, policy_roles>, p::opt<ws, policy_using>,
             p::opt<ws, policy_check>, p::opt<ws, policy_comment>, p::must<policy_end>> {};

// grant PRIVILEGE [(column, ...)], ... to ROLE, ... [with grant option]: privileges on the table.
struct grant_end : item_end {};
struct grant_start : p::seq<kw_grant, sep, privilege_word, ws, p::sor<p::one<'(', ','>, kw_to>> {};
struct table_grant_begin : p::success {};
struct table_grant : p::seq<p::at<grant_start>, table_grant_begin, kw_grant, sep, p::must<privileges>, ws,
                            p::must<grant_to>, p::opt<blanks, grant_option>, p::must<grant_end>> {};

// ---------------------------------------------------------------- partitioning
// `partition by range | list | hash (ELEMENT, ...)` after a table's (or a partition's) name: its
// elements are index elements (a column or a parenthesised expression, collate, opclass).
struct strategy_range : kw<TAO_PEGTL_ISTRING("range")> {};
struct strategy_list : kw<TAO_PEGTL_ISTRING("list")> {};
struct strategy_hash : kw<TAO_PEGTL_ISTRING("hash")> {};
struct partition_strategy : p::sor<strategy_range, strategy_list, strategy_hash> {};
struct partition_key_elements : index_elements {};
struct partition_by_begin : p::success {};
struct partition_by : p::seq<kw_partition, sep, kw_by, partition_by_begin, blanks, p::must<partition_strategy>, blanks,
                             p::must<partition_key_elements>> {};
// `partitions unmanaged`: a table line saying that partitions the schema does not declare are
// someone else's (pg_partman, a cron job).
struct partitions_unmanaged_word : kw_unmanaged {};
struct table_partitions_unmanaged : p::seq<kw_partitions, sep, p::must<partitions_unmanaged_word>, p::must<item_end>> {
};

struct item_begin : p::success {};
// The words every table item other than a column starts with: those items are tried only after
// one of them, so that a column line (nearly every line of a table) is not first tried as
// fourteen other things. A line that starts with one and is not that item (a column named
// `comment`) is still read as a column. An item added here must start with a word listed.
// A column line of the common shape is read by hand (plain_column_line.hpp), any other by
// column_definition; an index line of the common shape too (plain_index_line.hpp), any other by
// table_index. item_begin clears what the rules' actions leave behind; the actions of the lines
// read by hand use none of it.
struct table_item_words {
    static constexpr std::string_view list[] = {"check", "comment", "constraint", "exclude", "force",   "foreign",
                                                "grant", "index",   "partitions", "policy",  "primary", "replica",
                                                "row",   "trigger", "unique",     "with"};
};
struct table_item
    : p::sor<
          p::seq<word_ahead<table_item_words>,
                 p::sor<plain_index_line,
                        p::seq<item_begin, p::sor<table_partitions_unmanaged, table_policy, table_grant,
                                                  table_row_level_security, table_trigger, table_index, table_exclusion,
                                                  table_replica_identity, table_primary_key, table_unique, table_check,
                                                  table_foreign_key, table_comment, table_storage>>>>,
          plain_column_line, p::seq<item_begin, column_definition>> {};

// ---------------------------------------------------------------- declarations
struct table_name : qualified_name {};
struct table_unlogged : kw_unlogged {};
struct table_after_unlogged : kw_table {};
struct table_keyword : p::sor<p::seq<table_unlogged, blanks, p::must<table_after_unlogged>>, kw_table> {};
struct table_header
    : p::seq<table_keyword, blanks, p::must<table_name>, ws, p::opt<directives, ws>, p::opt<partition_by, ws>> {};
struct table_body_end : p::one<'}'> {};
struct open_brace : p::one<'{'> {};
struct table_declaration
    : p::seq<table_header, p::must<open_brace>, ws, p::star<table_item, ws>, p::must<table_body_end>> {};

// partition [schema.]name [@was(old)] of PARENT for values from (...) to (...) | in (...) |
//   with (modulus M, remainder R) | default  [partition by ...]  [{ table lines }]
// A partition is a table whose columns are its parent's: the bound's values are SQL, read by
// libpg_query during lowering; the optional body holds what a partition may add itself.
struct partition_name : qualified_name {};
struct partition_parent : qualified_name {};
struct partition_of_word : kw_of {};
struct bound_to_word : kw_to {};
struct bound_values_word : kw_values {};
struct bound_list : nested_parens {};
struct bound_from : p::seq<kw_from, ws, p::must<bound_list>, ws, p::must<bound_to_word>, ws, p::must<bound_list>> {};
struct bound_in : p::seq<kw_in, ws, p::must<bound_list>> {};
struct bound_with : p::seq<kw_with, ws, p::must<bound_list>> {};
struct bound_form : p::sor<bound_from, bound_in, bound_with> {};
struct bound_for_values : p::seq<kw_for, sep, p::must<bound_values_word>, ws, p::must<bound_form>> {};
struct partition_bound : p::sor<bound_for_values, kw_default> {};
struct partition_body : p::seq<open_brace, ws, p::star<table_item, ws>, p::must<table_body_end>> {};
struct partition_end : item_end {};
struct partition_declaration
    : p::seq<kw_partition, sep, p::must<partition_name>, ws, p::opt<directives, ws>, p::must<partition_of_word>, ws,
             p::must<partition_parent>, ws, p::must<partition_bound>, p::opt<ws, partition_by>,
             p::sor<p::seq<ws, partition_body>, p::must<partition_end>>> {};

struct default_privileges_words : p::seq<kw_default, sep, kw_privileges> {};
struct declaration_keyword
    : p::sor<kw_table, kw_unlogged, kw_partition, kw_enum, kw_extension, kw_schema, kw_view, kw_materialized,
             kw_function, kw_procedure, kw_role, kw_grant, kw_revoke, default_privileges_words, kw_sequence,
             kw<TAO_PEGTL_ISTRING("domain")>, kw<TAO_PEGTL_ISTRING("type")>> {};
struct enum_name : qualified_name {};
struct enum_header : p::seq<kw_enum, blanks, p::must<enum_name>, ws, p::opt<directives, ws>> {};
// A line that starts a declaration ends an unclosed enum rather than being read as values.
// A label is a value, not a name: it may be empty, written '' or "" (PostgreSQL accepts an empty
// enum label, though not an empty name).
struct empty_quoted_label : p::seq<p::two<'"'>, p::not_at<p::one<'"'>>> {};
struct enum_label
    : p::seq<p::not_at<declaration_keyword, sep, ident_first>, p::sor<sql_string, empty_quoted_label, identifier>> {};
struct enum_value_begin : p::success {};
struct enum_value : p::seq<enum_value_begin, enum_label, p::opt<blanks, directives>> {};
struct enum_body_end : p::one<'}'> {};
struct enum_declaration : p::seq<enum_header, p::must<open_brace>, ws, p::star<enum_value, ws, p::opt<p::one<','>, ws>>,
                                 p::must<enum_body_end>> {};

struct extension_name : identifier {};
struct extension_schema : identifier {};
struct extension_version : sql_string {};
struct extension_declaration
    : p::seq<kw_extension, blanks, p::must<extension_name>,
             p::opt<blanks, kw_schema, blanks, p::must<extension_schema>>,
             p::opt<blanks, kw_version, blanks, p::must<extension_version>>, p::must<item_end>> {};

struct schema_name : identifier {};
struct schema_comment : string_literal {};
struct schema_declaration : p::seq<kw_schema, blanks, p::must<schema_name>,
                                   p::opt<blanks, kw_comment, blanks, p::must<schema_comment>>, p::must<item_end>> {};

// ---------------------------------------------------------------- sequences
// sequence [schema.]name [@was(old)] [as smallint|integer|bigint] [increment [by] N]
//   [minvalue N | no minvalue] [maxvalue N | no maxvalue] [start [with] N] [cache N] [[no] cycle]
//   [owned by [schema.]table.column] [comment '...']: one line, clauses in any order.
struct sequence_name : qualified_name {};
struct sequence_type_name : identifier {};
struct sequence_as : p::seq<kw_as, sep, p::must<sequence_type_name>> {};
struct sequence_owner_part : identifier {};
struct sequence_owner : p::seq<sequence_owner_part, p::one<'.'>, p::must<sequence_owner_part>,
                               p::opt<p::one<'.'>, p::must<sequence_owner_part>>> {};
struct sequence_owned_by_word : kw_by {};
struct sequence_owned_by : p::seq<kw_owned, sep, p::must<sequence_owned_by_word>, sep, p::must<sequence_owner>> {};
struct sequence_comment : string_literal {};
struct sequence_comment_clause : p::seq<kw_comment, blanks, p::must<sequence_comment>> {};
struct sequence_clause : p::sor<sequence_as, sequence_option, sequence_owned_by, sequence_comment_clause> {};
struct sequence_end : item_end {};
struct sequence_declaration : p::seq<kw_sequence, sep, p::must<sequence_name>, blanks, p::opt<directives, blanks>,
                                     p::star<sequence_clause, blanks>, p::must<sequence_end>> {};

// ---------------------------------------------------------------- views
// view [schema.]name [@was(old)] [(alias, ...)] as ( SELECT ... )
//   with (security_barrier, check_option = local) | with [local | cascaded] check option
//   with no data | comment '...' | column name comment '...' | [unique] index ...
// The body is PostgreSQL's SQL between balanced parentheses; each clause after it ends at the end
// of its line; the declaration ends where the next one begins.
struct view_materialized : kw_materialized {};
struct view_after_materialized : kw_view {};
struct view_keyword : p::sor<p::seq<view_materialized, sep, p::must<view_after_materialized>>, kw_view> {};
struct view_name : qualified_name {};
struct view_alias : identifier {};
struct view_aliases : name_list<view_alias> {};
struct view_as : kw_as {};
struct view_body_open : p::one<'('> {};
struct view_body : balanced {};
struct view_header
    : p::seq<view_keyword, blanks, p::must<view_name>, ws, p::opt<directives, ws>, p::opt<view_aliases, ws>,
             p::must<view_as>, ws, p::must<view_body_open>, view_body, p::must<close_paren>> {};
struct view_item_end : item_end {};
// A view option may stand alone (`security_barrier`: true), as in PostgreSQL.
struct view_parameter
    : p::seq<storage_parameter_name, p::opt<blanks, storage_equals, blanks, p::must<storage_parameter_value>>> {};
struct view_parameters
    : p::seq<p::one<'('>, ws, p::list_must<view_parameter, p::one<','>, ws_item>, ws, p::must<close_paren>> {};
struct view_options
    : p::seq<p::at<kw_with, blanks, p::one<'('>>, kw_with, blanks, p::must<view_parameters>, p::must<view_item_end>> {};
struct view_no_data : p::seq<kw_with, sep, kw_no, sep, p::must<kw_data>, p::must<view_item_end>> {};
struct check_option_local : kw_local {};
struct check_option_cascaded : kw_cascaded {};
struct view_check_option_word : kw_option {};
struct view_check_option : p::seq<kw_with, sep, p::opt<p::sor<check_option_local, check_option_cascaded>, sep>,
                                  kw_check, sep, p::must<view_check_option_word>, p::must<view_item_end>> {};
struct view_comment : p::seq<kw_comment, blanks, p::must<string_literal>, p::must<view_item_end>> {};
struct view_column_name : identifier {};
struct view_column_comment_keyword : kw_comment {};
struct view_column_comment
    : p::seq<kw_column, blanks, p::must<view_column_name>, blanks, p::must<view_column_comment_keyword>, blanks,
             p::must<string_literal>, p::must<view_item_end>> {};
struct view_index : table_index {};
struct view_trigger : table_trigger {};
struct view_item_begin : p::success {};
struct view_item : p::seq<view_item_begin, p::sor<view_trigger, view_options, view_no_data, view_check_option,
                                                  view_comment, view_column_comment, view_index>> {};
// After the clauses: the next declaration or the end of the file.
struct view_end : p::at<ws, p::sor<p::eof, declaration_keyword>> {};
struct view_declaration : p::seq<view_header, p::star<ws, view_item>, p::must<view_end>> {};

// ---------------------------------------------------------------- functions and procedures
// function | procedure [schema.]name [@was(old)] (ARGUMENTS) CLAUSES AND BODY [comment '...']
// PostgreSQL's CREATE FUNCTION / CREATE PROCEDURE without `create`: libpg_query reads the
// signature and the clauses during lowering, so PostgreSQL's own grammar decides them. The text
// runs to the next line that starts (in its first column) with a declaration keyword or a `//` or
// `/*` comment, or to a line `comment '...'`, or to the end of the file; quoted and
// dollar-quoted text is read whole, so a body's lines may start anywhere.
struct routine_procedure : kw_procedure {};
struct routine_keyword : p::sor<kw_function, routine_procedure> {};
struct routine_name : qualified_name {};
// One argument: what comes before its default (mode, name, type), then the default.
struct argument_stop : p::sor<kw_default, p::one<'=', ',', ')'>> {};
struct argument_piece : p::sor<sql_atom, nested_parens, nested_brackets, p::not_one<'(', ')', '[', ']'>> {};
struct argument_head : p::plus<p::not_at<argument_stop>, argument_piece> {};
struct argument_default_text : p::plus<p::not_at<p::one<',', ')'>>, argument_piece> {};
struct argument_default : p::seq<p::sor<kw_default, p::one<'='>>, ws, p::must<argument_default_text>> {};
struct argument_begin : p::success {};
struct routine_argument : p::seq<argument_begin, argument_head, p::opt<argument_default>> {};
struct routine_arguments_open : p::one<'('> {};
struct routine_arguments
    : p::seq<routine_arguments_open, ws, p::opt<p::list_must<routine_argument, p::one<','>, ws_item>>, ws,
             p::must<close_paren>> {};
// An SQL-standard body starts at `begin atomic` or `return`.
struct routine_sql_body : p::sor<p::seq<kw_begin, ws, kw_atomic>, kw_return> {};
struct routine_stop : p::sor<p::seq<p::eol, p::sor<declaration_keyword, p::two<'/'>, p::string<'/', '*'>>>,
                             p::seq<p::eol, blanks, kw_comment, blanks, p::one<'\''>>> {};
struct routine_clauses : p::star<p::not_at<routine_stop>, p::sor<routine_sql_body, sql_atom, p::any>> {};
struct routine_comment : p::seq<kw_comment, blanks, p::must<string_literal>, p::must<item_end>> {};
struct routine_end : p::at<ws, p::sor<p::eof, declaration_keyword>> {};
struct routine_declaration
    : p::seq<routine_keyword, sep, p::must<routine_name>, blanks, p::opt<directives, blanks>,
             p::must<routine_arguments>, routine_clauses, p::opt<ws, routine_comment>, p::must<routine_end>> {};

// ---------------------------------------------------------------- access (declarations)
// role NAME: a role the schema expects to exist. No options, no password: roles are created
// outside schemac.
struct role_name : identifier {};
struct role_end : item_end {};
struct role_declaration : p::seq<kw_role, sep, p::must<role_name>, p::must<role_end>> {};

// grant PRIVILEGE [(column, ...)], ... on schema | sequence | table | view | function | procedure
//   TARGET, ... to ROLE, ... [with grant option]
// A function's or procedure's target names its input argument types: f(bigint, text).
struct object_schema : kw_schema {};
struct object_sequence : kw_sequence {};
struct object_table : kw_table {};
struct object_view : kw_view {};
struct object_function : kw_function {};
struct object_procedure : kw_procedure {};
struct grant_object_kind
    : p::sor<object_schema, object_sequence, object_table, object_view, object_function, object_procedure> {};
struct target_arguments_text : balanced {};
struct target_arguments : p::seq<p::one<'('>, target_arguments_text, p::must<close_paren>> {};
struct grant_target_name : qualified_name {};
struct grant_target_begin : p::success {};
struct grant_target : p::seq<grant_target_begin, grant_target_name, p::opt<blanks, target_arguments>> {};
struct grant_targets : p::list_must<grant_target, p::one<','>, ws_item> {};
struct grant_on : p::seq<kw_on, sep, p::must<grant_object_kind>, ws, p::must<grant_targets>> {};
struct grant_declaration : p::seq<kw_grant, sep, p::must<privileges>, ws, p::must<grant_on>, ws, p::must<grant_to>,
                                  p::opt<blanks, grant_option>, p::must<grant_end>> {};

// revoke execute on function | procedure NAME(TYPES), ... from public: the one revoke, of the
// privilege PostgreSQL gives PUBLIC on every new function.
struct revoke_execute : kw_execute {};
struct revoke_on : kw_on {};
struct revoke_object_kind : p::sor<object_function, object_procedure> {};
struct revoke_from : kw_from {};
struct revoke_public : kw_public {};
struct revoke_end : item_end {};
struct revoke_declaration
    : p::seq<kw_revoke, sep, p::must<revoke_execute>, ws, p::must<revoke_on>, ws, p::must<revoke_object_kind>, ws,
             p::must<grant_targets>, ws, p::must<revoke_from>, ws, p::must<revoke_public>, p::must<revoke_end>> {};

// default privileges [for role R] [in schema S] grant PRIVILEGE, ... on tables | sequences |
//   functions | types | schemas to ROLE, ... [with grant option]
struct default_for_role : identifier {};
struct default_role_word : kw_role {};
struct default_for : p::seq<kw_for, sep, p::must<default_role_word>, sep, p::must<default_for_role>> {};
struct default_in_schema : identifier {};
struct default_schema_word : kw_schema {};
struct default_in : p::seq<kw_in, sep, p::must<default_schema_word>, sep, p::must<default_in_schema>> {};
struct default_objects
    : p::sor<kw<TAO_PEGTL_ISTRING("tables")>, kw<TAO_PEGTL_ISTRING("sequences")>, kw<TAO_PEGTL_ISTRING("functions")>,
             kw<TAO_PEGTL_ISTRING("types")>, kw<TAO_PEGTL_ISTRING("schemas")>> {};
struct default_on : p::seq<kw_on, sep, p::must<default_objects>> {};
struct default_grant : kw_grant {};
struct default_privileges_declaration
    : p::seq<default_privileges_words, p::opt<ws, default_for>, p::opt<ws, default_in>, ws, p::must<default_grant>, sep,
             p::must<privileges>, ws, p::must<default_on>, ws, p::must<grant_to>, p::opt<blanks, grant_option>,
             p::must<grant_end>> {};

// ---------------------------------------------------------------- domains and composite types
// domain [schema.]name [@was(old)] as TYPE [collate NAME] [not null] [default EXPR]
//   [check [NAME] [@was(old)] (EXPRESSION)]... [comment '...']
// The clauses follow the type on the same line or on the lines after it; the declaration ends
// where the next one begins.
struct kw_domain : kw<TAO_PEGTL_ISTRING("domain")> {};
struct kw_type : kw<TAO_PEGTL_ISTRING("type")> {};
struct user_type_collation : qualified_name {};
struct user_type_collate : p::seq<kw_collate, blanks, p::must<user_type_collation>> {};
struct domain_name : qualified_name {};
struct domain_as : kw_as {};
struct domain_type : p::seq<type> {};
struct domain_modifier : p::sor<user_type_collate, mod_not_null, mod_null, mod_default, mod_check, mod_comment> {};
struct domain_end : p::at<ws, p::sor<p::eof, declaration_keyword>> {};
struct domain_declaration
    : p::seq<kw_domain, blanks, p::must<domain_name>, ws, p::opt<directives, ws>, p::must<domain_as>, blanks,
             p::must<domain_type>, p::star<ws, domain_modifier>, p::must<domain_end>> {};

// type [schema.]name [@was(old)] { attribute TYPE [collate NAME] [@was(old)], ... } [comment '...']
// A composite type: attributes separated by commas or line breaks.
struct composite_name : qualified_name {};
struct attribute_name : identifier {};
struct attribute_type : p::seq<type> {};
struct attribute_begin : p::success {};
struct composite_attribute : p::seq<attribute_begin, attribute_name, blanks, p::must<attribute_type>,
                                    p::opt<blanks, user_type_collate>, p::opt<blanks, directives>> {};
struct composite_body_end : p::one<'}'> {};
struct composite_comment : p::seq<kw_comment, blanks, p::must<string_literal>> {};
struct composite_end : item_end {};
struct composite_declaration
    : p::seq<kw_type, blanks, p::must<composite_name>, ws, p::opt<directives, ws>, p::must<open_brace>, ws,
             p::star<composite_attribute, ws, p::opt<p::one<','>, ws>>, p::must<composite_body_end>,
             p::opt<blanks, composite_comment>, p::must<composite_end>> {};

struct declaration
    : p::sor<role_declaration, grant_declaration, revoke_declaration, default_privileges_declaration, table_declaration,
             partition_declaration, enum_declaration, extension_declaration, schema_declaration, view_declaration,
             routine_declaration, sequence_declaration, domain_declaration, composite_declaration> {};
// What the parser runs at each declaration boundary: white space, then one declaration or the end.
struct next_declaration : p::seq<ws, p::sor<p::eof, p::must<declaration>>> {};

// The whole-file grammar, for analyze<>() and tests; the parser drives next_declaration itself.
struct file : p::seq<p::star<ws, declaration>, ws, p::eof> {};

}  // namespace schemac::grammar

template <typename Name>
struct tao::pegtl::analyze_traits<Name, schemac::grammar::dollar_quote_match> : tao::pegtl::analyze_any_traits<> {};

// word_ahead is a lookahead: it may succeed without consuming.
template <typename Name, typename Words>
struct tao::pegtl::analyze_traits<Name, schemac::grammar::word_ahead<Words>> : tao::pegtl::analyze_opt_traits<> {};
