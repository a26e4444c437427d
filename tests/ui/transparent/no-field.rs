use errcat::ApiError;

// Nothing to be transparent to.
#[derive(Debug, ApiError)]
pub enum ApiFailure {
    #[api_error(transparent)]
    Nothing,
}

fn main() {}
