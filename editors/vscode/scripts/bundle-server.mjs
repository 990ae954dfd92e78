// Copies the claimls executable into bin/ so that `vsce package` bundles it.
// Source: $CLAIMLS_BINARY if set (e.g. a cross-compiled binary), else the
// repository's target/dist/claimls (`cargo build --profile dist`: what
// releases ship, stripped, with fat LTO), else target/release/claimls.
import { chmodSync, copyFileSync, existsSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const extensionDir = path.resolve(here, "..");
const repoRoot = path.resolve(extensionDir, "..", "..");

/** Copies the binary for `platform` (a Node platform name); returns the destination. */
export function bundleServer(platform = process.platform) {
  const exe = platform === "win32" ? "claimls.exe" : "claimls";
  const dist = path.join(repoRoot, "target", "dist", exe);
  const source = process.env.CLAIMLS_BINARY
    ? path.resolve(process.env.CLAIMLS_BINARY)
    : existsSync(dist)
      ? dist
      : path.join(repoRoot, "target", "release", exe);
  if (!existsSync(source)) {
    throw new Error(
      `no server binary at ${path.relative(process.cwd(), source) || source}: run \`cargo build --profile dist\` (or --release) ` +
        "at the repository root first, or set CLAIMLS_BINARY to the executable to bundle",
    );
  }
  const binDir = path.join(extensionDir, "bin");
  rmSync(binDir, { recursive: true, force: true });
  mkdirSync(binDir, { recursive: true });
  const dest = path.join(binDir, exe);
  copyFileSync(source, dest);
  chmodSync(dest, 0o755);
  return { source, dest };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const { source, dest } = bundleServer();
    console.log(`bundled ${source} -> ${path.relative(extensionDir, dest)}`);
  } catch (error) {
    console.error(`bundle-server: ${error.message}`);
    process.exit(1);
  }
}
