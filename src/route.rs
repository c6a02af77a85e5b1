//! Hash-based routing.
//!
//! The console is served as static files from any sub-path with no rewrite rules, so a deep link must
//! never depend on the server: the route lives in the URL fragment (`#/fleet?cluster=x`), which the
//! server never sees and a reload keeps.

use anywhere_core::percent;
use leptos::prelude::*;

/// The pages of the console.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    Onboarding,
    TaskDefinitions,
    Fleet,
    Settings,
}

impl Page {
    pub const ALL: [Page; 4] = [
        Page::Onboarding,
        Page::TaskDefinitions,
        Page::Fleet,
        Page::Settings,
    ];

    /// Where a route naming no page lands: the fleet, the page an operator keeps open; in the
    /// self-service build, onboarding.
    pub const HOME: Page = if cfg!(feature = "admin") {
        Page::Fleet
    } else {
        Page::Onboarding
    };

    /// Whether this build has the page: the self-service build (without the `admin` feature) has
    /// onboarding only.
    pub fn in_build(self) -> bool {
        cfg!(feature = "admin") || self == Page::Onboarding
    }

    pub fn path(self) -> &'static str {
        match self {
            Page::Onboarding => "onboarding",
            Page::TaskDefinitions => "task-definitions",
            Page::Fleet => "fleet",
            Page::Settings => "settings",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Page::Onboarding => "Onboarding",
            Page::TaskDefinitions => "Task definitions",
            Page::Fleet => "Fleet",
            Page::Settings => "Settings",
        }
    }

    pub fn href(self) -> String {
        format!("#/{}", self.path())
    }
}

/// A parsed location: the page and its query parameters (the view's state, for bookmarks and sharing).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub page: Page,
    pub params: Vec<(String, String)>,
}

impl Location {
    /// Reads a fragment such as `#/fleet?cluster=a&q=b`. Anything unknown lands on [`Page::HOME`].
    pub fn parse(hash: &str) -> Location {
        let rest = hash.trim_start_matches('#').trim_start_matches('/');
        let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
        let page = Page::ALL
            .into_iter()
            .find(|p| p.path() == path.trim_end_matches('/'))
            .unwrap_or(Page::HOME);
        let params = percent::query_pairs(query).collect();
        Location { page, params }
    }

    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

fn current_hash() -> String {
    window().location().hash().unwrap_or_default()
}

/// The current location as a signal that follows `hashchange` (links, back/forward, edits of the URL).
pub fn use_location() -> ReadSignal<Location> {
    if let Some(existing) = use_context::<ReadSignal<Location>>() {
        return existing;
    }
    let (location, set_location) = signal(Location::parse(&current_hash()));
    let handle = window_event_listener(leptos::ev::hashchange, move |_| {
        set_location.set(Location::parse(&current_hash()));
    });
    on_cleanup(move || handle.remove());
    provide_context(location);
    location
}
