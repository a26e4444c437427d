use errcat::ApiError;

#[derive(Debug, ApiError)]
#[api_error(catalog = "../../../../tests/ui/errors.yaml", code = "auth/invalid-credentials")]
pub struct LoginFailed;

// A variant around one error, without an attribute: most likely meant to be transparent.
#[derive(Debug, ApiError)]
#[api_error(catalog = "../../../../tests/ui/errors.yaml")]
pub enum ApiFailure {
    Login(LoginFailed),
}

fn main() {}
