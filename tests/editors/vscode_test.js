// SPDX-License-Identifier: Apache-2.0
// The VS Code extension of editors/vscode without VS Code (which cannot be downloaded
// here): run by tests/editors/vscode_test.py after `npm ci` and `vsce package`.
//
//   node vscode_test.js EXTENSION_DIR HALLMARK
//
// 1. The bundle (EXTENSION_DIR/dist/extension.js) loads under node with a stub of the
//    `vscode` module; activated, its language client (the real vscode-languageclient,
//    bundled) spawns the configured executable as `EXE lsp --stdio`, completes the
//    handshake with the real `hallmark lsp`, shows the error of an open rule file in the
//    diagnostic collection at its line and UTF-16 column and clears it when an edit fixes
//    the text, and stops the server cleanly; the restart command (twice at once), a
//    settings change, a relative path, an untrusted workspace, a bad setting, an argument
//    the server refuses and a missing executable.
// 2. A whole session through the protocol library the client is built on
//    (vscode-languageserver-protocol over vscode-jsonrpc's stream connection): initialize,
//    open a rule file with an error, its diagnostic at the right line and UTF-16 column,
//    the text fixed and the diagnostics cleared, shutdown and exit (status 0).
// Exit 0 when all holds, 1 with each failure named.
"use strict";
const assert = require("assert");
const child_process = require("child_process");
const fs = require("fs");
const Module = require("module");
const os = require("os");
const path = require("path");

const [EXT, HALLMARK] = process.argv.slice(2).map((p) => path.resolve(p));
const ext_require = Module.createRequire(path.join(EXT, "package.json"));
const failures = [];
const GUARD_MS = 30000; // only a guard against a hang: no result depends on time

function check(condition, what) {
    if (!condition) {
        failures.push(what);
        console.log("FAIL:", what);
    }
}

function within(promise, what) {
    let timer;
    const guard = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer: ${what}`)), GUARD_MS);
    });
    return Promise.race([promise, guard]).finally(() => clearTimeout(timer));
}

// ---- 1. the extension under a stub of `vscode` ----

// Any property of the stub is another stub, callable and constructible, so the client
// library finds every API it touches; the parts the test looks at are real values.
function auto_stub(name) {
    const cache = new Map();
    const target = function () {};
    return new Proxy(target, {
        get(_, key) {
            if (typeof key === "symbol" || key === "then") return undefined;
            if (key === "toString") return () => `[stub ${name}]`;
            if (!cache.has(key)) cache.set(key, auto_stub(`${name}.${key}`));
            return cache.get(key);
        },
        apply: () => auto_stub(`${name}()`),
        construct: () => auto_stub(`new ${name}`),
    });
}

// The few classes of `vscode` whose values the test reads: what the client makes of the
// server's diagnostics.
class Position {
    constructor(line, character) { Object.assign(this, { line, character }); }
}
class Range {
    constructor(a, b, c, d) {
        [this.start, this.end] = typeof a === "number" ? [new Position(a, b), new Position(c, d)] : [a, b];
    }
}
class Diagnostic {
    constructor(range, message, severity) { Object.assign(this, { range, message, severity }); }
}
class EventEmitter {
    constructor() {
        this.listeners = [];
        this.event = (listener, self) => {
            const bound = self ? listener.bind(self) : listener;
            this.listeners.push(bound);
            return { dispose: () => this.listeners.includes(bound) && this.listeners.splice(this.listeners.indexOf(bound), 1) };
        };
    }
    fire(value) { for (const l of [...this.listeners]) l(value); }
    dispose() { this.listeners = []; }
}
class CancellationTokenSource {
    constructor() { this.token = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) }; }
    cancel() { this.token.isCancellationRequested = true; }
    dispose() {}
}

// vscode.languages.match for the filters of a document selector: language and scheme.
function selector_matches(selector, document) {
    const filters = Array.isArray(selector) ? selector : [selector];
    return filters.some((f) => (typeof f === "string" ? f === document.languageId
        : (!f.language || f.language === document.languageId) && (!f.scheme || f.scheme === document.uri.scheme)));
}

function diagnostic_collection(world) {
    const entries = new Map();
    return {
        name: "hallmark",
        set(uri, diagnostics) {
            entries.set(uri.toString(), diagnostics || []);
            world.diagnostics.set(uri.toString(), diagnostics || []);
            for (const waiter of [...world.diagnostic_waiters]) waiter();
        },
        get: (uri) => entries.get(uri.toString()),
        has: (uri) => entries.has(uri.toString()),
        delete: (uri) => entries.delete(uri.toString()),
        forEach: (fn) => entries.forEach((d, u) => fn(u, d)),
        clear: () => entries.clear(),
        dispose: () => entries.clear(),
    };
}

function make_vscode_stub(world) {
    const uri = (p) => ({ fsPath: p, path: p, scheme: "file", toString: () => "file://" + p });
    const listen = (list) => (listener, self) => {
        const bound = self ? listener.bind(self) : listener;
        list.push(bound);
        return { dispose: () => list.includes(bound) && list.splice(list.indexOf(bound), 1) };
    };
    const overrides = {
        version: "1.90.0",
        Position, Range, Diagnostic, CancellationTokenSource, EventEmitter,
        DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
        languages: {
            match: (selector, document) => (selector_matches(selector, document) ? 10 : 0),
            createDiagnosticCollection: () => diagnostic_collection(world),
        },
        env: Object.assign(auto_stub("env"), {}),
        Uri: { file: uri, parse: (s) => uri(s.replace(/^file:\/\//, "")) },
        window: {
            createOutputChannel(name) {
                const channel = { name, lines: [], appendLine: (l) => channel.lines.push(l),
                    append: (t) => channel.lines.push(t), show() {}, clear() {}, dispose() {},
                    replace() {}, hide() {} };
                world.channels.push(channel);
                return channel;
            },
            showErrorMessage: (m) => { world.errors.push(m); return Promise.resolve(undefined); },
            showWarningMessage: (m) => { world.warnings.push(m); return Promise.resolve(undefined); },
            showInformationMessage: (m) => { world.infos.push(m); return Promise.resolve(undefined); },
        },
        commands: {
            registerCommand(id, fn) {
                world.commands.set(id, fn);
                return { dispose: () => world.commands.delete(id) };
            },
            executeCommand: () => Promise.resolve(undefined),
        },
        workspace: {
            get workspaceFolders() { return world.folders.map((f, index) => ({ uri: uri(f), name: path.basename(f), index })); },
            get textDocuments() { return world.documents; },
            onDidOpenTextDocument: listen(world.open_listeners),
            onDidChangeTextDocument: listen(world.change_listeners),
            get isTrusted() { return world.trusted; },
            onDidGrantWorkspaceTrust(listener) {
                world.trust_listeners.push(listener);
                return { dispose() {} };
            },
            getConfiguration(section) {
                return {
                    get: (key, fallback) => {
                        const full = section ? `${section}.${key}` : key;
                        return full in world.settings ? world.settings[full] : fallback;
                    },
                    has: (key) => `${section}.${key}` in world.settings,
                };
            },
            onDidChangeConfiguration(listener) {
                world.config_listeners.push(listener);
                return { dispose() {} };
            },
        },
    };
    const stub = auto_stub("vscode");
    return new Proxy(stub, {
        get(target, key) {
            if (key in overrides) {
                const o = overrides[key];
                return typeof o === "object" && key !== "Uri" ? with_fallback(o, `vscode.${key}`) : o;
            }
            return target[key];
        },
    });
}

function with_fallback(object, name) {
    const fallback = auto_stub(name);
    return new Proxy(object, { get: (o, key) => (key in o ? o[key] : fallback[key]) });
}

// An open text document as the client reads it, which the test edits.
function open_document(file, text) {
    const document = {
        uri: { fsPath: file, path: file, scheme: "file", toString: () => "file://" + file },
        fileName: file, languageId: "hallmark", version: 1, isClosed: false, isUntitled: false,
        getText: () => text,
        edit(next) { text = next; document.version += 1; },
    };
    return document;
}

// The diagnostics the client set for a document once they satisfy `accept`.
function diagnostics_of(world, document, accept) {
    const key = document.uri.toString();
    return new Promise((resolve) => {
        const look = () => {
            const d = world.diagnostics.get(key);
            if (d === undefined || !accept(d)) return false;
            world.diagnostic_waiters.splice(world.diagnostic_waiters.indexOf(look), 1);
            resolve(d);
            return true;
        };
        world.diagnostic_waiters.push(look);
        look();
    });
}

// child_process.spawn as the bundle calls it (a property read at call time), recorded
// and passed on to the real one.
function record_spawns(world) {
    const real = child_process.spawn;
    child_process.spawn = function (command, args, options) {
        const proc = real.call(this, command, args, options);
        const entry = { command, args, options, proc, exit: null };
        proc.on("exit", (code) => { entry.exit = code; });
        world.spawns.push(entry);
        return proc;
    };
}

function exited(entry) {
    if (entry.exit !== null) return Promise.resolve(entry.exit);
    return within(new Promise((resolve) => entry.proc.on("exit", (code) => resolve(code))), "server exit");
}

const world_of_test = { failing_start: false };

async function test_extension() {
    const world = Object.assign(world_of_test, { settings: {}, folders: [], channels: [], errors: [], warnings: [], infos: [],
        commands: new Map(), config_listeners: [], spawns: [],
        trusted: true, trust_listeners: [], documents: [], open_listeners: [], change_listeners: [],
        diagnostics: new Map(), diagnostic_waiters: [] });
    const stub = make_vscode_stub(world);
    const load = Module._load;
    Module._load = function (request, ...rest) {
        return request === "vscode" ? stub : load.call(this, request, ...rest);
    };
    record_spawns(world);
    const extension = require(path.join(EXT, "dist", "extension.js"));
    check(typeof extension.activate === "function" && typeof extension.deactivate === "function",
        "the bundle exports activate and deactivate");

    // The default: `hallmark` on PATH.
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), "hallmark-vscode-"));
    fs.symlinkSync(HALLMARK, path.join(bin, "hallmark"));
    process.env.PATH = `${bin}${path.delimiter}${process.env.PATH}`;
    // A rule file with an error is open when the extension starts.
    const texts = session_texts();
    const doc_dir = fs.mkdtempSync(path.join(os.tmpdir(), "hallmark-vscode-doc-"));
    const document = open_document(path.join(doc_dir, "session.rules"), texts.bad);
    world.documents.push(document);
    const context = { subscriptions: [] };
    await within(extension.activate(context), "activate");
    const manifest = JSON.parse(fs.readFileSync(path.join(EXT, "package.json"), "utf8"));
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    // In VS Code a setting's value when unset is package.json's default, here the code's:
    // they must agree.
    const properties = manifest.contributes.configuration.properties;
    check(properties["hallmark.server.path"].default === "hallmark" &&
        JSON.stringify(properties["hallmark.server.args"].default) === "[]",
        "package.json's defaults are those of the code: hallmark on PATH, no more arguments");
    // The extension's own commands, and the server's hallmark.runTest (its code lenses'
    // command), which the client registers from the server's answer to initialize.
    const expected = [...contributed, "hallmark.runTest"].sort();
    check(JSON.stringify([...world.commands.keys()].sort()) === JSON.stringify(expected),
        `the commands registered ${[...world.commands.keys()]} are ${expected}`);
    check(world.channels.length === 1 && world.channels[0].name === "hallmark", "one output channel 'hallmark'");
    check(world.spawns.length === 1, `activation starts one server (started ${world.spawns.length})`);
    const first = world.spawns[0];
    if (first) {
        check(first.command === "hallmark", `the default executable is 'hallmark' on PATH, not ${first.command}`);
        check(JSON.stringify(first.args) === JSON.stringify(["lsp", "--stdio"]),
            `the server runs as 'hallmark lsp --stdio', not with ${JSON.stringify(first.args)}`);
        check(first.proc.stdin && first.proc.stdout, "the server's stdin and stdout are pipes");
    }
    const client = extension.current_client();
    check(client && client.isRunning(), "after activation the client is running (the handshake with hallmark lsp completed)");
    check(world.errors.length === 0, `no error shown on activation: ${world.errors}`);

    // Errors as you type, through the client: the open document's error lands in the
    // diagnostic collection at its line and UTF-16 column; an edit that fixes it clears it.
    let shown = await within(diagnostics_of(world, document, (d) => d.length > 0), "diagnostics of the open document");
    const error = shown.find((d) => d.severity === 0);
    check(shown.length === 1 && error && error.range.start.line === texts.line &&
        error.range.start.character === texts.character && error.message.includes("stafff"),
        `the editor shows the error at ${texts.line}:${texts.character}: ${JSON.stringify(shown)}`);
    document.edit(texts.good);
    await Promise.all(world.change_listeners.map((l) => l({ document, contentChanges: [{ text: texts.good }], reason: undefined })));
    shown = await within(diagnostics_of(world, document, (d) => d.length === 0), "diagnostics cleared by the edit");
    check(shown.length === 0, "the edit that fixes the text clears the diagnostics");
    world.documents.length = 0;
    fs.rmSync(doc_dir, { recursive: true, force: true });

    // The restart command stops the server (shutdown, exit: status 0) and starts another.
    await within(world.commands.get("hallmark.restartServer")(), "restart");
    check(world.spawns.length === 2 && extension.current_client() && extension.current_client().isRunning(),
        "the restart command starts a new server");
    if (first) check((await exited(first)) === 0, "the restarted server ended with status 0 (shutdown, then exit)");

    // A settings change restarts with the new path, relative to the workspace folder.
    world.folders = [path.dirname(path.dirname(HALLMARK))];
    world.settings["hallmark.server.path"] = path.relative(world.folders[0], HALLMARK);
    world.settings["hallmark.server.args"] = [];
    const affects = (s) => "hallmark.server".startsWith(s) || s.startsWith("hallmark.server");
    await within(Promise.all(world.config_listeners.map((l) => l({ affectsConfiguration: affects }))), "settings change");
    const third = world.spawns[2];
    check(third && third.command === HALLMARK,
        `a relative hallmark.server.path is taken from the workspace folder (ran ${third && third.command})`);
    check(extension.current_client() && extension.current_client().isRunning(), "the server restarted after the settings change runs");
    // A change to another extension's settings leaves the server alone.
    await Promise.all(world.config_listeners.map((l) => l({ affectsConfiguration: (s) => s === "editor" })));
    check(world.spawns.length === 3, "a change to other settings does not restart the server");

    // Two restarts at once run one after the other: each server started is stopped but the last.
    const n = world.spawns.length;
    const restart = world.commands.get("hallmark.restartServer");
    await within(Promise.all([restart(), restart()]), "two restarts at once");
    check(world.spawns.length === n + 2, `two restarts start two servers (${world.spawns.length - n})`);
    if (world.spawns.length === n + 2) {
        check((await exited(world.spawns[n - 1])) === 0 && (await exited(world.spawns[n])) === 0,
            "two restarts at once stop the servers before them");
        check(world.spawns[n + 1].exit === null && extension.current_client().isRunning(), "the last server runs");
    }

    // A setting of the wrong type is refused, naming it; nothing is started.
    world.settings["hallmark.server.args"] = "--stdio";
    const started = world.spawns.length;
    await within(world.commands.get("hallmark.restartServer")(), "restart with bad args");
    check(world.spawns.length === started && world.errors.some((e) => e.includes("hallmark.server.args")),
        `a hallmark.server.args that is not a list is refused, naming it: ${world.errors}`);
    world.settings["hallmark.server.args"] = [];

    // An argument the server refuses: it ends while starting; one error names the command
    // line and the settings, and the server is not started again and again.
    world.errors.length = 0;
    world.settings["hallmark.server.args"] = ["--no-such-option"];
    const before = world.spawns.length;
    world.failing_start = true;
    await within(world.commands.get("hallmark.restartServer")(), "restart with a bad argument");
    check(world.errors.some((e) => e.includes(`${HALLMARK} lsp --no-such-option`) && e.includes("hallmark.server.args")),
        `a server that ends while starting is reported with its command line and settings: ${world.errors}`);
    check(extension.current_client() === null, "no client is left after a server ended while starting");
    world.settings["hallmark.server.args"] = [];

    // In an untrusted workspace a relative path (a program inside the folder) is not run;
    // trusting the folder starts it.
    world.errors.length = 0;
    world.trusted = false;
    world.settings["hallmark.server.path"] = path.relative(world.folders[0], HALLMARK);
    const untrusted = world.spawns.length;
    await within(world.commands.get("hallmark.restartServer")(), "restart in an untrusted workspace");
    check(world.spawns.length === untrusted && extension.current_client() === null &&
        world.errors.some((e) => e.includes("not trusted") && e.includes("hallmark.server.path")),
        `a relative path is not run in an untrusted workspace: ${world.errors}`);
    world.trusted = true;
    await within(Promise.all(world.trust_listeners.map((l) => l())), "trust granted");
    check(world.spawns.length === untrusted + 1 && world.spawns[untrusted].command === HALLMARK &&
        extension.current_client() && extension.current_client().isRunning(), "trusting the folder starts the server");

    // A missing executable: an error that says which setting to change.
    world.errors.length = 0;
    world.settings["hallmark.server.path"] = path.join(bin, "no-such-hallmark");
    await within(world.commands.get("hallmark.restartServer")(), "restart with a missing executable");
    check(world.errors.some((e) => e.includes("hallmark.server.path") && e.includes("no-such-hallmark")),
        `a missing executable is reported, naming hallmark.server.path: ${world.errors}`);
    check(extension.current_client() === null, "no client is left after a failed start");
    check(world.spawns.length === before + 3, `a failed start is not retried (${world.spawns.length - before} starts for 3)`);

    // Back to a working server, then deactivate: it ends with status 0.
    world.settings["hallmark.server.path"] = HALLMARK;
    await within(world.commands.get("hallmark.restartServer")(), "restart");
    const last = world.spawns[world.spawns.length - 1];
    await within(Promise.resolve(extension.deactivate()), "deactivate");
    check((await exited(last)) === 0, "deactivate ends the server with status 0");
    for (const d of context.subscriptions) d.dispose();
    fs.rmSync(bin, { recursive: true, force: true });
    Module._load = load;
}

// ---- 2. a session through vscode-languageserver-protocol ----

// The rule file both parts open, fixed and broken, and where the error of the broken text
// is. The error: a name nothing declares, after a title with letters outside the BMP on
// its line, so a byte or code point column would be off. JavaScript strings count UTF-16
// units, the protocol's unit, so indexOf gives the expected column.
function session_texts() {
    const good = fs.readFileSync(path.join(__dirname, "vscode_session.rules"), "utf8");
    const bad = good.replace("requires staff >= 0.5 FTE", "requires stafff >= 0.5 FTE");
    assert(bad !== good, "vscode_session.rules holds the line the test breaks");
    const lines = bad.split("\n");
    const line = lines.findIndex((l) => l.includes("stafff"));
    return { good, bad, line, character: lines[line].indexOf("stafff") };
}

async function test_session() {
    const protocol = ext_require("vscode-languageserver-protocol/node");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hallmark-session-"));
    const file = path.join(dir, "session.rules");
    const uri = "file://" + file;
    const { good, bad, line, character } = session_texts();

    const server = child_process.spawn(HALLMARK, ["lsp", "--stdio"], { stdio: ["pipe", "pipe", "inherit"] });
    const exit = new Promise((resolve) => server.on("exit", (code) => resolve(code)));
    const connection = protocol.createProtocolConnection(
        new protocol.StreamMessageReader(server.stdout), new protocol.StreamMessageWriter(server.stdin));
    const published = [];
    let waiting = null;
    connection.onNotification(protocol.PublishDiagnosticsNotification.type, (params) => {
        published.push(params);
        if (waiting) waiting();
    });
    const next_diagnostics = () => within(new Promise((resolve) => {
        const seen = published.length;
        waiting = () => { if (published.length > seen) { waiting = null; resolve(published[published.length - 1]); } };
    }), "publishDiagnostics");
    connection.listen();

    const init = await within(connection.sendRequest(protocol.InitializeRequest.type,
        { processId: process.pid, rootUri: "file://" + dir, capabilities: {}, workspaceFolders: null }), "initialize");
    check(init.capabilities && init.capabilities.textDocumentSync !== undefined, "initialize answers the server's capabilities");
    await connection.sendNotification(protocol.InitializedNotification.type, {});

    let diagnostics = next_diagnostics();
    await connection.sendNotification(protocol.DidOpenTextDocumentNotification.type,
        { textDocument: { uri, languageId: "hallmark", version: 1, text: bad } });
    let params = await diagnostics;
    check(params.uri === uri, `diagnostics for the opened document (${params.uri})`);
    const errors = params.diagnostics.filter((d) => d.severity === protocol.DiagnosticSeverity.Error);
    check(errors.length === 1, `one error for the misspelt name (${JSON.stringify(params.diagnostics)})`);
    if (errors.length >= 1) {
        const start = errors[0].range.start;
        check(start.line === line && start.character === character,
            `the error is at line ${line}, UTF-16 column ${character} (0-based), not ${JSON.stringify(start)}`);
        check(errors[0].message.includes("stafff"), `the message names the unknown name: ${errors[0].message}`);
    }

    diagnostics = next_diagnostics();
    await connection.sendNotification(protocol.DidChangeTextDocumentNotification.type,
        { textDocument: { uri, version: 2 }, contentChanges: [{ text: good }] });
    params = await diagnostics;
    check(params.uri === uri && params.diagnostics.length === 0,
        `the fixed text clears the diagnostics (${JSON.stringify(params.diagnostics)})`);

    await within(connection.sendRequest(protocol.ShutdownRequest.type), "shutdown");
    await connection.sendNotification(protocol.ExitNotification.type);
    check((await within(exit, "exit")) === 0, "the server ends with status 0 after shutdown and exit");
    connection.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
}

async function main() {
    // A promise nobody waits for that fails is a failure of its own, named, not a crash.
    // vscode-languageclient itself leaves rejections unhandled when a server ends while
    // starting (its initialize request, failing as "connection got disposed" or, when the
    // server is already gone as the request is written, as "write EPIPE"; and a stop() of a
    // client that is not running): expected only after the test made that happen.
    process.on("unhandledRejection", (e) => {
        const message = String((e && e.message) || e);
        const library =
            /^(Pending response rejected since connection got disposed|Client is not running and can't be stopped|write EPIPE$)/;
        if (!(world_of_test.failing_start && library.test(message))) check(false, `unhandled rejection: ${message}`);
    });
    for (const [name, test] of [["extension", test_extension], ["session", test_session]]) {
        try {
            await test();
        } catch (e) {
            check(false, `${name}: ${e.stack || e}`);
        }
    }
    console.log(failures.length ? `vscode_test: ${failures.length} failed` : "vscode_test: OK");
    process.exit(failures.length ? 1 : 0);
}

main();
