use errcat::ApiError;

#[derive(Debug, ApiError)]
#[api_error(catalog = "../../../../tests/ui/errors.yaml", exhaustive = true)]
pub enum AppError {
    #[api_error(code = "auth/invalid-credentials")]
    InvalidCredentials,
}

fn main() {}
