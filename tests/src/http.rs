//! The HTTP client of the end-to-end tests: real requests on loopback, every wait bounded, a
//! failure naming the request it was.

use std::net::SocketAddr;
use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

/// The longest a test waits for an answer, and then for its body.
pub const LIMIT: Duration = Duration::from_secs(20);

/// A response, read whole.
pub struct Answer {
    pub status: u16,
    pub headers: hyper::HeaderMap,
    pub body: Bytes,
}

impl Answer {
    /// The value of `name`, which must be sent at most once.
    #[track_caller]
    pub fn one_header(&self, name: &str) -> Option<&str> {
        let mut values = self.headers.get_all(name).iter();
        let first = values.next()?;
        assert!(values.next().is_none(), "{name} sent twice");
        first.to_str().ok()
    }

    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }
}

/// A client for a server on `addr`.
pub struct HttpClient {
    addr: SocketAddr,
    client: Client<HttpConnector, Full<Bytes>>,
}

impl HttpClient {
    pub fn new(addr: SocketAddr) -> HttpClient {
        HttpClient {
            addr,
            client: Client::builder(TokioExecutor::new()).build_http(),
        }
    }

    /// `GET path`, with `headers`.
    pub async fn get(&self, path: &str, headers: &[(&str, &str)]) -> Answer {
        self.send("GET", path, headers, "").await
    }

    /// `method path` with `headers` and `body`.
    pub async fn send(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> Answer {
        let what = format!("{method} {path}");
        let mut request = hyper::Request::builder()
            .method(method)
            .uri(format!("http://{}{path}", self.addr));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = request
            .body(Full::new(Bytes::from(body.to_owned())))
            .unwrap_or_else(|e| panic!("{what}: not a valid request: {e}"));
        let response = tokio::time::timeout(LIMIT, self.client.request(request))
            .await
            .unwrap_or_else(|_| panic!("{what}: no response within {LIMIT:?}"))
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        let (parts, body) = response.into_parts();
        let body = tokio::time::timeout(LIMIT, body.collect())
            .await
            .unwrap_or_else(|_| panic!("{what}: body not complete within {LIMIT:?}"))
            .unwrap_or_else(|e| panic!("{what}: {e}"))
            .to_bytes();
        Answer {
            status: parts.status.as_u16(),
            headers: parts.headers,
            body,
        }
    }
}
