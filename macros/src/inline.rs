//! `errcat::catalog!("errors.yaml")`: the code `errcat_codegen::Builder` writes from `build.rs`
//! (`ErrorCode`, `Error`, `EDGES`, their impls), expanded in place at compile time instead, for
//! a crate without a build script (an example, a small service, a test).
//!
//! The same lowering as the build script's (`errcat_codegen::emit::rust`), the catalog loaded
//! and cached as the derive loads it, every file it reads tracked so an edit rebuilds.

use proc_macro2::TokenStream;
use syn::LitStr;

pub fn catalog(input: TokenStream) -> TokenStream {
    let lit: LitStr = match syn::parse2(input) {
        Ok(lit) => lit,
        Err(err) => {
            let message = "expected the catalog's path, relative to the crate: \
                           `errcat::catalog!(\"errors.yaml\");`";
            return syn::Error::new(err.span(), message).to_compile_error();
        }
    };
    let catalog = match crate::catalog::load(&lit) {
        Ok(catalog) => catalog,
        Err(err) => return err.to_compile_error(),
    };
    let rerun = crate::expand::rerun_on_change(&catalog.files);
    match errcat_codegen::emit::rust::tokens_inline(&catalog) {
        Ok(items) => quote::quote!(#rerun #items),
        Err(err) => syn::Error::new(lit.span(), err.to_string()).to_compile_error(),
    }
}
