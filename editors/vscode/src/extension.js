// SPDX-License-Identifier: Apache-2.0
// The VS Code client of `hallmark lsp`: starts the server over stdio for `*.rules` files
// (language id `hallmark`) and restarts it on request or when its settings change.
// Bundled with vscode-languageclient into dist/extension.js by `npm run build`
// (editors/README.md); `vscode` itself is provided by the editor at run time.
"use strict";
const path = require("path");
const vscode = require("vscode");
const { CloseAction, LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client = null;
let output = null;

// The settings of the `hallmark.server` section, checked: a wrong type is refused with a
// message rather than passed on to the process as something it did not mean.
function read_settings() {
    const config = vscode.workspace.getConfiguration("hallmark.server");
    const command = config.get("path", "hallmark");
    const args = config.get("args", []);
    if (typeof command !== "string" || command.trim() === "")
        throw new Error("the setting hallmark.server.path must name the hallmark executable");
    if (!Array.isArray(args) || !args.every((a) => typeof a === "string"))
        throw new Error("the setting hallmark.server.args must be a list of strings");
    return { command: resolve_command(command.trim()), args };
}

// A bare name is looked up on PATH by the system; a relative path with a directory in it
// is taken from the first workspace folder, as a user who writes `build/hallmark` means,
// but only in a trusted workspace: opening a folder must not run a program inside it.
function resolve_command(command) {
    if (path.isAbsolute(command) || !/[\\/]/.test(command)) return command;
    const folders = vscode.workspace.workspaceFolders;
    if (!folders || folders.length === 0)
        throw new Error(`hallmark.server.path '${command}' is relative, and no folder is open to take it from`);
    if (vscode.workspace.isTrusted === false)
        throw new Error(`hallmark.server.path '${command}' names a program inside this workspace, which is not ` +
            "trusted: trust the folder, or give an absolute path or a name on PATH");
    return path.join(folders[0].uri.fsPath, command);
}

// `hallmark lsp ARGS...` over stdio (the client adds `--stdio`, which the server accepts).
function server_options(settings) {
    const executable = { command: settings.command, args: ["lsp", ...settings.args], transport: TransportKind.stdio };
    return { run: executable, debug: executable };
}

function client_options(state) {
    return {
        documentSelector: [
            { scheme: "file", language: "hallmark" },
            { scheme: "untitled", language: "hallmark" },
        ],
        outputChannel: output,
        traceOutputChannel: output,
        errorHandler: error_handler(state),
    };
}

// A server that ends before it ever answered (a wrong path or argument, a build that
// crashes at once) is not restarted again and again: start() reports it once. One that
// ran and then crashed is restarted as the library does by default (up to 4 times in
// 3 minutes).
function error_handler(state) {
    let fallback = null;
    const usual = () => (fallback = fallback || state.client.createDefaultErrorHandler(4));
    return {
        error: (error, message, count) => usual().error(error, message, count),
        closed: () => (state.ran ? usual().closed() : { action: CloseAction.DoNotRestart, handled: true }),
    };
}

async function start() {
    let settings;
    try {
        settings = read_settings();
    } catch (e) {
        report(e.message);
        return;
    }
    const command_line = [settings.command, "lsp", ...settings.args].join(" ");
    output.appendLine(`starting ${command_line}`);
    const state = { client: null, ran: false };
    state.client = new LanguageClient("hallmark", "hallmark", server_options(settings), client_options(state));
    client = state.client;
    try {
        await client.start();
        // start() can resolve for a server that closed the connection while starting.
        if (!client.isRunning()) throw new Error("the server ended while starting; its messages are in the output");
        state.ran = true;
    } catch (e) {
        client = null;
        report(`\`${command_line}\` did not start (${e.message || e}); check the settings ` +
            "hallmark.server.path and hallmark.server.args, and the output channel 'hallmark'");
    }
}

async function stop() {
    const running = client;
    client = null;
    if (running) await running.stop().catch((e) => output.appendLine(`stopping: ${e.message || e}`));
}

// Restarts run one after another: a settings change and the command at once must not
// leave two servers running.
let restarting = Promise.resolve();
function restart() {
    restarting = restarting.then(stop).then(start).catch((e) => report(`restarting: ${e.message || e}`));
    return restarting;
}

function report(message) {
    output.appendLine(message);
    vscode.window.showErrorMessage(`hallmark: ${message}`);
}

async function activate(context) {
    output = vscode.window.createOutputChannel("hallmark");
    context.subscriptions.push(
        output,
        vscode.commands.registerCommand("hallmark.restartServer", restart),
        vscode.commands.registerCommand("hallmark.showOutput", () => output.show(true)),
        vscode.workspace.onDidChangeConfiguration((e) => {
            if (e.affectsConfiguration("hallmark.server")) return restart();
        }),
        // Trusting the folder may change the settings that apply (package.json, capabilities).
        vscode.workspace.onDidGrantWorkspaceTrust(() => restart()),
    );
    await start();
}

function deactivate() {
    return stop();
}

module.exports = { activate, deactivate, server_options, current_client: () => client };
