use errcat::ApiError;

#[derive(Debug, ApiError)]
#[api_error(catalog = "../../../../tests/ui/errors.yaml", code = "auth/invalid-credentials")]
pub struct LoginFailed;

// A transparent newtype takes its entry from its field; a catalog here would be unused.
#[derive(Debug, ApiError)]
#[api_error(catalog = "../../../../tests/ui/errors.yaml", transparent)]
pub struct Opaque(LoginFailed);

fn main() {}
