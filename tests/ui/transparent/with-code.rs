use errcat::ApiError;

#[derive(Debug, ApiError)]
#[api_error(catalog = "../../../../tests/ui/errors.yaml", code = "auth/invalid-credentials")]
pub struct LoginFailed;

// A transparent variant is the error it wraps: the code is the wrapped error's.
#[derive(Debug, ApiError)]
#[api_error(catalog = "../../../../tests/ui/errors.yaml")]
pub enum ApiFailure {
    #[api_error(transparent, code = "auth/invalid-credentials")]
    Login(LoginFailed),
}

fn main() {}
