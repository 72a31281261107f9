#include "tests/textmate.hpp"

#include <map>
#include <stdexcept>

namespace schemac::test::textmate {

struct Grammar::Rule {
    std::string where;  // the rule's place in the grammar, for messages
    std::string name;
    std::string content_name;
    std::string include;  // set for {"include": ...}
    bool has_match = false;
    bool has_begin = false;
    std::regex match;
    std::regex begin;
    std::string end_source;
    bool end_icase = false;
    std::map<std::size_t, std::string> captures;
    std::map<std::size_t, std::string> begin_captures;
    std::map<std::size_t, std::string> end_captures;
    std::vector<const Rule*> children;  // as written, includes unresolved
    std::vector<const Rule*> flat;      // what is tried inside this rule: match and begin rules only
};

namespace {

using Rule = Grammar::Rule;

// What Oniguruma and ECMAScript do not read alike, or only one of them reads.
void check_portable(const std::string& source, const std::string& where) {
    static const char* const refused[] = {"(?<=", "(?<!", "(?>", "\\h", "\\G", "\\A", "\\z", "\\Z",
                                          "\\p{", "\\x{", "++",  "*+",  "?+",  "(?m", "(?x", "(?-"};
    for (const char* piece : refused) {
        if (source.find(piece) != std::string::npos) {
            throw std::runtime_error(
                where + ": `" + piece + "` is not read alike by Oniguruma and ECMAScript: " + source);
        }
    }
    if (source.find("(?i)", 1) != std::string::npos) {
        throw std::runtime_error(where + ": `(?i)` only at the start of a pattern: " + source);
    }
}

std::regex compile(std::string source, const std::string& where, bool* icase = nullptr) {
    check_portable(source, where);
    auto flags = std::regex::ECMAScript;
    bool ignore_case = source.rfind("(?i)", 0) == 0;
    if (ignore_case) {
        source.erase(0, 4);
        flags |= std::regex::icase;
    }
    if (icase) *icase = ignore_case;
    try {
        return std::regex(source, flags);
    } catch (const std::regex_error& e) {
        throw std::runtime_error(where + ": the pattern does not compile (" + e.what() + "): " + source);
    }
}

std::map<std::size_t, std::string> read_captures(const nlohmann::json& rule, const char* key) {
    std::map<std::size_t, std::string> out;
    if (!rule.contains(key)) return out;
    for (const auto& [index, capture] : rule.at(key).items()) {
        out[std::stoul(index)] = capture.value("name", "");
    }
    return out;
}

std::string escaped_for_regex(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (std::string_view("\\^$.|?*+()[]{}").find(c) != std::string_view::npos) out += '\\';
        out += c;
    }
    return out;
}

// An `end` that refers to what `begin` captured (\1) gets that text, escaped.
std::string with_backreferences(const std::string& source, const std::smatch& begin) {
    std::string out;
    for (std::size_t i = 0; i < source.size(); ++i) {
        if (source[i] == '\\' && i + 1 < source.size()) {
            char next = source[i + 1];
            if (next >= '0' && next <= '9') {
                auto index = static_cast<std::size_t>(next - '0');
                if (index < begin.size() && begin[index].matched) out += escaped_for_regex(begin[index].str());
                ++i;
                continue;
            }
            out += source[i];
            out += next;
            ++i;
            continue;
        }
        out += source[i];
    }
    return out;
}

bool search(const std::string& line, std::size_t pos, const std::regex& re, std::smatch& m) {
    auto flags = std::regex_constants::match_default;
    if (pos > 0) flags |= std::regex_constants::match_prev_avail;
    return std::regex_search(line.cbegin() + static_cast<std::ptrdiff_t>(pos), line.cend(), m, re, flags);
}

std::vector<std::string> plus(std::vector<std::string> scopes, const std::string& name) {
    if (!name.empty()) scopes.push_back(name);
    return scopes;
}

}  // namespace

Grammar::~Grammar() = default;

Grammar::Grammar(const nlohmann::json& grammar) {
    scope_name_ = grammar.at("scopeName").get<std::string>();
    std::map<std::string, const Rule*> repository;

    // Reads a rule and everything under it.
    auto read = [&](auto& self, const nlohmann::json& json, const std::string& where) -> Rule* {
        rules_.push_back(std::make_unique<Rule>());
        Rule* rule = rules_.back().get();
        rule->where = where;
        rule->name = json.value("name", "");
        rule->content_name = json.value("contentName", "");
        rule->include = json.value("include", "");
        if (json.contains("match")) {
            rule->has_match = true;
            rule->match = compile(json.at("match").get<std::string>(), where);
        }
        if (json.contains("begin")) {
            if (!json.contains("end")) throw std::runtime_error(where + ": `begin` without `end`");
            rule->has_begin = true;
            rule->begin = compile(json.at("begin").get<std::string>(), where);
            rule->end_source = json.at("end").get<std::string>();
            // Checked with its backreferences empty; compiled again with them for each `begin`.
            compile(with_backreferences(rule->end_source, std::smatch{}), where + ".end", &rule->end_icase);
        }
        rule->captures = read_captures(json, "captures");
        rule->begin_captures = read_captures(json, "beginCaptures");
        rule->end_captures = read_captures(json, "endCaptures");
        if (rule->begin_captures.empty()) rule->begin_captures = rule->captures;
        if (rule->end_captures.empty()) rule->end_captures = rule->captures;
        if (json.contains("patterns")) {
            std::size_t i = 0;
            for (const auto& child : json.at("patterns")) {
                rule->children.push_back(self(self, child, where + ".patterns[" + std::to_string(i++) + "]"));
            }
        }
        return rule;
    };

    Rule* root = read(read, nlohmann::json{{"patterns", grammar.at("patterns")}}, "patterns");
    root->content_name = scope_name_;
    root_ = root;
    if (grammar.contains("repository")) {
        for (const auto& [key, json] : grammar.at("repository").items()) {
            repository[key] = read(read, json, "repository." + key);
        }
    }

    // What is tried inside a rule: its children with includes followed and groups opened.
    auto flatten =
        [&](auto& self, const Rule* rule, std::vector<const Rule*>& out, std::set<const Rule*>& open) -> void {
        if (!open.insert(rule).second) return;
        for (const Rule* child : rule->children) {
            const Rule* target = child;
            if (!child->include.empty()) {
                if (child->include == "$self" || child->include == "$base") {
                    target = root_;
                } else if (child->include[0] == '#') {
                    auto found = repository.find(child->include.substr(1));
                    if (found == repository.end()) {
                        throw std::runtime_error(child->where + ": no repository entry " + child->include);
                    }
                    target = found->second;
                } else {
                    external_.insert(child->include);
                    continue;
                }
            }
            if (target->has_match || target->has_begin) {
                out.push_back(target);
            } else {
                self(self, target, out, open);
            }
        }
        open.erase(rule);
    };
    for (auto& rule : rules_) {
        std::set<const Rule*> open;
        flatten(flatten, rule.get(), rule->flat, open);
    }
}

Tokenized Grammar::tokenize(const std::string& text) const {
    struct Frame {
        const Rule* rule;
        std::regex end;
        std::vector<std::string> rule_scopes;     // around the rule: its begin and end
        std::vector<std::string> content_scopes;  // between them
    };
    std::vector<Frame> stack{{root_, {}, {scope_name_}, {scope_name_}}};
    Tokenized out;

    std::size_t line_number = 0;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t newline = text.find('\n', start);
        std::size_t stop = newline == std::string::npos ? text.size() : newline;
        std::string line = text.substr(start, stop - start);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        ++line_number;

        std::vector<std::vector<std::string>> scopes(line.size());
        auto assign = [&](std::size_t from, std::size_t to, const std::vector<std::string>& value) {
            for (std::size_t i = from; i < to && i < scopes.size(); ++i) scopes[i] = value;
        };
        auto assign_captures = [&](const std::smatch& m, const std::map<std::size_t, std::string>& captures,
                                   const std::vector<std::string>& around) {
            for (const auto& [index, name] : captures) {
                if (index >= m.size() || !m[index].matched || name.empty()) continue;
                auto from = static_cast<std::size_t>(m[index].first - line.cbegin());
                auto to = static_cast<std::size_t>(m[index].second - line.cbegin());
                assign(from, to, plus(around, name));
            }
        };

        std::size_t pos = 0;
        int stalls = 0;
        while (true) {
            const Frame& top = stack.back();
            enum { none, end, rule } kind = none;
            const Rule* chosen = nullptr;
            std::smatch best;
            std::size_t best_at = std::string::npos;
            std::smatch m;
            if (stack.size() > 1 && search(line, pos, top.end, m)) {
                best = m;
                best_at = pos + static_cast<std::size_t>(m.position(0));
                kind = end;
            }
            for (const Rule* candidate : top.rule->flat) {
                const std::regex& re = candidate->has_match ? candidate->match : candidate->begin;
                if (!search(line, pos, re, m)) continue;
                std::size_t at = pos + static_cast<std::size_t>(m.position(0));
                if (at < best_at) {
                    best = m;
                    best_at = at;
                    kind = rule;
                    chosen = candidate;
                }
            }
            if (kind == none) {
                assign(pos, line.size(), top.content_scopes);
                break;
            }
            assign(pos, best_at, top.content_scopes);
            std::size_t after = best_at + static_cast<std::size_t>(best.length(0));
            if (kind == end) {
                std::vector<std::string> around = top.rule_scopes;
                assign(best_at, after, around);
                assign_captures(best, top.rule->end_captures, around);
                stack.pop_back();
            } else if (chosen->has_match) {
                std::vector<std::string> around = plus(top.content_scopes, chosen->name);
                assign(best_at, after, around);
                assign_captures(best, chosen->captures, around);
            } else {
                std::vector<std::string> around = plus(top.content_scopes, chosen->name);
                assign(best_at, after, around);
                assign_captures(best, chosen->begin_captures, around);
                auto flags = std::regex::ECMAScript;
                std::string end_source = with_backreferences(chosen->end_source, best);
                if (chosen->end_icase) {
                    end_source.erase(0, 4);
                    flags |= std::regex::icase;
                }
                stack.push_back({chosen, std::regex(end_source, flags), around, plus(around, chosen->content_name)});
            }
            if (after == pos) {
                if (++stalls > 64) {
                    throw std::runtime_error("no progress at line " + std::to_string(line_number) + " column " +
                                             std::to_string(pos + 1) + " (" + (chosen ? chosen->where : "end") + ")");
                }
                if (kind == rule && chosen->has_match) {
                    // An empty match takes nothing: go on from the next character.
                    if (pos >= line.size()) break;
                    assign(pos, pos + 1, stack.back().content_scopes);
                    ++pos;
                }
            } else {
                stalls = 0;
                pos = after;
            }
        }

        for (std::size_t i = 0; i < line.size();) {
            std::size_t j = i + 1;
            while (j < line.size() && scopes[j] == scopes[i]) ++j;
            out.tokens.push_back({line_number, i + 1, line.substr(i, j - i), scopes[i]});
            i = j;
        }
        if (newline == std::string::npos) break;
        start = newline + 1;
    }
    for (std::size_t i = 1; i < stack.size(); ++i) {
        const Rule* rule = stack[i].rule;
        out.unclosed.push_back(
            rule->name.empty() ? (rule->content_name.empty() ? rule->where : rule->content_name) : rule->name);
    }
    return out;
}

}  // namespace schemac::test::textmate
