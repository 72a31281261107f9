// `schemac lsp`: positions, URIs and framing on their own, then sessions with the real binary
// over pipes, as an editor drives it: diagnostics as the text changes, formatting, errors for
// what is malformed, and an orderly end (or none, when the client disappears).
#include <doctest/doctest.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <csignal>
#include <set>
#include <string>

#include "tests/processes.hpp"
#include "tests/support.hpp"
#include "tools/lsp/message_stream.hpp"
#include "tools/lsp/positions.hpp"
#include "tools/lsp/uris.hpp"

using nlohmann::json;
using namespace schemac;

namespace {

// A `schemac lsp` process and the client's ends of its pipes.
class LspProcess {
public:
    explicit LspProcess(const std::filesystem::path& directory, const std::vector<std::string>& arguments = {}) {
        std::signal(SIGPIPE, SIG_IGN);  // a server that is gone fails a write, not the whole test run
        int to_server[2], from_server[2];
        REQUIRE(::pipe2(to_server, O_CLOEXEC) == 0);
        REQUIRE(::pipe2(from_server, O_CLOEXEC) == 0);
        std::string log = (directory / "lsp.log").string();
        pid_ = ::fork();
        REQUIRE(pid_ >= 0);
        if (pid_ == 0) {
            ::dup2(to_server[0], 0);
            ::dup2(from_server[1], 1);
            int err = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
            if (err >= 0) ::dup2(err, 2);
            if (::chdir(directory.c_str()) != 0) ::_exit(127);
            std::vector<std::string> words = {SCHEMAC_BINARY, "lsp"};
            words.insert(words.end(), arguments.begin(), arguments.end());
            std::vector<char*> argv;
            for (std::string& w : words) argv.push_back(w.data());
            argv.push_back(nullptr);
            ::execv(argv[0], argv.data());
            ::_exit(127);
        }
        ::close(to_server[0]);
        ::close(from_server[1]);
        in_ = to_server[1];
        out_ = from_server[0];
    }
    ~LspProcess() {
        close_input();
        if (out_ >= 0) ::close(out_);
        if (pid_ > 0 && status_ < 0) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
        }
    }

    void send_raw(const std::string& bytes) {
        std::size_t done = 0;
        while (done < bytes.size()) {
            ssize_t n = ::write(in_, bytes.data() + done, bytes.size() - done);
            REQUIRE(n > 0);
            done += static_cast<std::size_t>(n);
        }
    }
    void send(const json& message) {
        std::string body = message.dump();
        send_raw("Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
    }
    void request(int id, const std::string& method, const json& params = json::object()) {
        send({{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}});
    }
    void notify(const std::string& method, const json& params = json::object()) {
        send({{"jsonrpc", "2.0"}, {"method", method}, {"params", params}});
    }
    void close_input() {
        if (in_ >= 0) ::close(in_);
        in_ = -1;
    }

    // The next message from the server; fails the test after 30 s without one.
    json receive() {
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        for (;;) {
            std::size_t end = buffer_.find("\r\n\r\n");
            if (end != std::string::npos) {
                std::string header = buffer_.substr(0, end);
                REQUIRE(header.rfind("Content-Length: ", 0) == 0);
                std::size_t length = std::stoul(header.substr(16));
                if (buffer_.size() >= end + 4 + length) {
                    json message = json::parse(buffer_.substr(end + 4, length));
                    buffer_.erase(0, end + 4 + length);
                    return message;
                }
            }
            int left = static_cast<int>(
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now())
                    .count());
            REQUIRE_MESSAGE(left > 0, "no message from the server within 30 s");
            pollfd p{out_, POLLIN, 0};
            if (::poll(&p, 1, left) <= 0) continue;
            char chunk[65536];
            ssize_t n = ::read(out_, chunk, sizeof chunk);
            REQUIRE_MESSAGE(n > 0, "the server closed its output");
            buffer_.append(chunk, static_cast<std::size_t>(n));
        }
    }
    // The next message that is the reply to request `id`, or a notification `method`.
    json reply(int id) {
        for (;;) {
            json m = receive();
            if (m.contains("id") && m["id"] == id && !m.contains("method")) return m;
        }
    }
    json diagnostics_for(const std::string& uri) {
        for (;;) {
            json m = receive();
            if (m.value("method", "") == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri)
                return m["params"]["diagnostics"];
        }
    }

    // initialize for a workspace root; the server's result (its capabilities).
    json initialize(const std::filesystem::path& root);

    // shutdown, then exit: the server ends with status 0.
    void shut_down(int id) {
        request(id, "shutdown");
        reply(id);
        notify("exit");
        CHECK(exit_status() == 0);
    }

    // The exit status once the process has ended (within 30 s), or -1.
    int exit_status() {
        if (status_ >= 0) return status_;
        int status = 0;
        bool ended = test::eventually([&] { return ::waitpid(pid_, &status, WNOHANG) == pid_; });
        if (!ended) return -1;
        status_ = status;
        return status_;
    }

private:
    pid_t pid_ = -1;
    int in_ = -1, out_ = -1;
    int status_ = -1;
    std::string buffer_;
};

// A request about a position (hover, definition, references with the declaration): its result.
json request_at(LspProcess& server, int id, const std::string& method, const std::string& uri, int line,
                int character) {
    server.request(id, method,
                   {{"textDocument", {{"uri", uri}}},
                    {"position", {{"line", line}, {"character", character}}},
                    {"context", {{"includeDeclaration", true}}}});
    return server.reply(id)["result"];
}

json initialize_params(const std::filesystem::path& root) {
    return {{"processId", nullptr}, {"rootUri", lsp::uri_from_path(root)}, {"capabilities", json::object()}};
}

json LspProcess::initialize(const std::filesystem::path& root) {
    request(1, "initialize", initialize_params(root));
    return reply(1)["result"];
}

json open_params(const std::string& uri, const std::string& text) {
    return {{"textDocument", {{"uri", uri}, {"languageId", "schemac"}, {"version", 1}, {"text", text}}}};
}

json range(int line, int from, int to_line, int to) {
    return {{"start", {{"line", line}, {"character", from}}}, {"end", {{"line", to_line}, {"character", to}}}};
}

}  // namespace

TEST_CASE("LSP positions count UTF-16 code units and every kind of line end") {
    std::string text = "ab\r\n\xC3\xA9x\n\xF0\x9F\x98\x80y\rz";  // ab / éx / 😀y / z
    CHECK(lsp::position_at(text, 0) == lsp::Position{0, 0});
    CHECK(lsp::position_at(text, 2) == lsp::Position{0, 2});
    CHECK(lsp::position_at(text, 4) == lsp::Position{1, 0});
    CHECK(lsp::position_at(text, 6) == lsp::Position{1, 1});   // after é: one unit
    CHECK(lsp::position_at(text, 5) == lsp::Position{1, 0});   // inside é: at its start
    CHECK(lsp::position_at(text, 12) == lsp::Position{2, 2});  // after 😀: two units
    CHECK(lsp::position_at(text, 14) == lsp::Position{3, 0});  // after a lone \r
    CHECK(lsp::position_at(text, 99) == lsp::Position{3, 1});  // past the end: clamped
    CHECK(lsp::offset_at(text, {1, 1}) == 6);
    CHECK(lsp::offset_at(text, {2, 2}) == 12);
    CHECK(lsp::offset_at(text, {2, 1}) == 12);  // inside a surrogate pair: after the character
    CHECK(lsp::offset_at(text, {0, 40}) == 2);  // past the line's end: its end
    CHECK(lsp::offset_at(text, {9, 0}) == text.size());
    lsp::LineIndex lines(text);  // one index answers every conversion of its text
    for (std::size_t offset : {0, 2, 4, 6, 7, 8, 12, 13, 14, 15}) {
        CHECK(lines.offset(lines.position(offset)) == offset);
        CHECK(lines.position(offset) == lsp::position_at(text, offset));
    }
    CHECK(lsp::position_at("a\xFF\xFF"
                           "b",
                           3) == lsp::Position{0, 3});  // bytes that are not UTF-8: one each
}

TEST_CASE("LSP file URIs are percent-decoded, and what is not a local file gives no path") {
    CHECK(lsp::path_from_uri("file:///tmp/a%20b/c.schema") == "/tmp/a b/c.schema");
    CHECK(lsp::path_from_uri("file://localhost/tmp/x.schema") == "/tmp/x.schema");
    CHECK(lsp::path_from_uri("FILE:///tmp/%C3%A9.schema") == "/tmp/\xC3\xA9.schema");
    CHECK(lsp::path_from_uri("file:///tmp/a/../b.schema") == "/tmp/b.schema");
    CHECK(lsp::path_from_uri("untitled:Untitled-1").empty());
    CHECK(lsp::path_from_uri("file://server/share/x.schema").empty());
    CHECK(lsp::path_from_uri("file:///tmp/%00.schema").empty());
    CHECK(lsp::uri_from_path("/tmp/a b/%/\xC3\xA9.schema") == "file:///tmp/a%20b/%25/%C3%A9.schema");
    CHECK(lsp::path_from_uri(lsp::uri_from_path("/tmp/a b/#?.schema")) == "/tmp/a b/#?.schema");
}

TEST_CASE("LSP framing: headers in any case, bad header blocks skipped, oversized bodies refused") {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    std::string input = "content-length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}";
    input += "X-Nothing: 1\r\n\r\n";                            // no length
    input += "Content-Length: twelve\r\n\r\n";                  // not a number
    input += "Content-Length: 20\r\n\r\n12345678901234567890";  // over the limit of this reader
    input += "Content-Length: 4\r\n\r\nnull";
    input += "Content-Length: 9\r\n\r\n{\"cut";  // the input ends inside a body
    REQUIRE(::write(fds[1], input.data(), input.size()) == static_cast<ssize_t>(input.size()));
    ::close(fds[1]);
    lsp::MessageReader reader(fds[0], 16);
    using Status = lsp::MessageReader::Status;
    auto first = reader.next();
    CHECK(first.status == Status::message);
    CHECK(first.body == "{}");
    CHECK(reader.next().error == "no Content-Length header");
    CHECK(reader.next().error == "Content-Length is not a number");
    auto big = reader.next();
    CHECK(big.status == Status::bad_header);
    CHECK(big.error == "Content-Length 20 is over the limit");
    auto after = reader.next();
    CHECK(after.status == Status::message);
    CHECK(after.body == "null");
    CHECK(reader.next().status == Status::end);
    CHECK(reader.next().status == Status::end);
    ::close(fds[0]);
}

TEST_CASE("schemac lsp: diagnostics as the text changes, across files, then formatting and an orderly end") {
    test::TempDir dir;
    dir.file("schemas/accounts.schema", "table accounts {\n  id bigint primary key\n}\n");
    std::string orders_path = dir.file("schemas/orders.schema",
                                       "table orders {\n  id bigint primary key\n  account_id bigint references "
                                       "accounts(id)\n}\n");
    std::string orders = lsp::uri_from_path(orders_path);
    std::string accounts = lsp::uri_from_path(dir.path / "schemas/accounts.schema");
    LspProcess server(dir.path);

    server.request(1, "initialize", initialize_params(dir.path));
    json init = server.reply(1);
    CHECK(init["result"]["capabilities"]["textDocumentSync"]["change"] == 2);
    CHECK(init["result"]["capabilities"]["documentFormattingProvider"] == true);
    server.notify("initialized");

    // An unsaved edit with a wrong type: the diagnostic comes with its code, range and help.
    std::string text = "table orders {\n  id bigint primary key\n  account_id bigint references accounts(id)\n"
                       "  total   integr\n}\n";
    server.notify("textDocument/didOpen", open_params(orders, text));
    json d = server.diagnostics_for(orders);
    REQUIRE(d.size() == 1);
    CHECK(d[0]["code"] == "unknown-type");
    CHECK(d[0]["severity"] == 1);
    CHECK(d[0]["source"] == "schemac");
    CHECK(d[0]["range"] == range(3, 10, 3, 16));
    CHECK(d[0]["message"] == "unknown type 'integr'\nhelp: did you mean 'integer'?");
    // Its quick fix: the name replaced, the rest of the line kept.
    CHECK(d[0]["data"]["fix"] == json{{"range", range(3, 10, 3, 16)}, {"newText", "integer"}});
    server.request(
        20, "textDocument/codeAction",
        {{"textDocument", {{"uri", orders}}}, {"range", range(3, 10, 3, 16)}, {"context", {{"diagnostics", d}}}});
    json actions = server.reply(20)["result"];
    REQUIRE(actions.size() == 1);
    CHECK(actions[0]["title"] == "Write 'integer'");
    CHECK(actions[0]["kind"] == "quickfix");
    CHECK(actions[0]["edit"]["changes"][orders] == json::array({d[0]["data"]["fix"]}));

    // Mended by an incremental change: the diagnostics are cleared.
    server.notify("textDocument/didChange",
                  {{"textDocument", {{"uri", orders}, {"version", 2}}},
                   {"contentChanges", json::array({{{"range", range(3, 10, 3, 16)}, {"text", "numeric"}}})}});
    CHECK(server.diagnostics_for(orders).empty());

    // The other file, edited in the editor, breaks this one: the diagnostic is on orders.schema.
    server.notify("textDocument/didOpen", open_params(accounts, "table customers {\n  id bigint primary key\n}\n"));
    json broken = server.diagnostics_for(orders);
    REQUIRE(broken.size() == 1);
    CHECK(broken[0]["range"]["start"]["line"] == 2);
    // Closed without saving: the file on disk counts again.
    server.notify("textDocument/didClose", {{"textDocument", {{"uri", accounts}}}});
    CHECK(server.diagnostics_for(orders).empty());

    // A message that is not JSON is answered, and the session goes on.
    server.send_raw("Content-Length: 7\r\n\r\n{oops: ");
    json error = server.receive();
    CHECK(error["id"].is_null());
    CHECK(error["error"]["code"] == -32700);
    // A header block without a length is skipped.
    server.send_raw("Content-Type: nothing\r\n\r\n");
    server.request(2, "textDocument/nothing");
    CHECK(server.reply(2)["error"]["code"] == -32601);
    server.request(3, "textDocument/formatting", {{"textDocument", {{"uri", 42}}}});
    CHECK(server.reply(3)["error"]["code"] == -32602);

    // Formatting: one edit that gives `schemac fmt`'s layout.
    server.request(4, "textDocument/formatting",
                   {{"textDocument", {{"uri", orders}}}, {"options", {{"tabSize", 2}, {"insertSpaces", true}}}});
    json edits = server.reply(4)["result"];
    REQUIRE(edits.size() == 1);
    CHECK(edits[0]["range"] == range(0, 0, 5, 0));
    CHECK(edits[0]["newText"] ==
          test::formatted("table orders {\n  id bigint primary key\n  account_id bigint references accounts(id)\n"
                          "  total   numeric\n}\n"));

    server.request(5, "shutdown");
    CHECK(server.reply(5)["result"].is_null());
    server.request(6, "textDocument/formatting", {{"textDocument", {{"uri", orders}}}});
    CHECK(server.reply(6)["error"]["code"] == -32600);
    server.notify("exit");
    int status = server.exit_status();
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
}

TEST_CASE("schemac lsp: requests before initialize are refused, and a client that disappears ends the server") {
    test::TempDir dir;
    dir.file("schemas/a.schema", "table a {\n  id bigint primary key\n  b nosuch\n}\n");
    SUBCASE("before initialize, then exit without shutdown") {
        LspProcess server(dir.path);
        server.request(1, "textDocument/formatting", {{"textDocument", {{"uri", "file:///x.schema"}}}});
        CHECK(server.reply(1)["error"]["code"] == -32002);
        server.notify("exit");
        int status = server.exit_status();
        REQUIRE(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == 1);
    }
    SUBCASE("the saved files' diagnostics come after initialize; then the input ends inside a message") {
        LspProcess server(dir.path);
        server.request(1, "initialize", initialize_params(dir.path));
        server.reply(1);
        json d = server.diagnostics_for(lsp::uri_from_path(dir.path / "schemas/a.schema"));
        REQUIRE(d.size() == 1);
        CHECK(d[0]["code"] == "unknown-type");
        server.send_raw("Content-Length: 100\r\n\r\n{\"jsonrpc\":");
        server.close_input();
        int status = server.exit_status();
        REQUIRE(WIFEXITED(status));  // not a signal: no crash
        CHECK(WEXITSTATUS(status) == 1);
    }
    SUBCASE("--schema names the folder; garbage of every kind before a clean end") {
        dir.file("elsewhere/b.schema", "table b {\n  id bigint primary key\n  c nosuch\n}\n");
        LspProcess server(dir.path, {"--schema", (dir.path / "elsewhere").string()});
        server.request(1, "initialize", initialize_params(dir.path));
        server.reply(1);
        CHECK(server.diagnostics_for(lsp::uri_from_path(dir.path / "elsewhere/b.schema")).size() == 1);
        server.send_raw("Content-Length: 2\r\n\r\n[]");
        CHECK(server.receive()["error"]["code"] == -32600);
        server.send({{"jsonrpc", "2.0"}, {"id", json::array()}, {"method", "shutdown"}});
        CHECK(server.receive()["error"]["code"] == -32600);
        // A code action request whose diagnostics are not ours, one nested 100,000 deep: no fix is
        // offered, and nothing the client sent is written back.
        std::string deep = std::string(100000, '[') + std::string(100000, ']');
        std::string body = R"({"jsonrpc":"2.0","id":9,"method":"textDocument/codeAction","params":{)"
                           R"("textDocument":{"uri":"file:///x.schema"},"context":{"diagnostics":[)"
                           R"({"data":{"fix":{"newText":"x","range":)" +
                           deep + R"(}}},{"message":"m"},5]}}})";
        server.send_raw("Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
        CHECK(server.reply(9)["result"] == json::array());
        server.notify("textDocument/didChange", {{"textDocument", {{"uri", "file:///not/open.schema"}}}});
        server.notify("textDocument/didOpen", {{"textDocument", 7}});
        server.request(2, "initialize", initialize_params(dir.path));
        CHECK(server.reply(2)["error"]["code"] == -32602);
        server.request(3, "shutdown");
        server.reply(3);
        server.notify("exit");
        int status = server.exit_status();
        REQUIRE(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == 0);
        std::string log = test::read(dir.path / "lsp.log");
        CHECK(log.find("textDocument/didChange: a change to a document that is not open") != std::string::npos);
    }
}

TEST_CASE("schemac lsp: hover, go to definition, references and the outline, across files") {
    test::TempDir dir;
    std::string accounts_path = dir.file(
        "schemas/accounts.schema",
        "enum plan { free pro }\n"
        "table accounts {\n"
        "  id   bigint primary key\n"
        "  plan plan not null default 'free'\n"
        "  comment 'Who pays'\n"
        "}\n");
    std::string orders_text = "table orders {\n"
                              "  id         bigint primary key\n"
                              "  account_id bigint not null references accounts(id)\n"
                              "  index orders_by_account (account_id)\n"
                              "}\n";
    std::string orders_path = dir.file("schemas/orders.schema", orders_text);
    std::string accounts = lsp::uri_from_path(accounts_path), orders = lsp::uri_from_path(orders_path);
    LspProcess server(dir.path);
    server.request(1, "initialize", initialize_params(dir.path));
    json capabilities = server.reply(1)["result"]["capabilities"];
    for (const char* c : {"hoverProvider", "definitionProvider", "referencesProvider", "documentSymbolProvider"})
        CHECK(capabilities[c] == true);
    server.notify("textDocument/didOpen", open_params(orders, orders_text));
    auto at = [&](int id, const std::string& method, const std::string& uri, int line, int character) {
        return request_at(server, id, method, uri, line, character);
    };

    // Hover on the referenced table's name, on a referenced column, on a column, on a type.
    json table = at(2, "textDocument/hover", orders, 2, 42);
    CHECK(table["contents"]["value"] == "**table** `public.accounts`\n\n2 columns · primary key (id)\n\nWho pays");
    CHECK(table["range"] == range(2, 40, 2, 48));
    CHECK(at(3, "textDocument/hover", orders, 2, 49)["contents"]["value"] ==
          "**column** `public.accounts.id`\n\n`bigint` · not null · primary key");
    CHECK(at(4, "textDocument/hover", orders, 2, 3)["contents"]["value"] ==
          "**column** `public.orders.account_id`\n\n`bigint` · not null · references `accounts(id)`");
    CHECK(at(5, "textDocument/hover", accounts, 3, 8)["contents"]["value"] == "**enum** `public.plan`\n\nfree, pro");
    CHECK(at(6, "textDocument/hover", orders, 0, 0).is_null());  // the keyword `table`: nothing

    // Definition: from the index's column to the column, from the reference to the other file.
    CHECK(at(7, "textDocument/definition", orders, 3, 28) == json{{"uri", orders}, {"range", range(2, 2, 2, 12)}});
    CHECK(at(8, "textDocument/definition", orders, 2, 50) == json{{"uri", accounts}, {"range", range(2, 2, 2, 4)}});

    // References of accounts.id: its declaration, then the foreign key in the other file.
    json refs = at(9, "textDocument/references", accounts, 2, 3);
    CHECK(refs == json::array({{{"uri", accounts}, {"range", range(2, 2, 2, 4)}},
                               {{"uri", orders}, {"range", range(2, 49, 2, 51)}}}));

    // An edit not yet saved is what the answers are about.
    server.notify("textDocument/didChange",
                  {{"textDocument", {{"uri", orders}, {"version", 2}}},
                   {"contentChanges", json::array({{{"range", range(3, 8, 3, 25)}, {"text", "by_account"}}})}});
    server.request(10, "textDocument/documentSymbol", {{"textDocument", {{"uri", orders}}}});
    json outline = server.reply(10)["result"];
    REQUIRE(outline.size() == 1);
    CHECK(outline[0]["name"] == "orders");
    CHECK(outline[0]["kind"] == 5);
    CHECK(outline[0]["selectionRange"] == range(0, 6, 0, 12));
    std::vector<std::string> children;
    for (const json& c : outline[0]["children"]) children.push_back(c["name"]);
    CHECK(children == std::vector<std::string>{"id", "account_id", "by_account"});

    server.shut_down(11);
}

TEST_CASE("schemac lsp: a trigger's function and columns lead to their declarations") {
    test::TempDir dir;
    std::string functions_path = dir.file(
        "schemas/functions.schema",
        "function touch() returns trigger language plpgsql as $$\n"
        "begin\n"
        "  new.updated_at := now();\n"
        "  return new;\n"
        "end\n"
        "$$\n");
    std::string tables_path = dir.file(
        "schemas/tables.schema",
        "table notes {\n"
        "  id         bigint primary key\n"
        "  updated_at timestamptz\n"
        "  trigger notes_touch before update of updated_at for each row execute function touch()\n"
        "}\n");
    std::string functions = lsp::uri_from_path(functions_path), tables = lsp::uri_from_path(tables_path);
    LspProcess server(dir.path);
    server.initialize(dir.path);
    auto at = [&](int id, const std::string& method, const std::string& uri, int line, int character) {
        return request_at(server, id, method, uri, line, character);
    };
    CHECK(at(2, "textDocument/definition", tables, 3, 82) == json{{"uri", functions}, {"range", range(0, 9, 0, 14)}});
    CHECK(at(3, "textDocument/hover", tables, 3, 82)["contents"]["value"].get<std::string>().rfind("**function**", 0) ==
          0);
    CHECK(at(4, "textDocument/references", functions, 0, 10) ==
          json::array({{{"uri", functions}, {"range", range(0, 9, 0, 14)}},
                       {{"uri", tables}, {"range", range(3, 80, 3, 85)}}}));
    CHECK(at(5, "textDocument/definition", tables, 3, 42) == json{{"uri", tables}, {"range", range(2, 2, 2, 12)}});
    server.shut_down(6);
}

namespace {

// `schemac generate --name NAME` in the project: the text of the migration it writes.
std::string generated(const test::TempDir& dir, const std::string& name) {
    std::string output;
    REQUIRE_MESSAGE(test::run_schemac("generate --name " + name, output, "NO_COLOR=", dir.path) == 0, output);
    std::string migration;
    for (const auto& entry : std::filesystem::directory_iterator(dir.path / "migrations"))
        if (entry.path().filename().string().find("_" + name) != std::string::npos)
            migration += test::read(entry.path());
    REQUIRE_MESSAGE(!migration.empty(), "no migration named ", name);
    return migration;
}

// textDocument/rename at a position; the server's reply.
json rename_at(LspProcess& server, int id, const std::string& uri, int line, int character,
               const std::string& new_name) {
    server.request(id, "textDocument/rename",
                   {{"textDocument", {{"uri", uri}}},
                    {"position", {{"line", line}, {"character", character}}},
                    {"newName", new_name}});
    return server.reply(id);
}

// The text after a list of TextEdits (non-overlapping, as the protocol requires).
std::string applied(std::string text, json edits) {
    std::vector<std::pair<std::size_t, json>> by_offset;
    for (const json& e : edits)
        by_offset.emplace_back(lsp::offset_at(text, {e["range"]["start"]["line"], e["range"]["start"]["character"]}),
                               e);
    std::sort(by_offset.begin(), by_offset.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (const auto& [from, e] : by_offset) {
        std::size_t to = lsp::offset_at(text, {e["range"]["end"]["line"], e["range"]["end"]["character"]});
        text.replace(from, to - from, e["newText"].get<std::string>());
    }
    return text;
}

}  // namespace

TEST_CASE("schemac lsp: a rename in the editor writes @was, and generate then renames instead of dropping") {
    test::TempDir dir;
    std::string schema_path = dir.file("schemas/app.schema",
                                       "table accounts {\n"
                                       "  id    bigint primary key\n"
                                       "  email text not null\n"
                                       "  index accounts_by_email (email)\n"
                                       "}\n");
    generated(dir, "init");
    // After the snapshot: a new table, whose names no database has yet.
    std::string text = test::read(schema_path) + "\ntable notes {\n  id   bigint primary key\n  body text\n}\n";
    test::write(schema_path, text);
    std::string uri = lsp::uri_from_path(schema_path);

    LspProcess server(dir.path);
    server.request(1, "initialize", initialize_params(dir.path));
    CHECK(server.reply(1)["result"]["capabilities"]["renameProvider"]["prepareProvider"] == true);
    server.notify("textDocument/didOpen", open_params(uri, text));
    auto rename = [&](int id, int line, int character, const std::string& new_name) {
        return rename_at(server, id, uri, line, character, new_name);
    };

    server.request(2, "textDocument/prepareRename",
                   {{"textDocument", {{"uri", uri}}}, {"position", {{"line", 3}, {"character", 28}}}});
    CHECK(server.reply(2)["result"] == json{{"range", range(3, 27, 3, 32)}, {"placeholder", "email"}});

    // The column from the index's column list: both places renamed, @was on the declaration.
    json edit = rename(3, 3, 28, "contact_email")["result"]["changes"][uri];
    std::string renamed = applied(text, edit);
    CHECK(renamed.find("  email text not null") == std::string::npos);
    CHECK(renamed.find("contact_email text @was(email) not null\n") != std::string::npos);
    CHECK(renamed.find("index accounts_by_email (contact_email)") != std::string::npos);

    // A column of the new table: no @was (there is nothing to rename in any database).
    json fresh = rename(4, 8, 3, "content")["result"]["changes"][uri];
    REQUIRE(fresh.size() == 1);
    CHECK(fresh[0]["newText"] == "content");
    // A name that needs quotes is quoted; where no name stands, the rename is refused with a reason.
    CHECK(rename(5, 0, 7, "Accounts Archive")["result"]["changes"][uri][0]["newText"] ==
          "\"Accounts Archive\" @was(accounts)");
    json refused = rename(6, 0, 2, "x");
    CHECK(refused["error"]["code"] == -32803);

    server.shut_down(7);

    // generate on the renamed text: a RENAME COLUMN, no drop.
    test::write(schema_path, renamed);
    std::string migration = generated(dir, "rename_email");
    CHECK(migration.find("RENAME COLUMN email TO contact_email") != std::string::npos);
    CHECK(migration.find("DROP COLUMN") == std::string::npos);
}

TEST_CASE("schemac lsp: renaming an enum value writes @was, renames the defaults, and generate renames the value") {
    test::TempDir dir;
    std::string schema_path = dir.file("schemas/app.schema",
                                       "enum state { draft, published }\n"
                                       "table posts {\n"
                                       "  id    bigint primary key\n"
                                       "  state state  not null default 'draft'\n"
                                       "}\n");
    generated(dir, "init");
    std::string text = test::read(schema_path) + "enum fresh { a }\n";
    std::string uri = lsp::uri_from_path(schema_path);
    LspProcess server(dir.path);
    server.initialize(dir.path);
    server.notify("textDocument/didOpen", open_params(uri, text));
    auto rename = [&](int id, int line, int character, const std::string& new_name) {
        return rename_at(server, id, uri, line, character, new_name);
    };
    // From the default: the label and the default renamed, @was(old) after the label. A label
    // that is not one word is written as a string.
    json edit = rename(2, 3, 32, "In Review")["result"]["changes"][uri];
    std::string renamed = applied(text, edit);
    CHECK(renamed.find("enum state { 'In Review' @was(draft), published }") != std::string::npos);
    CHECK(renamed.find("default 'In Review'\n") != std::string::npos);
    // A word stays a word, with its case; a value new since the snapshot gets no @was.
    CHECK(rename(3, 0, 22, "Published")["result"]["changes"][uri][0]["newText"] == "Published @was(published)");
    CHECK(rename(4, 5, 13, "b")["result"]["changes"][uri][0]["newText"] == "b");
    server.shut_down(5);

    test::write(schema_path, renamed);
    std::string migration = generated(dir, "in_review");
    CHECK(migration.find("RENAME VALUE 'draft' TO 'In Review'") != std::string::npos);
    CHECK(migration.find("DROP TYPE") == std::string::npos);
}

TEST_CASE("schemac lsp: a misspelt table after references has the table it means as a quick fix") {
    test::TempDir dir;
    std::string path = dir.file("schemas/app.schema", "");
    std::string uri = lsp::uri_from_path(path);
    LspProcess server(dir.path);
    server.initialize(dir.path);
    server.notify("textDocument/didOpen",
                  open_params(uri, "table billing.accounts {\n"
                                   "  id bigint primary key\n"
                                   "}\n"
                                   "table orders {\n"
                                   "  account_id bigint references billing.acounts(id)\n"
                                   "}\n"));
    json d = server.diagnostics_for(uri);
    REQUIRE_MESSAGE(d.size() == 1, d.dump(2));
    CHECK(d[0]["code"] == "unknown-table");
    CHECK(d[0]["data"]["fix"] == json{{"range", range(4, 31, 4, 46)}, {"newText", "billing.accounts"}});

    // A misspelt column in an index and in a reference: each name replaced by the column meant.
    server.notify("textDocument/didChange",
                  {{"textDocument", {{"uri", uri}, {"version", 2}}},
                   {"contentChanges", json::array({{{"text", "table billing.accounts {\n"
                                                             "  id bigint primary key\n"
                                                             "}\n"
                                                             "table orders {\n"
                                                             "  account_id bigint references billing.accounts(idd)\n"
                                                             "  index orders_by_account (acount_id)\n"
                                                             "}\n"}}})}});
    json columns = server.diagnostics_for(uri);
    REQUIRE_MESSAGE(columns.size() == 2, columns.dump(2));
    std::set<json> fixes;
    for (const json& item : columns) {
        CHECK(item["code"] == "unknown-column");
        fixes.insert(item["data"]["fix"]);
    }
    CHECK(fixes == std::set<json>{json{{"range", range(4, 48, 4, 51)}, {"newText", "id"}},
                                  json{{"range", range(5, 27, 5, 36)}, {"newText", "account_id"}}});
    server.shut_down(2);
}

TEST_CASE("schemac lsp: what generate would refuse shows as you type, with the @was or @backfill to write") {
    test::TempDir dir;
    std::string schema_path = dir.file(
        "schemas/app.schema",
        "table accounts {\n"
        "  id    bigint primary key\n"
        "  email text not null\n"
        "}\n"
        "table visits {\n"
        "  id bigint primary key\n"
        "}\n");
    generated(dir, "init");
    // Edited by hand: a column and a table renamed without @was, and a NOT NULL column that the
    // rows already in the table would have no value for.
    std::string text = "table accounts {\n"
                       "  id            bigint primary key\n"
                       "  contact_email text not null\n"
                       "  plan          text not null\n"
                       "}\n"
                       "table page_visits {\n"
                       "  id bigint primary key\n"
                       "}\n";
    std::string uri = lsp::uri_from_path(schema_path);
    LspProcess server(dir.path);
    server.initialize(dir.path);
    server.notify("textDocument/didOpen", open_params(uri, text));
    json d = server.diagnostics_for(uri);
    REQUIRE_MESSAGE(d.size() == 4, d.dump(2));
    auto find = [&](int line, const std::string& code) {
        for (const json& item : d)
            if (item["range"]["start"]["line"] == line && item["code"] == code) return item;
        FAIL("no " << code << " on line " << line << ": " << d.dump(2));
        return json();
    };
    // contact_email: email dropped (or renamed, says the help), and as a new column it would
    // have no value in the rows there are. Each help has its fix.
    json column = find(2, "data-loss"), new_column = find(2, "not-null-without-default");
    json backfill = find(3, "not-null-without-default"), table = find(5, "data-loss");
    CHECK(column["source"] == "schemac generate");
    CHECK(column["message"].get<std::string>().find("column accounts.email would be dropped") != std::string::npos);
    // The @was goes after the column's type, the table's after its name.
    CHECK(column["data"]["fix"] == json{{"range", range(2, 20, 2, 20)}, {"newText", " @was(email)"}});
    CHECK(new_column["data"]["fix"] == json{{"range", range(2, 20, 2, 20)}, {"newText", " @backfill('')"}});
    CHECK(backfill["data"]["fix"] == json{{"range", range(3, 20, 3, 20)}, {"newText", " @backfill('')"}});
    CHECK(table["data"]["fix"] == json{{"range", range(5, 17, 5, 17)}, {"newText", " @was(visits)"}});

    // The actions for the rename of the column, the backfill of plan and the rename of the table.
    server.request(2, "textDocument/codeAction",
                   {{"textDocument", {{"uri", uri}}},
                    {"range", range(0, 0, 7, 0)},
                    {"context", {{"diagnostics", json::array({column, backfill, table})}}}});
    json actions = server.reply(2)["result"];
    REQUIRE(actions.size() == 3);
    std::vector<std::string> titles;
    json edits = json::array();
    for (const json& action : actions) {
        titles.push_back(action["title"].get<std::string>());
        for (const json& e : action["edit"]["changes"][uri]) edits.push_back(e);
    }
    CHECK(titles == std::vector<std::string>{"Write '@was(email)'", "Write '@backfill('')'", "Write '@was(visits)'"});
    std::string fixed = applied(text, edits);
    CHECK(fixed.find("  contact_email text @was(email) not null\n") != std::string::npos);
    CHECK(fixed.find("  plan          text @backfill('') not null\n") != std::string::npos);
    CHECK(fixed.find("table page_visits @was(visits) {") != std::string::npos);

    // With the fixes applied nothing is refused any more.
    server.notify("textDocument/didChange", {{"textDocument", {{"uri", uri}, {"version", 2}}},
                                             {"contentChanges", json::array({{{"text", fixed}}})}});
    CHECK(server.diagnostics_for(uri).empty());
    server.shut_down(3);

    // generate on the fixed text: renames and a backfill, nothing dropped.
    test::write(schema_path, fixed);
    std::string migration = generated(dir, "fixed");
    CHECK(migration.find("RENAME COLUMN email TO contact_email") != std::string::npos);
    CHECK(migration.find("RENAME TO page_visits") != std::string::npos);
    CHECK(migration.find("DROP COLUMN") == std::string::npos);
    CHECK(migration.find("DROP TABLE") == std::string::npos);
}

TEST_CASE("schemac lsp: the tables a view's query names lead to their declarations, and are renamed with them") {
    test::TempDir dir;
    std::string text = "table accounts {\n"
                       "  id bigint primary key\n"
                       "}\n"
                       "table \"Order Items\" {\n"
                       "  id         bigint primary key\n"
                       "  account_id bigint references accounts(id)\n"
                       "}\n"
                       "view open_items as (\n"
                       "  select i.id from \"Order Items\" i join public.accounts a on a.id = i.account_id\n"
                       ")\n";
    std::string uri = lsp::uri_from_path(dir.file("schemas/app.schema", text));
    LspProcess server(dir.path);
    server.initialize(dir.path);
    server.notify("textDocument/didOpen", open_params(uri, text));
    CHECK(request_at(server, 2, "textDocument/definition", uri, 8, 20) ==
          json{{"uri", uri}, {"range", range(3, 6, 3, 19)}});
    CHECK(request_at(server, 3, "textDocument/definition", uri, 8, 50) ==
          json{{"uri", uri}, {"range", range(0, 6, 0, 14)}});
    json hover = request_at(server, 4, "textDocument/hover", uri, 8, 50);
    CHECK(hover["contents"]["value"].get<std::string>().rfind("**table** `public.accounts`", 0) == 0);
    CHECK(hover["range"] == range(8, 47, 8, 55));
    // A rename reaches the query: the name after the schema, not the schema.
    json edits = rename_at(server, 5, uri, 0, 8, "clients")["result"]["changes"][uri];
    std::string renamed = applied(text, edits);
    CHECK(renamed.find("join public.clients a on") != std::string::npos);
    CHECK(renamed.find("references clients(id)") != std::string::npos);
    server.shut_down(6);
}

TEST_CASE("schemac lsp: completion offers what may be written where the cursor is, and declarations fold") {
    test::TempDir dir;
    dir.file("schemas/accounts.schema", "table accounts {\n  id bigint primary key\n  email text\n}\n");
    std::string path = dir.file("schemas/orders.schema", "");
    std::string uri = lsp::uri_from_path(path);
    std::string base = "enum state { open paid }\ntable orders {\n  id bigint primary key\n  state state\nLINE\n}\n";
    LspProcess server(dir.path);
    server.request(1, "initialize", initialize_params(dir.path));
    CHECK(server.reply(1)["result"]["capabilities"]["completionProvider"]["triggerCharacters"] ==
          json::array({"@", "(", ","}));
    std::string text = base;
    text.replace(text.find("LINE"), 4, "");
    server.notify("textDocument/didOpen", open_params(uri, text));
    int id = 2, version = 2;
    // The labels offered with `line` typed as the table's fifth line, cursor at its end.
    auto labels = [&](const std::string& line) {
        std::string edited = base;
        edited.replace(edited.find("LINE"), 4, line);
        server.notify("textDocument/didChange", {{"textDocument", {{"uri", uri}, {"version", version++}}},
                                                 {"contentChanges", json::array({{{"text", edited}}})}});
        server.request(id, "textDocument/completion",
                       {{"textDocument", {{"uri", uri}}},
                        {"position", {{"line", 4}, {"character", static_cast<int>(line.size())}}}});
        std::vector<std::string> found;
        json reply = server.reply(id++);
        INFO(reply.dump());
        REQUIRE(reply.contains("result"));
        for (const json& item : reply["result"]["items"]) found.push_back(item["label"]);
        return found;
    };
    auto has = [](const std::vector<std::string>& labels, const std::string& label) {
        return std::find(labels.begin(), labels.end(), label) != labels.end();
    };
    // The columns of a referenced table in another file; of this table inside an index.
    CHECK(labels("  account_id bigint references accounts(") == std::vector<std::string>{"id", "email"});
    CHECK(labels("  index orders_by_state (st") == std::vector<std::string>{"id", "state"});
    CHECK(labels("  account_id bigint references ") == std::vector<std::string>{"accounts", "orders"});
    // An enum column's values after default; directives after @.
    CHECK(labels("  next state default ") == std::vector<std::string>{"'open'", "'paid'"});
    CHECK(labels("  note text @") == std::vector<std::string>{"was", "backfill", "backfill_batch"});
    // Types after a column's name: the schema's and PostgreSQL's.
    std::vector<std::string> types = labels("  total ");
    CHECK(types.front() == "state");
    CHECK(has(types, "numeric"));
    CHECK(has(types, "timestamptz"));
    CHECK(!has(types, "orders"));
    // Modifiers after the type; item keywords at a table line's start; declarations at the margin.
    std::vector<std::string> modifiers = labels("  total numeric not ");
    CHECK(has(modifiers, "not null"));
    CHECK(has(modifiers, "references"));
    CHECK(has(labels("  "), "index"));
    CHECK(!has(labels("  "), "table"));
    CHECK(has(labels(""), "index"));  // at the margin, still inside the table

    // After the table, at the margin: declarations, not a table's items.
    server.notify("textDocument/didChange", {{"textDocument", {{"uri", uri}, {"version", version++}}},
                                             {"contentChanges", json::array({{{"text", text + "\n"}}})}});
    server.request(id, "textDocument/completion",
                   {{"textDocument", {{"uri", uri}}}, {"position", {{"line", 6}, {"character", 0}}}});
    json reply = server.reply(id++);
    INFO(reply.dump());
    std::vector<std::string> top;
    for (const json& item : reply["result"]["items"]) top.push_back(item["label"]);
    CHECK(has(top, "table"));
    CHECK(has(top, "materialized view"));
    CHECK(!has(top, "index"));

    // Folding: the multi-line declarations of the file as it is now.
    server.notify("textDocument/didChange", {{"textDocument", {{"uri", uri}, {"version", version++}}},
                                             {"contentChanges", json::array({{{"text", text}}})}});
    server.request(id, "textDocument/foldingRange", {{"textDocument", {{"uri", uri}}}});
    CHECK(server.reply(id++)["result"] == json::array({{{"startLine", 1}, {"endLine", 5}, {"kind", "region"}}}));
    server.request(id, "shutdown");
    server.reply(id);
    server.notify("exit");
    CHECK(server.exit_status() == 0);
}
