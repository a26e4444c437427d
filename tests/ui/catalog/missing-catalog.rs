use errcat::ApiError;

#[derive(Debug, ApiError)]

pub enum AppError {
    #[api_error(code = "auth/invalid-credentials")]
    InvalidCredentials,
}

fn main() {}
