use errcat::ApiError;

// `Option<T>` is checked on `T`.
#[derive(Debug, ApiError)]
#[api_error(catalog = "../../../../tests/ui/errors.yaml")]
pub enum AppError {
    #[api_error(code = "data/too-many-rows")]
    TooManyRows { rows: Option<&'static str> },
}

fn main() {}
