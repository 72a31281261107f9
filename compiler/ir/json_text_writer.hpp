// JSON text written straight into one string, with no tree in between, in exactly the layout of
// nlohmann::json's dump(2, ' ', false, replace): two-space indent, `"key": value`, `{}` and `[]`
// when empty, strings escaped as it escapes them and a byte that is not UTF-8 written as U+FFFD;
// or, below a nesting level the caller chooses, each container on one line (one_line_from).
// Optionally it records the path (`tables[0].columns[1].name`) of every string value that is not
// valid UTF-8, so one walk both writes and checks. Given a sink, it hands the text on in pieces
// of about `piece` bytes as it goes (and the rest at finish()), so a large document is never
// held whole.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace schemac {

class JsonTextWriter {
public:
    explicit JsonTextWriter(bool record_bad_strings = false) : record_(record_bad_strings) {}
    using Sink = std::function<void(std::string_view)>;
    JsonTextWriter(Sink sink, std::size_t piece) : sink_(std::move(sink)), piece_(piece) { out_.reserve(piece + 4096); }

    // Hands what is not handed on yet to the sink (with one, else does nothing).
    void finish();

    void begin_object();
    void end_object();
    void begin_array();
    void end_array();
    void key(std::string_view name);  // inside an object, before its value
    void string(std::string_view text);
    void integer(std::int64_t n);
    void boolean(bool b);
    void number(double d);  // as nlohmann writes a double (shortest text that reads back)

    // `"key": value` in one call.
    void text_field(std::string_view name, std::string_view text) { key(name), string(text); }
    void integer_field(std::string_view name, std::int64_t n) { key(name), integer(n); }
    void strings_field(std::string_view name, const std::vector<std::string>& texts);

    // From now on, a container opened at nesting level `level` or deeper (the outermost is level
    // 1), and all it holds, is written on one line: `{"name": "id", "columns": ["a", "b"]}`,
    // `, ` between its members. 0 (the default): every container breaks its lines.
    void one_line_from(std::size_t level) { one_line_from_ = level; }

    std::string& text() { return out_; }
    // `path "text"` for each string value that is not UTF-8 (text as printable_text shows it).
    const std::vector<std::string>& bad_strings() const { return bad_; }

private:
    struct Frame {
        bool array;
        bool empty = true;
        std::size_t count = 0;  // arrays: elements begun
        std::string key;        // objects, when recording: the key of the current value
    };
    // `,` when `comma`, a line break and the indent of `depth` levels.
    void line_break(bool comma, std::size_t depth);
    bool on_one_line() const;       // the innermost open container is written on one line
    void separate(const Frame& f);  // before a member of the innermost: `, ` on one line, else a line break
    void before_value();
    void open(bool array, char bracket);
    void close(char bracket);
    void escaped(std::string_view text);
    std::string path() const;
    void hand_on_full_piece();

    bool record_ = false;
    Sink sink_;
    std::size_t piece_ = 0;
    std::size_t one_line_from_ = 0;
    std::string out_;
    std::vector<Frame> frames_;
    std::vector<std::string> bad_;
};

}  // namespace schemac
