//! The JSON-RPC stream between client and server (standard input and output for
//! `factlint lsp`), read so that one bad message never stops the server.
//!
//! `lsp-server`'s own stdio transport ends the connection at the first malformed message;
//! this reader logs it to standard error and reads on: a header without `Content-Length`,
//! a body that is not UTF-8 or not JSON, or JSON that is no JSON-RPC message is skipped.
//! Only the end of the input ends the stream.

use std::io::{self, BufRead, Read as _, Write};
use std::thread;

use crossbeam_channel::{Receiver, Sender, bounded, unbounded};
use lsp_server::{Connection, Message};

use super::log;

/// The largest message body read; a longer one is skipped (an article is far smaller).
const MAX_BODY: usize = 64 << 20;

/// The reading and writing threads of a stdio connection.
pub struct Threads {
    reader: thread::JoinHandle<()>,
    writer: thread::JoinHandle<()>,
}

impl Threads {
    /// Waits for the writer to flush what it was given; the reader may still be blocked
    /// on its input, and is left to end with the process.
    pub fn join(self) {
        let _ = self.writer.join();
        drop(self.reader);
    }
}

/// A connection that reads the client's messages from `input` and writes the server's to
/// `output`: standard input and output for `factlint lsp`, buffers for a test or a fuzzer.
pub fn streams<R, W>(mut input: R, output: W) -> (Connection, Threads)
where
    R: BufRead + Send + 'static,
    W: Write + Send + 'static,
{
    let (to_server, receiver) = unbounded::<Message>();
    let (sender, to_client) = bounded::<Message>(64);
    let reader = thread::Builder::new()
        .name("factlint-lsp-reader".into())
        .spawn(move || read_loop(&mut input, &to_server));
    let writer = thread::Builder::new()
        .name("factlint-lsp-writer".into())
        .spawn(move || write_loop(&to_client, output));
    match (reader, writer) {
        (Ok(reader), Ok(writer)) => (Connection { sender, receiver }, Threads { reader, writer }),
        // Without threads there is no server; the caller sees a closed connection.
        _ => {
            log("cannot start the reading and writing threads");
            let (sender, _) = bounded(0);
            let (_, receiver) = bounded(0);
            let idle = || thread::spawn(|| {});
            (
                Connection { sender, receiver },
                Threads {
                    reader: idle(),
                    writer: idle(),
                },
            )
        }
    }
}

/// Reads messages from `input` until it ends or the server stops listening.
pub fn read_loop(input: &mut impl BufRead, to_server: &Sender<Message>) {
    loop {
        match read_message(input) {
            Ok(None) => return,
            Ok(Some(Ok(message))) => {
                let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
                if to_server.send(message).is_err() || exit {
                    return;
                }
            }
            Ok(Some(Err(problem))) => log(&format!("skipped a message: {problem}")),
            Err(e) => {
                log(&format!("cannot read standard input: {e}"));
                return;
            }
        }
    }
}

/// Writes messages to `out` until the server drops its sender.
fn write_loop(to_client: &Receiver<Message>, mut out: impl Write) {
    for message in to_client {
        if let Err(e) = message.write(&mut out) {
            log(&format!("cannot write to the client: {e}"));
            return;
        }
    }
    let _ = out.flush();
}

/// The next message: `None` at the end of the input, an error in words for a message that
/// cannot be used (the input is then positioned after it).
fn read_message(input: &mut impl BufRead) -> io::Result<Option<Result<Message, String>>> {
    let mut length: Option<Result<usize, String>> = None;
    let mut line = Vec::new();
    // Headers, up to an empty line. A line that is not a header is skipped, so that the
    // reader finds the next message after garbage.
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            return Ok(None);
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if length.is_some() {
                break;
            }
            continue;
        }
        match text.split_once(':') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => {
                let value = value.trim();
                length = Some(
                    value
                        .parse::<usize>()
                        .map_err(|_| format!("`Content-Length: {value}` is not a length")),
                );
            }
            Some((name, _)) if name.trim().eq_ignore_ascii_case("content-type") => {}
            _ => log(&format!(
                "skipped a line that is no message header: {:?}",
                truncate(text)
            )),
        }
    }
    let length = match length {
        Some(Ok(n)) => n,
        Some(Err(problem)) => return Ok(Some(Err(problem))),
        None => return Ok(None),
    };
    if length > MAX_BODY {
        // Read and drop the body, so that the next message is found.
        io::copy(&mut input.take(length as u64), &mut io::sink())?;
        return Ok(Some(Err(format!("a body of {length} bytes is too long"))));
    }
    let mut body = vec![0; length];
    input.read_exact(&mut body)?;
    let Ok(text) = String::from_utf8(body) else {
        return Ok(Some(Err("the body is not UTF-8".into())));
    };
    Ok(Some(serde_json::from_str::<Message>(&text).map_err(|e| {
        format!("not a JSON-RPC message ({e}): {:?}", truncate(&text))
    })))
}

/// At most the first 200 characters of `text`, for logs.
fn truncate(text: &str) -> &str {
    match text.char_indices().nth(200) {
        Some((i, _)) => &text[..i],
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn bad_messages_are_skipped_and_the_next_one_is_read() {
        let good = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let mut stream = String::new();
        stream.push_str("garbage line\r\n");
        stream.push_str(&frame("{not json"));
        stream.push_str(&frame(r#"{"jsonrpc":"2.0","no":"method"}"#));
        stream.push_str("Content-Length: twelve\r\n\r\n");
        stream.push_str(&frame(good));
        let (tx, rx) = unbounded();
        read_loop(&mut io::Cursor::new(stream.into_bytes()), &tx);
        let got: Vec<Message> = rx.try_iter().collect();
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(matches!(&got[0], Message::Notification(n) if n.method == "initialized"));
    }

    #[test]
    fn a_body_that_is_not_utf8_is_skipped() {
        let mut stream = b"Content-Length: 3\r\n\r\n\xff\xfe\xfd".to_vec();
        stream.extend(frame(r#"{"jsonrpc":"2.0","method":"exit"}"#).into_bytes());
        let (tx, rx) = unbounded();
        read_loop(&mut io::Cursor::new(stream), &tx);
        let got: Vec<Message> = rx.try_iter().collect();
        assert!(matches!(got.as_slice(), [Message::Notification(n)] if n.method == "exit"));
    }
}
