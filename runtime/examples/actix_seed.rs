//! Seed 004's errors served by actix-web:
//! `cargo run -p errcat --example actix_seed --features actix-web`.
//!
//! Listens on 127.0.0.1 (port from the first argument, default 3005; `0` picks a free one and
//! prints it). `GET /errors/{case}` answers with the case's catalog error (see
//! examples/common).

mod common;

use actix_web::{web, App, HttpResponse, HttpServer};
use errcat::Context;
use errcat_fixture_seeds::marketplace::Error;

async fn error_case(
    case: web::Path<String>,
    ctx: Context,
) -> Result<HttpResponse, actix_web::Error> {
    match common::respond(&case, ctx) {
        Some(error) => Err(error.into()),
        // The generated `Error` is a `ResponseError` itself (errcat's `actix-web` feature).
        None => Err(Error::NotFound.into()),
    }
}

/// Any other path.
async fn not_found() -> Result<HttpResponse, Error> {
    Err(Error::NotFound)
}

/// The example's server on `listener`; tests/tests/http_e2e.rs runs it in-process.
pub fn serve(listener: std::net::TcpListener) -> std::io::Result<actix_web::dev::Server> {
    let server = HttpServer::new(|| {
        App::new()
            .wrap(actix_web::middleware::from_fn(errcat::actix::context))
            .route("/errors/{case}", web::get().to(error_case))
            .default_service(web::to(not_found))
    })
    .workers(2)
    .disable_signals()
    .listen(listener)?;
    Ok(server.run())
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let port: u16 = std::env::args()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(3005);
    let listener = std::net::TcpListener::bind(("127.0.0.1", port))?;
    println!("listening on http://{}", listener.local_addr()?);
    serve(listener)?.await
}
