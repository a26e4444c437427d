use errcat::ApiError;

#[derive(Debug, ApiError)]
#[api_error(exhaustive)]
pub enum AppError {
    #[api_error(code = "auth/invalid-credentials")]
    InvalidCredentials,
}

fn main() {}
