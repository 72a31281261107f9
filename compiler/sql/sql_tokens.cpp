#include "compiler/sql/sql_tokens.hpp"

#include <pg_query.h>

#include <cstdint>
#include <string>

namespace schemac {
namespace {

// A reader of the protocol buffer libpg_query's scanner returns (pg_query.proto: ScanResult,
// ScanToken), by its wire format: the few fields needed, every other one skipped.
struct Wire {
    const unsigned char* at;
    const unsigned char* end;

    bool varint(std::uint64_t& out) {
        out = 0;
        for (int shift = 0; at < end && shift < 64; shift += 7) {
            unsigned char byte = *at++;
            out |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
            if (!(byte & 0x80)) return true;
        }
        return false;
    }

    // Skips a field of wire type `type`; false when the buffer ends first.
    bool skip(std::uint64_t type) {
        std::uint64_t length = 0;
        switch (type) {
            case 0: return varint(length);
            case 1: length = 8; break;
            case 2:
                if (!varint(length)) return false;
                break;
            case 5: length = 4; break;
            default: return false;
        }
        if (static_cast<std::uint64_t>(end - at) < length) return false;
        at += length;
        return true;
    }
};

std::optional<SqlToken> token(Wire wire) {
    SqlToken out;
    std::uint64_t key = 0, value = 0;
    while (wire.at < wire.end) {
        if (!wire.varint(key)) return std::nullopt;
        if ((key & 7) != 0) {
            if (!wire.skip(key & 7)) return std::nullopt;
            continue;
        }
        if (!wire.varint(value)) return std::nullopt;
        switch (key >> 3) {
            case 1: out.begin = value; break;
            case 2: out.end = value; break;
            case 4: out.kind = static_cast<int>(value); break;
            case 5: out.keyword = value != 0; break;
            default: break;
        }
    }
    return out;
}

}  // namespace

bool SqlToken::is_keyword(std::string_view sql, std::string_view word) const {
    if (!keyword || end - begin != word.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i) {
        char c = sql[begin + i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c != word[i]) return false;
    }
    return true;
}

std::optional<std::vector<SqlToken>> sql_tokens(std::string_view sql) {
    if (sql.find('\0') != std::string_view::npos) return std::nullopt;
    std::string text(sql);
    PgQueryScanResult scanned = pg_query_scan(text.c_str());
    std::optional<std::vector<SqlToken>> out;
    if (!scanned.error) {
        out.emplace();
        const auto* data = reinterpret_cast<const unsigned char*>(scanned.pbuf.data);
        Wire wire{data, data + scanned.pbuf.len};
        std::uint64_t key = 0, length = 0;
        while (out && wire.at < wire.end) {
            if (!wire.varint(key)) {
                out.reset();
            } else if (key == ((2 << 3) | 2)) {  // tokens: repeated ScanToken
                if (!wire.varint(length) || static_cast<std::uint64_t>(wire.end - wire.at) < length) {
                    out.reset();
                    break;
                }
                std::optional<SqlToken> t = token(Wire{wire.at, wire.at + length});
                wire.at += length;
                if (t && t->end <= sql.size() && t->begin <= t->end)
                    out->push_back(*t);
                else
                    out.reset();
            } else if (!wire.skip(key & 7)) {
                out.reset();
            }
        }
    }
    pg_query_free_scan_result(scanned);
    return out;
}

}  // namespace schemac
