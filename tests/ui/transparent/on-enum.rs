use errcat::ApiError;

// `transparent` describes one variant, not the whole enum.
#[derive(Debug, ApiError)]
#[api_error(catalog = "../../../../tests/ui/errors.yaml", transparent)]
pub enum ApiFailure {
    #[api_error(code = "auth/invalid-credentials")]
    Login,
}

fn main() {}
