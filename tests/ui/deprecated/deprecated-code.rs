#![deny(deprecated)]

use errcat::ApiError;

// A code the catalog marks `deprecated` warns where it is bound (an error here, under deny).
#[derive(Debug, ApiError)]
#[api_error(catalog = "../../../../tests/ui/errors.yaml")]
pub enum AppError {
    #[api_error(code = "auth/legacy-token")]
    LegacyToken,
}

fn main() {}
