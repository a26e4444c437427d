use errcat::ApiError;

#[derive(Debug, ApiError)]
#[api_error(catalog = "../../../../tests/ui/errors.yaml")]
pub enum AppError {
    #[api_error = "auth/invalid-credentials"]
    InvalidCredentials,
}

fn main() {}
