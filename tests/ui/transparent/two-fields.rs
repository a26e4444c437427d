use errcat::ApiError;

#[derive(Debug, ApiError)]
#[api_error(catalog = "../../../../tests/ui/errors.yaml", code = "auth/invalid-credentials")]
pub struct LoginFailed;

// Which of the two would answer?
#[derive(Debug, ApiError)]
pub enum ApiFailure {
    #[api_error(transparent)]
    Login { error: LoginFailed, attempts: u32 },
}

fn main() {}
