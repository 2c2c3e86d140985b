//! A small SMTP client for handing mail to a relay (RFC 5321: EHLO, MAIL, RCPT, DATA, QUIT).
//! It speaks plain SMTP to the relay the operator configures, typically one on the same host or
//! network that takes care of TLS and authentication upstream.

use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

pub struct Message {
    pub from: String,
    pub to: String,
    pub subject: String,
    pub body: String,
}

#[derive(Debug)]
pub struct SmtpError(String);

impl std::fmt::Display for SmtpError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<std::io::Error> for SmtpError {
    fn from(e: std::io::Error) -> SmtpError {
        SmtpError(format!("io: {e}"))
    }
}

pub async fn send(addr: &str, m: &Message) -> Result<(), SmtpError> {
    tokio::time::timeout(Duration::from_secs(30), conversation(addr, m))
        .await
        .map_err(|_| SmtpError("timed out".into()))?
}

async fn conversation(addr: &str, m: &Message) -> Result<(), SmtpError> {
    for addr_part in [&m.from, &m.to] {
        if addr_part.contains(['\r', '\n', '<', '>']) {
            return Err(SmtpError("address with forbidden characters".into()));
        }
    }
    let stream = TcpStream::connect(addr).await?;
    let (read, mut write) = stream.into_split();
    let mut read = BufReader::new(read);
    expect(&mut read, 220).await?;
    command(&mut write, &mut read, "EHLO partnerbenefits.local", 250).await?;
    command(
        &mut write,
        &mut read,
        &format!("MAIL FROM:<{}>", m.from),
        250,
    )
    .await?;
    command(&mut write, &mut read, &format!("RCPT TO:<{}>", m.to), 250).await?;
    command(&mut write, &mut read, "DATA", 354).await?;
    write.write_all(render(m).as_bytes()).await?;
    write.write_all(b"\r\n.\r\n").await?;
    expect(&mut read, 250).await?;
    let _ = command(&mut write, &mut read, "QUIT", 221).await;
    Ok(())
}

async fn command<R: AsyncBufReadExt + Unpin, W: AsyncWriteExt + Unpin>(
    write: &mut W,
    read: &mut R,
    line: &str,
    code: u16,
) -> Result<(), SmtpError> {
    write.write_all(line.as_bytes()).await?;
    write.write_all(b"\r\n").await?;
    expect(read, code).await
}

/// Reads a (possibly multi-line) reply and checks its code.
async fn expect<R: AsyncBufReadExt + Unpin>(read: &mut R, code: u16) -> Result<(), SmtpError> {
    loop {
        let mut line = String::new();
        if read.read_line(&mut line).await? == 0 {
            return Err(SmtpError("connection closed".into()));
        }
        let got: u16 = line.get(..3).and_then(|c| c.parse().ok()).unwrap_or(0);
        if got != code {
            return Err(SmtpError(format!(
                "expected {code}, got {:?}",
                line.trim_end()
            )));
        }
        // "250-..." continues, "250 ..." ends.
        if line.as_bytes().get(3) != Some(&b'-') {
            return Ok(());
        }
    }
}

/// Headers and a base64 body, so any UTF-8 text (Korean included) survives any relay.
fn render(m: &Message) -> String {
    let mut out = String::new();
    out.push_str(&format!("From: <{}>\r\n", m.from));
    out.push_str(&format!("To: <{}>\r\n", m.to));
    out.push_str(&format!(
        "Subject: =?UTF-8?B?{}?=\r\n",
        base64(m.subject.as_bytes())
    ));
    out.push_str("MIME-Version: 1.0\r\n");
    out.push_str("Content-Type: text/plain; charset=utf-8\r\n");
    out.push_str("Content-Transfer-Encoding: base64\r\n\r\n");
    let encoded = base64(m.body.as_bytes());
    for chunk in encoded.as_bytes().chunks(76) {
        out.push_str(std::str::from_utf8(chunk).unwrap_or(""));
        out.push_str("\r\n");
    }
    out
}

pub fn base64(data: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_rfc_examples() {
        for (input, expected) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), expected);
        }
    }
}
