//! Component tests of the onboarding wizard's validation, in headless Chromium
//! (wasm-bindgen-test). The console is mounted without credentials: nothing is sent anywhere, and
//! every check happens before a request could be.

use anywhere_console::app::App;
use anywhere_console::pages::onboarding::datetime_local;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlButtonElement, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

const DAY_MILLIS: f64 = 24.0 * 3600.0 * 1000.0;

/// The console on the onboarding page, in its own element; unmounted when dropped.
struct Mounted {
    host: Element,
    _handle: Box<dyn std::any::Any>,
}

/// Opens the wizard through a self-service link naming cluster `lab`, so that only the field
/// under test can hold the create button back.
async fn mount_onboarding() -> Mounted {
    let document = document();
    let host = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    set_hash("#/onboarding?region=us-east-1&cluster=lab").await;
    let handle = leptos::mount::mount_to(host.clone().unchecked_into(), App);
    let mounted = Mounted {
        host,
        _handle: Box::new(handle),
    };
    // Values are written by effects, which run once the mount has returned.
    wait_until(|| {
        mounted.find("#role-name").is_some()
            && mounted.input("#role-name").value() == "ecsAnywhereRole"
    })
    .await;
    mounted
}

/// Sets the fragment and waits for its `hashchange`, which would otherwise arrive after mounting
/// and rebuild the page.
async fn set_hash(hash: &str) {
    if window().location().hash().unwrap() == hash {
        return;
    }
    let mut resolver = None;
    let changed = js_sys::Promise::new(&mut |resolve, _| resolver = Some(resolve));
    let resolve = resolver.unwrap();
    window()
        .add_event_listener_with_callback("hashchange", &resolve)
        .unwrap();
    window().location().set_hash(hash).unwrap();
    wasm_bindgen_futures::JsFuture::from(changed).await.unwrap();
    window()
        .remove_event_listener_with_callback("hashchange", &resolve)
        .unwrap();
}

impl Mounted {
    fn find(&self, selector: &str) -> Option<Element> {
        self.host.query_selector(selector).ok().flatten()
    }

    fn input(&self, selector: &str) -> HtmlInputElement {
        self.find(selector)
            .unwrap_or_else(|| panic!("{selector} is on the page"))
            .unchecked_into()
    }

    /// Types `value` into the input, as the browser reports typing.
    fn type_into(&self, selector: &str, value: &str) {
        let input = self.input(selector);
        input.set_value(value);
        input
            .dispatch_event(&web_sys::Event::new("input").unwrap())
            .unwrap();
    }

    fn button(&self, text: &str) -> HtmlButtonElement {
        let buttons = self.host.query_selector_all("button").unwrap();
        (0..buttons.length())
            .filter_map(|i| buttons.item(i))
            .map(|node| node.unchecked_into::<HtmlButtonElement>())
            .find(|b| b.text_content().unwrap_or_default().trim() == text)
            .unwrap_or_else(|| panic!("a button {text:?} is on the page"))
    }

    /// The texts of the field messages (`.field-error`) on the page.
    fn field_errors(&self) -> Vec<String> {
        let nodes = self.host.query_selector_all(".field-error").unwrap();
        (0..nodes.length())
            .filter_map(|i| nodes.item(i))
            .filter_map(|n| n.text_content())
            .collect()
    }

    fn has_field_error(&self, part: &str) -> bool {
        self.field_errors().iter().any(|e| e.contains(part))
    }
}

/// Waits for a condition on the page, yielding to the browser between checks (no fixed sleep).
async fn wait_until(condition: impl Fn() -> bool) {
    for _ in 0..300 {
        if condition() {
            return;
        }
        gloo_timers::future::TimeoutFuture::new(10).await;
    }
    panic!("condition not met within 3 s");
}

#[wasm_bindgen_test]
async fn an_invalid_cluster_name_is_explained_and_cannot_be_created() {
    let page = mount_onboarding().await;
    let radios = page
        .host
        .query_selector_all("input[name=cluster-mode]")
        .unwrap();
    radios
        .item(1)
        .unwrap()
        .unchecked_into::<HtmlElement>()
        .click();
    wait_until(|| page.find("#new-cluster-name").is_some()).await;

    page.type_into("#new-cluster-name", "edge munich!");
    wait_until(|| page.has_field_error("cannot contain ' '")).await;
    assert!(page.button("Create cluster").disabled());
    assert_eq!(page.input("#new-cluster-name").value(), "edge munich!");

    page.type_into("#new-cluster-name", &"a".repeat(256));
    wait_until(|| page.has_field_error("1 to 255 characters")).await;
    assert!(page.button("Create cluster").disabled());

    page.type_into("#new-cluster-name", "edge-munich_1");
    wait_until(|| page.field_errors().is_empty()).await;
    assert!(!page.button("Create cluster").disabled());
}

#[wasm_bindgen_test]
async fn registration_limits_outside_1_to_1000_are_refused() {
    let page = mount_onboarding().await;
    for bad in ["0", "1001"] {
        page.type_into("#registration-limit", bad);
        wait_until(|| page.has_field_error("whole number from 1 to 1000")).await;
        assert!(page.button("Create activation").disabled(), "{bad}");
    }
    page.type_into("#registration-limit", "1000");
    wait_until(|| !page.button("Create activation").disabled()).await;
    assert!(page.field_errors().is_empty(), "{:?}", page.field_errors());
}

#[wasm_bindgen_test]
async fn an_expiry_beyond_30_days_is_refused() {
    let page = mount_onboarding().await;
    let default = page.input("#activation-expiry").value();
    assert!(!default.is_empty(), "the expiry has a default");
    assert!(!page.has_field_error("expiry"));

    let later = datetime_local(js_sys::Date::now() + 31.0 * DAY_MILLIS);
    page.type_into("#activation-expiry", &later);
    wait_until(|| page.has_field_error("at most 30 days from now")).await;
    assert!(page.button("Create activation").disabled());

    let earlier = datetime_local(js_sys::Date::now() - DAY_MILLIS);
    page.type_into("#activation-expiry", &earlier);
    wait_until(|| page.has_field_error("must be in the future")).await;

    let fine = datetime_local(js_sys::Date::now() + 29.0 * DAY_MILLIS);
    page.type_into("#activation-expiry", &fine);
    wait_until(|| !page.button("Create activation").disabled()).await;
    assert!(!page.has_field_error("expiry"));
}

#[wasm_bindgen_test]
async fn bad_attributes_and_os_rules_are_explained_before_anything_is_sent() {
    let page = mount_onboarding().await;
    page.button("Add attribute").click();
    wait_until(|| page.find("#attribute-name-0").is_some()).await;
    page.type_into("#attribute-name-0", "site");
    page.type_into("#attribute-value-0", " munich");
    wait_until(|| page.has_field_error("cannot start or end with a space")).await;
    page.type_into("#attribute-value-0", "munich");
    wait_until(|| !page.has_field_error("attribute")).await;

    // CentOS cannot take Docker from its own repositories.
    let os: web_sys::HtmlSelectElement = page.find("#host-os").unwrap().unchecked_into();
    os.set_value("centos-8");
    os.dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    let docker: web_sys::HtmlSelectElement = page.find("#docker-source").unwrap().unchecked_into();
    docker.set_value("distro");
    docker
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    wait_until(|| page.has_field_error("cannot install Docker from this OS's own repositories"))
        .await;
    let notes = page.find(".os-notes").unwrap().text_content().unwrap();
    assert!(notes.contains("SELinux is not supported"), "{notes}");
}
