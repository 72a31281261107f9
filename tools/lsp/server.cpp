#include "tools/lsp/server.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <csignal>
#include <optional>
#include <string>
#include <utility>

#include "compiler/source/diagnostics.hpp"
#include "compiler/source/source.hpp"
#include "compiler/syntax/formatter.hpp"
#include "compiler/syntax/parser.hpp"
#include "tools/lsp/completion.hpp"
#include "tools/lsp/message_stream.hpp"
#include "tools/lsp/positions.hpp"
#include "tools/lsp/rename.hpp"
#include "tools/lsp/symbol_index.hpp"
#include "tools/lsp/uris.hpp"
#include "tools/lsp/workspace.hpp"

namespace schemac::lsp {
namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

// JSON-RPC and LSP error codes.
constexpr int parse_error = -32700;
constexpr int invalid_request = -32600;
constexpr int method_not_found = -32601;
constexpr int invalid_params = -32602;
constexpr int internal_error = -32603;
constexpr int server_not_initialized = -32002;
constexpr int request_failed = -32803;

// A request whose parameters are not what the protocol says.
struct BadParams : std::runtime_error {
    using std::runtime_error::runtime_error;
};
// A request that is well formed but cannot be done (the message says why).
struct RequestFailed : std::runtime_error {
    using std::runtime_error::runtime_error;
};
// A request for a method this server does not have.
struct NoSuchMethod : std::runtime_error {
    using std::runtime_error::runtime_error;
};

const json& member(const json& object, const char* key) {
    if (!object.is_object() || !object.contains(key)) throw BadParams(std::string("missing '") + key + "'");
    return object.at(key);
}

std::string string_member(const json& object, const char* key) {
    const json& value = member(object, key);
    if (!value.is_string()) throw BadParams(std::string("'") + key + "' is not a string");
    return value.get<std::string>();
}

std::filesystem::path document_path(const json& params) {
    std::string uri = string_member(member(params, "textDocument"), "uri");
    std::filesystem::path path = path_from_uri(uri);
    if (path.empty()) throw BadParams("not a file URI: " + uri);
    return path;
}

Position position_of(const json& value) {
    const json& line = member(value, "line");
    const json& character = member(value, "character");
    if (!line.is_number_unsigned() || !character.is_number_unsigned())
        throw BadParams("a position's line and character are not numbers >= 0");
    return {line.get<std::size_t>(), character.get<std::size_t>()};
}

std::filesystem::path folder_form(std::filesystem::path path) {
    if (path.empty()) path = std::filesystem::current_path();
    path = std::filesystem::absolute(path).lexically_normal();
    if (!path.has_filename() && path.has_parent_path() && path != path.root_path()) path = path.parent_path();
    return path;
}

class Server {
public:
    Server(int out, std::ostream& log, ServerOptions options)
        : out_(out), log_(log), options_(std::move(options)), workspace_(folder_form(options_.schema)) {}

    int run(int in);

private:
    void handle(const json& message);
    json request(const std::string& method, const json& params);
    void notification(const std::string& method, const json& params);
    json initialize(const json& params);
    void change(const json& params);
    json formatting(const json& params);
    std::optional<std::uint32_t> analysed_file(const json& params);
    // The symbol occurrence at a request's position, after an analysis of the latest text.
    const Occurrence* occurrence_at(const json& params);
    json hover(const json& params);
    json definition(const json& params);
    json references(const json& params);
    json document_symbols(const json& params);
    json prepare_rename(const json& params);
    json folding_ranges(const json& params);
    json completion(const json& params);
    json code_actions(const json& params);
    json rename(const json& params);
    void publish();
    void send(const json& message) {
        if (!write_message(out_, message)) client_gone_ = true;
    }
    void mark_changed() {
        if (!dirty_) dirty_since_ = Clock::now();
        dirty_ = true;
    }

    int out_;
    std::ostream& log_;
    ServerOptions options_;
    Workspace workspace_;
    std::filesystem::path migrations_;
    bool initialized_ = false, shutdown_ = false, exited_ = false, client_gone_ = false;
    bool dirty_ = false;
    Clock::time_point dirty_since_;
};

int Server::run(int in) {
    MessageReader reader(in);
    for (;;) {
        if (dirty_) {
            // Debounced: analyse when typing pauses, and at least once a second while it goes on.
            bool waited_long = Clock::now() - dirty_since_ > std::chrono::seconds(1);
            if (waited_long || !reader.input_within(options_.quiet_milliseconds)) publish();
        }
        if (client_gone_) return 1;
        MessageReader::Result next = reader.next();
        if (next.status == MessageReader::Status::end) return 1;  // the client is gone without exit
        if (next.status == MessageReader::Status::bad_header) {
            log_ << "schemac lsp: skipped a message: " << next.error << '\n';
            continue;
        }
        json message = json::parse(next.body, nullptr, false);
        if (message.is_discarded()) {
            log_ << "schemac lsp: a message that is not JSON (" << next.body.size() << " bytes)\n";
            send({{"jsonrpc", "2.0"}, {"id", nullptr}, {"error", {{"code", parse_error}, {"message", "not JSON"}}}});
        } else {
            handle(message);
        }
        if (exited_) return shutdown_ ? 0 : 1;
        if (client_gone_) return 1;
    }
}

void Server::handle(const json& message) {
    if (!message.is_object() || !message.contains("method") || !message["method"].is_string()) {
        if (message.is_object() && message.contains("id") && (message.contains("result") || message.contains("error")))
            return;  // a response to a request of ours: none is sent, nothing to do
        send({{"jsonrpc", "2.0"},
              {"id", nullptr},
              {"error", {{"code", invalid_request}, {"message", "not a JSON-RPC request or notification"}}}});
        return;
    }
    std::string method = message["method"].get<std::string>();
    // By reference: a copy of a deeply nested value recurses once per level.
    static const json no_params = json::object();
    auto given = message.find("params");
    const json& params = given == message.end() ? no_params : *given;
    if (!message.contains("id")) {
        try {
            notification(method, params);
        } catch (const std::exception& e) {  // BadParams, or a JSON value of another type
            log_ << "schemac lsp: " << method << ": " << e.what() << '\n';
        }
        return;
    }
    const json& id = message["id"];
    if (!id.is_number_integer() && !id.is_string()) {
        send({{"jsonrpc", "2.0"},
              {"id", nullptr},
              {"error", {{"code", invalid_request}, {"message", "a request's id is a number or a string"}}}});
        return;
    }
    json reply = {{"jsonrpc", "2.0"}, {"id", id}};
    try {
        if (!initialized_ && method != "initialize") {
            reply["error"] = {{"code", server_not_initialized}, {"message", "initialize comes first"}};
        } else if (shutdown_) {
            reply["error"] = {{"code", invalid_request}, {"message", "the server is shut down; only exit is left"}};
        } else {
            reply["result"] = request(method, params);
        }
    } catch (const BadParams& e) {
        reply["error"] = {{"code", invalid_params}, {"message", method + ": " + e.what()}};
    } catch (const json::exception& e) {
        reply["error"] = {{"code", invalid_params}, {"message", method + ": " + e.what()}};
    } catch (const RequestFailed& e) {
        reply["error"] = {{"code", request_failed}, {"message", e.what()}};
    } catch (const NoSuchMethod& e) {
        reply["error"] = {{"code", method_not_found}, {"message", e.what()}};
    } catch (const std::exception& e) {  // a bug, or no memory: this request fails, the session goes on
        reply["error"] = {{"code", internal_error}, {"message", method + ": " + e.what()}};
    }
    send(reply);
}

json Server::request(const std::string& method, const json& params) {
    if (method == "initialize") {
        if (initialized_) throw BadParams("initialize was already sent");
        return initialize(params);
    }
    if (method == "shutdown") {
        shutdown_ = true;
        return nullptr;
    }
    if (method == "textDocument/formatting") return formatting(params);
    if (method == "textDocument/hover") return hover(params);
    if (method == "textDocument/definition") return definition(params);
    if (method == "textDocument/references") return references(params);
    if (method == "textDocument/documentSymbol") return document_symbols(params);
    if (method == "textDocument/prepareRename") return prepare_rename(params);
    if (method == "textDocument/rename") return rename(params);
    if (method == "textDocument/foldingRange") return folding_ranges(params);
    if (method == "textDocument/completion") return completion(params);
    if (method == "textDocument/codeAction") return code_actions(params);
    throw NoSuchMethod("no such method: " + method);
}

void Server::notification(const std::string& method, const json& params) {
    if (method == "exit") {
        exited_ = true;
        return;
    }
    if (!initialized_) return;  // the protocol drops notifications before initialize
    if (method == "textDocument/didOpen") {
        workspace_.open(document_path(params), string_member(member(params, "textDocument"), "text"));
        mark_changed();
    } else if (method == "textDocument/didChange") {
        change(params);
        mark_changed();
    } else if (method == "textDocument/didClose") {
        workspace_.close(document_path(params));
        mark_changed();
    } else if (method == "textDocument/didSave" || method == "workspace/didChangeWatchedFiles") {
        mark_changed();
    }
}

json Server::initialize(const json& params) {
    std::filesystem::path root;
    if (params.contains("rootUri") && params["rootUri"].is_string())
        root = path_from_uri(params["rootUri"].get<std::string>());
    else if (params.contains("rootPath") && params["rootPath"].is_string())
        root = params["rootPath"].get<std::string>();
    if (root.empty()) root = std::filesystem::current_path();
    if (options_.schema.empty()) {
        std::error_code error;
        std::filesystem::path schemas = root / "schemas";
        workspace_ = Workspace(folder_form(std::filesystem::is_directory(schemas, error) ? schemas : root));
    }
    migrations_ = folder_form(options_.migrations.empty() ? root / "migrations" : options_.migrations);
    workspace_.set_migrations(migrations_);
    initialized_ = true;
    mark_changed();  // the folder's saved files have their diagnostics at once
    return {{"capabilities",
             {{"textDocumentSync", {{"openClose", true}, {"change", 2}, {"save", true}}},
              {"documentFormattingProvider", true},
              {"hoverProvider", true},
              {"definitionProvider", true},
              {"referencesProvider", true},
              {"documentSymbolProvider", true},
              {"renameProvider", {{"prepareProvider", true}}},
              {"foldingRangeProvider", true},
              {"completionProvider", {{"triggerCharacters", {"@", "(", ","}}}},
              {"codeActionProvider", {{"codeActionKinds", {"quickfix"}}}}}},
            {"serverInfo", {{"name", "schemac"}}}};
}

void Server::change(const json& params) {
    std::filesystem::path path = document_path(params);
    const std::string* current = workspace_.open_text(path);
    if (!current) throw BadParams("a change to a document that is not open: " + path.string());
    std::string text = *current;
    const json& changes = member(params, "contentChanges");
    if (!changes.is_array()) throw BadParams("'contentChanges' is not an array");
    for (const json& c : changes) {
        std::string replacement = string_member(c, "text");
        if (!c.contains("range")) {
            text = std::move(replacement);
            continue;
        }
        const json& range = c["range"];
        std::size_t from = offset_at(text, position_of(member(range, "start")));
        std::size_t to = offset_at(text, position_of(member(range, "end")));
        if (to < from) throw BadParams("a range that ends before it starts");
        text.replace(from, to - from, replacement);
    }
    workspace_.open(path, std::move(text));
}

json Server::formatting(const json& params) {
    std::filesystem::path path = document_path(params);
    const std::string* text = workspace_.open_text(path);
    if (!text) throw BadParams("formatting a document that is not open: " + path.string());
    json edits = json::array();
    if (!find_bad_bytes(*text, 1).empty()) return edits;  // not UTF-8: nothing is rewritten
    SourceSet sources;
    sources.add(path.string(), *text);
    Diagnostics diagnostics;
    syntax::File parsed = parse_file(sources, 0, diagnostics);
    if (!parsed.complete) return edits;  // never rewrite a file that does not parse
    std::string formatted = format_schema_file(sources, parsed);
    if (formatted == *text) return edits;
    Position end = position_at(*text, text->size());
    edits.push_back(
        {{"range",
          {{"start", {{"line", 0}, {"character", 0}}}, {"end", {{"line", end.line}, {"character", end.character}}}}},
         {"newText", formatted}});
    return edits;
}

// The analysed file a request is about (nothing when it is outside the folder), after an
// analysis of the latest text: answers are about the text as it is now.
std::optional<std::uint32_t> Server::analysed_file(const json& params) {
    std::filesystem::path path = document_path(params);
    if (dirty_) publish();
    return workspace_.file_number(path);
}

const Occurrence* Server::occurrence_at(const json& params) {
    Position position = position_of(member(params, "position"));
    std::optional<std::uint32_t> file = analysed_file(params);
    if (!file) return nullptr;
    return workspace_.index()->at(*file, static_cast<std::uint32_t>(workspace_.lines(*file).offset(position)));
}

json Server::hover(const json& params) {
    const Occurrence* o = occurrence_at(params);
    if (!o) return nullptr;
    const Symbol& symbol = workspace_.index()->symbols()[o->symbol];
    return {{"contents", {{"kind", "markdown"}, {"value", symbol.summary}}}, {"range", workspace_.range(o->span)}};
}

json Server::definition(const json& params) {
    const Occurrence* o = occurrence_at(params);
    if (!o) return nullptr;
    return workspace_.location(workspace_.index()->symbols()[o->symbol].name_span);
}

json Server::references(const json& params) {
    const Occurrence* o = occurrence_at(params);
    if (!o) return nullptr;
    bool with_declaration = true;
    if (params.contains("context") && params["context"].is_object())
        with_declaration = params["context"].value("includeDeclaration", true);
    json locations = json::array();
    for (const Occurrence& each : workspace_.index()->occurrences_of(o->symbol))
        if (with_declaration || !each.declaration) locations.push_back(workspace_.location(each.span));
    return locations;
}

int lsp_symbol_kind(SymbolKind kind) {
    switch (kind) {
        case SymbolKind::table: return 5;            // Class
        case SymbolKind::view: return 11;            // Interface
        case SymbolKind::column: return 8;           // Field
        case SymbolKind::enum_type: return 10;       // Enum
        case SymbolKind::enum_value: return 22;      // EnumMember
        case SymbolKind::domain: return 26;          // TypeParameter
        case SymbolKind::composite_type: return 23;  // Struct
        case SymbolKind::function: return 12;        // Function
        case SymbolKind::sequence: return 13;        // Variable
        case SymbolKind::index: return 20;           // Key
        case SymbolKind::constraint: return 7;       // Property
    }
    return 13;
}

json Server::document_symbols(const json& params) {
    json result = json::array();
    std::optional<std::uint32_t> file = analysed_file(params);
    if (!file) return result;
    const SymbolIndex& index = *workspace_.index();
    auto entry = [&](const Symbol& s) {
        return json{{"name", s.name},
                    {"detail", s.container ? "" : s.schema},
                    {"kind", lsp_symbol_kind(s.kind)},
                    {"range", workspace_.range(s.span)},
                    {"selectionRange", workspace_.range(s.name_span)},
                    {"children", json::array()}};
    };
    for (std::size_t i = 0; i < index.symbols().size(); ++i) {
        const Symbol& s = index.symbols()[i];
        if (s.container || s.name_span.file != *file) continue;
        json top = entry(s);
        for (std::size_t m : index.members_of(i)) top["children"].push_back(entry(index.symbols()[m]));
        result.push_back(std::move(top));
    }
    return result;
}

json Server::prepare_rename(const json& params) {
    const Occurrence* o = occurrence_at(params);
    if (!o) return nullptr;
    const Symbol& symbol = workspace_.index()->symbols()[o->symbol];
    if (!renamable(symbol.kind)) return nullptr;
    return {{"range", workspace_.range(o->span)}, {"placeholder", symbol.name}};
}

json Server::rename(const json& params) {
    const Occurrence* o = occurrence_at(params);
    if (!o) throw RequestFailed("there is no table, column, type, index or constraint name here to rename");
    const Symbol& symbol = workspace_.index()->symbols()[o->symbol];
    if (!renamable(symbol.kind)) throw RequestFailed("a function is renamed by writing @was(old) after its new name");
    std::string typed = string_member(params, "newName");
    std::optional<NewName> name = symbol.kind == SymbolKind::enum_value ? new_label(typed) : new_name(typed);
    if (!name) throw RequestFailed("the new name is empty");
    const ir::Database* snapshot = workspace_.snapshot();  // empty when there is no snapshot yet
    if (!snapshot)
        log_ << "schemac lsp: the snapshot in " << migrations_.string()
             << " could not be read; the rename writes @was\n";
    return rename_edit(workspace_, o->symbol, *name, snapshot);
}

json Server::folding_ranges(const json& params) {
    json result = json::array();
    std::optional<std::uint32_t> file = analysed_file(params);
    if (!file) return result;
    // Every declaration that spans lines folds: tables, enums, views, functions, types.
    for (const Symbol& s : workspace_.index()->symbols()) {
        if (s.container || s.span.file != *file) continue;
        Position first = workspace_.lines(*file).position(s.span.begin);
        Position last = workspace_.lines(*file).position(s.span.end);
        if (last.line > first.line)
            result.push_back({{"startLine", first.line}, {"endLine", last.line}, {"kind", "region"}});
    }
    return result;
}

json Server::completion(const json& params) {
    std::filesystem::path path = document_path(params);
    Position position = position_of(member(params, "position"));
    const std::string* text = workspace_.open_text(path);
    if (!text) throw BadParams("completion in a document that is not open: " + path.string());
    std::uint32_t file = analysed_file(params).value_or(no_file);
    std::size_t offset = offset_at(*text, position);
    // The symbols without the line being typed: a half-written line must not hide its table.
    std::string blanked = *text;
    std::size_t from = blanked.find_last_of("\r\n", offset == 0 ? 0 : offset - 1);
    from = (from == std::string::npos || offset == 0) ? 0 : from + 1;
    std::size_t to = blanked.find_first_of("\r\n", offset);
    if (to == std::string::npos) to = blanked.size();
    std::fill(blanked.begin() + static_cast<std::ptrdiff_t>(from), blanked.begin() + static_cast<std::ptrdiff_t>(to),
              ' ');
    return completion_items(workspace_.index_with(path, blanked), file, *text, offset);
}

json Server::code_actions(const json& params) {
    std::string uri = string_member(member(params, "textDocument"), "uri");
    const json& diagnostics = member(member(params, "context"), "diagnostics");
    if (!diagnostics.is_array()) throw BadParams("'diagnostics' is not an array");
    // The fixes the diagnostics carry (the client hands back what the server published), each
    // read again: nothing the client sent is echoed unchecked.
    json actions = json::array();
    for (const json& d : diagnostics) {
        try {
            const json& fix = member(member(d, "data"), "fix");
            std::string text = string_member(fix, "newText");
            const json& range = member(fix, "range");
            Position start = position_of(member(range, "start")), end = position_of(member(range, "end"));
            json checked = {{"range",
                             {{"start", {{"line", start.line}, {"character", start.character}}},
                              {"end", {{"line", end.line}, {"character", end.character}}}}},
                            {"newText", text}};
            std::string shown = text.substr(std::min(text.find_first_not_of(' '), text.size()));
            actions.push_back({{"title", "Write '" + shown + "'"},
                               {"kind", "quickfix"},
                               {"isPreferred", true},
                               {"edit", {{"changes", {{uri, json::array({checked})}}}}}});
        } catch (const BadParams&) {
            continue;  // a diagnostic without a fix of ours
        }
    }
    return actions;
}

void Server::publish() {
    dirty_ = false;
    for (auto& [path, diagnostics] : workspace_.analyse()) {
        send({{"jsonrpc", "2.0"},
              {"method", "textDocument/publishDiagnostics"},
              {"params", {{"uri", uri_from_path(path)}, {"diagnostics", std::move(diagnostics)}}}});
        if (client_gone_) return;
    }
}

}  // namespace

int serve(int in, int out, std::ostream& log, const ServerOptions& options) {
    std::signal(SIGPIPE, SIG_IGN);  // a client that closes its end is an answer from write()
    Server server(out, log, options);
    return server.run(in);
}

}  // namespace schemac::lsp
