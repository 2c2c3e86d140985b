use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::json;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

/// A minimal SMTP server that accepts every message and keeps the conversation.
async fn fake_smtp() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let log = Arc::new(Mutex::new(Vec::new()));
    let seen = log.clone();
    tokio::spawn(async move {
        loop {
            let (stream, _) = listener.accept().await.unwrap();
            let seen = seen.clone();
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 fake ESMTP\r\n").await.unwrap();
                let mut in_data = false;
                let mut transcript = String::new();
                while let Ok(Some(line)) = lines.next_line().await {
                    transcript.push_str(&line);
                    transcript.push('\n');
                    let reply: &[u8] = if in_data {
                        if line == "." {
                            in_data = false;
                            b"250 queued\r\n"
                        } else {
                            continue;
                        }
                    } else if line.starts_with("EHLO") {
                        b"250-fake\r\n250 8BITMIME\r\n"
                    } else if line == "DATA" {
                        in_data = true;
                        b"354 go ahead\r\n"
                    } else if line == "QUIT" {
                        write.write_all(b"221 bye\r\n").await.ok();
                        break;
                    } else {
                        b"250 ok\r\n"
                    };
                    write.write_all(reply).await.unwrap();
                }
                seen.lock().unwrap().push(transcript);
            });
        }
    });
    (addr, log)
}

#[tokio::test]
async fn with_an_smtp_relay_configured_emails_are_delivered_and_marked_sent() {
    let (smtp, log) = fake_smtp().await;
    let app = TestApp::spawn_with(&[("PB_SMTP_ADDR", smtp.as_str())]).await;
    let ga = app.sign_in(GA).await;
    let form = json!({"name": "Hana Lim", "email": "hana.lim@contoso.example", "roles": {"global_admin": false, "mpn_partner_admin": false}});
    assert_eq!(
        app.call("add_user", json!({"form": form}), Some(&ga))
            .await
            .status,
        StatusCode::OK
    );
    let sent = app
        .eventually(
            "SELECT COUNT(*) FROM emails WHERE sent_at IS NOT NULL",
            1,
            10,
        )
        .await;
    assert_eq!(sent, 1);
    let transcripts = log.lock().unwrap().clone();
    assert_eq!(transcripts.len(), 1);
    assert!(
        transcripts[0].contains("RCPT TO:<hana.lim@contoso.example>"),
        "{}",
        transcripts[0]
    );
    assert!(
        transcripts[0].contains("Subject: =?UTF-8?B?"),
        "{}",
        transcripts[0]
    );
}

#[tokio::test]
async fn without_a_relay_emails_are_stored_and_listed_for_admins() {
    let app = TestApp::spawn().await;
    let ga = app.sign_in(GA).await;
    let form = json!({"name": "Hana Lim", "email": "hana.lim@contoso.example", "roles": {"global_admin": false, "mpn_partner_admin": false}});
    app.call("add_user", json!({"form": form}), Some(&ga)).await;
    let list = app
        .call("list_emails", json!({"offset": 0}), Some(&ga))
        .await;
    assert_eq!(list.status, StatusCode::OK);
    let first = &list.body["emails"][0];
    assert_eq!(first["to"], "hana.lim@contoso.example");
    assert!(first["sent_at"].is_null());
    let other = app.sign_in(OTHER_GA).await;
    let theirs = app
        .call("list_emails", json!({"offset": 0}), Some(&other))
        .await;
    assert!(
        theirs.body["emails"].as_array().unwrap().is_empty(),
        "another company sees none of them"
    );
}
