use errcat::ApiError;

#[derive(Debug, ApiError)]
#[api_error(catalog = "../../../../tests/ui/errors.yaml", code = "auth/invalid-credentials", exhaustive)]
pub struct LoginFailed;

fn main() {}
