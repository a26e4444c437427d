use errcat::ApiError;

#[derive(Debug, ApiError)]
#[api_error(catalog = "../../../../tests/ui/errors.yaml", code = "auth/invalid-credentials")]
pub struct LoginFailed;

// Transparent variants need no catalog, but a bound variant beside them does.
#[derive(Debug, ApiError)]
pub enum ApiFailure {
    #[api_error(transparent)]
    Login(LoginFailed),
    #[api_error(code = "data/rate-limited")]
    Limited { seconds: u32 },
}

fn main() {}
