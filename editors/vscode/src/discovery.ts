// Finding the claimls executable. Kept free of the `vscode` module so that it
// can be unit-tested with plain Node.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** Where a server path came from, in the order they are tried. */
export type Source = "setting" | "environment" | "bundled" | "PATH";

export interface Found {
  path: string;
  source: Source;
}

export interface DiscoveryInput {
  /** The `claimls.server.path` setting (empty when unset). */
  setting: string;
  /** The `CLAIMLS_PATH` environment variable (undefined or empty when unset). */
  env: string | undefined;
  /** The extension's install folder; the bundled binary is `bin/claimls[.exe]` in it. */
  extensionPath: string;
  /** The `PATH` environment variable. */
  pathEnv: string | undefined;
  /** The first workspace folder, for `${workspaceFolder}` and relative settings. */
  workspaceFolder?: string;
  platform?: NodeJS.Platform;
  /** `PATHEXT` on Windows. */
  pathExt?: string;
  /** Tells whether a file exists and is executable (injectable for tests). */
  isExecutable?: (file: string) => boolean;
}

/** Discovery failed; `message` says what was tried and how to fix it. */
export class NotFound extends Error {
  constructor(
    message: string,
    /** True when a setting or variable named a file that is not there. */
    readonly misconfigured: boolean,
  ) {
    super(message);
    this.name = "NotFound";
  }
}

export const INSTALL_HINT =
  "Install claimls (from the repository: `cargo install --path .`) so that `claimls` is on PATH, " +
  "set the `claimls.server.path` setting or the CLAIMLS_PATH environment variable to the executable, " +
  "or install a platform-specific .vsix that bundles it.";

export function defaultIsExecutable(file: string): boolean {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) {
      return false;
    }
    if (process.platform === "win32") {
      return true;
    }
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Expands `~`, `${workspaceFolder}`, `${userHome}` and `${env:NAME}`; resolves relative paths against the workspace folder. */
export function expandPath(value: string, workspaceFolder?: string): string {
  let out = value.trim();
  out = out.replace(/\$\{(workspaceFolder|userHome|env:([A-Za-z_][A-Za-z0-9_]*))\}/g, (whole, name: string, envName?: string) => {
    if (name === "workspaceFolder") {
      return workspaceFolder ?? whole;
    }
    if (name === "userHome") {
      return os.homedir();
    }
    return envName ? (process.env[envName] ?? "") : whole;
  });
  if (out === "~" || out.startsWith("~/") || out.startsWith("~\\")) {
    out = path.join(os.homedir(), out.slice(1));
  }
  if (!path.isAbsolute(out) && (out.includes("/") || out.includes("\\")) && workspaceFolder) {
    out = path.resolve(workspaceFolder, out);
  }
  return out;
}

/** The name of the executable on `platform`. */
export function binaryName(platform: NodeJS.Platform = process.platform): string {
  return platform === "win32" ? "claimls.exe" : "claimls";
}

/** Looks `name` up on PATH. */
export function which(
  name: string,
  pathEnv: string | undefined,
  platform: NodeJS.Platform,
  isExecutable: (file: string) => boolean,
  pathExt?: string,
): string | undefined {
  if (!pathEnv) {
    return undefined;
  }
  const separator = platform === "win32" ? ";" : ":";
  const join = platform === "win32" ? path.win32.join : path.posix.join;
  const suffixes =
    platform === "win32" && path.extname(name) === ""
      ? (pathExt ?? ".EXE;.CMD;.BAT").split(";").filter((s) => s !== "")
      : [""];
  for (const dir of pathEnv.split(separator)) {
    if (dir === "") {
      continue;
    }
    for (const suffix of suffixes) {
      const candidate = join(dir, name + suffix);
      if (isExecutable(candidate)) {
        return candidate;
      }
    }
  }
  return undefined;
}

/**
 * Finds the server: `claimls.server.path`, then `CLAIMLS_PATH`, then the
 * bundled `bin/claimls`, then `claimls` on PATH. A setting or variable that
 * names a missing file is an error (not silently skipped), so that a typo
 * does not end up running some other claimls.
 */
export function findServer(input: DiscoveryInput): Found {
  const platform = input.platform ?? process.platform;
  const isExecutable = input.isExecutable ?? defaultIsExecutable;
  const resolveNamed = (value: string): string | undefined => {
    const expanded = expandPath(value, input.workspaceFolder);
    if (path.isAbsolute(expanded) || expanded.includes("/") || expanded.includes("\\")) {
      return isExecutable(expanded) ? expanded : undefined;
    }
    // A bare command name: look it up on PATH.
    return which(expanded, input.pathEnv, platform, isExecutable, input.pathExt);
  };

  const setting = input.setting.trim();
  if (setting !== "") {
    const found = resolveNamed(setting);
    if (found) {
      return { path: found, source: "setting" };
    }
    throw new NotFound(
      `The claimls.server.path setting is "${setting}", but no executable file is there. ` +
        "Fix the setting (or clear it to use the bundled server or the one on PATH).",
      true,
    );
  }

  const env = (input.env ?? "").trim();
  if (env !== "") {
    const found = resolveNamed(env);
    if (found) {
      return { path: found, source: "environment" };
    }
    throw new NotFound(
      `The CLAIMLS_PATH environment variable is "${env}", but no executable file is there. ` +
        "Fix or unset it, or set claimls.server.path.",
      true,
    );
  }

  const join = platform === "win32" ? path.win32.join : path.posix.join;
  const bundled = join(input.extensionPath, "bin", binaryName(platform));
  if (isExecutable(bundled)) {
    return { path: bundled, source: "bundled" };
  }

  const onPath = which("claimls", input.pathEnv, platform, isExecutable, input.pathExt);
  if (onPath) {
    return { path: onPath, source: "PATH" };
  }

  throw new NotFound(
    "claimls: the language server executable was not found (tried the claimls.server.path setting, " +
      "the CLAIMLS_PATH environment variable, the binary bundled with the extension and PATH). " +
      INSTALL_HINT,
    false,
  );
}
