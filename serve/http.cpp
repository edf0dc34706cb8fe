// SPDX-License-Identifier: Apache-2.0
// `hallmark serve`: the HTTP side of the service (cpp-httplib, Debian's
// libcpp-httplib-dev). Routes, request limits, the token rule, security headers and
// signals are here; what each endpoint answers is serve/service.cpp.
#include "serve/assets.hpp"
#include "serve/serve.hpp"
#include "serve/service.hpp"

#include <hallmark/input_file.hpp>
#include <hallmark/limits.hpp>
#include <hallmark/text.hpp>

#include <fmt/format.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <regex>
#include <thread>
#include <vector>

#include <sys/socket.h>

namespace hallmark::serve {

namespace {

// Headers every response carries. Pages get a policy that allows nothing from
// anywhere but the service itself (the questionnaire needs nothing else).
const httplib::Headers common_headers = {
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "no-referrer"},
    {"X-Frame-Options", "DENY"},
    {"Cache-Control", "no-store"},
};
constexpr const char* page_policy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
// The HTML report is one self-contained document with its style inline and no scripts.
constexpr const char* report_policy =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'";

// Debian's libcpp-httplib is a compiled library built with a listen backlog of 5
// (CPPHTTPLIB_LISTEN_BACKLOG): under 200 clients connecting at once, or reconnecting
// after each keep-alive connection's last request, the kernel dropped connections and
// the clients waited for a retransmission (1 s and more). listen(2) again on the bound
// socket sets a deeper queue (Linux takes the new backlog).
class deep_server : public httplib::Server {
public:
    bool deepen_backlog() { return ::listen(svr_sock_, SOMAXCONN) == 0; }
};

struct endpoint {
    std::string host;
    int port = 0;
};

std::optional<endpoint> parse_listen(const std::string& listen)
{
    const auto colon = listen.rfind(':');
    if (colon == std::string::npos || colon == 0) return std::nullopt;
    endpoint e;
    e.host = listen.substr(0, colon);
    if (e.host.front() == '[' && e.host.back() == ']') e.host = e.host.substr(1, e.host.size() - 2);
    const auto port = listen.substr(colon + 1);
    if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
    e.port = std::stoi(port);
    if (e.port > 65535) return std::nullopt;
    return e;
}

bool is_loopback(const std::string& host) { return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0; }

// Compares without stopping at the first difference, so the time taken says nothing
// about how much of a guessed token was right.
bool same_token(std::string_view a, std::string_view b)
{
    unsigned char diff = a.size() == b.size() ? 0 : 1;
    for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i % (b.size() + 1)]);
    return diff == 0;
}

void send(httplib::Response& res, const reply& r)
{
    res.status = r.status;
    res.set_content(r.body, r.content_type.c_str());
    if (!r.location.empty()) res.set_header("Location", r.location);
}

// The host names a loopback service answers to. A web page elsewhere can point its own
// domain at 127.0.0.1 (DNS rebinding) and then read and write as if it were the page;
// its requests still name that domain in Host, so they are refused.
bool is_local_host_header(const std::string& host_header)
{
    std::string host = host_header;
    if (!host.empty() && host.front() == '[') host = host.substr(1, host.find(']') - 1);
    else host = host.substr(0, host.rfind(':') == std::string::npos ? host.size() : host.rfind(':'));
    return is_loopback(host);
}

class http_front {
public:
    http_front(service& s, std::string token, bool loopback)
        : service_(s), token_(std::move(token)), loopback_(loopback)
    {}
    void routes(httplib::Server& server);

private:
    // A reply when the request may not go on: a write without the token, a body that
    // is not JSON.
    std::optional<reply> refuse_write(const httplib::Request& req) const;
    static std::optional<reply> refuse_non_json(const httplib::Request& req);
    static evaluate_request evaluation(const httplib::Request& req);
    void pages(httplib::Server& server);
    void reading(httplib::Server& server);
    void writing(httplib::Server& server);
    // Routes are registered through these, which remember each path pattern and its
    // method: a path that exists under another method is answered 405 with Allow
    // (RFC 9110, 15.5.6), not 404 as if it did not exist.
    void get(httplib::Server& server, const std::string& pattern, httplib::Server::Handler handler);
    void post(httplib::Server& server, const std::string& pattern, httplib::Server::Handler handler);
    std::string allowed_methods(const std::string& path) const;
    reply unanswered(const httplib::Request& req, httplib::Response& res) const;

    struct route {
        std::regex path;
        std::string method;
    };
    std::vector<route> known_;
    service& service_;
    std::string token_;
    bool loopback_;
};

void http_front::get(httplib::Server& server, const std::string& pattern, httplib::Server::Handler handler)
{
    known_.push_back({std::regex(pattern), "GET"});
    server.Get(pattern, std::move(handler));
}

void http_front::post(httplib::Server& server, const std::string& pattern, httplib::Server::Handler handler)
{
    known_.push_back({std::regex(pattern), "POST"});
    server.Post(pattern, std::move(handler));
}

// "GET, POST" for the methods some route takes this path with; empty when none does.
std::string http_front::allowed_methods(const std::string& path) const
{
    std::string allowed;
    for (const auto& r : known_) {
        if (!std::regex_match(path, r.path) || allowed.find(r.method) != std::string::npos) continue;
        allowed += (allowed.empty() ? "" : ", ") + r.method;
    }
    return allowed;
}

// The JSON error for a request no route answered, or whose route answered only a status.
reply http_front::unanswered(const httplib::Request& req, httplib::Response& res) const
{
    const int status = res.status;
    if (status == 413)
        return error_reply(413, "payload_too_large",
                           fmt::format("the body is over {} bytes", limits::max_request_bytes));
    if (status != 404) return error_reply(status, "http_error", fmt::format("HTTP status {}", status));
    const std::string allowed = allowed_methods(req.path);
    const bool other_method = !allowed.empty() && allowed.find(req.method) == std::string::npos;
    if (!other_method)
        return error_reply(
            404, "not_found",
            fmt::format("no such endpoint: {} {} (see docs/service.md)", req.method, escape_control(req.path)));
    res.set_header("Allow", allowed);
    return error_reply(
        405, "method_not_allowed",
        fmt::format("{} takes {}, not {}", escape_control(req.path), allowed, escape_control(req.method)));
}

std::optional<reply> http_front::refuse_write(const httplib::Request& req) const
{
    if (token_.empty()) return std::nullopt;
    const auto given = req.get_header_value("Authorization");
    constexpr std::string_view scheme = "Bearer ";
    if (given.rfind(scheme, 0) == 0 && same_token(std::string_view(given).substr(scheme.size()), token_))
        return std::nullopt;
    return error_reply(401, "unauthorized", "this request needs the service's token: Authorization: Bearer TOKEN");
}

std::optional<reply> http_front::refuse_non_json(const httplib::Request& req)
{
    const auto type = req.get_header_value("Content-Type");
    const auto bare = type.substr(0, type.find(';'));
    if (bare == "application/json") return std::nullopt;
    return error_reply(
        415, "unsupported_media_type",
        fmt::format("send the assessment as Content-Type: application/json, not \"{}\"", escape_control(type)));
}

evaluate_request http_front::evaluation(const httplib::Request& req)
{
    evaluate_request r;
    r.body = req.body;
    r.methodology = req.get_param_value("methodology");
    if (req.has_param("format")) r.format = req.get_param_value("format");
    return r;
}

void http_front::pages(httplib::Server& server)
{
    // The page's files are the ones serve/page/MANIFEST names; any other such path is 404.
    get(server, R"(/|/[a-z_]+\.(js|css))", [](const httplib::Request& req, httplib::Response& res) {
        const auto* a = find_asset(req.path);
        if (!a) {
            res.status = 404;  // the error handler writes the JSON
            return;
        }
        res.set_content(std::string(a->body), std::string(a->content_type).c_str());
        res.set_header("Content-Security-Policy", page_policy);
    });
    // The page's "open the report": a form posted to a new window, so that the report
    // is a document of its own (a script cannot open a POST response in a window).
    post(server, "/report", [this](const httplib::Request& req, httplib::Response& res) {
        evaluate_request r;
        r.body = req.get_param_value("assessment");
        r.methodology = req.get_param_value("methodology");
        r.format = "html";
        send(res, service_.evaluate(r));
        if (res.status == 200) res.set_header("Content-Security-Policy", report_policy);
    });
}

void http_front::reading(httplib::Server& server)
{
    get(server, "/api/v1/health", [this](const auto&, auto& res) { send(res, service_.health()); });
    get(server, "/api/v1/methodologies", [this](const auto&, auto& res) { send(res, service_.methodologies()); });
    get(server, R"(/api/v1/methodologies/([^/]+)/([^/]+)(?:/(schema|template))?)",
        [this](const httplib::Request& req, httplib::Response& res) {
            const std::string format = req.has_param("format") ? req.get_param_value("format") : "json";
            send(res, service_.version(req.matches[1], req.matches[2], req.matches[3], format));
        });
    get(server, R"(/api/v1/decisions/([0-9]{1,18}))", [this](const httplib::Request& req, httplib::Response& res) {
        send(res, service_.find_record(std::stoll(req.matches[1])));
    });
    get(server, "/api/v1/log/verify", [this](const auto&, auto& res) { send(res, service_.verify()); });
}

void http_front::writing(httplib::Server& server)
{
    post(server, "/api/v1/evaluate", [this](const httplib::Request& req, httplib::Response& res) {
        const auto refused = refuse_non_json(req);
        send(res, refused ? *refused : service_.evaluate(evaluation(req)));
    });
    post(server, "/api/v1/plan", [this](const httplib::Request& req, httplib::Response& res) {
        const auto refused = refuse_non_json(req);
        auto r = evaluation(req);
        if (req.has_param("target")) r.target = req.get_param_value("target");
        send(res, refused ? *refused : service_.plan(r));
    });
    post(server, "/api/v1/decisions", [this](const httplib::Request& req, httplib::Response& res) {
        auto refused = refuse_write(req);
        if (!refused) refused = refuse_non_json(req);
        send(res, refused ? *refused : service_.record(evaluation(req), req.get_param_value("expert")));
    });
    post(server, "/api/v1/reload", [this](const httplib::Request& req, httplib::Response& res) {
        const auto refused = refuse_write(req);
        send(res, refused ? *refused : service_.reload());
    });
}

void http_front::routes(httplib::Server& server)
{
    server.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
        if (!loopback_ || is_local_host_header(req.get_header_value("Host")))
            return httplib::Server::HandlerResponse::Unhandled;
        send(res, error_reply(403, "host_not_allowed",
                              fmt::format("this service listens on loopback and answers only to localhost, "
                                          "127.0.0.1 or [::1], not to Host \"{}\"",
                                          escape_control(req.get_header_value("Host")))));
        return httplib::Server::HandlerResponse::Handled;
    });
    pages(server);
    reading(server);
    writing(server);
    // Whatever no route answered, and the limits httplib enforces (413 for a body over
    // the limit), as JSON like every other error.
    server.set_error_handler([this](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return;
        send(res, unanswered(req, res));
    });
    server.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr e) {
        std::string what = "unknown";
        try {
            std::rethrow_exception(e);
        } catch (const std::exception& x) {
            what = x.what();
        } catch (...) {}
        std::cerr << "error: a request failed: " << escape_control(what) << "\n";
        send(res, error_reply(500, "internal_error", "the service failed on this request; see its error output"));
    });
}

void configure(httplib::Server& server, const serve_options& o)
{
    server.set_payload_max_length(limits::max_request_bytes);
    server.set_read_timeout(limits::request_timeout_seconds, 0);
    server.set_write_timeout(limits::request_timeout_seconds, 0);
    server.set_keep_alive_timeout(limits::request_timeout_seconds);
    server.set_default_headers(common_headers);
    // httplib writes the headers and the body of a response in two writes; with Nagle's
    // algorithm on, the body then waits for the client's delayed ACK of the headers
    // (40 ms on Linux): every answer on a keep-alive connection took 40+ ms.
    server.set_tcp_nodelay(true);
    // httplib's default also sets SO_REUSEPORT, with which a second service on the same
    // port starts "listening" and the kernel splits the requests between the two. Only
    // SO_REUSEADDR: a restart may take the port again at once, a second service may not.
    server.set_socket_options([](socket_t sock) {
        int yes = 1;
        setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    const std::size_t threads =
        o.threads ? o.threads : std::max<std::size_t>(8, 4 * std::max(1U, std::thread::hardware_concurrency()));
    server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
}

std::optional<std::string> read_token(const std::string& path)
{
    const auto read = read_input_file(path);
    if (!read.text) {
        std::cerr << fmt::format("error: cannot read the token file '{}': {}\n", path, read.reason);
        return std::nullopt;
    }
    std::string token = *read.text;
    while (!token.empty() && (token.back() == '\n' || token.back() == '\r' || token.back() == ' ')) token.pop_back();
    if (token.size() < 16 || token.find_first_of(" \t\r\n") != std::string::npos) {
        std::cerr << fmt::format("error: the token in '{}' must be one line of at least 16 characters\n", path);
        return std::nullopt;
    }
    return token;
}

// SIGHUP reloads, SIGINT and SIGTERM stop: handled by one thread that waits for them,
// with the signals blocked everywhere else, so no handler runs in an arbitrary thread.
class signal_thread {
public:
    signal_thread(httplib::Server& server, service& s)
    {
        sigemptyset(&set_);
        for (int sig : {SIGHUP, SIGINT, SIGTERM}) sigaddset(&set_, sig);
        pthread_sigmask(SIG_BLOCK, &set_, nullptr);
        thread_ = std::thread([this, &server, &s] { wait(server, s); });
    }
    ~signal_thread()
    {
        served_ = true;
        pthread_kill(thread_.native_handle(), SIGTERM);
        thread_.join();
    }

private:
    void wait(httplib::Server& server, service& s)
    {
        for (;;) {
            int sig = 0;
            if (sigwait(&set_, &sig) != 0) continue;
            if (sig != SIGHUP) break;
            const auto r = s.reload();
            std::cerr << (r.status == 200 ? "reloaded the rules: " : "the rules were not reloaded: ") << r.body;
        }
        // httplib's stop() does nothing until listen_after_bind() runs: a signal that
        // came between the "listening" line and then was lost, and the service could
        // only be killed. Stop until it has stopped.
        while (!served_) {
            server.stop();
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    }
    std::atomic<bool> served_{false};
    sigset_t set_;
    std::thread thread_;
};

std::optional<int> check_options(const serve_options& o, const std::optional<endpoint>& at)
{
    if (!at) {
        std::cerr << fmt::format("error: --listen \"{}\" is not HOST:PORT (e.g. 127.0.0.1:8080)\n",
                                 escape_control(o.listen));
        return 2;
    }
    if (!is_loopback(at->host) && o.token_file.empty()) {
        std::cerr << fmt::format("error: listening on {} reaches beyond this machine; give --token-file FILE, the "
                                 "bearer token that recording and reloading then need\n",
                                 escape_control(at->host));
        return 2;
    }
    return std::nullopt;
}

std::optional<int> check_log(const serve_options& o)
{
    if (o.log.empty() || !std::filesystem::exists(o.log)) return std::nullopt;
    const auto v = verify_log(o.log);
    if (!v.ok()) {
        std::cerr << "error: " << escape_control(v.diagnostics().front().message) << "\n";
        return 2;
    }
    if (v->intact) return std::nullopt;
    std::cerr << escape_control(fmt::format("error: the decision log '{}' does not verify ({}); nothing will be "
                                            "recorded in it; run hallmark verify\n",
                                            o.log, v->problem));
    return 2;
}

}  // namespace

int run_serve(const serve_options& o)
{
    const auto at = parse_listen(o.listen);
    if (auto refused = check_options(o, at)) return *refused;
    std::string token;
    if (!o.token_file.empty()) {
        auto read = read_token(o.token_file);
        if (!read) return 2;
        token = *read;
    }
    if (auto refused = check_log(o)) return *refused;
    service s(o.rules_dir, o.log);
    try {
        if (const auto problems = s.start(); !problems.empty()) {
            std::cerr << render_all(problems) << "error: the rules do not compile; nothing is served\n";
            return 2;
        }
    } catch (const log_error& e) {
        std::cerr << "error: " << escape_control(e.what()) << "\n";
        return 2;
    }
    deep_server server;
    configure(server, o);
    http_front front(s, token, is_loopback(at->host));
    front.routes(server);
    const int port = at->port == 0                             ? server.bind_to_any_port(at->host)
                     : server.bind_to_port(at->host, at->port) ? at->port
                                                               : -1;
    if (port < 0 || !server.deepen_backlog()) {
        std::cerr << fmt::format("error: cannot listen on {}: {}\n", escape_control(o.listen), std::strerror(errno));
        return 2;
    }
    // The signals are taken before the line that tells a supervisor it may send them.
    signal_thread signals(server, s);
    const auto shown = at->host.find(':') != std::string::npos ? "[" + at->host + "]" : at->host;
    std::cout << fmt::format("hallmark serve: listening on http://{}:{}/ ({} rule versions from {})\n", shown, port,
                             s.version_count(), o.rules_dir)
              << std::flush;
    server.listen_after_bind();
    std::cout << "hallmark serve: stopped\n";
    return 0;
}

}  // namespace hallmark::serve
