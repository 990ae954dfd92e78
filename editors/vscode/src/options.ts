// The settings the server reads, in the shape of claimls.toml:
// { docs: [...], rules: { id: level }, payers: { profile: { rules: {...} } } }.
// Kept free of the `vscode` module so that it can be unit-tested.

import { expandPath } from "./discovery";

export type Level = "error" | "warning" | "information" | "hint" | "off";

export interface ServerOptions {
  docs: string[];
  rules: Record<string, string>;
  payers: Record<string, { rules: Record<string, string> }>;
}

/** Reads one setting (`get("rules")` reads `claimls.rules`). */
export type Getter = (key: "docs" | "rules" | "payers") => unknown;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isRecord(value)) {
    for (const [key, level] of Object.entries(value)) {
      // Pass every string through: the server validates rule ids and levels
      // and reports mistakes, which is more helpful than dropping them here.
      if (typeof level === "string") {
        out[key] = level;
      }
    }
  }
  return out;
}

/**
 * Builds the object sent as `initializationOptions` and, nested under
 * `claimls`, as `workspace/didChangeConfiguration` settings. Only the keys
 * the server knows are sent (it rejects unknown ones).
 */
export function serverOptions(get: Getter, workspaceFolder?: string): ServerOptions {
  const docsSetting = get("docs");
  const docs = Array.isArray(docsSetting)
    ? docsSetting.filter((d): d is string => typeof d === "string" && d.trim() !== "").map((d) => expandPath(d, workspaceFolder))
    : [];
  const payers: ServerOptions["payers"] = {};
  const payersSetting = get("payers");
  if (isRecord(payersSetting)) {
    for (const [profile, body] of Object.entries(payersSetting)) {
      payers[profile] = { rules: stringMap(isRecord(body) ? body.rules : undefined) };
    }
  }
  return { docs, rules: stringMap(get("rules")), payers };
}
