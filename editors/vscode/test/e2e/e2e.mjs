// End-to-end test of the packaged extension in real VS Code (code-server),
// driven by playwright-core and the system's Chromium.
//
//   node test/e2e/e2e.mjs --code-server <entry.js> --vsix <file.vsix> [--artifacts <dir>] [--chromium /usr/bin/chromium]
//
// It installs the .vsix into a fresh extensions folder, starts code-server on
// 127.0.0.1 in its own process group, opens a workspace holding a claim with a
// bad modifier (77372-TC), and checks: the squiggle appears, the hover on
// 77372 shows its PC/TC indicator, turning the rule off in the workspace settings
// removes the squiggle without a restart (and back on restores it), the
// restart command and the output channel work, deleting the modifier removes
// the squiggle, and the server came from the bundled binary.
// Screenshots go to the artifacts folder. Exits non-zero on any failure.

import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";

const argv = process.argv.slice(2);
function option(name, fallback) {
  const at = argv.indexOf(`--${name}`);
  return at >= 0 ? argv[at + 1] : fallback;
}
const codeServer = option("code-server");
const vsix = option("vsix");
const artifacts = path.resolve(option("artifacts", ".artifacts"));
const chromiumPath = option("chromium", "/usr/bin/chromium");
const keep = argv.includes("--keep");
if (!codeServer || !vsix) {
  console.error("usage: e2e.mjs --code-server <entry.js> --vsix <file.vsix> [--artifacts dir] [--chromium path] [--keep]");
  process.exit(2);
}

const CLAIM = `claim SRS-0002
payer Medicare
patient DOE, JOHN dob=1958-07-21 sex=M member=1EG4TE5MK73
provider npi=1234567893
pos 11
dx A C79.31

line 2026-11-02 77372-TC units=1 dx=A charge=8950.00
`;

const BASE_SETTINGS = {
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "workbench.welcomePage.walkthroughs.openOnInstall": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true,
  "security.workspace.trust.enabled": false,
  "git.enabled": false,
  "editor.minimap.enabled": false,
  "editor.hover.delay": 200,
  "chat.commandCenter.enabled": false,
  "window.commandCenter": false,
};

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
const say = (message) => console.log(`e2e [${elapsed()}] ${message}`);
const results = [];
async function check(name, fn) {
  try {
    await fn();
    results.push({ name, ok: true });
    say(`ok   ${name}`);
  } catch (error) {
    results.push({ name, ok: false, error });
    say(`FAIL ${name}: ${error instanceof Error ? error.message.split("\n")[0] : error}`);
    throw error;
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url, timeoutMs, isAlive) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive()) {
      throw new Error("code-server exited before it was ready");
    }
    try {
      const response = await fetch(url);
      if (response.ok) {
        return;
      }
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`code-server did not answer ${url} within ${timeoutMs / 1000}s`);
}

/** Files under `dir` (recursively) whose name matches `pattern`. */
function findFiles(dir, pattern) {
  const out = [];
  if (!existsSync(dir)) {
    return out;
  }
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) {
      out.push(...findFiles(full, pattern));
    } else if (pattern.test(entry)) {
      out.push(full);
    }
  }
  return out;
}

/**
 * The point (relative to `span`) of the character `index` characters after
 * the start of `needle` inside the token span that contains it. Monaco merges
 * neighbouring tokens of the same colour into one span, so this does not
 * depend on the theme.
 */
async function charPoint(editor, needle, index) {
  const span = editor.locator(".view-line span > span", { hasText: needle }).first();
  await span.waitFor();
  const text = (await span.innerText()).replace(/\u00a0/g, " ");
  const box = await span.boundingBox();
  if (!box) {
    throw new Error(`no box for the token holding ${needle}`);
  }
  const width = box.width / text.length;
  const at = text.indexOf(needle) + index;
  return { span, position: { x: width * (at + 0.5), y: box.height / 2 } };
}

// The start of the inlay hint claimls shows after 77372 (its summary).
const INLAY = "Cranial radiosurgery in one session";

const tmp = mkdtempSync(path.join(os.tmpdir(), "claimls-vscode-e2e-"));
const userData = path.join(tmp, "user-data");
const extensions = path.join(tmp, "extensions");
const workspace = path.join(tmp, "workspace");
const settingsFile = path.join(userData, "User", "settings.json");
mkdirSync(path.dirname(settingsFile), { recursive: true });
mkdirSync(extensions, { recursive: true });
mkdirSync(workspace, { recursive: true });
mkdirSync(artifacts, { recursive: true });
writeFileSync(path.join(workspace, "srs.claim"), CLAIM);
writeFileSync(settingsFile, JSON.stringify(BASE_SETTINGS, null, 2));
const config = path.join(tmp, "config.yaml");
writeFileSync(config, "auth: none\ncert: false\n");

// The server must come from the .vsix: no CLAIMLS_PATH, and no claimls on PATH.
const env = { ...process.env };
delete env.CLAIMLS_PATH;
env.PATH = (env.PATH ?? "")
  .split(path.delimiter)
  .filter((dir) => dir !== "" && !existsSync(path.join(dir, "claimls")))
  .join(path.delimiter);
delete env.VSCODE_IPC_HOOK_CLI;

const common = ["--config", config, "--user-data-dir", userData, "--extensions-dir", extensions];
let serverProcess;
let serverLog = "";
let browserContext;
let exitCode = 1;

const timeout = setTimeout(() => {
  say("FAIL the whole test took longer than 240s");
  cleanup().finally(() => process.exit(1));
}, 240_000);

async function cleanup() {
  clearTimeout(timeout);
  try {
    await browserContext?.close();
  } catch {
    // Already gone.
  }
  if (serverProcess && serverProcess.exitCode === null) {
    // The whole group: code-server, its extension host, the claimls server.
    try {
      process.kill(-serverProcess.pid, "SIGTERM");
    } catch {
      // Already gone.
    }
    const deadline = Date.now() + 5000;
    while (serverProcess.exitCode === null && serverProcess.signalCode === null && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    try {
      process.kill(-serverProcess.pid, "SIGKILL");
    } catch {
      // The group is gone.
    }
  }
  writeFileSync(path.join(artifacts, "code-server.log"), serverLog);
  if (exitCode !== 0) {
    // Keep VS Code's own logs (extension host, output channels) for diagnosis.
    try {
      cpSync(path.join(userData, "logs"), path.join(artifacts, "vscode-logs"), { recursive: true });
    } catch {
      // No logs yet.
    }
  }
  if (!keep) {
    rmSync(tmp, { recursive: true, force: true });
  } else {
    say(`kept ${tmp}`);
  }
}

async function main() {
  say(`installing ${path.basename(vsix)}`);
  const install = spawnSync(process.execPath, [codeServer, ...common, "--install-extension", path.resolve(vsix)], {
    env,
    encoding: "utf8",
    timeout: 120_000,
  });
  if (install.status !== 0 || !/successfully installed/i.test(install.stdout)) {
    throw new Error(`--install-extension failed (exit ${install.status}):\n${install.stdout}\n${install.stderr}`);
  }

  const port = await freePort();
  const args = [
    codeServer,
    ...common,
    "--bind-addr",
    `127.0.0.1:${port}`,
    "--auth",
    "none",
    "--disable-telemetry",
    "--disable-update-check",
    "--disable-workspace-trust",
    "--disable-getting-started-override",
    "--ignore-last-opened",
    workspace,
  ];
  say(`starting code-server on 127.0.0.1:${port}`);
  serverProcess = spawn(process.execPath, args, { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  serverProcess.stdout.on("data", (d) => (serverLog += d));
  serverProcess.stderr.on("data", (d) => (serverLog += d));
  await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000, () => serverProcess.exitCode === null);

  browserContext = await chromium.launchPersistentContext(path.join(tmp, "chromium"), {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const page = browserContext.pages()[0] ?? (await browserContext.newPage());
  page.setDefaultTimeout(30_000);
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);

  const editor = page.locator(".monaco-editor[data-uri$='srs.claim']").first();
  const squiggles = editor.locator(".squiggly-error");
  const screenshot = (name) => page.screenshot({ path: path.join(artifacts, name) });

  try {
    await check("workbench loads", async () => {
      await page.locator(".monaco-workbench").waitFor({ timeout: 60_000 });
    });

    await check("srs.claim opens as a claim file", async () => {
      const item = page.getByRole("treeitem", { name: /srs\.claim/ }).first();
      await item.waitFor({ timeout: 30_000 });
      await item.click();
      await editor.waitFor();
      await page
        .locator(".statusbar-item", { hasText: /^Claim$/ })
        .first()
        .waitFor({ timeout: 15_000 });
    });

    await check("the bad modifier 77372-TC gets an error squiggle", async () => {
      await squiggles.first().waitFor({ timeout: 60_000 });
    });

    await check("the server is the binary bundled in the .vsix", async () => {
      // The extension logs where it found the server into its output channel,
      // which VS Code also writes to a file under the user data folder.
      const deadline = Date.now() + 15_000;
      let text = "";
      while (Date.now() < deadline) {
        text = findFiles(path.join(userData, "logs"), /claimls\.log$/)
          .map((f) => readFileSync(f, "utf8"))
          .join("\n");
        if (/found via bundled\)/.test(text) && text.includes(path.join(extensions, ""))) {
          return;
        }
        await new Promise((r) => setTimeout(r, 250));
      }
      throw new Error(`the claimls output channel does not say the server came from the bundled binary:\n${text}`);
    });

    await check('"claimls: Show output" shows the output channel', async () => {
      await page.keyboard.press("F1");
      const input = page.locator(".quick-input-widget input").first();
      await input.waitFor();
      await input.fill(">claimls: Show output");
      await page.locator(".quick-input-list .monaco-list-row", { hasText: "claimls: Show output" }).first().waitFor();
      await page.keyboard.press("Enter");
      await page
        .locator(".part.panel .monaco-editor .view-lines", { hasText: "server started: claimls" })
        .first()
        .waitFor({ timeout: 15_000 });
      await screenshot("vscode-output.png");
      // Back to the claim file, with the panel closed.
      await page.keyboard.press("Control+J");
      await editor.locator(".view-lines").first().click({ position: { x: 5, y: 5 } });
    });

    await check("the hover on 77372 shows the code and its PC/TC indicator", async () => {
      const hover = page.locator(".monaco-hover:not(.hidden)", { hasText: "PC/TC indicator" }).first();
      let lastError;
      for (let attempt = 0; attempt < 4; attempt++) {
        await page.mouse.move(5, 5);
        const { span, position } = await charPoint(editor, "77372", 2);
        await span.hover({ position });
        try {
          await hover.waitFor({ timeout: 8000 });
          const text = await hover.innerText();
          if (!text.includes("77372")) {
            throw new Error(`hover text lacks 77372: ${text}`);
          }
          await screenshot("vscode-hover.png");
          return;
        } catch (error) {
          lastError = error;
        }
      }
      throw lastError;
    });
    await page.mouse.move(5, 5);
    await page.keyboard.press("Escape");

    await check("the hover on the squiggle shows the finding and its rule", async () => {
      const hover = page.locator(".monaco-hover:not(.hidden)", { hasText: "TC is not allowed on 77372" }).first();
      let lastError;
      for (let attempt = 0; attempt < 4; attempt++) {
        await page.mouse.move(5, 5);
        const { span, position } = await charPoint(editor, "TC", 1);
        await span.hover({ position });
        try {
          await hover.waitFor({ timeout: 8000 });
          const text = await hover.innerText();
          if (!text.includes("pctc-indicator")) {
            throw new Error(`the finding's hover lacks its rule id: ${text}`);
          }
          await screenshot("vscode-diagnostic.png");
          return;
        } catch (error) {
          lastError = error;
        }
      }
      throw lastError;
    });
    await page.mouse.move(5, 5);
    await page.keyboard.press("Escape");

    await check("claimls.rules turns the rule off without a restart", async () => {
      // Workspace settings: VS Code watches the workspace folder for changes.
      const workspaceSettings = path.join(workspace, ".vscode", "settings.json");
      mkdirSync(path.dirname(workspaceSettings), { recursive: true });
      // Counted, so that another rule flagging the same line would not break this check.
      const before = await squiggles.count();
      const waitForCount = async (ok, what) => {
        const deadline = Date.now() + 30_000;
        let count = await squiggles.count();
        while (!ok(count)) {
          if (Date.now() > deadline) {
            throw new Error(`${what}: ${count} squiggles (${before} before)`);
          }
          await new Promise((r) => setTimeout(r, 100));
          count = await squiggles.count();
        }
      };
      writeFileSync(workspaceSettings, JSON.stringify({ "claimls.rules": { "pctc-indicator": "off" } }));
      await waitForCount((n) => n < before, "pctc-indicator off did not remove the squiggle");
      writeFileSync(workspaceSettings, "{}");
      await waitForCount((n) => n === before, "removing the setting did not bring the squiggle back");
    });

    await check('"claimls: Restart server" starts a new server that republishes', async () => {
      const started = () =>
        findFiles(path.join(userData, "logs"), /claimls\.log$/)
          .map((f) => readFileSync(f, "utf8"))
          .join("\n")
          .split("server started: claimls").length - 1;
      const before = started();
      await page.keyboard.press("F1");
      const input = page.locator(".quick-input-widget input").first();
      await input.waitFor();
      await input.fill(">claimls: Restart server");
      await page.locator(".quick-input-list .monaco-list-row", { hasText: "claimls: Restart server" }).first().waitFor();
      await page.keyboard.press("Enter");
      const deadline = Date.now() + 20_000;
      while (started() <= before) {
        if (Date.now() > deadline) {
          throw new Error("no new 'server started' line in the claimls output channel");
        }
        await new Promise((r) => setTimeout(r, 250));
      }
      await squiggles.first().waitFor({ timeout: 30_000 });
    });

    await check("an inlay hint shows the code's summary after 77372", async () => {
      const line = editor.locator(".view-line", { hasText: "charge=" }).first();
      const deadline = Date.now() + 15_000;
      let text = "";
      while (Date.now() < deadline) {
        text = (await line.innerText()).replace(/\u00a0/g, " ");
        if (text.includes(INLAY)) {
          return;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`no inlay hint on the service line: "${text}"`);
    });

    await check("deleting the modifier removes the squiggle", async () => {
      // The word pattern makes TC a word of its own: a double click selects it alone.
      const { span, position } = await charPoint(editor, "TC", 0);
      await span.dblclick({ position });
      await page.keyboard.press("Backspace");
      await page.keyboard.press("Backspace");
      // Read the edited line back from disk after saving, not from the DOM:
      // the rendered line also holds the inlay hint, which VS Code truncates
      // at a length that varies between versions.
      await page.keyboard.press("Control+S");
      const expected = "line 2026-11-02 77372 units=1 dx=A charge=8950.00";
      const deadline = Date.now() + 10_000;
      let text = "";
      while (Date.now() < deadline) {
        text = readFileSync(path.join(workspace, "srs.claim"), "utf8")
          .split("\n")
          .find((l) => l.startsWith("line ")) ?? "";
        if (text === expected) {
          break;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      if (text !== expected) {
        throw new Error(`the saved line reads "${text}", expected "${expected}"`);
      }
      await squiggles.first().waitFor({ state: "detached", timeout: 30_000 });
      await page.waitForTimeout(500);
      await screenshot("vscode-after-edit.png");
    });
    exitCode = 0;
  } catch (error) {
    await screenshot("vscode-failure.png").catch(() => {});
    throw error;
  }
}

try {
  await main();
} catch (error) {
  console.error(error instanceof Error ? error.stack : error);
  exitCode = 1;
} finally {
  await cleanup();
}
const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed + (exitCode !== 0 && results.every((r) => r.ok) ? 1 : 0);
say(`screenshots and logs in ${path.relative(process.cwd(), artifacts) || "."}`);
console.log(`vscode e2e: ${passed} passed, ${failed} failed`);
process.exit(exitCode);
