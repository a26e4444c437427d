use errcat::ApiError;

#[derive(Debug, ApiError)]
#[api_error(catalog = "../../../../tests/ui/invalid.yaml")]
pub enum AppError {
    #[api_error(code = "auth/invalid-credentials")]
    InvalidCredentials,
}

fn main() {}
