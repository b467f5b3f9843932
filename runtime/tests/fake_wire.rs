//! The fake speaks the Runtime API the way Lambda does, seen by a raw HTTP/1.1 client on one
//! kept-alive `TcpStream`: `/next` carries `Content-Type: application/json`, an epoch-ms deadline
//! in the future, the function ARN, the request id and a trace header; `/response`, `/error` and
//! `/init/error` answer `202`. (That each reply leaves in one write on a `TCP_NODELAY` socket is
//! asserted by the unit tests of `src/testing/fake.rs`.)

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use typed_lambda::testing::{FakeRuntimeApi, Invoke, Outcome};

/// One parsed reply: status, headers (names lower-case) and body.
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Sends one request on `stream` and reads its reply (a `Content-Length` body).
fn exchange(stream: &mut TcpStream, method: &str, path: &str, headers: &str, body: &[u8]) -> Reply {
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {}\r\n{headers}\r\n",
        body.len()
    );
    let mut request = head.into_bytes();
    request.extend_from_slice(body);
    stream.write_all(&request).unwrap();

    let mut bytes = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        let mut parsed = [httparse::EMPTY_HEADER; 32];
        let mut response = httparse::Response::new(&mut parsed);
        if let httparse::Status::Complete(head_len) = response.parse(&bytes).unwrap() {
            let headers: Vec<(String, String)> = response
                .headers
                .iter()
                .map(|h| {
                    (
                        h.name.to_ascii_lowercase(),
                        String::from_utf8(h.value.to_vec()).unwrap(),
                    )
                })
                .collect();
            let length: usize = headers
                .iter()
                .find(|(n, _)| n == "content-length")
                .map(|(_, v)| v.parse().unwrap())
                .expect("every reply of the fake has a Content-Length");
            if bytes.len() >= head_len + length {
                assert_eq!(bytes.len(), head_len + length, "bytes after the reply");
                return Reply {
                    status: response.code.unwrap(),
                    headers,
                    body: bytes[head_len..].to_vec(),
                };
            }
        }
        let n = stream.read(&mut chunk).unwrap();
        assert!(n > 0, "the fake closed the connection mid-reply");
        bytes.extend_from_slice(&chunk[..n]);
    }
}

fn epoch_ms(t: SystemTime) -> u128 {
    t.duration_since(UNIX_EPOCH).unwrap().as_millis()
}

#[test]
fn next_response_error_and_init_error_look_like_lambda() {
    let fake = FakeRuntimeApi::start();
    let mut stream = TcpStream::connect(fake.addr()).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    const NEXT: &str = "/2018-06-01/runtime/invocation/next";

    // /next: the event with Lambda's headers.
    let first = fake.enqueue(Invoke::new(r#"{"n":1}"#).timeout(Duration::from_secs(20)));
    let before = SystemTime::now();
    let reply = exchange(&mut stream, "GET", NEXT, "", b"");
    let after = SystemTime::now();
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body, br#"{"n":1}"#);
    assert_eq!(reply.header("content-type"), Some("application/json"));
    assert_eq!(
        reply.header("lambda-runtime-aws-request-id"),
        Some(first.request_id.as_str())
    );
    let deadline: u128 = reply
        .header("lambda-runtime-deadline-ms")
        .expect("a deadline header")
        .parse()
        .expect("the deadline is a number of milliseconds");
    assert!(
        deadline >= epoch_ms(before) + 19_000 && deadline <= epoch_ms(after) + 20_000,
        "deadline {deadline} is not an epoch time about 20 s ahead of {}",
        epoch_ms(before)
    );
    let arn = reply.header("lambda-runtime-invoked-function-arn").unwrap();
    let parts: Vec<&str> = arn.split(':').collect();
    assert_eq!(parts.len(), 7, "{arn}");
    assert_eq!(&parts[..3], ["arn", "aws", "lambda"], "{arn}");
    assert_eq!(parts[4].len(), 12, "account id in {arn}");
    assert_eq!(parts[5], "function", "{arn}");
    let trace = reply.header("lambda-runtime-trace-id").unwrap();
    let root = trace
        .strip_prefix("Root=1-")
        .unwrap_or_else(|| panic!("{trace}"));
    let (epoch_hex, rest) = root.split_once('-').unwrap();
    assert_eq!(epoch_hex.len(), 8, "{trace}");
    assert!(u32::from_str_radix(epoch_hex, 16).is_ok(), "{trace}");
    assert_eq!(rest.split(';').next().unwrap().len(), 24, "{trace}");
    assert!(
        trace.contains(";Parent=") && trace.contains(";Sampled="),
        "{trace}"
    );

    // /response: 202, and the outcome reaches the invoker.
    let path = format!(
        "/2018-06-01/runtime/invocation/{}/response",
        first.request_id
    );
    let reply = exchange(&mut stream, "POST", &path, "", br#"{"ok":true}"#);
    assert_eq!(reply.status, 202);
    assert_eq!(
        fake.wait(first, Duration::from_secs(5)),
        Outcome::Response(br#"{"ok":true}"#.to_vec())
    );

    // /error: 202, with the error type header passed on; same connection, kept alive.
    let second = fake.enqueue(Invoke::new("2"));
    let second_id = second.request_id.clone();
    let reply = exchange(&mut stream, "GET", NEXT, "", b"");
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.header("lambda-runtime-aws-request-id"),
        Some(second.request_id.as_str())
    );
    let path = format!("/2018-06-01/runtime/invocation/{}/error", second.request_id);
    let error = br#"{"errorType":"Boom","errorMessage":"it broke"}"#;
    let reply = exchange(
        &mut stream,
        "POST",
        &path,
        "Lambda-Runtime-Function-Error-Type: Boom\r\n",
        error,
    );
    assert_eq!(reply.status, 202);
    assert_eq!(
        fake.wait(second, Duration::from_secs(5)),
        Outcome::Error {
            error_type_header: Some("Boom".into()),
            body: error.to_vec()
        }
    );

    // /init/error: 202.
    let reply = exchange(
        &mut stream,
        "POST",
        "/2018-06-01/runtime/init/error",
        "Lambda-Runtime-Function-Error-Type: ConfigError\r\n",
        br#"{"errorType":"ConfigError","errorMessage":"no table"}"#,
    );
    assert_eq!(reply.status, 202);
    assert_eq!(fake.init_errors().len(), 1);

    // A second answer for a finished invocation is refused, as Lambda does.
    let path = format!("/2018-06-01/runtime/invocation/{second_id}/response");
    let reply = exchange(&mut stream, "POST", &path, "", b"{}");
    assert_eq!(reply.status, 400);

    assert_eq!(fake.connections(), 1, "every exchange used one connection");
}
