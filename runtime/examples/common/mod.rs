//! What both example servers serve: seed 004's (marketplace) errors, one route per case, as a
//! user of the generated `Error` writes them. The framework files only wire routes to
//! [`respond`].

use errcat::{Context, WithContext};
use errcat_fixture_seeds::marketplace::Error;

/// The rate-limit window every request of the example is in: 100 requests, none left, reset at
/// this Unix time (seed 004's example values).
pub const RATE_LIMIT: (&str, &str, &str) = ("100", "0", "1707480000");

/// The error for `case` (the last path segment), with the request's context extended where the
/// case needs it. `None`: no such case (the frameworks answer 404 with `NOT_FOUND`).
pub fn respond(case: &str, ctx: Context) -> Option<WithContext<Error>> {
    let (error, ctx) = match case {
        // 400 with `details`.
        "validation" => (
            Error::ValidationError {
                field: "title".into(),
                constraint: "required".into(),
            },
            ctx,
        ),
        "token-expired" => (Error::TokenExpired, ctx),
        "write-denied" => (Error::WriteAccessDenied, ctx),
        // A private listing: the real error is a 403 naming the resource; the client gets
        // NOT_FOUND and nothing of it.
        "private" => (
            Error::PrivateResource {
                resource: "listing lst_secret_42".into(),
            },
            ctx,
        ),
        "listing" => (Error::ListingNotFound, ctx),
        "conflict" => (Error::Conflict, ctx),
        "rate-limited" => {
            let (limit, remaining, reset) = RATE_LIMIT;
            let ctx = ctx
                .header("X-RateLimit-Limit", limit)
                .header("X-RateLimit-Remaining", remaining)
                .header("X-RateLimit-Reset", reset);
            (
                Error::RateLimitExceeded {
                    retry_after: 60,
                    tier: "public_key".into(),
                },
                ctx,
            )
        }
        "crash" => {
            // What really failed stays in the logs; the client gets the catalog's text.
            let cause = std::io::Error::other("db password=hunter2 at 10.0.0.3:5432 refused");
            eprintln!("internal error: {cause}");
            (Error::InternalError, ctx)
        }
        "unavailable" => (Error::ServiceUnavailable, ctx),
        _ => return None,
    };
    Some(WithContext::new(error, ctx))
}
