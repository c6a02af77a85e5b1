//! Component tests of the shell, in headless Chromium (wasm-bindgen-test).

use anywhere_console::app::App;
use anywhere_console::route::{Location, Page};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn fragments_parse_into_pages_and_parameters() {
    let location = Location::parse("#/fleet?cluster=edge%20lab&status=DRAINING&q=a+b");
    assert_eq!(location.page, Page::Fleet);
    assert_eq!(location.param("cluster"), Some("edge lab"));
    assert_eq!(location.param("status"), Some("DRAINING"));
    assert_eq!(location.param("q"), Some("a b"));
    assert_eq!(location.param("missing"), None);

    assert_eq!(Location::parse("#/settings").page, Page::Settings);
    assert_eq!(
        Location::parse("#/task-definitions/").page,
        Page::TaskDefinitions
    );
    assert_eq!(Location::parse("").page, Page::Fleet);
    assert_eq!(
        Location::parse("#/no-such-page?x=%E0%A4%A").page,
        Page::Fleet
    );
}

#[wasm_bindgen_test]
async fn the_shell_renders_navigation_and_follows_the_hash() {
    let document = document();
    let host = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    window().location().set_hash("#/onboarding").unwrap();
    let _mounted = leptos::mount::mount_to(host.clone().unchecked_into(), App);

    // The page appears once the site configuration is known (here: none is deployed).
    wait_until(|| heading(&host) == "Onboarding").await;
    let links = host.query_selector_all("nav a").unwrap();
    assert_eq!(links.length(), 4);

    window().location().set_hash("#/task-definitions").unwrap();
    wait_until(|| heading(&host) == "Task definitions").await;
    let current = host
        .query_selector("nav a[aria-current=page]")
        .unwrap()
        .unwrap();
    assert_eq!(current.text_content().unwrap(), "Task definitions");
}

fn heading(host: &web_sys::Element) -> String {
    host.query_selector("h1")
        .ok()
        .flatten()
        .and_then(|h| h.text_content())
        .unwrap_or_default()
}

/// Waits for a condition on the page, yielding to the browser between checks (no fixed sleep).
async fn wait_until(condition: impl Fn() -> bool) {
    for _ in 0..200 {
        if condition() {
            return;
        }
        gloo_timers::future::TimeoutFuture::new(10).await;
    }
    panic!("condition not met within 2 s");
}

#[wasm_bindgen_test]
fn remembered_endpoints_read_back_as_they_were_written() {
    use anywhere_console::connection::EndpointChoice;
    for endpoint in [
        EndpointChoice::Aws,
        EndpointChoice::Sandbox("http://127.0.0.1:4566".to_owned()),
        EndpointChoice::Custom("https://vpce.example.com".to_owned()),
    ] {
        let text = serde_json::to_string(&endpoint).unwrap();
        assert_eq!(
            serde_json::from_str::<EndpointChoice>(&text).unwrap(),
            endpoint
        );
    }
    assert_eq!(
        serde_json::to_string(&EndpointChoice::Sandbox("u".to_owned())).unwrap(),
        r#"{"kind":"sandbox","url":"u"}"#
    );
    let url_first = r#"{"url":"https://vpce.example.com","kind":"custom"}"#;
    assert_eq!(
        serde_json::from_str::<EndpointChoice>(url_first).unwrap(),
        EndpointChoice::Custom("https://vpce.example.com".to_owned())
    );
    assert!(serde_json::from_str::<EndpointChoice>(r#"{"kind":"sandbox"}"#).is_err());
    assert!(serde_json::from_str::<EndpointChoice>(r#"{"kind":"other","url":"u"}"#).is_err());
}

#[wasm_bindgen_test]
async fn a_dialog_opened_again_before_its_close_event_arrives_stays_open() {
    use anywhere_console::components::ConfirmDialog;
    use wasm_bindgen::closure::Closure;

    let document = document();
    let host = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    let open = RwSignal::new(false);
    let _mounted = leptos::mount::mount_to(host.clone().unchecked_into(), move || {
        view! {
            <ConfirmDialog open=open title="Drain 1 host?" confirm_label="Drain 1 host" on_confirm=Callback::new(|()| {})>
                <p class="target">"store-berlin-01"</p>
            </ConfirmDialog>
        }
    });
    let dialog = host
        .query_selector("dialog")
        .unwrap()
        .unwrap()
        .unchecked_into::<web_sys::HtmlDialogElement>();
    open.set(true);
    wait_until(|| dialog.open()).await;

    // Escape closes the dialog at once and queues its close event; Enter on the opener, pressed
    // before that event runs, opens it again.
    let closes = std::rc::Rc::new(std::cell::Cell::new(0));
    let counted = closes.clone();
    let listener = Closure::<dyn Fn()>::new(move || counted.set(counted.get() + 1));
    dialog
        .add_event_listener_with_callback("close", listener.as_ref().unchecked_ref())
        .unwrap();
    dialog.close();
    open.set(true);
    wait_until(|| closes.get() == 1).await;
    wait_until(|| dialog.open() && open.get_untracked()).await;
    assert!(
        host.query_selector(".target").unwrap().is_some(),
        "the dialog still says what it is for"
    );
}
