//! A forgiving stdio transport in front of tower-lsp-server.
//!
//! tower-lsp-server reads frames with tokio-util's `FramedRead`, which ends
//! the stream after the first decoding error: one malformed message from a
//! client (bad JSON, a wrong `Content-Length`, an unexpected header) would
//! end the whole editing session. So claimls reads stdin itself, frame by
//! frame:
//!
//! - a body that is not JSON gets a `-32700` parse error, and JSON that is
//!   not a JSON-RPC 2.0 message a `-32600` invalid request (both with
//!   `id: null`, as JSON-RPC prescribes when the id cannot be read);
//! - a missing, unreadable or oversized `Content-Length` is answered the same
//!   way, and reading resumes at the next `Content-Length:` header;
//! - a header block over 8 KiB gets one such error and is skipped up to
//!   the blank line that ends it;
//! - `exit` is noticed here as well, so the process ends on it even when
//!   the client stopped reading and tower-lsp-server cannot finish;
//! - everything valid is passed on to tower-lsp-server unchanged.
//!
//! Our answers are written to stdout between tower-lsp-server's frames, never
//! inside one.

use serde_json::{Value, json};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc;

/// The largest message accepted: the editor's document cap plus room for
/// JSON escaping. A larger announced length is treated as a framing error.
pub const MAX_MESSAGE_BYTES: usize = 3 * super::documents::MAX_DOCUMENT_BYTES;

const HEADER: &[u8] = b"Content-Length:";

/// Error answers waiting to be written, at most. A client that sends
/// garbage and does not read our output must not grow our memory: past
/// this many, further answers to garbage are dropped (the session goes on).
pub const MAX_QUEUED_ANSWERS: usize = 64;

/// Queues an error answer for `pump_output`, dropping it when the queue is
/// full (see [`MAX_QUEUED_ANSWERS`]).
fn answer(errors: &mpsc::Sender<Vec<u8>>, bytes: Vec<u8>) {
    let _ = errors.try_send(bytes);
}

/// Headers longer than this are refused. Real ones take about 60 bytes; a
/// bound keeps a header that never ends from growing the buffer and from
/// being searched again for every chunk that arrives.
pub const MAX_HEADER_BYTES: usize = 8 * 1024;

/// What one step of reading found.
#[derive(Debug, PartialEq)]
pub enum Frame {
    /// A valid JSON-RPC message body, to pass on.
    Message(Vec<u8>),
    /// The `shutdown` request and the `exit` notification, to pass on and
    /// to watch: see [`pump_input`].
    Shutdown(Vec<u8>),
    Exit(Vec<u8>),
    /// A problem to answer with an error response (code, message), with
    /// `id: null`: the message's id could not be read, or not trusted.
    Error(i64, String),
    /// A request to answer with an error response to its own id.
    Refuse {
        id: Value,
        code: i64,
        message: String,
    },
}

/// Incremental frame reader over a byte buffer.
#[derive(Default)]
pub struct Reader {
    /// Bytes read; those before `start` are consumed. Consuming moves
    /// `start` and the bytes move down once per read, not once per frame:
    /// a read can hold thousands of small frames.
    bytes: Vec<u8>,
    start: usize,
    /// Inside a refused (overlong) header block: bytes are dropped up to
    /// the blank line that ends it, so the block costs one error however
    /// long it goes on and whatever it repeats.
    discarding: bool,
}

impl Reader {
    pub fn push(&mut self, bytes: &[u8]) {
        self.bytes.drain(..self.start);
        self.start = 0;
        self.bytes.extend_from_slice(bytes);
    }

    /// The bytes not consumed yet.
    fn buf(&self) -> &[u8] {
        &self.bytes[self.start..]
    }

    fn consume(&mut self, n: usize) {
        self.start += n;
    }

    /// The next complete frame, if the buffer holds one.
    pub fn next_frame(&mut self) -> Option<Frame> {
        loop {
            if self.discarding {
                match header_end(self.buf()) {
                    Some((at, sep)) => {
                        self.consume(at + sep);
                        self.discarding = false;
                        // What follows is the refused message's body, of
                        // unknown length: skipped like any garbage, up to
                        // the next header.
                        continue;
                    }
                    None => {
                        // Keep a possible first half of the blank line.
                        let keep = self.buf().len().min(3);
                        self.consume(self.buf().len() - keep);
                        return None;
                    }
                }
            }
            // Skip blank lines between messages (in one move: a client may
            // send millions of them).
            let blanks = self
                .buf()
                .iter()
                .take_while(|b| **b == b'\r' || **b == b'\n')
                .count();
            self.consume(blanks);
            if self.buf().is_empty() {
                return None;
            }
            let Some(end) = header_end(&self.buf()[..self.buf().len().min(MAX_HEADER_BYTES)])
            else {
                // Headers not complete yet; but garbage before a header can go.
                if !self
                    .buf()
                    .starts_with(&HEADER[..self.buf().len().min(HEADER.len())])
                    && self.resync()
                {
                    continue;
                }
                if self.buf().len() >= MAX_HEADER_BYTES {
                    // No blank line in the first 8 KiB, so no message starts
                    // there; keep 3 bytes in case the blank line straddles.
                    self.consume(MAX_HEADER_BYTES - 3);
                    self.discarding = true;
                    return Some(Frame::Error(
                        -32700,
                        format!(
                            "message headers longer than {MAX_HEADER_BYTES} bytes; the message was skipped"
                        ),
                    ));
                }
                return None;
            };
            let (header_end, sep) = end;
            // Leftovers of a garbled message run into the next header: drop
            // them and start at the header.
            if let Some(p) = find(&self.buf()[..header_end], HEADER) {
                if p > 0 && self.buf()[p - 1] != b'\n' {
                    self.consume(p);
                    continue;
                }
            }
            let headers = String::from_utf8_lossy(&self.buf()[..header_end]).into_owned();
            let mut length: Option<Result<usize, String>> = None;
            let mut malformed = false;
            for line in headers.split('\n').map(|l| l.trim_end_matches('\r')) {
                match line.split_once(':') {
                    Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => {
                        let value = value.trim();
                        length = Some(value.parse::<usize>().map_err(|_| value.to_string()));
                    }
                    Some(_) => {} // Content-Type and unknown headers: accepted, ignored.
                    None => malformed = true,
                }
            }
            let length = match (length, malformed) {
                (Some(Ok(n)), false) if n <= MAX_MESSAGE_BYTES => n,
                (Some(Ok(n)), false) => {
                    self.consume(header_end + sep);
                    self.resync();
                    return Some(Frame::Error(
                        -32700,
                        format!(
                            "message of {n} bytes is larger than the {MAX_MESSAGE_BYTES} bytes claimls accepts; skipped"
                        ),
                    ));
                }
                (Some(Err(value)), _) => {
                    self.consume(header_end + sep);
                    self.resync();
                    return Some(Frame::Error(
                        -32700,
                        format!("invalid Content-Length header `{value}`; message skipped"),
                    ));
                }
                _ => {
                    self.consume(header_end + sep);
                    self.resync();
                    return Some(Frame::Error(
                        -32700,
                        "a message without a valid Content-Length header was skipped".into(),
                    ));
                }
            };
            let start = header_end + sep;
            if self.buf().len() < start + length {
                return None;
            }
            let body: Vec<u8> = self.buf()[start..start + length].to_vec();
            self.consume(start + length);
            return Some(check_body(body));
        }
    }

    /// Drops bytes up to the next `Content-Length:` (or all but a possible
    /// partial header at the end). True when something was dropped.
    fn resync(&mut self) -> bool {
        let skip = match find(&self.buf()[1.min(self.buf().len())..], HEADER) {
            Some(i) => i + 1,
            None => self.buf().len().saturating_sub(HEADER.len()),
        };
        if self.buf().starts_with(HEADER) && skip == 0 {
            return false;
        }
        self.consume(skip);
        skip > 0
    }
}

/// Where the header block at the start of `bytes` ends: the offset of the
/// blank line and its length. Whichever form comes first wins, so a message
/// framed with `\n\n` followed by one framed with `\r\n\r\n` stay apart.
fn header_end(bytes: &[u8]) -> Option<(usize, usize)> {
    match find(bytes, b"\r\n\r\n") {
        // An LF blank line wins only if it comes first: look only before.
        Some(crlf) => match find(&bytes[..crlf], b"\n\n") {
            Some(lf) => Some((lf, 2)),
            None => Some((crlf, 4)),
        },
        None => find(bytes, b"\n\n").map(|lf| (lf, 2)),
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

/// A message body's top level, read once: its members in order (so a
/// repeated key can be seen, which a map would hide) or "not an object".
enum TopLevel {
    Object(Vec<(String, Value)>),
    NotAnObject,
}

impl<'de> serde::Deserialize<'de> for TopLevel {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TopLevelVisitor)
    }
}

struct TopLevelVisitor;

impl<'de> serde::de::Visitor<'de> for TopLevelVisitor {
    type Value = TopLevel;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<TopLevel, A::Error> {
        let mut members = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            members.push((key, map.next_value::<Value>()?));
        }
        Ok(TopLevel::Object(members))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<TopLevel, A::Error> {
        while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
        Ok(TopLevel::NotAnObject)
    }

    fn visit_bool<E>(self, _: bool) -> Result<TopLevel, E> {
        Ok(TopLevel::NotAnObject)
    }
    fn visit_i64<E>(self, _: i64) -> Result<TopLevel, E> {
        Ok(TopLevel::NotAnObject)
    }
    fn visit_u64<E>(self, _: u64) -> Result<TopLevel, E> {
        Ok(TopLevel::NotAnObject)
    }
    fn visit_f64<E>(self, _: f64) -> Result<TopLevel, E> {
        Ok(TopLevel::NotAnObject)
    }
    fn visit_str<E>(self, _: &str) -> Result<TopLevel, E> {
        Ok(TopLevel::NotAnObject)
    }
    fn visit_unit<E>(self) -> Result<TopLevel, E> {
        Ok(TopLevel::NotAnObject)
    }
}

/// Why a JSON body is not a message tower-lsp-server can take. Its decoder
/// ends the whole session on a message it cannot read (an `id` that is
/// neither an integer nor a string, a repeated member), so every such
/// message is answered here instead and never passed on.
fn invalid_message(members: &[(String, Value)]) -> Option<String> {
    // A set, not a list: a message may carry any number of members.
    let mut seen: std::collections::HashSet<&str> =
        std::collections::HashSet::with_capacity(members.len());
    for (key, _) in members {
        if !seen.insert(key.as_str()) {
            return Some(format!(
                "the message repeats the member `{}`; skipped",
                claimls_core::text::shorten(key, 40)
            ));
        }
    }
    let get = |name: &str| members.iter().find(|(k, _)| k == name).map(|(_, v)| v);
    if get("jsonrpc") != Some(&json!("2.0")) {
        return Some(
            "the message is not JSON-RPC 2.0 (`\"jsonrpc\": \"2.0\"` is missing); skipped".into(),
        );
    }
    match get("id") {
        None | Some(Value::Null | Value::String(_)) => {}
        Some(Value::Number(n)) if n.is_i64() => {}
        Some(_) => {
            return Some("the message's `id` is not an integer or a string; skipped".into());
        }
    }
    match get("method") {
        Some(Value::String(_)) => None,
        Some(_) => Some("the message's `method` is not a string; skipped".into()),
        // A response from the client (to one of our requests).
        None if get("id").is_some() && (get("result").is_some() || get("error").is_some()) => None,
        None => Some(
            "the message is not a JSON-RPC 2.0 request, notification or response; skipped".into(),
        ),
    }
}

/// A body is passed on only if it is a JSON-RPC 2.0 message.
fn check_body(body: Vec<u8>) -> Frame {
    let members = match serde_json::from_slice::<TopLevel>(&body) {
        Err(_) => return Frame::Error(-32700, "the message is not valid JSON; skipped".into()),
        Ok(TopLevel::NotAnObject) => {
            return Frame::Error(
                -32600,
                "the message is not a JSON-RPC 2.0 request, notification or response; skipped"
                    .into(),
            );
        }
        Ok(TopLevel::Object(members)) => members,
    };
    if let Some(why) = invalid_message(&members) {
        return Frame::Error(-32600, why);
    }
    let get = |name: &str| members.iter().find(|(k, _)| k == name).map(|(_, v)| v);
    let method = get("method").and_then(Value::as_str);
    match (method, get("id")) {
        // LSP 3.17: a request whose method starts with `$/` and that the
        // receiver does not know is answered with MethodNotFound
        // (tower-lsp-server drops it silently). claimls knows only
        // notifications of that kind.
        (Some(method), Some(id)) if method.starts_with("$/") => Frame::Refuse {
            id: id.clone(),
            code: -32601,
            message: format!(
                "unknown method `{}`",
                claimls_core::text::shorten(method, 80)
            ),
        },
        (Some("shutdown"), Some(_)) => Frame::Shutdown(body),
        (Some("exit"), _) => Frame::Exit(body),
        _ => Frame::Message(body),
    }
}

fn encode(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

fn error_response(code: i64, message: &str) -> Vec<u8> {
    error_response_to(&Value::Null, code, message)
}

fn error_response_to(id: &Value, code: i64, message: &str) -> Vec<u8> {
    let body = json!({ "jsonrpc": "2.0", "id": id, "error": { "code": code, "message": format!("claimls: {message}") } });
    encode(&serde_json::to_vec(&body).expect("JSON"))
}

/// Reads `input`, passes valid frames to `to_server` and reports problems on
/// `errors`. Ends (dropping `to_server`, which the server sees as end of
/// input) when `input` ends.
///
/// When the client sends `exit`, `exit` is told before the message is
/// passed on: tower-lsp-server ends only once it has written its last
/// frames, so a client that stopped reading our stdout would otherwise keep
/// the process alive after asking it to end (see `server::run`). If a
/// `shutdown` request came before it, `shutdown` is set first: the exit
/// status is then 0, as the spec says, even when a server stuck on its
/// output never handled the request.
pub async fn pump_input(
    mut input: impl AsyncRead + Unpin,
    mut to_server: impl AsyncWrite + Unpin,
    errors: mpsc::Sender<Vec<u8>>,
    shutdown: std::sync::Arc<std::sync::atomic::AtomicBool>,
    exit: tokio::sync::oneshot::Sender<()>,
) {
    let mut exit = Some(exit);
    let mut shutdown_received = false;
    let mut reader = Reader::default();
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        let n = match input.read(&mut chunk).await {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        reader.push(&chunk[..n]);
        while let Some(frame) = reader.next_frame() {
            let body = match frame {
                Frame::Message(body) => body,
                Frame::Shutdown(body) => {
                    shutdown_received = true;
                    body
                }
                Frame::Exit(body) => {
                    if shutdown_received {
                        shutdown.store(true, std::sync::atomic::Ordering::SeqCst);
                    }
                    if let Some(exit) = exit.take() {
                        let _ = exit.send(());
                    }
                    body
                }
                Frame::Error(code, message) => {
                    answer(&errors, error_response(code, &message));
                    continue;
                }
                Frame::Refuse { id, code, message } => {
                    // The answer to a request: it must arrive (the client
                    // waits for it), so it waits for room rather than being
                    // dropped like the answers to garbage.
                    if errors
                        .send(error_response_to(&id, code, &message))
                        .await
                        .is_err()
                    {
                        return;
                    }
                    continue;
                }
            };
            if to_server.write_all(&encode(&body)).await.is_err() {
                return;
            }
        }
    }
    let _ = to_server.shutdown().await;
}

/// Copies the server's frames to `output`, writing our error responses
/// between frames (held while a frame is only partly copied). Ends when the
/// server's output ends.
pub async fn pump_output(
    mut from_server: impl AsyncRead + Unpin,
    mut output: impl AsyncWrite + Unpin,
    mut errors: mpsc::Receiver<Vec<u8>>,
) {
    let mut pending: Vec<u8> = Vec::new();
    let mut queued: Vec<Vec<u8>> = Vec::new();
    let mut chunk = vec![0u8; 64 * 1024];
    let mut errors_open = true;
    loop {
        tokio::select! {
            read = from_server.read(&mut chunk) => {
                let n = match read { Ok(0) | Err(_) => break, Ok(n) => n };
                pending.extend_from_slice(&chunk[..n]);
                // Write every complete frame; keep a partial one for later.
                // The written bytes go in one move (a read may hold many
                // small frames).
                let mut written = 0;
                while let Some(len) = complete_frame(&pending[written..]) {
                    if output.write_all(&pending[written..written + len]).await.is_err() {
                        return;
                    }
                    written += len;
                }
                pending.drain(..written);
            }
            // Bounded like the channel: while a long frame is being copied,
            // at most so many answers wait here; then the channel fills, and
            // the reader drops further answers to garbage (never the answer
            // to a request, which waits for room).
            error = errors.recv(), if errors_open && queued.len() < MAX_QUEUED_ANSWERS => match error {
                Some(bytes) => queued.push(bytes),
                None => errors_open = false,
            }
        }
        if pending.is_empty() {
            for bytes in queued.drain(..) {
                if output.write_all(&bytes).await.is_err() {
                    return;
                }
            }
        }
        let _ = output.flush().await;
    }
    let _ = output.write_all(&pending).await;
    for bytes in queued {
        let _ = output.write_all(&bytes).await;
    }
    let _ = output.flush().await;
}

/// Total length (headers + body) of the frame at the start of `buf`, if its
/// headers are complete.
fn frame_length(buf: &[u8]) -> Option<usize> {
    let end = find(buf, b"\r\n\r\n")?;
    let headers = std::str::from_utf8(&buf[..end]).ok()?;
    let length = headers.split("\r\n").find_map(|l| {
        let (name, value) = l.split_once(':')?;
        name.trim()
            .eq_ignore_ascii_case("content-length")
            .then(|| value.trim().parse::<usize>().ok())?
    })?;
    Some(end + 4 + length)
}

/// The length of the complete frame at the start of `buf`, if complete.
fn complete_frame(buf: &[u8]) -> Option<usize> {
    frame_length(buf).filter(|&total| total <= buf.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &[u8]) -> Vec<Frame> {
        let mut reader = Reader::default();
        reader.push(input);
        std::iter::from_fn(|| reader.next_frame()).collect()
    }

    fn framed(body: &str) -> Vec<u8> {
        encode(body.as_bytes())
    }

    const OK: &str = r#"{"jsonrpc":"2.0","method":"x/y"}"#;

    #[test]
    fn millions_of_blank_lines_between_messages_are_skipped() {
        // Removing them one byte at a time took minutes.
        let mut input = vec![b'\n'; 4_000_000];
        input.extend(framed(OK));
        input.extend(b"\r\n".repeat(1_000_000));
        input.extend(framed(OK));
        let got = frames(&input);
        assert_eq!(got.len(), 2);
        assert!(got.iter().all(|f| matches!(f, Frame::Message(_))));
    }

    #[test]
    fn a_header_that_never_ends_is_refused_once_and_memory_stays_bounded() {
        let mut reader = Reader::default();
        let mut got = Vec::new();
        reader.push(b"Content-Length: 10\r\n");
        // 20 MB in 64 KiB reads, as the transport reads stdin.
        for _ in 0..320 {
            reader.push(&[b'x'; 64 * 1024]);
            got.extend(std::iter::from_fn(|| reader.next_frame()));
            assert!(
                reader.buf().len() <= 64 * 1024 + MAX_HEADER_BYTES,
                "{}",
                reader.buf().len()
            );
        }
        // The block ends; its body and the next message follow.
        reader.push(b"\r\n\r\n0123456789");
        reader.push(&framed(OK));
        got.extend(std::iter::from_fn(|| reader.next_frame()));
        assert!(matches!(got[0], Frame::Error(-32700, _)), "{got:?}");
        assert!(matches!(got[1..], [Frame::Message(_)]), "{got:?}");
    }

    #[test]
    fn a_repeated_header_line_is_refused_once_not_once_per_line() {
        let mut input = b"Content-Length: 1\r\n".repeat(200_000);
        input.extend(b"\r\nx");
        input.extend(framed(OK));
        let mut reader = Reader::default();
        let mut got = Vec::new();
        for chunk in input.chunks(64 * 1024) {
            reader.push(chunk);
            got.extend(std::iter::from_fn(|| reader.next_frame()));
        }
        assert!(matches!(got[0], Frame::Error(-32700, _)), "{got:?}");
        assert!(matches!(got[1..], [Frame::Message(_)]), "{got:?}");
    }

    #[test]
    fn headers_that_end_just_past_the_limit_are_refused_once_even_byte_by_byte() {
        let mut input = b"Content-Length: 2\r\nX-Padding: ".to_vec();
        input.resize(MAX_HEADER_BYTES - 2, b'x');
        input.extend(b"\r\n\r\n{}");
        input.extend(framed(OK));
        let mut reader = Reader::default();
        let mut got = Vec::new();
        for byte in &input {
            reader.push(std::slice::from_ref(byte));
            got.extend(std::iter::from_fn(|| reader.next_frame()));
        }
        assert!(matches!(got[0], Frame::Error(-32700, _)), "{got:?}");
        assert!(matches!(got[1..], [Frame::Message(_)]), "{got:?}");
    }

    #[test]
    fn an_lf_framed_message_before_a_crlf_framed_one_keeps_both() {
        let body = OK.as_bytes();
        let mut input = format!("Content-Length: {}\n\n", body.len()).into_bytes();
        input.extend(body);
        input.extend(framed(OK));
        let got = frames(&input);
        assert!(
            matches!(got[..], [Frame::Message(_), Frame::Message(_)]),
            "{got:?}"
        );
    }

    #[test]
    fn passes_valid_messages_in_order_even_split_into_bytes() {
        let mut input = framed(OK);
        input.extend(b"Content-Type: application/vscode-jsonrpc\r\n");
        input.extend(framed(r#"{"jsonrpc":"2.0","id":1,"result":null}"#));
        let mut reader = Reader::default();
        let mut got = Vec::new();
        for byte in &input {
            reader.push(std::slice::from_ref(byte));
            while let Some(f) = reader.next_frame() {
                got.push(f);
            }
        }
        assert_eq!(got.len(), 2);
        assert!(got.iter().all(|f| matches!(f, Frame::Message(_))));
    }

    #[test]
    fn answers_bad_bodies_and_keeps_going() {
        let mut input = framed("{not json");
        input.extend(framed("[1,2]"));
        input.extend(framed(OK));
        let got = frames(&input);
        assert!(matches!(got[0], Frame::Error(-32700, _)));
        assert!(matches!(got[1], Frame::Error(-32600, _)));
        assert!(matches!(got[2], Frame::Message(_)));
    }

    #[test]
    fn messages_tower_lsp_server_cannot_decode_are_refused_here() {
        for body in [
            r#"{"jsonrpc":"2.0","id":1.5,"method":"x/y"}"#,
            r#"{"jsonrpc":"2.0","id":false,"method":"x/y"}"#,
            r#"{"jsonrpc":"2.0","id":{},"method":"x/y"}"#,
            r#"{"jsonrpc":"2.0","id":18446744073709551615,"method":"x/y"}"#,
            r#"{"jsonrpc":"2.0","id":1,"id":1,"method":"x/y"}"#,
            r#"{"jsonrpc":"2.0","method":"x/y","params":{},"params":[]}"#,
            r#"{"jsonrpc":"2.0","id":0.0,"result":null}"#,
        ] {
            assert!(
                matches!(frames(&framed(body))[..], [Frame::Error(-32600, _)]),
                "{body}"
            );
        }
        for body in [
            r#"{"jsonrpc":"2.0","id":-9223372036854775808,"method":"x/y"}"#,
            r#"{"jsonrpc":"2.0","id":"1.5","method":"x/y","params":{"a":1,"a":2}}"#,
            r#"{"jsonrpc":"2.0","id":null,"result":null}"#,
        ] {
            assert!(
                matches!(frames(&framed(body))[..], [Frame::Message(_)]),
                "{body}"
            );
        }
    }

    #[test]
    fn a_message_with_a_hundred_thousand_members_is_read_in_linear_time() {
        // Looking for a repeated member compared every pair of members.
        let mut body = String::from(r#"{"jsonrpc":"2.0","method":"x/y""#);
        for i in 0..100_000 {
            body.push_str(&format!(r#","k{i}":0"#));
        }
        body.push('}');
        assert!(matches!(frames(&framed(&body))[..], [Frame::Message(_)]));
        body.insert_str(body.len() - 1, r#","k5":1"#);
        assert!(matches!(
            frames(&framed(&body))[..],
            [Frame::Error(-32600, _)]
        ));
    }

    #[test]
    fn dollar_requests_are_refused_with_their_id_and_dollar_notifications_pass() {
        let got = frames(&framed(
            r#"{"jsonrpc":"2.0","id":"a","method":"$/unknown"}"#,
        ));
        assert_eq!(
            got,
            [Frame::Refuse {
                id: json!("a"),
                code: -32601,
                message: "unknown method `$/unknown`".into()
            }]
        );
        let got = frames(&framed(
            r#"{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":1}}"#,
        ));
        assert!(matches!(got[..], [Frame::Message(_)]), "{got:?}");
    }

    #[test]
    fn thousands_of_small_frames_in_one_read_cost_linear_time() {
        // Consuming a frame used to move the rest of the buffer down.
        let mut input = Vec::new();
        for _ in 0..200_000 {
            input.extend(framed("[]"));
        }
        let got = frames(&input);
        assert_eq!(got.len(), 200_000);
    }

    #[test]
    fn resynchronises_after_bad_headers_and_lengths() {
        for bad in [
            &b"Content-Length: abc\r\n\r\n{}"[..],
            b"garbage\r\n\r\n{}",
            b"Content-Length: 99999999999999\r\n\r\n{}",
            b"\r\n",
        ] {
            let mut input = bad.to_vec();
            input.extend(framed(OK));
            let got = frames(&input);
            assert!(
                matches!(got.last(), Some(Frame::Message(_))),
                "{:?} → {got:?}",
                String::from_utf8_lossy(bad)
            );
        }
        // Too short a length: the truncated body fails, the next message survives.
        let body = OK.as_bytes();
        let mut input = format!("Content-Length: {}\r\n\r\n", body.len() - 5).into_bytes();
        input.extend(body);
        input.extend(framed(OK));
        let got = frames(&input);
        assert!(matches!(got[0], Frame::Error(-32700, _)));
        assert!(matches!(got.last(), Some(Frame::Message(_))), "{got:?}");
    }

    #[tokio::test]
    async fn errors_are_written_between_frames() {
        let (server_side, mut from_server_writer) = tokio::io::duplex(1024);
        let (tx, rx) = mpsc::channel(MAX_QUEUED_ANSWERS);
        let mut out = Vec::new();
        let task = tokio::spawn(async move {
            pump_output(server_side, &mut out, rx).await;
            out
        });
        let frame = framed(OK);
        from_server_writer.write_all(&frame[..10]).await.unwrap();
        tokio::task::yield_now().await;
        tx.send(error_response(-32700, "bad")).await.unwrap();
        tokio::task::yield_now().await;
        from_server_writer.write_all(&frame[10..]).await.unwrap();
        drop(from_server_writer);
        drop(tx);
        let out = task.await.unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.starts_with(&String::from_utf8(frame.clone()).unwrap()),
            "{text}"
        );
        assert!(
            text.ends_with("\"message\":\"claimls: bad\"}}") || text.contains("claimls: bad"),
            "{text}"
        );
    }

    proptest::proptest! {
        /// Valid messages, framed with CRLF or LF, with blank lines between
        /// them, arrive whole and in order however the reads split them.
        #[test]
        fn valid_messages_survive_any_split_into_reads(
            params in proptest::collection::vec(".{0,40}", 1..12),
            lf in proptest::collection::vec(proptest::bool::ANY, 12),
            blanks in proptest::collection::vec(0usize..4, 12),
            cuts in proptest::collection::vec(0usize..4096, 0..24),
        ) {
            let mut input = Vec::new();
            let mut bodies = Vec::new();
            for (i, param) in params.iter().enumerate() {
                input.extend(b"\r\n".repeat(blanks[i]));
                let body = serde_json::to_vec(
                    &json!({ "jsonrpc": "2.0", "method": "x/y", "params": param }),
                )
                .unwrap();
                let sep = if lf[i] { "\n\n" } else { "\r\n\r\n" };
                input.extend(format!("Content-Length: {}{sep}", body.len()).into_bytes());
                input.extend(&body);
                bodies.push(body);
            }
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c % (input.len() + 1)).collect();
            cuts.push(input.len());
            cuts.sort_unstable();
            let mut reader = Reader::default();
            let mut got = Vec::new();
            let mut at = 0;
            for cut in cuts {
                reader.push(&input[at..cut]);
                at = cut;
                got.extend(std::iter::from_fn(|| reader.next_frame()));
            }
            let expected: Vec<Frame> = bodies.into_iter().map(Frame::Message).collect();
            proptest::prop_assert_eq!(got, expected);
        }
    }
}
