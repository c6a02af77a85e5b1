//! The builder's draft in localStorage, so a reload loses nothing. It holds the editor's text only
//! (a task definition, never credentials) and is the console's only use of localStorage.

const KEY: &str = "anywhere.taskdef.draft";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The saved draft text, if there is one.
pub fn load() -> Option<String> {
    storage()?.get_item(KEY).ok().flatten()
}

/// Saves the draft text; `false` when the browser refuses (storage off or full).
pub fn save(text: &str) -> bool {
    storage().is_some_and(|storage| storage.set_item(KEY, text).is_ok())
}
