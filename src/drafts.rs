//! The task definition builder's draft, so that a reload or a tab switch loses nothing.
//!
//! The draft is the editor's text only (a task definition: never credentials, but often
//! environment values). It is kept in memory for the visit and, unless the user chose to keep
//! none, in this browser's localStorage (the console's only use of it). Signing out forgets it
//! in both places. Nothing here depends on a page, so the sign-out path can call it.

use std::cell::RefCell;

const DRAFT_KEY: &str = "anywhere.taskdef.draft";
/// `"no"` when the user chose to keep no draft in this browser.
const KEEP_KEY: &str = "anywhere.taskdef.keep-drafts";

thread_local! {
    static CURRENT: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Where a saved draft lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kept {
    /// In this browser until sign-out or a new draft.
    InBrowser,
    /// Only while this page is open: the user keeps none in the browser.
    ForThisVisit,
    /// Only while this page is open: the browser refused to store it (storage off or full).
    Refused,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Whether drafts are kept in this browser (the default).
pub fn keeping() -> bool {
    storage()
        .and_then(|storage| storage.get_item(KEEP_KEY).ok().flatten())
        .is_none_or(|value| value != "no")
}

/// Keeps drafts in this browser, or stops and removes the one stored there.
pub fn set_keeping(keep: bool) {
    let Some(storage) = storage() else {
        return;
    };
    if keep {
        let _ = storage.remove_item(KEEP_KEY);
        if let Some(text) = CURRENT.with_borrow(Clone::clone) {
            let _ = storage.set_item(DRAFT_KEY, &text);
        }
    } else {
        let _ = storage.set_item(KEEP_KEY, "no");
        let _ = storage.remove_item(DRAFT_KEY);
    }
}

/// The current draft, if there is one.
pub fn load() -> Option<String> {
    CURRENT.with_borrow(Clone::clone).or_else(|| {
        if !keeping() {
            return None;
        }
        storage()?.get_item(DRAFT_KEY).ok().flatten()
    })
}

/// Saves the draft text and says where it is kept.
pub fn save(text: &str) -> Kept {
    CURRENT.set(Some(text.to_owned()));
    if !keeping() {
        return Kept::ForThisVisit;
    }
    match storage().map(|storage| storage.set_item(DRAFT_KEY, text)) {
        Some(Ok(())) => Kept::InBrowser,
        _ => Kept::Refused,
    }
}

/// Forgets the draft, in memory and in the browser (sign-out).
pub fn forget() {
    CURRENT.set(None);
    if let Some(storage) = storage() {
        let _ = storage.remove_item(DRAFT_KEY);
    }
}
