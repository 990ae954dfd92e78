// Builds a platform-specific .vsix with the claimls binary bundled in bin/.
//
//   npm run package                        # this machine's platform, target/release/claimls
//   CLAIMLS_BINARY=path/to/claimls npm run package -- --target linux-arm64
//
// Extra arguments are passed to `vsce package`.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { bundleServer } from "./bundle-server.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const extensionDir = path.resolve(here, "..");

/** The vsce target for this machine: linux-x64, darwin-arm64, win32-x64, alpine-x64, … */
function hostTarget() {
  const arch = process.arch === "arm" ? "armhf" : process.arch;
  const platform = process.platform === "linux" && existsSync("/etc/alpine-release") ? "alpine" : process.platform;
  return `${platform}-${arch}`;
}

const args = process.argv.slice(2);
const at = args.indexOf("--target");
let target;
if (at >= 0) {
  target = args[at + 1];
  args.splice(at, 2);
} else {
  target = hostTarget();
}
if (!target) {
  console.error("package: --target needs a value, e.g. --target linux-x64");
  process.exit(2);
}
if (target !== hostTarget() && !process.env.CLAIMLS_BINARY) {
  console.error(
    `package: target ${target} is not this machine's (${hostTarget()}); ` +
      "set CLAIMLS_BINARY to a claimls executable built for it (e.g. cargo build --release --target <triple>)",
  );
  process.exit(2);
}

const platform = target.split("-")[0] === "alpine" ? "linux" : target.split("-")[0];
try {
  const { source } = bundleServer(platform);
  console.log(`package: bundling ${path.relative(process.cwd(), source) || source} for ${target}`);
} catch (error) {
  console.error(`package: ${error.message}`);
  process.exit(1);
}

// The package carries the licence: claimls is dual-licensed, so LICENSE
// holds both texts, taken from the repository root (and git-ignored here).
const repoRoot = path.resolve(extensionDir, "..", "..");
const licence = [
  "claimls is dual-licensed under the MIT licence and the Apache License 2.0;",
  "you may use it under either. Both texts follow.",
  "",
  readFileSync(path.join(repoRoot, "LICENSE-MIT"), "utf8").trimEnd(),
  "",
  "-".repeat(72),
  "",
  readFileSync(path.join(repoRoot, "LICENSE-APACHE"), "utf8").trimEnd(),
  "",
].join("\n");
writeFileSync(path.join(extensionDir, "LICENSE"), licence);

const { version, name } = JSON.parse(readFileSync(path.join(extensionDir, "package.json"), "utf8"));
const out = `${name}-${target}-${version}.vsix`;
const vsce = path.join(extensionDir, "node_modules", ".bin", process.platform === "win32" ? "vsce.cmd" : "vsce");
const result = spawnSync(
  vsce,
  ["package", "--target", target, "--out", out, "--allow-missing-repository", ...args],
  { cwd: extensionDir, stdio: "inherit", shell: process.platform === "win32" },
);
if (result.status !== 0) {
  console.error(`package: vsce package failed (${result.error?.message ?? `exit ${result.status}`})`);
  process.exit(result.status || 1);
}
console.log(`package: wrote ${out}`);
