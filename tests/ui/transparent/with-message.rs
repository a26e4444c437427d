use errcat::ApiError;

#[derive(Debug, ApiError)]
#[api_error(catalog = "../../../../tests/ui/errors.yaml", code = "auth/invalid-credentials")]
pub struct LoginFailed;

// The message is the wrapped error's too.
#[derive(Debug, ApiError)]
pub enum ApiFailure {
    #[api_error(transparent, message = "Login failed")]
    Login(LoginFailed),
}

fn main() {}
