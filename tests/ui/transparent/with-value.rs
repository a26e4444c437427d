use errcat::ApiError;

#[derive(Debug, ApiError)]
#[api_error(catalog = "../../../../tests/ui/errors.yaml", code = "auth/invalid-credentials")]
pub struct LoginFailed;

#[derive(Debug, ApiError)]
pub enum ApiFailure {
    #[api_error(transparent = true)]
    Login(LoginFailed),
}

fn main() {}
