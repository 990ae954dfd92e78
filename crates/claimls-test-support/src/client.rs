//! A JSON-RPC client for a language server on stdio, as an editor speaks
//! it: it starts the server (the binary is a parameter), frames messages
//! with `Content-Length`, and a thread reads the server's output into a
//! channel. The integration tests and the stdio harness
//! (`benches/lsp_stdio.rs`) both drive `claimls` with it.
//!
//! Messages the caller is not waiting for are kept, in order, until a
//! later wait asks for them ([`Client::wait_for`]) or [`Client::drain`]
//! hands them over. The server is killed when the client is dropped.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long [`Client::wait_for`] waits for a message.
pub const TIMEOUT: Duration = Duration::from_secs(20);

pub struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    inbox: Receiver<Value>,
    /// Messages received but not yet consumed.
    backlog: Vec<Value>,
    next_id: i64,
    /// Everything the server wrote to stderr, once it has closed it.
    pub stderr: Arc<Mutex<String>>,
}

impl Client {
    /// Starts `bin` with `args` as the server.
    pub fn start(bin: &str, args: &[&str]) -> Client {
        Client::start_with_env(bin, args, &[])
    }

    /// Starts `bin` with `args` and these environment variables added.
    pub fn start_with_env(bin: &str, args: &[&str], env: &[(&str, &str)]) -> Client {
        let mut command = Command::new(bin);
        command.args(args).envs(env.iter().copied());
        Client::spawn_command(command)
    }

    /// Runs `command` (the server, or a wrapper around it such as strace)
    /// as the server, with its stdin, stdout and stderr piped to the client.
    pub fn spawn_command(mut command: Command) -> Client {
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {:?}: {e}", command.get_program()));
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            // A large buffer: a publish for a big document is megabytes.
            let mut reader = BufReader::with_capacity(1 << 20, stdout);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length: ") {
                        length = v.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; length.expect("Content-Length header")];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                let value: Value = serde_json::from_slice(&body).expect("server sends JSON");
                if tx.send(value).is_err() {
                    return;
                }
            }
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let sink = stderr.clone();
        let mut err = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            let mut buf = String::new();
            let _ = err.read_to_string(&mut buf);
            sink.lock().unwrap().push_str(&buf);
        });
        let stdin = child.stdin.take();
        Client {
            child,
            stdin,
            inbox: rx,
            backlog: Vec::new(),
            next_id: 1,
            stderr,
        }
    }

    /// The server's process id (of the wrapper, when one was used).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The server's resident memory and its peak, (VmRSS, VmHWM) in kB,
    /// from `/proc/<pid>/status` (zeros where that cannot be read).
    pub fn memory(&self) -> (u64, u64) {
        let status =
            std::fs::read_to_string(format!("/proc/{}/status", self.pid())).unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find(|l| l.starts_with(name))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
                .unwrap_or(0)
        };
        (field("VmRSS:"), field("VmHWM:"))
    }

    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
    }

    pub fn send(&mut self, message: &Value) {
        let body = serde_json::to_vec(message).unwrap();
        let mut framed = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        framed.extend(body);
        self.send_raw(&framed);
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and returns its id without waiting.
    pub fn request_async(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        id
    }

    /// Sends a request and waits for its response (the whole message).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.request_async(method, params);
        self.wait_for(|m| m.get("id") == Some(&json!(id)) && m.get("method").is_none())
    }

    /// Waits for a message matching `pred`, keeping the others.
    pub fn wait_for(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        self.try_wait_for(&pred, TIMEOUT)
            .unwrap_or_else(|| panic!("timed out; backlog: {:#?}", self.backlog))
    }

    /// Waits up to `timeout` for a message matching `pred`, keeping the
    /// others; None when none came or the server closed its output.
    pub fn try_wait_for(
        &mut self,
        pred: &dyn Fn(&Value) -> bool,
        timeout: Duration,
    ) -> Option<Value> {
        if let Some(i) = self.backlog.iter().position(pred) {
            return Some(self.backlog.remove(i));
        }
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.inbox.recv_timeout(left) {
                Ok(m) if pred(&m) => return Some(m),
                Ok(m) => self.backlog.push(m),
                Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => {
                    return None;
                }
            }
        }
    }

    /// Every message received so far or within `wait`.
    pub fn drain(&mut self, wait: Duration) -> Vec<Value> {
        let deadline = Instant::now() + wait;
        while let Ok(m) = self
            .inbox
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
        {
            self.backlog.push(m);
        }
        std::mem::take(&mut self.backlog)
    }

    /// Waits for the diagnostics of `uri` at `version` (any version when None).
    pub fn diagnostics(&mut self, uri: &str, version: Option<i64>) -> Vec<Value> {
        let uri = uri.to_string();
        let mut m = self.wait_for(move |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri.as_str()
                && version.is_none_or(|v| m["params"]["version"] == v)
        });
        match m["params"]["diagnostics"].take() {
            Value::Array(diagnostics) => diagnostics,
            other => panic!("diagnostics are a list: {other}"),
        }
    }

    /// `initialize` with these client capabilities and
    /// `initializationOptions`, then `initialized`; returns the response.
    pub fn initialize(&mut self, capabilities: Value, options: Value) -> Value {
        let response = self.request(
            "initialize",
            json!({ "processId": null, "rootUri": null, "capabilities": capabilities, "initializationOptions": options }),
        );
        self.notify("initialized", json!({}));
        response
    }

    /// Opens `uri` as a `.claim` document at version 1.
    pub fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "claim", "version": 1, "text": text } }),
        );
    }

    /// The `result` of a hover request (null when nothing is there).
    pub fn hover(&mut self, uri: &str, line: u32, character: u32) -> Value {
        self.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } }),
        )["result"]
            .clone()
    }

    pub fn close_stdin(&mut self) {
        self.stdin.take();
    }

    /// Waits for the process to end.
    pub fn wait_exit(&mut self, timeout: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status);
            }
            if Instant::now() > deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// `shutdown` (which must succeed), `exit`, and the exit status.
    pub fn shutdown_and_exit(&mut self) -> ExitStatus {
        let response = self.request("shutdown", Value::Null);
        assert!(response.get("error").is_none(), "{response}");
        self.notify("exit", Value::Null);
        self.wait_exit(Duration::from_secs(5))
            .expect("server exits promptly after exit")
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The (line, character) of the first occurrence of `needle` in `text`,
/// in UTF-16 code units, plus `extra` characters.
pub fn position_of(text: &str, needle: &str, extra: u32) -> (u32, u32) {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} in text"));
    let before = &text[..at];
    let line = before.matches('\n').count() as u32;
    let col = before.rsplit('\n').next().unwrap().encode_utf16().count() as u32;
    (line, col + extra)
}
