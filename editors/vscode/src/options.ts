// The settings the server reads, in the shape of claimls.toml:
// { docs: [...], rules: { id: level }, payers: { profile: { rules: {...} } },
//   data: { ncci_ptp: [...], mue: [...], mpfs: [...], cpt_descriptors: "..." },
//   courses: { gap_days: 30 } }; a payer profile may add filing_limit_days.
// Their declarations in package.json are generated from the server
// (scripts/sync_vscode_settings.py). Kept free of the `vscode` module so
// that it can be unit-tested.

import { expandPath } from "./discovery";

export type Level = "error" | "warning" | "information" | "hint" | "off";

export interface DataFiles {
  ncci_ptp: string[];
  mue: string[];
  mpfs: string[];
  cpt_descriptors?: string;
}

export interface PayerOptions {
  rules: Record<string, string>;
  filing_limit_days?: number;
}

export interface ServerOptions {
  docs: string[];
  rules: Record<string, string>;
  payers: Record<string, PayerOptions>;
  data: DataFiles;
  courses: { gap_days?: number };
}

/** The top-level settings sent to the server (`claimls.<key>`). */
export const SERVER_SETTINGS = ["docs", "rules", "payers", "data", "courses"] as const;

/** Reads one setting (`get("rules")` reads `claimls.rules`). */
export type Getter = (key: (typeof SERVER_SETTINGS)[number]) => unknown;

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
/** The non-empty strings of a list setting, with `~` and `${workspaceFolder}` expanded. */
function paths(value: unknown, workspaceFolder?: string): string[] {
  return Array.isArray(value)
    ? value.filter((d): d is string => typeof d === "string" && d.trim() !== "").map((d) => expandPath(d, workspaceFolder))
    : [];
}

export function serverOptions(get: Getter, workspaceFolder?: string): ServerOptions {
  const docs = paths(get("docs"), workspaceFolder);
  const dataSetting = get("data");
  const dataRecord = isRecord(dataSetting) ? dataSetting : {};
  const data: DataFiles = {
    ncci_ptp: paths(dataRecord.ncci_ptp, workspaceFolder),
    mue: paths(dataRecord.mue, workspaceFolder),
    mpfs: paths(dataRecord.mpfs, workspaceFolder),
  };
  const descriptors = dataRecord.cpt_descriptors;
  if (typeof descriptors === "string" && descriptors.trim() !== "") {
    data.cpt_descriptors = expandPath(descriptors, workspaceFolder);
  }
  const payers: ServerOptions["payers"] = {};
  const payersSetting = get("payers");
  if (isRecord(payersSetting)) {
    for (const [profile, body] of Object.entries(payersSetting)) {
      const payer: PayerOptions = { rules: stringMap(isRecord(body) ? body.rules : undefined) };
      // Numbers pass through as they are: the server checks the range.
      if (isRecord(body) && typeof body.filing_limit_days === "number") {
        payer.filing_limit_days = body.filing_limit_days;
      }
      payers[profile] = payer;
    }
  }
  const courses: ServerOptions["courses"] = {};
  const coursesSetting = get("courses");
  if (isRecord(coursesSetting) && typeof coursesSetting.gap_days === "number") {
    courses.gap_days = coursesSetting.gap_days;
  }
  return { docs, rules: stringMap(get("rules")), payers, data, courses };
}
