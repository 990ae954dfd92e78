//! Security and privacy: claimls opens no sockets and runs no programs,
//! and it only ever reads configuration and publication folders.
//!
//! Three independent checks, so that no single tool is a point of failure:
//! the dependency graph has no network client and tokio's `net` is off
//! (`cargo tree`); the live server holds no socket descriptor at any point of
//! a full session (`/proc/<pid>/fd`); and, where `strace` runs, a full LSP
//! session and a `claimls check` make no network system call, execute
//! nothing and open nothing for writing in the workspace. In CI (`CI` set)
//! a missing strace is installed with apt-get; where strace cannot run that
//! part is skipped with a note (the other two checks always run).

mod common;

use common::{Client, SpawnClaimls, file_uri, position_of};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime};

const CLAIM: &str = "claim SRS-0002\npayer Medicare\npatient DOE, JOHN dob=1958-07-21 sex=M member=1EG4TE5MK73\nprovider npi=1234567893\npos 11\ndx A C79.31\n\nline 2026-11-02 77372-TC units=1 dx=A charge=8950.00\n";

/// A workspace whose publications are executable scripts that would leave
/// a marker file if anything ran them.
struct Workspace {
    dir: tempfile::TempDir,
}

impl Workspace {
    fn new() -> Workspace {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let marker = root.join("EXECUTED");
        let script = |name: &str| {
            format!(
                "#!/bin/sh\n# {name}\ntouch '{}'\nexit 0\n",
                marker.display()
            )
        };
        let publications = root.join("publications");
        std::fs::create_dir_all(publications.join("nested")).unwrap();
        // A real publication (it must be read: hover shows its text) that is
        // also a shell script with its exec bit set.
        let publication = format!(
            "{}Summary & Overview\nCPT 77372: Linac radiosurgery, test publication\nThe workspace-test overview sentence.\nBilling Code Overview\nService type: Workspace-test service type\nCoding Specifications\n| Modifier | Description | When to Use |\n|---|---|---|\n26 | Professional component | Test row. |\n",
            script("publication")
        );
        let files = [
            (publications.join("77372.txt"), publication),
            (publications.join("run.md"), script("markdown script")),
            (publications.join("hook.sh"), script("shell hook")),
            (publications.join("nested/again.txt"), script("nested")),
            (
                root.join("claimls.toml"),
                "docs = [\"publications\"]\n\n[rules]\nmue-exceeded = \"warning\"\n".to_string(),
            ),
            (root.join("a.claim"), CLAIM.to_string()),
        ];
        for (path, text) in &files {
            std::fs::write(path, text).unwrap();
            if path
                .extension()
                .is_some_and(|e| e != "claim" && e != "toml")
            {
                std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
            }
        }
        Workspace { dir }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn marker(&self) -> PathBuf {
        self.root().join("EXECUTED")
    }

    /// Every file below the root with its length, permissions and
    /// modification time.
    fn snapshot(&self) -> Vec<(PathBuf, u64, u32, SystemTime)> {
        use std::os::unix::fs::PermissionsExt;
        fn walk(dir: &Path, out: &mut Vec<(PathBuf, u64, u32, SystemTime)>) {
            for entry in std::fs::read_dir(dir).unwrap().flatten() {
                let path = entry.path();
                let meta = entry.metadata().unwrap();
                if meta.is_dir() {
                    walk(&path, out);
                } else {
                    out.push((
                        path,
                        meta.len(),
                        meta.permissions().mode(),
                        meta.modified().unwrap(),
                    ));
                }
            }
        }
        let mut out = Vec::new();
        walk(self.root(), &mut out);
        out.sort();
        out
    }
}

/// The socket descriptors `pid` holds right now.
fn sockets_of(pid: u32) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(format!("/proc/{pid}/fd")) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|e| std::fs::read_link(e.path()).ok())
        .map(|target| target.display().to_string())
        .filter(|t| t.starts_with("socket:"))
        .collect()
}

/// A full editing session: settings, open, diagnostics, hovers, edits,
/// a configuration change, close, shutdown. `probe` runs between steps.
fn full_session(client: &mut Client, ws: &Workspace, probe: &mut dyn FnMut(&Client)) {
    let root_uri = file_uri(ws.root());
    let response = client.request(
        "initialize",
        json!({ "processId": null, "rootUri": root_uri, "capabilities": { "general": { "positionEncodings": ["utf-8", "utf-16"] } } }),
    );
    assert!(response.get("result").is_some(), "{response}");
    client.notify("initialized", json!({}));
    probe(client);
    let uri = file_uri(&ws.root().join("a.claim"));
    client.open(&uri, CLAIM);
    let diagnostics = client.diagnostics(&uri, Some(1));
    assert!(!diagnostics.is_empty());
    probe(client);
    let (l, c) = position_of(CLAIM, "77372", 1);
    let hover = client.hover(&uri, l, c);
    let text = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(
        text.contains("Service type: Workspace-test service type"),
        "the publication was read: {text}"
    );
    probe(client);
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 2 }, "contentChanges": [{ "text": CLAIM.replace("-TC", "") }] }),
    );
    client.diagnostics(&uri, Some(2));
    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "claimls": { "docs": [ws.root().join("publications").display().to_string()] } } }),
    );
    client.diagnostics(&uri, Some(2));
    let hover = client.hover(&uri, l, c);
    assert!(hover.get("contents").is_some(), "{hover}");
    probe(client);
    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri } }),
    );
    probe(client);
    let response = client.request("shutdown", Value::Null);
    assert!(response.get("error").is_none(), "{response}");
    client.notify("exit", Value::Null);
    let status = client.wait_exit(Duration::from_secs(10)).expect("exits");
    assert!(status.success(), "{status:?}");
}

fn check_command(ws: &Workspace) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_claimls"));
    command
        .env(common::TODAY_ENV.0, common::TODAY_ENV.1)
        .arg("check")
        .arg("--config")
        .arg(ws.root().join("claimls.toml"))
        .arg(ws.root())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

#[test]
fn the_server_holds_no_socket_during_a_full_session() {
    let ws = Workspace::new();
    let mut client = Client::spawn(&[]);
    let pid = client.pid();
    let mut seen = Vec::new();
    let mut probes = 0;
    full_session(&mut client, &ws, &mut |_| {
        probes += 1;
        seen.extend(sockets_of(pid));
    });
    assert!(probes >= 5);
    assert!(seen.is_empty(), "sockets: {seen:?}");
}

#[test]
fn publications_and_configuration_are_only_read_never_run_or_written() {
    let ws = Workspace::new();
    let before = ws.snapshot();
    let mut client = Client::spawn(&[]);
    full_session(&mut client, &ws, &mut |_| {});
    let status = check_command(&ws).status().unwrap();
    assert_eq!(status.code(), Some(1), "the claim has an error");
    let mut client = Client::spawn(&["--stdio"]);
    full_session(&mut client, &ws, &mut |_| {});
    std::thread::sleep(Duration::from_millis(200));
    assert!(!ws.marker().exists(), "a publication was executed");
    assert_eq!(
        before,
        ws.snapshot(),
        "files were created, changed or re-permissioned"
    );
}

#[test]
fn no_network_client_in_the_dependency_graph() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let run = |args: &[&str]| {
        let output = Command::new(&cargo)
            .args(args)
            .current_dir(common::repo())
            .output()
            .expect("cargo runs");
        assert!(
            output.status.success(),
            "cargo {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    };
    let tree = run(&[
        "tree",
        "-e",
        "normal",
        "--prefix",
        "none",
        "--format",
        "{p}",
        "--locked",
        "--offline",
    ]);
    assert!(tree.contains("tower-lsp-server"), "{tree}");
    const NETWORK: [&str; 16] = [
        "reqwest",
        "hyper",
        "ureq",
        "curl",
        "isahc",
        "surf",
        "attohttpc",
        "h2",
        "h3",
        "quinn",
        "rustls",
        "native-tls",
        "openssl",
        "tungstenite",
        "socket2",
        "trust-dns",
    ];
    for line in tree.lines() {
        let name = line.split_whitespace().next().unwrap_or_default();
        assert!(
            !NETWORK
                .iter()
                .any(|n| name == *n || name.starts_with(&format!("{n}-"))),
            "a network crate in the dependency graph: {line}"
        );
    }
    let features = run(&[
        "tree",
        "-e",
        "features",
        "-i",
        "tokio",
        "--locked",
        "--offline",
    ]);
    assert!(
        !features.contains("tokio feature \"net\""),
        "tokio's net feature is on:\n{features}"
    );
}

/// strace, when it can run here (installing it in CI).
fn strace() -> Option<&'static str> {
    let works = || {
        Command::new("strace")
            .args(["-qq", "-e", "trace=none", "true"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if works() {
        return Some("strace");
    }
    if std::env::var_os("CI").is_some() {
        for args in [
            &["install", "-y", "-qq", "strace"][..],
            &["update", "-qq"],
            &["install", "-y", "-qq", "strace"],
        ] {
            let _ = Command::new("apt-get")
                .args(args)
                .env("DEBIAN_FRONTEND", "noninteractive")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
            if works() {
                return Some("strace");
            }
        }
        eprintln!("CI: strace could not be installed or cannot trace here (ptrace not permitted?)");
    }
    None
}

/// The system calls that would reach out or change the workspace.
const TRACED: &str = "trace=%network,execve,execveat,openat,creat,unlink,unlinkat,rename,renameat,renameat2,chmod,fchmodat,truncate";

/// Problems in an strace log: network calls, executions other than the
/// traced binary itself, and opens for writing inside `root`.
fn violations(log: &str, root: &Path) -> Vec<String> {
    let root = root.display().to_string();
    let mut execs = 0;
    let mut bad = Vec::new();
    for line in log.lines() {
        // "PID syscall(args) = result"
        let call = line
            .split_once(' ')
            .map_or(line, |(_, rest)| rest)
            .trim_start();
        let name = call.split('(').next().unwrap_or_default();
        match name {
            "execve" | "execveat" => {
                execs += 1;
                if execs > 1 || !call.contains(env!("CARGO_BIN_EXE_claimls")) {
                    bad.push(line.to_string());
                }
            }
            "openat" | "creat" => {
                let writes = ["O_WRONLY", "O_RDWR", "O_CREAT", "O_TRUNC"]
                    .iter()
                    .any(|f| call.contains(f));
                if writes && call.contains(&root) {
                    bad.push(line.to_string());
                }
            }
            "unlink" | "unlinkat" | "rename" | "renameat" | "renameat2" | "chmod" | "fchmodat"
            | "truncate" => {
                if call.contains(&root) {
                    bad.push(line.to_string());
                }
            }
            "" => {}
            // Exit and signal notes; the second half of a call interrupted
            // between threads (its first half was checked).
            _ if call.starts_with("+++") || call.starts_with("---") || call.starts_with("<...") => {
            }
            // Anything else matched %network.
            _ => bad.push(line.to_string()),
        }
    }
    bad
}

#[test]
fn no_network_calls_no_executions_no_writes_under_strace() {
    let Some(strace) = strace() else {
        eprintln!("strace cannot run here; skipped (the /proc and cargo tree checks still ran)");
        return;
    };
    let ws = Workspace::new();
    let logs = tempfile::tempdir().unwrap();
    let server_log = logs.path().join("server.trace");
    let mut command = Command::new(strace);
    command
        .args(["-f", "-qq", "-e", TRACED, "-o"])
        .arg(&server_log)
        .arg(env!("CARGO_BIN_EXE_claimls"));
    let mut client = Client::spawn_command(command);
    full_session(&mut client, &ws, &mut |_| {});

    let check_log = logs.path().join("check.trace");
    let check = check_command(&ws);
    let mut traced = Command::new(strace);
    traced
        .args(["-f", "-qq", "-e", TRACED, "-o"])
        .arg(&check_log)
        .arg(check.get_program())
        .args(check.get_args())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    assert_eq!(traced.status().unwrap().code(), Some(1));

    for log in [server_log, check_log] {
        let text = std::fs::read_to_string(&log).unwrap();
        assert!(text.contains("execve("), "strace traced the run: {text}");
        let bad = violations(&text, ws.root());
        assert!(bad.is_empty(), "{}:\n{}", log.display(), bad.join("\n"));
    }
    assert!(!ws.marker().exists(), "a publication was executed");
}
