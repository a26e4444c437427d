use errcat::ApiError;

// The catalog declares `seconds: u32`; a `u64` could hold values the catalog rules out.
#[derive(Debug, ApiError)]
#[api_error(catalog = "../../../../tests/ui/errors.yaml")]
pub enum AppError {
    #[api_error(code = "data/rate-limited")]
    RateLimited { seconds: u64 },
}

fn main() {}
