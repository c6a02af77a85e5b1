//! The page's tabs as the URL names them, and links to them.

use anywhere_core::percent;

/// The tabs of the page, as named in the URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Builder,
    Existing,
    RunTask,
    CreateService,
}

impl Tab {
    pub const ALL: [Tab; 4] = [
        Tab::Builder,
        Tab::Existing,
        Tab::RunTask,
        Tab::CreateService,
    ];

    pub fn param(self) -> &'static str {
        match self {
            Tab::Builder => "builder",
            Tab::Existing => "existing",
            Tab::RunTask => "run",
            Tab::CreateService => "service",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Tab::Builder => "Builder",
            Tab::Existing => "Existing definitions",
            Tab::RunTask => "Run task",
            Tab::CreateService => "Create service",
        }
    }

    pub fn from_param(param: Option<&str>) -> Tab {
        Tab::ALL
            .into_iter()
            .find(|tab| Some(tab.param()) == param)
            .unwrap_or(Tab::Builder)
    }
}

/// The link to a tab, with an optional task definition to start from (run and service tabs).
pub fn tab_href(tab: Tab, task_definition: Option<&str>) -> String {
    let mut href = format!("#/task-definitions?tab={}", tab.param());
    if let Some(reference) = task_definition {
        href.push_str("&taskDefinition=");
        percent::encode_into(reference, &mut href);
    }
    href
}
