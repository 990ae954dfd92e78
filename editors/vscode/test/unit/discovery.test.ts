import { strict as assert } from "node:assert";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { expandPath, findServer, NotFound, which } from "../../src/discovery";
import { SERVER_SETTINGS, serverOptions } from "../../src/options";

const ext = "/ext";
const bundled = "/ext/bin/claimls";

function exists(...files: string[]) {
  const set = new Set(files);
  return (file: string) => set.has(file);
}

const base = {
  setting: "",
  env: undefined,
  extensionPath: ext,
  pathEnv: "/usr/local/bin:/usr/bin",
  platform: "linux" as const,
};

test("the setting wins over everything", () => {
  const found = findServer({
    ...base,
    setting: "/opt/claimls",
    env: "/env/claimls",
    isExecutable: exists("/opt/claimls", "/env/claimls", bundled, "/usr/bin/claimls"),
  });
  assert.deepEqual(found, { path: "/opt/claimls", source: "setting" });
});

test("CLAIMLS_PATH comes second", () => {
  const found = findServer({
    ...base,
    env: "/env/claimls",
    isExecutable: exists("/env/claimls", bundled, "/usr/bin/claimls"),
  });
  assert.deepEqual(found, { path: "/env/claimls", source: "environment" });
});

test("the bundled binary comes before PATH", () => {
  const found = findServer({ ...base, isExecutable: exists(bundled, "/usr/bin/claimls") });
  assert.deepEqual(found, { path: bundled, source: "bundled" });
});

test("PATH is the last resort", () => {
  const found = findServer({ ...base, isExecutable: exists("/usr/bin/claimls") });
  assert.deepEqual(found, { path: "/usr/bin/claimls", source: "PATH" });
});

test("a bare command name in the setting is looked up on PATH", () => {
  const found = findServer({ ...base, setting: "claimls-dev", isExecutable: exists("/usr/bin/claimls-dev") });
  assert.deepEqual(found, { path: "/usr/bin/claimls-dev", source: "setting" });
});

test("a setting naming a missing file is an error, not a fallback", () => {
  assert.throws(
    () => findServer({ ...base, setting: "/nope/claimls", isExecutable: exists(bundled) }),
    (e: unknown) => e instanceof NotFound && e.misconfigured && e.message.includes("/nope/claimls"),
  );
});

test("a CLAIMLS_PATH naming a missing file is an error", () => {
  assert.throws(
    () => findServer({ ...base, env: "/nope/claimls", isExecutable: exists(bundled) }),
    (e: unknown) => e instanceof NotFound && e.misconfigured && e.message.includes("CLAIMLS_PATH"),
  );
});

test("nothing found: the message says how to fix it", () => {
  assert.throws(
    () => findServer({ ...base, isExecutable: exists() }),
    (e: unknown) =>
      e instanceof NotFound &&
      !e.misconfigured &&
      e.message.includes("claimls.server.path") &&
      e.message.includes("CLAIMLS_PATH") &&
      e.message.includes("cargo install"),
  );
});

test("Windows: claimls.exe, PATHEXT and ; separators", () => {
  const found = findServer({
    ...base,
    extensionPath: "C:\\ext",
    platform: "win32",
    pathEnv: "C:\\tools;C:\\bin",
    pathExt: ".COM;.EXE",
    isExecutable: exists("C:\\bin\\claimls.EXE"),
  });
  assert.deepEqual(found, { path: "C:\\bin\\claimls.EXE", source: "PATH" });
  const bundledWin = findServer({
    ...base,
    extensionPath: "C:\\ext",
    platform: "win32",
    isExecutable: exists("C:\\ext\\bin\\claimls.exe"),
  });
  assert.equal(bundledWin.source, "bundled");
});

test("which skips empty PATH entries", () => {
  assert.equal(which("claimls", "::/a", "linux", exists("/a/claimls")), "/a/claimls");
  assert.equal(which("claimls", undefined, "linux", exists("/a/claimls")), undefined);
});

test("expandPath expands ~ and ${workspaceFolder} and resolves relative paths", () => {
  assert.equal(expandPath("~/bin/claimls"), path.join(os.homedir(), "bin/claimls"));
  assert.equal(expandPath("${workspaceFolder}/target/release/claimls", "/ws"), "/ws/target/release/claimls");
  assert.equal(expandPath("target/release/claimls", "/ws"), path.resolve("/ws", "target/release/claimls"));
  assert.equal(expandPath("claimls", "/ws"), "claimls");
});

test("serverOptions sends docs, rules, payers, data files and the course gap", () => {
  const settings: Record<string, unknown> = {
    docs: ["publications", "", 3, "${workspaceFolder}/more"],
    rules: { "mue-exceeded": "warning", "ncci-ptp": "off", bogus: 1 },
    payers: { aetna: { rules: { "ncci-ptp": "error" }, filing_limit_days: 120 }, empty: {}, odd: { filing_limit_days: "90" } },
    courses: { gap_days: 14 },
    data: {
      ncci_ptp: ["cms/ptp.txt", ""],
      mue: ["${workspaceFolder}/cms/mue.csv"],
      mpfs: [],
      cpt_descriptors: "licensed/cpt.csv",
    },
  };
  const options = serverOptions((key) => settings[key], "/ws");
  assert.deepEqual(options, {
    docs: ["publications", "/ws/more"],
    rules: { "mue-exceeded": "warning", "ncci-ptp": "off" },
    payers: { aetna: { rules: { "ncci-ptp": "error" }, filing_limit_days: 120 }, empty: { rules: {} }, odd: { rules: {} } },
    data: { ncci_ptp: ["/ws/cms/ptp.txt"], mue: ["/ws/cms/mue.csv"], mpfs: [], cpt_descriptors: "/ws/licensed/cpt.csv" },
    courses: { gap_days: 14 },
  });
});

test("serverOptions tolerates unset settings and leaves out an empty descriptor file", () => {
  assert.deepEqual(serverOptions(() => undefined), {
    docs: [],
    rules: {},
    payers: {},
    data: { ncci_ptp: [], mue: [], mpfs: [] },
    courses: {},
  });
  const options = serverOptions((key) => (key === "data" ? { cpt_descriptors: " " } : undefined));
  assert.equal(options.data.cpt_descriptors, undefined);
});

test("every server setting in package.json is one the extension sends", async () => {
  const { readFileSync } = await import("node:fs");
  const { join } = await import("node:path");
  const manifest = JSON.parse(readFileSync(join(__dirname, "..", "..", "..", "package.json"), "utf8"));
  const keys = Object.keys(manifest.contributes.configuration.properties)
    .filter((k) => k !== "claimls.server.path" && k !== "claimls.trace.server")
    .map((k) => k.split(".")[1]);
  for (const key of keys) {
    assert.ok((SERVER_SETTINGS as readonly string[]).includes(key), `claimls.${key} is declared but not sent`);
  }
});
