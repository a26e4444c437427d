use errcat::ApiError;

// The catalog declares `seconds: u32`; an `i64` can be negative, which no unsigned field holds.
#[derive(Debug, ApiError)]
#[api_error(catalog = "../../../../tests/ui/errors.yaml")]
pub enum AppError {
    #[api_error(code = "data/rate-limited")]
    RateLimited { seconds: i64 },
}

fn main() {}
