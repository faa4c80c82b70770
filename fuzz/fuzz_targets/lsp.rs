//! The language server's message loop: arbitrary bytes as the client's side of the stream,
//! after a well-formed `initialize`, so that the fuzzer works on what an editor sends once
//! connected — framing, JSON-RPC, document edits at any position, hovers, code actions,
//! shutdown and exit. The server must answer or log, never panic or hang.

#![no_main]

use libfuzzer_sys::fuzz_target;

/// `message` framed as the base protocol frames it.
fn frame(message: &str) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", message.len()).into_bytes();
    out.extend_from_slice(message.as_bytes());
    out
}

fuzz_target!(|data: &[u8]| {
    let mut input = frame(r#"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"capabilities":{}}}"#);
    input.extend(frame(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#));
    input.extend_from_slice(data);
    let _ = factlint::lsp::serve(std::io::Cursor::new(input), std::io::sink());
});
