use errcat::ApiError;

// `io::Error` is an error but has no catalog entry: the mistake is reported at the type.
#[derive(Debug, ApiError)]
pub enum ApiFailure {
    #[api_error(transparent)]
    Io(#[from] std::io::Error),
}

fn main() {}
