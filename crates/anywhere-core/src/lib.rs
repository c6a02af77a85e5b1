//! Browser-free logic of the ECS Anywhere console.
//!
//! Everything here is plain Rust with no web dependency, so it is tested natively with `cargo test`
//! and compiled into the wasm app unchanged. The app owns the browser edge (fetch, clock, storage, UI);
//! this crate owns what the console *knows*: AWS models and signing, the EXTERNAL rules,
//! install-command generation, the fleet joins and the sign-in protocol.

pub mod aws;
pub mod fields;
pub mod fleet;
pub mod install;
pub mod oauth;
pub mod percent;
pub mod region;
pub mod rules;
pub mod sort;
pub mod taskdef;
pub mod text;
