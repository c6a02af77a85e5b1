//! Component tests of the task definitions builder, in headless Chromium (wasm-bindgen-test).

use anywhere_console::app::App;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the console on the builder with no saved draft; the handle unmounts it when dropped.
async fn mount_builder() -> (Element, impl Drop) {
    window()
        .local_storage()
        .unwrap()
        .unwrap()
        .remove_item("anywhere.taskdef.draft")
        .unwrap();
    let host = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&host).unwrap();
    window()
        .location()
        .set_hash("#/task-definitions?tab=builder")
        .unwrap();
    let mounted = leptos::mount::mount_to(host.clone().unchecked_into::<HtmlElement>(), App);
    let probe = host.clone();
    wait_until(move || probe.query_selector("#td-json").ok().flatten().is_some()).await;
    (host, mounted)
}

fn find<T: JsCast>(host: &Element, selector: &str) -> T {
    host.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
        .dyn_into::<T>()
        .unwrap()
}

fn json_text(host: &Element) -> String {
    find::<HtmlTextAreaElement>(host, "#td-json").value()
}

/// Types into a field the way a user does: the value, then an `input` event.
fn type_into(element: &HtmlElement, value: &str) {
    if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
        input.set_value(value);
    } else if let Some(area) = element.dyn_ref::<HtmlTextAreaElement>() {
        area.set_value(value);
    }
    element
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
}

#[wasm_bindgen_test]
async fn form_edits_rewrite_the_json_and_json_edits_update_the_form() {
    let (host, _mounted) = mount_builder().await;
    let family = find::<HtmlElement>(&host, "#td-family");
    type_into(&family, "edge-web");
    let probe = host.clone();
    wait_until(move || json_text(&probe).contains("\"family\": \"edge-web\"")).await;

    let image = find::<HtmlElement>(&host, "#td-containerDefinitions-0--image");
    type_into(&image, "public.ecr.aws/nginx/nginx:stable");
    let probe = host.clone();
    wait_until(move || {
        json_text(&probe).contains("\"image\": \"public.ecr.aws/nginx/nginx:stable\"")
    })
    .await;

    let mut document: serde_json::Value = serde_json::from_str(&json_text(&host)).unwrap();
    document["family"] = "edge-api".into();
    document["containerDefinitions"][0]["memory"] = 384.into();
    document["pidMode"] = "host".into();
    let editor = find::<HtmlElement>(&host, "#td-json");
    type_into(&editor, &serde_json::to_string_pretty(&document).unwrap());
    let probe = host.clone();
    wait_until(move || find::<HtmlInputElement>(&probe, "#td-family").value() == "edge-api").await;
    assert_eq!(
        find::<HtmlInputElement>(&host, "#td-containerDefinitions-0--memory").value(),
        "384"
    );

    // A form edit after a JSON edit keeps what the form does not show.
    type_into(&find::<HtmlElement>(&host, "#td-family"), "edge-api-2");
    let probe = host.clone();
    wait_until(move || json_text(&probe).contains("\"family\": \"edge-api-2\"")).await;
    assert!(
        json_text(&host).contains("\"pidMode\": \"host\""),
        "{}",
        json_text(&host)
    );
    assert!(!find::<web_sys::HtmlButtonElement>(&host, "#td-register").disabled());
}

/// Types `text` into the JSON editor and answers the syntax error message it brings.
async fn syntax_error_after_typing(host: &Element, text: &str) -> String {
    type_into(&find::<HtmlElement>(host, "#td-json"), text);
    let probe = host.clone();
    wait_until(move || {
        probe
            .query_selector(".syntax-error")
            .ok()
            .flatten()
            .is_some()
    })
    .await;
    find::<Element>(host, ".syntax-error")
        .text_content()
        .unwrap()
}

#[wasm_bindgen_test]
async fn a_json_syntax_error_shows_line_and_column_and_keeps_the_text() {
    let (host, _mounted) = mount_builder().await;
    let broken = "{\n  \"family\": \"web\"\n  \"cpu\": \"256\"\n}";
    let message = syntax_error_after_typing(&host, broken).await;
    assert!(message.contains("line 3, column 3"), "{message}");
    assert_eq!(json_text(&host), broken);
    assert!(find::<web_sys::HtmlButtonElement>(&host, "#td-register").disabled());
    let stored = window()
        .local_storage()
        .unwrap()
        .unwrap()
        .get_item("anywhere.taskdef.draft")
        .unwrap();
    assert_eq!(stored.as_deref(), Some(broken));
}

#[wasm_bindgen_test]
async fn an_awsvpc_definition_disables_register_and_marks_the_network_mode() {
    let (host, _mounted) = mount_builder().await;
    let definition = serde_json::json!({
        "family": "web",
        "networkMode": "awsvpc",
        "containerDefinitions": [{"name": "web", "image": "nginx", "memory": 128}]
    });
    type_into(
        &find::<HtmlElement>(&host, "#td-json"),
        &definition.to_string(),
    );
    let probe = host.clone();
    wait_until(move || find::<web_sys::HtmlButtonElement>(&probe, "#td-register").disabled()).await;
    let select = find::<HtmlSelectElement>(&host, "#td-networkMode");
    let marked = select.clone();
    wait_until(move || marked.get_attribute("aria-invalid").as_deref() == Some("true")).await;
    assert_eq!(select.value(), "awsvpc");
    assert!(select.closest(".field.has-error").unwrap().is_some());
    let reason = find::<Element>(&host, "#td-register-blocked")
        .text_content()
        .unwrap();
    assert!(
        reason.contains("networkMode") && reason.contains("awsvpc"),
        "{reason}"
    );
    let enabled = host
        .query_selector_all("#td-networkMode option:not([disabled])")
        .unwrap();
    let offered: Vec<String> = (0..enabled.length())
        .filter_map(|i| enabled.item(i))
        .filter_map(|option| option.dyn_into::<Element>().ok())
        .map(|option| option.get_attribute("value").unwrap_or_default())
        .collect();
    assert!(!offered.contains(&"awsvpc".to_owned()), "{offered:?}");

    select.set_value("bridge");
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    let probe = host.clone();
    wait_until(move || !find::<web_sys::HtmlButtonElement>(&probe, "#td-register").disabled())
        .await;
    let cleared = select.clone();
    wait_until(move || cleared.get_attribute("aria-invalid").is_none()).await;
    assert!(json_text(&host).contains("\"networkMode\": \"bridge\""));
}

/// Waits for a condition on the page, yielding to the browser between checks (no fixed sleep).
/// The editor's numbered lines, and the marked ones (`error` or `warning`), as (number, class).
fn marked_lines(host: &Element) -> Vec<(String, String)> {
    let numbers = host.query_selector_all(".json-lines .line-number").unwrap();
    (0..numbers.length())
        .filter_map(|i| numbers.item(i)?.dyn_into::<Element>().ok())
        .filter(|number| number.class_list().length() > 1)
        .map(|number| (number.text_content().unwrap(), number.class_name()))
        .collect()
}

#[wasm_bindgen_test]
async fn the_editor_numbers_its_lines_and_marks_findings_and_syntax_errors_where_they_are() {
    let (host, _mounted) = mount_builder().await;
    let definition = "{\n  \"family\": \"web\",\n  \"networkMode\": \"awsvpc\",\n  \"containerDefinitions\": [\n    {\"name\": \"web\", \"image\": \"nginx\", \"memory\": 128}\n  ]\n}";
    type_into(&find::<HtmlElement>(&host, "#td-json"), definition);
    let probe = host.clone();
    wait_until(move || {
        probe
            .query_selector("#td-json-marks")
            .ok()
            .flatten()
            .and_then(|list| list.text_content())
            .is_some_and(|listed| listed.contains("awsvpc"))
    })
    .await;
    // The text as the editor holds it (the builder may have normalized it): one number a line,
    // and the networkMode line marked as an error, in the gutter and in the list under it.
    let text = json_text(&host);
    let numbers = host.query_selector_all(".json-lines .line-number").unwrap();
    assert_eq!(
        numbers.length() as usize,
        text.lines().count(),
        "one number a line: {text}"
    );
    let line = 1 + text
        .lines()
        .position(|line| line.contains("\"networkMode\""))
        .unwrap();
    assert!(
        marked_lines(&host).contains(&(line.to_string(), "line-number error".to_owned())),
        "{:?}",
        marked_lines(&host)
    );
    let listed = find::<Element>(&host, "#td-json-marks")
        .text_content()
        .unwrap();
    assert!(listed.contains(&format!("Line {line}: ")), "{listed}");
    assert!(listed.contains("awsvpc"), "{listed}");
    let described = find::<Element>(&host, "#td-json")
        .get_attribute("aria-describedby")
        .unwrap();
    assert_eq!(described, "td-json-hint td-json-marks");

    // A syntax error: its line marked, its line and column in the message.
    let broken = "{\n  \"family\": \"web\",\n  \"cpu\" \"256\"\n}";
    let message = syntax_error_after_typing(&host, broken).await;
    assert!(message.contains("line 3, column 9"), "{message}");
    assert!(marked_lines(&host).contains(&("3".to_owned(), "line-number error".to_owned())));
    let listed = find::<Element>(&host, "#td-json-marks")
        .text_content()
        .unwrap();
    assert!(
        listed.contains("Line 3: Not valid JSON, column 9"),
        "{listed}"
    );
}

/// Presses `key` in the editor; whether the editor took it (prevented the browser's default).
fn press_in_editor(host: &Element, key: &str, shift: bool) -> bool {
    // Built through the constructor as a page script would (the crate's web-sys has no
    // KeyboardEventInit binding, and needs none but here).
    let init = js_sys::Object::new();
    for (name, value) in [
        ("key", wasm_bindgen::JsValue::from_str(key)),
        ("shiftKey", shift.into()),
        ("bubbles", true.into()),
        ("cancelable", true.into()),
    ] {
        js_sys::Reflect::set(&init, &name.into(), &value).unwrap();
    }
    let constructor: js_sys::Function = js_sys::Reflect::get(&window(), &"KeyboardEvent".into())
        .unwrap()
        .unchecked_into();
    let args = js_sys::Array::of2(&"keydown".into(), &init);
    let event: web_sys::Event = js_sys::Reflect::construct(&constructor, &args)
        .unwrap()
        .unchecked_into();
    find::<HtmlElement>(host, "#td-json")
        .dispatch_event(&event)
        .unwrap();
    event.default_prevented()
}

#[wasm_bindgen_test]
async fn tab_indents_in_the_editor_and_escape_then_tab_leaves_it() {
    let (host, _mounted) = mount_builder().await;
    let editor = find::<HtmlTextAreaElement>(&host, "#td-json");
    type_into(editor.unchecked_ref(), "{\n\"family\": \"web\"\n}");
    editor.set_selection_range(2, 2).unwrap();
    assert!(press_in_editor(&host, "Tab", false), "Tab is the editor's");
    assert_eq!(editor.value(), "{\n  \"family\": \"web\"\n}");
    assert_eq!(editor.selection_start().unwrap(), Some(4));
    let probe = host.clone();
    wait_until(move || json_text(&probe) == "{\n  \"family\": \"web\"\n}").await;
    assert!(press_in_editor(&host, "Tab", true), "Shift+Tab outdents");
    assert_eq!(editor.value(), "{\n\"family\": \"web\"\n}");
    // Escape, then Tab: the browser moves focus on, as the hint says.
    assert!(!press_in_editor(&host, "Escape", false));
    assert!(
        !press_in_editor(&host, "Tab", false),
        "after Escape, Tab leaves"
    );
    assert!(
        press_in_editor(&host, "Tab", false),
        "and the next Tab indents again"
    );
    let hint = find::<Element>(&host, "#td-json-hint")
        .text_content()
        .unwrap();
    assert!(hint.contains("press Escape, then Tab"), "{hint}");
}

async fn wait_until(condition: impl Fn() -> bool) {
    for _ in 0..300 {
        if condition() {
            return;
        }
        gloo_timers::future::TimeoutFuture::new(10).await;
    }
    panic!("condition not met within 3 s");
}
