use super::ConnectionSettings;

const KEY: &str = "anywhere.connection";

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// The settings remembered for this tab, if the user opted in earlier.
pub fn load_remembered() -> Option<ConnectionSettings> {
    let text = session_storage()?.get_item(KEY).ok().flatten()?;
    serde_json::from_str(&text).ok()
}

/// Keeps the settings for this tab only. Called only when `remember` is set.
pub fn remember(settings: &ConnectionSettings) {
    if let (Some(storage), Ok(text)) = (session_storage(), serde_json::to_string(settings)) {
        // A full or disabled storage only loses the convenience, never the session.
        let _ = storage.set_item(KEY, &text);
    }
}

/// Removes anything remembered (the user unticked "remember" or signed out).
pub fn forget() {
    if let Some(storage) = session_storage() {
        let _ = storage.remove_item(KEY);
    }
}
