use errcat::ApiError;

// Const parameters need no bound: the derive works.
#[derive(Debug, ApiError)]
#[api_error(catalog = "../../../../tests/ui/errors.yaml")]
pub enum AppError<const N: usize> {
    #[api_error(code = "data/too-many-rows")]
    TooManyRows { rows: u64 },
}

// ...so the one error here is the code that does not exist.
#[derive(Debug, ApiError)]
#[api_error(catalog = "../../../../tests/ui/errors.yaml")]
pub enum Other<const N: usize> {
    #[api_error(code = "data/too-many-row")]
    TooManyRows { rows: u64 },
}

fn main() {
    let error: AppError<3> = AppError::TooManyRows { rows: 1 };
    let _ = error.to_string();
}
