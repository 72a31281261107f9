#include "compiler/ir/strict_json.hpp"

#include <fmt/format.h>

#include <set>
#include <vector>

namespace schemac {
namespace {

using json = nlohmann::json;

// Walks the text once, keeping the path to the current value and the keys seen in each open
// object; stops at the first repeated key.
class DuplicateKeyFinder : public nlohmann::json_sax<json> {
public:
    std::string problem;

    bool null() override { return value(); }
    bool boolean(bool) override { return value(); }
    bool number_integer(number_integer_t) override { return value(); }
    bool number_unsigned(number_unsigned_t) override { return value(); }
    bool number_float(number_float_t, const string_t&) override { return value(); }
    bool string(string_t&) override { return value(); }
    bool binary(binary_t&) override { return value(); }
    bool start_object(std::size_t) override {
        value();
        frames_.push_back(Frame{false, 0, {}, {}});
        return true;
    }
    bool key(string_t& key) override {
        Frame& frame = frames_.back();
        if (!frame.keys.insert(key).second) {
            std::string where = path();
            problem = fmt::format("{}duplicate key {} (a key may appear once in an object)",
                                  where.empty() ? "" : where + ": ",
                                  json(key).dump(-1, ' ', false, json::error_handler_t::replace));
            return false;
        }
        frame.key = key;
        return true;
    }
    bool end_object() override {
        frames_.pop_back();
        return true;
    }
    bool start_array(std::size_t) override {
        value();
        frames_.push_back(Frame{true, 0, {}, {}});
        return true;
    }
    bool end_array() override {
        frames_.pop_back();
        return true;
    }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) override {
        // "[json.exception.parse_error.101] parse error at line 1, column 2: syntax error ..."
        std::string_view what = e.what();
        if (std::size_t at = what.find("parse error"); at != std::string_view::npos) what.remove_prefix(at);
        problem = fmt::format("not valid JSON: {}", what);
        return false;
    }

private:
    struct Frame {
        bool array;
        std::size_t count;  // arrays: elements started so far
        std::string key;    // objects: the key of the current value
        std::set<std::string> keys;
    };
    std::vector<Frame> frames_;

    bool value() {
        if (!frames_.empty() && frames_.back().array) ++frames_.back().count;
        return true;
    }
    // The path of the innermost open object (its own key excluded).
    std::string path() const {
        std::string out;
        for (std::size_t i = 0; i + 1 < frames_.size(); ++i) {
            const Frame& f = frames_[i];
            if (f.array)
                out += fmt::format("[{}]", f.count - 1);
            else
                out += (out.empty() ? "" : ".") + f.key;
        }
        return out;
    }
};

}  // namespace

json parse_json_strictly(std::string_view text) {
    DuplicateKeyFinder finder;
    bool ok = false;
    try {
        ok = json::sax_parse(text, &finder);
    } catch (const json::exception& e) {
        throw StrictJsonError(fmt::format("not valid JSON: {}", e.what()));
    }
    if (!ok) throw StrictJsonError(finder.problem.empty() ? "not valid JSON" : finder.problem);
    json out = json::parse(text, nullptr, false);
    if (out.is_discarded()) throw StrictJsonError("not valid JSON");
    return out;
}

std::string describe_json_value(const json& value) {
    if (value.is_object()) return "an object";
    if (value.is_array()) return "an array";
    std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
    if (value.is_string() && text.size() > 42) {
        std::size_t cut = 40;
        while (cut > 1 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
        text = text.substr(0, cut) + "\"...";
    }
    return text;
}

}  // namespace schemac
