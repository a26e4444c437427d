//! The end-to-end tests' HTTP: a client for real requests on loopback, every wait bounded, a
//! failure naming the request it was; and the axum and actix-web servers it calls, each on a
//! free port for as long as a check runs.
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

/// Serves `app` with axum on a free loopback port while `check` runs on its address, then
/// stops it; `check`'s output is returned.
pub async fn on_axum<T, F>(app: axum::Router, check: impl FnOnce(SocketAddr) -> F) -> T
where
    F: std::future::Future<Output = T>,
{
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let addr = listener.local_addr().expect("local address");
    let server = tokio::spawn(async move { axum::serve(listener, app).await });
    let output = check(addr).await;
    server.abort();
    output
}

/// Serves with actix-web, on a system of its own in a thread of its own, the server `start`
/// makes on a free loopback port, while `check` runs on its address on `runtime`; then stops
/// it (`graceful`: letting requests in flight finish) and returns `check`'s output.
pub fn on_actix<T, F>(
    runtime: &tokio::runtime::Runtime,
    start: impl FnOnce(std::net::TcpListener) -> std::io::Result<actix_web::dev::Server>
        + Send
        + 'static,
    graceful: bool,
    check: impl FnOnce(SocketAddr) -> F,
) -> T
where
    F: std::future::Future<Output = T>,
{
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let addr = listener.local_addr().expect("local address");
    let (handle_tx, handle_rx) = std::sync::mpsc::channel();
    let thread = std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let server = start(listener).expect("actix server");
            handle_tx
                .send(server.handle())
                .expect("the test waits for the handle");
            server.await
        })
    });
    let handle = handle_rx.recv_timeout(LIMIT).expect("actix server started");
    let output = runtime.block_on(check(addr));
    runtime.block_on(async {
        tokio::time::timeout(LIMIT, handle.stop(graceful))
            .await
            .expect("actix server stops");
    });
    thread
        .join()
        .expect("actix thread")
        .expect("actix server ran");
    output
}
