use errcat::ApiError;

#[derive(Debug, ApiError)]
#[api_error(catalog = "../../../../tests/ui/errors.yaml")]
pub enum AppError {
    #[api_error(code = "auth/invalid-credentials")]
    Io(#[from] std::io::Error, #[from] std::fmt::Error),
}

fn main() {}
