// The lexical rules of the .schema language that the rest of schemac reads text by: identifiers
// (bare and double-quoted) and numbers. The grammar (schema_grammar.hpp) is built on them, and
// so is the one identifier scanner (compiler/ir/identifiers.hpp), so that what counts as a name
// is decided in one place. Rules only, no actions and no I/O.
#pragma once

#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/analyze_traits.hpp>

#include <array>
#include <cstddef>

namespace schemac::grammar {

namespace p = tao::pegtl;

// ---------------------------------------------------------------- identifiers
// Letters, digits, _ and $, and every byte of a non-ASCII UTF-8 character (0x80-0xFF).
struct ident_first : p::ranges<'a', 'z', 'A', 'Z', '_', '_', static_cast<char>(0x80), static_cast<char>(0xFF)> {};
struct ident_other
    : p::ranges<'a', 'z', 'A', 'Z', '0', '9', '_', '_', '$', '$', static_cast<char>(0x80), static_cast<char>(0xFF)> {};
// The bytes of names, one flag per byte value: 1 an ident_first byte, 2 an ident_other byte
// (names are most of a schema's text; one load per byte instead of five comparisons).
inline constexpr auto ident_byte_kinds = [] {
    std::array<unsigned char, 256> kinds{};
    for (int c = 0; c < 256; ++c) {
        bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
        kinds[static_cast<std::size_t>(c)] = static_cast<unsigned char>(
            (letter ? 1 : 0) | (letter || (c >= '0' && c <= '9') || c == '$' ? 2 : 0));
    }
    return kinds;
}();
// Whether `c` is an ident_first byte: the same set, for hand-written readers.
constexpr bool is_ident_first_byte(char c) { return ident_byte_kinds[static_cast<unsigned char>(c)] & 1; }
// Whether `c` is an ident_other byte: the same set, for the loop below.
constexpr bool is_ident_other_byte(char c) { return ident_byte_kinds[static_cast<unsigned char>(c)] & 2; }
// star<ident_other> in one loop: names are most of a schema's text, and a rule match per byte
// costs several times the test.
struct ident_other_run {
    using rule_t = ident_other_run;
    using subs_t = p::empty_list;
    template <typename ParseInput>
    static bool match(ParseInput& in) {
        const char* at = in.current();
        while (at != in.end() && is_ident_other_byte(*at)) ++at;
        in.bump_in_this_line(static_cast<std::size_t>(at - in.current()));
        return true;
    }
};
struct bare_identifier : p::seq<ident_first, ident_other_run> {};
struct quoted_identifier_body : p::seq<p::star<p::sor<p::two<'"'>, p::not_one<'"', '\n', '\r'>>>, p::one<'"'>> {};
// PostgreSQL has no zero-length names: `""` is refused (`""""`, the name `"`, is not empty).
struct quoted_identifier_not_empty : p::not_at<p::one<'"'>, p::not_at<p::one<'"'>>> {};
struct quoted_identifier : p::if_must<p::one<'"'>, quoted_identifier_not_empty, quoted_identifier_body> {};
struct identifier : p::sor<quoted_identifier, bare_identifier> {};

// ---------------------------------------------------------------- numbers
struct digits : p::plus<p::digit> {};
struct signed_integer : p::seq<p::opt<p::one<'-', '+'>>, digits> {};
struct number : p::seq<p::opt<p::one<'-', '+'>>,
                       p::sor<p::seq<digits, p::opt<p::one<'.'>, p::star<p::digit>>>, p::seq<p::one<'.'>, digits>>,
                       p::opt<p::one<'e', 'E'>, p::opt<p::one<'-', '+'>>, digits>> {};

}  // namespace schemac::grammar

// ident_other_run, as star<>, may succeed without consuming.
template <typename Name>
struct tao::pegtl::analyze_traits<Name, schemac::grammar::ident_other_run> : tao::pegtl::analyze_opt_traits<> {};
