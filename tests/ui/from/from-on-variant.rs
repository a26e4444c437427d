use errcat::ApiError;

#[derive(Debug, ApiError)]
#[api_error(catalog = "../../../../tests/ui/errors.yaml")]
pub enum AppError {
    #[from]
    #[api_error(code = "auth/invalid-credentials")]
    InvalidCredentials,
}

fn main() {}
