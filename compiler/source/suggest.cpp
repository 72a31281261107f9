#include "compiler/source/suggest.hpp"

#include <algorithm>
#include <tuple>

namespace schemac {
namespace {

// Edits between two names, a swap of neighbours counting as one (optimal string alignment).
std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[a.size()][b.size()];
}

// Whether every character of `typed` appears, in order, in `candidate`: the typist only left
// characters out (`timestampz` of `timestamptz`), the most common slip.
bool only_left_out(std::string_view typed, std::string_view candidate) {
    std::size_t at = 0;
    for (char c : candidate)
        if (at < typed.size() && typed[at] == c) ++at;
    return at == typed.size();
}

}  // namespace

std::optional<std::string> closest_name(std::string_view name, const std::vector<std::string_view>& candidates) {
    std::optional<std::string> best;
    // Close enough: one edit in four characters (and one edit always). Among equally close
    // names, one the typed name left characters out of wins, then the one nearest in length,
    // then the first.
    std::size_t limit = std::max<std::size_t>(1, name.size() / 4) + 1;
    std::tuple<std::size_t, bool, std::size_t> best_rank{limit, false, 0};
    for (std::string_view candidate : candidates) {
        std::size_t d = edit_distance(name, candidate);
        if (d >= limit) continue;
        std::size_t length_gap = candidate.size() > name.size() ? candidate.size() - name.size()
                                                                : name.size() - candidate.size();
        std::tuple<std::size_t, bool, std::size_t> rank{d, !only_left_out(name, candidate), length_gap};
        if (!best || rank < best_rank) {
            best_rank = rank;
            best = std::string(candidate);
        }
    }
    return best;
}

}  // namespace schemac
