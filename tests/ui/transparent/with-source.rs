use errcat::ApiError;

#[derive(Debug, ApiError)]
#[api_error(catalog = "../../../../tests/ui/errors.yaml", code = "auth/invalid-credentials")]
pub struct LoginFailed;

// `source()` of a transparent variant is the wrapped error's own source.
#[derive(Debug, ApiError)]
pub enum ApiFailure {
    #[api_error(transparent)]
    Login(#[source] LoginFailed),
}

fn main() {}
