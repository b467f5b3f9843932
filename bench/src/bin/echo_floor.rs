//! The floor of the invoke scenario: a std-only Runtime API loop that echoes the event bytes
//! without parsing them as JSON. One kept-alive `TCP_NODELAY` connection, one write per
//! request, the smallest HTTP/1.1 reading that works against the fake (`Content-Length` only).

use std::io::{self, Read, Write};
use std::net::TcpStream;

fn main() -> io::Result<()> {
    let api = std::env::var("AWS_LAMBDA_RUNTIME_API")
        .map_err(|_| io::Error::other("AWS_LAMBDA_RUNTIME_API is not set"))?;
    let mut stream = TcpStream::connect(api.as_str())?;
    stream.set_nodelay(true)?;
    let mut inp = Vec::with_capacity(16 * 1024);
    let mut out = Vec::with_capacity(16 * 1024);
    loop {
        out.clear();
        write!(
            out,
            "GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: {api}\r\n\r\n"
        )?;
        stream.write_all(&out)?;
        let (id, body) = read_reply(&mut stream, &mut inp)?;
        let id = id.ok_or_else(|| io::Error::other("/next reply without a request id"))?;
        out.clear();
        write!(
            out,
            "POST /2018-06-01/runtime/invocation/{id}/response HTTP/1.1\r\nHost: {api}\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            body.len()
        )?;
        out.extend_from_slice(&body);
        stream.write_all(&out)?;
        read_reply(&mut stream, &mut inp)?;
    }
}

/// Reads one reply: the request id header (if any) and the body.
fn read_reply(stream: &mut TcpStream, inp: &mut Vec<u8>) -> io::Result<(Option<String>, Vec<u8>)> {
    let head_end = loop {
        if let Some(i) = inp.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        fill(stream, inp)?;
    };
    let head = std::str::from_utf8(&inp[..head_end]).map_err(io::Error::other)?;
    let mut length = 0;
    let mut id = None;
    for line in head.split("\r\n").skip(1) {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        if name.eq_ignore_ascii_case("content-length") {
            length = value.trim().parse().map_err(io::Error::other)?;
        } else if name.eq_ignore_ascii_case("lambda-runtime-aws-request-id") {
            id = Some(value.trim().to_owned());
        }
    }
    while inp.len() < head_end + length {
        fill(stream, inp)?;
    }
    let body = inp[head_end..head_end + length].to_vec();
    inp.drain(..head_end + length);
    Ok((id, body))
}

fn fill(stream: &mut TcpStream, inp: &mut Vec<u8>) -> io::Result<()> {
    let mut buf = [0u8; 16 * 1024];
    let n = stream.read(&mut buf)?;
    if n == 0 {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "connection closed",
        ));
    }
    inp.extend_from_slice(&buf[..n]);
    Ok(())
}
