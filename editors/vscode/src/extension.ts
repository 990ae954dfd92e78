// The VS Code client for claimls: starts the server over stdio, passes the
// `claimls.*` settings, and offers a restart command.

import * as fs from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  LanguageClientOptions,
  RevealOutputChannelOn,
  ServerOptions,
  State,
  TransportKind,
} from "vscode-languageclient/node";
import { binaryName, findServer, Found, NotFound } from "./discovery";
import { SERVER_SETTINGS, serverOptions } from "./options";

const SECTION = "claimls";

let client: LanguageClient | undefined;
let output: vscode.OutputChannel | undefined;
/** Serialises start/stop so that quick restarts do not interleave. */
let queue: Promise<void> = Promise.resolve();

function log(message: string): void {
  output?.appendLine(`[${new Date().toISOString()}] ${message}`);
}

function workspaceFolder(): string | undefined {
  return vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === "file")?.uri.fsPath;
}

function currentOptions() {
  const config = vscode.workspace.getConfiguration(SECTION);
  return serverOptions((key) => config.get(key), workspaceFolder());
}

/** A .vsix may lose the executable bit of the bundled binary; restore it. */
function ensureBundledExecutable(extensionPath: string): void {
  if (process.platform === "win32") {
    return;
  }
  const bundled = path.join(extensionPath, "bin", binaryName());
  try {
    const stat = fs.statSync(bundled);
    if (stat.isFile() && (stat.mode & 0o111) === 0) {
      fs.chmodSync(bundled, stat.mode | 0o755);
      log(`made the bundled server executable: ${bundled}`);
    }
  } catch {
    // No bundled binary: discovery goes on to PATH.
  }
}

function discover(context: vscode.ExtensionContext): Found {
  ensureBundledExecutable(context.extensionPath);
  return findServer({
    setting: vscode.workspace.getConfiguration(SECTION).get<string>("server.path") ?? "",
    env: process.env.CLAIMLS_PATH,
    extensionPath: context.extensionPath,
    pathEnv: process.env.PATH,
    pathExt: process.env.PATHEXT,
    workspaceFolder: workspaceFolder(),
  });
}

async function reportNotFound(error: NotFound): Promise<void> {
  log(error.message);
  const openSettings = "Open Settings";
  const showOutput = "Show Output";
  const choice = await vscode.window.showErrorMessage(error.message, openSettings, showOutput);
  if (choice === openSettings) {
    await vscode.commands.executeCommand("workbench.action.openSettings", "claimls.server.path");
  } else if (choice === showOutput) {
    output?.show(true);
  }
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  let found: Found;
  try {
    found = discover(context);
  } catch (error) {
    if (error instanceof NotFound) {
      await reportNotFound(error);
      return;
    }
    throw error;
  }
  log(`starting ${found.path} (found via ${found.source})`);

  const run = { command: found.path, args: [] as string[], transport: TransportKind.stdio };
  const server: ServerOptions = { run, debug: run };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "claim" },
      { scheme: "untitled", language: "claim" },
    ],
    initializationOptions: currentOptions(),
    outputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    synchronize: {
      // claimls.toml changes are picked up by the server itself (it re-reads
      // the file when its modification time changes); watching it here too
      // lets a future server react to file events.
      fileEvents: vscode.workspace.createFileSystemWatcher("**/claimls.toml"),
    },
  };
  const next = new LanguageClient("claimls", "claimls", server, clientOptions);
  client = next;
  try {
    await next.start();
    const info = next.initializeResult?.serverInfo;
    log(`server started${info ? `: ${info.name} ${info.version ?? ""}` : ""}`);
  } catch (error) {
    client = undefined;
    void next.dispose().catch(() => undefined);
    const message = error instanceof Error ? error.message : String(error);
    log(`the server failed to start: ${message}`);
    void vscode.window
      .showErrorMessage(`claimls: the language server (${found.path}) failed to start: ${message}`, "Show Output")
      .then((choice) => {
        if (choice) {
          output?.show(true);
        }
      });
  }
}

async function stop(): Promise<void> {
  const current = client;
  client = undefined;
  if (!current) {
    return;
  }
  try {
    if (current.state === State.Running || current.state === State.Starting) {
      await current.stop(5000);
    }
  } catch (error) {
    log(`stopping the server: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    await current.dispose();
  } catch {
    // Already stopped.
  }
}

function enqueue(task: () => Promise<void>): Promise<void> {
  queue = queue.then(task, task);
  return queue;
}

function restart(context: vscode.ExtensionContext): Promise<void> {
  return enqueue(async () => {
    log("restarting the server");
    await stop();
    await start(context);
  });
}

/** Sends the current settings without restarting the server. */
async function pushSettings(): Promise<void> {
  if (!client || client.state !== State.Running) {
    return;
  }
  const settings = { [SECTION]: currentOptions() };
  log(`sending settings: ${JSON.stringify(settings)}`);
  await client.sendNotification(DidChangeConfigurationNotification.type, { settings });
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("claimls");
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand("claimls.restartServer", () => restart(context)),
    vscode.commands.registerCommand("claimls.showOutput", () => output?.show(true)),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (!event.affectsConfiguration(SECTION)) {
        return;
      }
      if (event.affectsConfiguration(`${SECTION}.server.path`)) {
        await restart(context);
      } else if (
        SERVER_SETTINGS.some((key) => event.affectsConfiguration(`${SECTION}.${key}`))
      ) {
        await enqueue(pushSettings);
      }
      // claimls.trace.server is applied by vscode-languageclient itself.
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => enqueue(pushSettings)),
  );
  await enqueue(() => start(context));
}

export function deactivate(): Promise<void> {
  return enqueue(stop);
}
