//! Component tests of the fleet table, in headless Chromium (wasm-bindgen-test), on synthetic
//! hosts: no AWS involved.

use anywhere_console::aws::{AwsShared, NotConnected};
use anywhere_console::connection::{ConnectionSettings, SettingsContext};
use anywhere_console::pages::fleet::{
    ClustersOverview, Fleet, FleetBrowser, Loader, last_fleet_href,
};
use anywhere_console::site_config::SiteConfig;
use anywhere_core::aws::Anonymous;
use anywhere_core::aws::ecs::ContainerInstance;
use anywhere_core::aws::ssm::InstanceInformation;
use anywhere_core::fleet::{Column, Host, ViewState};
use leptos::prelude::*;
use serde_json::json;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// Host `i` of a synthetic fleet: every 10th draining, every 7th disconnected, names in a shuffled
/// order so sorting has work to do.
fn host(i: usize) -> Host {
    let id = format!("mi-{i:017x}");
    let status = if i.is_multiple_of(10) {
        "DRAINING"
    } else {
        "ACTIVE"
    };
    let instance: ContainerInstance = serde_json::from_value(json!({
        "containerInstanceArn": format!("arn:aws:ecs:us-east-1:123456789012:container-instance/bench/{i:032x}"),
        "ec2InstanceId": id,
        "status": status,
        "agentConnected": !i.is_multiple_of(7),
        "runningTasksCount": i % 5,
        "versionInfo": {"agentVersion": "1.89.2", "dockerVersion": "DockerVersion: 25.0.6"},
        "attributes": [
            {"name": "ecs.cpu-architecture", "value": if i.is_multiple_of(2) { "x86_64" } else { "arm64" }},
            {"name": "site", "value": format!("site-{}", i % 3)}
        ]
    }))
    .unwrap();
    let ssm = InstanceInformation {
        instance_id: id,
        ping_status: Some("Online".into()),
        computer_name: Some(format!("host-{:05}", (i * 7919 + 12_345) % 100_000)),
        platform_name: Some("Ubuntu".into()),
        platform_version: Some("22.04".into()),
        ..Default::default()
    };
    Host::new("bench", instance, Some(ssm))
}

/// What the fleet's views read from the app: default settings and no connection, so nothing
/// calls AWS.
fn provide_unconnected_contexts() {
    provide_context(SettingsContext(
        RwSignal::new(ConnectionSettings::default()),
    ));
    provide_context(AwsShared::new(
        std::rc::Rc::new(Anonymous),
        Signal::derive(|| Err(NotConnected::NoCredentials)),
    ));
}

struct Mounted {
    root: web_sys::HtmlElement,
    fleet: Fleet,
    /// Unmounts the view when the test ends, so its timers do not touch the next test's URL.
    _handle: Box<dyn std::any::Any>,
}

fn mount(count: usize) -> Mounted {
    mount_rebuilt(Signal::stored(count))
}

/// Mounts the table over `count` hosts, built again whenever `count` changes, as the fleet page
/// builds its view again at a new URL; `fleet` is the first one built.
fn mount_rebuilt(count: Signal<usize>) -> Mounted {
    window().location().set_hash("#/fleet").unwrap();
    let document = document();
    let style = document.create_element("style").unwrap();
    style.set_text_content(Some(concat!(
        include_str!("../style/main.css"),
        include_str!("../style/fleet.css")
    )));
    document.head().unwrap().append_child(&style).unwrap();
    let root: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&root).unwrap();
    let slot = StoredValue::new(None::<Fleet>);
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_unconnected_contexts();
        move || {
            let count = count.get();
            untrack(|| {
                let fleet = Fleet::new(ViewState::default());
                fleet.replace((0..count).map(host).collect());
                if slot.with_value(Option::is_none) {
                    slot.set_value(Some(fleet));
                }
                view! { <FleetBrowser fleet=fleet loader=None /> }.into_any()
            })
        }
    });
    Mounted {
        root,
        fleet: slot.get_value().unwrap(),
        _handle: Box::new(handle),
    }
}

fn rendered_rows(root: &web_sys::HtmlElement) -> u32 {
    root.query_selector_all(".fleet-rows [role=row]")
        .unwrap()
        .length()
}

/// Scrolls the table to `top` pixels, as a wheel would.
fn scroll_table(root: &web_sys::HtmlElement, top: i32) {
    let table: web_sys::HtmlElement = root
        .query_selector(".fleet-table")
        .unwrap()
        .unwrap()
        .unchecked_into();
    table.set_scroll_top(top);
    table
        .dispatch_event(&web_sys::Event::new("scroll").unwrap())
        .unwrap();
}

/// Every row element of the table's body, shown or hidden, in document order.
fn row_elements(root: &web_sys::HtmlElement) -> Vec<web_sys::Element> {
    let list = root.query_selector_all(".fleet-rows > div").unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|node| node.unchecked_into())
        .collect()
}

/// The row element at a position (0 for the first row).
fn row_at(root: &web_sys::HtmlElement, position: usize) -> Option<web_sys::Element> {
    root.query_selector(&format!(
        ".fleet-rows [role=row][aria-rowindex='{}']",
        position + 2
    ))
    .unwrap()
}

/// Lets the effects queued by an event run (they are microtasks), without letting any timer fire.
async fn effects() {
    for _ in 0..4 {
        wasm_bindgen_futures::JsFuture::from(js_sys::Promise::resolve(&JsValue::NULL))
            .await
            .unwrap();
    }
}

/// Types `text` into the search box, one input event per character, as a keyboard would.
async fn type_into_search(root: &web_sys::HtmlElement, text: &str) {
    let input: web_sys::HtmlInputElement = root
        .query_selector("#fleet-search")
        .unwrap()
        .unwrap()
        .unchecked_into();
    for c in text.chars() {
        let mut value = input.value();
        value.push(c);
        input.set_value(&value);
        input
            .dispatch_event(&web_sys::Event::new("input").unwrap())
            .unwrap();
        effects().await;
    }
}

fn first_row_hostname(root: &web_sys::HtmlElement) -> String {
    // Rows are positioned absolutely, so the first in the view is the one at the top.
    root.query_selector(".fleet-rows [role=row][aria-rowindex='2'] [role=gridcell]:nth-child(3)")
        .unwrap()
        .and_then(|cell| cell.text_content())
        .unwrap_or_default()
}

async fn wait_until(what: &str, condition: impl Fn() -> bool) {
    for _ in 0..300 {
        if condition() {
            return;
        }
        gloo_timers::future::TimeoutFuture::new(10).await;
    }
    panic!("{what}: not met within 3 s");
}

#[wasm_bindgen_test]
async fn ten_thousand_hosts_render_a_bounded_window_and_scroll_to_the_last() {
    let mounted = mount(10_000);
    let root = &mounted.root;
    wait_until("rows rendered", || rendered_rows(root) > 0).await;
    let rows = rendered_rows(root);
    assert!((10..=60).contains(&rows), "{rows} rows in the DOM");

    let spacer: web_sys::HtmlElement = root
        .query_selector(".fleet-rows")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(
        spacer.style().get_property_value("height").unwrap(),
        "300000px"
    );

    scroll_table(root, i32::MAX);
    let last_id = format!("mi-{:017x}", 9_999);
    wait_until("the last host rendered", || {
        root.text_content().unwrap_or_default().contains(&last_id)
    })
    .await;
    let rows = rendered_rows(root);
    assert!((5..=60).contains(&rows), "{rows} rows after scrolling");
    assert!(
        !root
            .text_content()
            .unwrap_or_default()
            .contains("mi-00000000000000000")
    );
    assert_eq!(mounted.fleet.rows().len(), 10_000);
}

#[wasm_bindgen_test]
async fn a_header_click_sorts_and_says_so() {
    let mounted = mount(500);
    let root = &mounted.root;
    let mut names: Vec<String> = (0..500)
        .map(|i| host(i).hostname().unwrap().to_owned())
        .collect();
    names.sort();
    let header = || {
        root.query_selector("[role=columnheader]:nth-child(3)")
            .unwrap()
            .unwrap()
    };
    let button: web_sys::HtmlElement = header()
        .query_selector("button")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(header().get_attribute("aria-sort").as_deref(), Some("none"));
    assert_ne!(first_row_hostname(root), names[0]);

    button.click();
    wait_until("ascending", || first_row_hostname(root) == names[0]).await;
    assert_eq!(
        header().get_attribute("aria-sort").as_deref(),
        Some("ascending")
    );

    button.click();
    wait_until("descending", || first_row_hostname(root) == names[499]).await;
    assert_eq!(
        header().get_attribute("aria-sort").as_deref(),
        Some("descending")
    );
    wait_until("sort in the URL", || {
        window()
            .location()
            .hash()
            .unwrap()
            .contains("sort=-hostname")
    })
    .await;
}

#[wasm_bindgen_test]
async fn a_facet_toggle_filters_and_updates_the_url() {
    let mounted = mount(1_000);
    let root = &mounted.root;
    wait_until("the facets counted", || {
        root.query_selector("fieldset[data-facet=status] li")
            .unwrap()
            .is_some()
    })
    .await;
    let draining = root
        .query_selector_all("fieldset[data-facet=status] li")
        .unwrap();
    let item = (0..draining.length())
        .filter_map(|i| draining.item(i))
        .find(|node| node.text_content().unwrap_or_default().contains("DRAINING"))
        .expect("a DRAINING facet value");
    let item: web_sys::Element = item.unchecked_into();
    assert!(item.text_content().unwrap().contains("100"));
    let checkbox: web_sys::HtmlElement = item
        .query_selector("input")
        .unwrap()
        .unwrap()
        .unchecked_into();

    checkbox.click();
    wait_until("the URL holds the facet", || {
        window()
            .location()
            .hash()
            .unwrap()
            .contains("status=DRAINING")
    })
    .await;
    wait_until("the table shows only draining hosts", || {
        mounted.fleet.rows().len() == 100
    })
    .await;
    let count = root
        .query_selector(".shown-count")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert_eq!(count, "100 of 1000 hosts");
    assert_eq!(
        ViewState::from_query_string(
            window()
                .location()
                .hash()
                .unwrap()
                .split_once('?')
                .unwrap()
                .1
        )
        .facets
        .len(),
        1
    );
}

/// The status facet's value `label`, if listed.
fn status_value(root: &web_sys::HtmlElement, label: &str) -> Option<web_sys::Element> {
    let items = root
        .query_selector_all("fieldset[data-facet=status] li")
        .unwrap();
    (0..items.length())
        .filter_map(|i| items.item(i))
        .find(|node| node.text_content().unwrap_or_default().contains(label))
        .map(JsCast::unchecked_into)
}

#[wasm_bindgen_test]
async fn a_facet_value_keeps_its_element_when_the_counts_reorder_the_list() {
    let mounted = mount(1_000);
    let root = &mounted.root;
    wait_until("the facets counted", || {
        status_value(root, "DRAINING").is_some()
    })
    .await;
    let draining = status_value(root, "DRAINING").unwrap();
    assert!(draining.text_content().unwrap().contains("100"));

    // Only the draining hosts are left: DRAINING moves from second to first, ACTIVE goes.
    mounted
        .fleet
        .replace((0..1_000).step_by(10).map(host).collect());
    wait_until("ACTIVE gone from the facet", || {
        status_value(root, "ACTIVE").is_none()
    })
    .await;
    let now = status_value(root, "DRAINING").expect("DRAINING still listed");
    assert!(now.is_same_node(Some(&draining)), "the same element, moved");
    assert!(now.text_content().unwrap().contains("100"));
    let first = root
        .query_selector("fieldset[data-facet=status] li")
        .unwrap()
        .unwrap();
    assert!(first.is_same_node(Some(&draining)));
}

/// A host in rack `rack`: one attribute value of its own.
fn racked_host(rack: usize) -> Host {
    let instance: ContainerInstance = serde_json::from_value(json!({
        "containerInstanceArn": format!("arn:aws:ecs:us-east-1:123456789012:container-instance/bench/rack{rack:028x}"),
        "ec2InstanceId": format!("mi-9{rack:016x}"),
        "status": "ACTIVE",
        "agentConnected": true,
        "attributes": [{"name": "rack", "value": format!("r{rack:02}")}]
    }))
    .unwrap();
    Host::new("bench", instance, None)
}

/// The attribute facet's values with their elements built.
fn attribute_values(root: &web_sys::HtmlElement, selector: &str) -> u32 {
    root.query_selector_all(&format!("fieldset[data-facet=attr] {selector}"))
        .unwrap()
        .length()
}

#[wasm_bindgen_test]
async fn folded_facet_values_are_built_only_while_unfolded() {
    let mounted = mount(10);
    let root = &mounted.root;
    mounted.fleet.append((0..40).map(racked_host).collect());
    let summary = || {
        root.query_selector("fieldset[data-facet=attr] details summary")
            .unwrap()
    };
    wait_until("the folded values counted", || {
        summary().is_some_and(|s| s.text_content().unwrap_or_default().ends_with("more"))
    })
    .await;
    let folded: u32 = summary()
        .unwrap()
        .text_content()
        .unwrap()
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .expect("\"N more\"");
    assert!(folded >= 30, "40 racks and the sites: {folded} folded");
    assert_eq!(
        attribute_values(root, "details li"),
        0,
        "nothing built while folded"
    );
    assert_eq!(attribute_values(root, "li"), 12);

    let details: web_sys::HtmlDetailsElement = root
        .query_selector("fieldset[data-facet=attr] details")
        .unwrap()
        .unwrap()
        .unchecked_into();
    details.set_open(true);
    wait_until("the folded values built", || {
        attribute_values(root, "details li") == folded
    })
    .await;
    let value = root
        .query_selector("fieldset[data-facet=attr] details li")
        .unwrap()
        .unwrap();
    assert!(
        value.text_content().unwrap().contains('1'),
        "a value with its count"
    );

    // Fewer values than the list shows: no fold. Back past twelve: unfolded as it was left.
    mounted.fleet.replace((0..10).map(host).collect());
    wait_until("no fold", || summary().is_none()).await;
    mounted.fleet.append((0..40).map(racked_host).collect());
    wait_until("unfolded again", || {
        attribute_values(root, "details li") == folded
    })
    .await;
    let details: web_sys::HtmlDetailsElement = root
        .query_selector("fieldset[data-facet=attr] details")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert!(details.open(), "the list shows as unfolded");

    details.set_open(false);
    wait_until("the folded values gone again", || {
        attribute_values(root, "details li") == 0
    })
    .await;
}

/// A host whose name and attribute hold a right-to-left override, as the hostile sandbox host does.
fn reversing_host() -> Host {
    let instance: ContainerInstance = serde_json::from_value(json!({
        "containerInstanceArn": "arn:aws:ecs:us-east-1:123456789012:container-instance/bench/ffff",
        "ec2InstanceId": "mi-0000000000000ffff",
        "status": "ACTIVE",
        "agentConnected": true,
        "attributes": [
            {"name": "file", "value": "invoice\u{202E}fdp.exe"},
            {"name": "zone", "value": "a"}
        ]
    }))
    .unwrap();
    let ssm = InstanceInformation {
        instance_id: "mi-0000000000000ffff".into(),
        computer_name: Some("gpj.\u{202E}evil".into()),
        ..Default::default()
    };
    Host::new("bench", instance, Some(ssm))
}

#[wasm_bindgen_test]
async fn bidirectional_controls_from_aws_are_shown_and_isolated_and_stale_rows_marked() {
    let mounted = mount(2);
    let root = &mounted.root;
    let key = reversing_host().key().to_owned();
    mounted.fleet.append(vec![reversing_host()]);
    mounted.fleet.stale.set([key.clone()].into());
    let row = || {
        root.query_selector(&format!(".fleet-rows [data-key='{key}']"))
            .unwrap()
    };
    wait_until("the row rendered", || row().is_some()).await;
    let row = row().unwrap();
    let text = row.text_content().unwrap_or_default();
    assert!(!text.contains('\u{202E}'), "no raw override: {text:?}");
    assert!(text.contains("gpj.⟨U+202E⟩evil"), "{text:?}");
    // Each attribute sits in its own isolate, so one cannot reorder the next (the column is out of
    // view at this width, so its prepared text is read).
    let attributes = Column::from_key("attributes").unwrap();
    let cell = mounted
        .fleet
        .prepared
        .with_untracked(|prepared| prepared.index.cell(2, attributes).to_owned());
    assert_eq!(
        cell,
        "\u{2068}file=invoice⟨U+202E⟩fdp.exe\u{2069}, \u{2068}zone=a\u{2069}"
    );
    let cell = row.query_selector(".aws-text").unwrap().unwrap();
    let style = window().get_computed_style(&cell).unwrap().unwrap();
    assert_eq!(style.get_property_value("unicode-bidi").unwrap(), "isolate");
    assert!(row.class_list().contains("stale"));
}

#[wasm_bindgen_test]
async fn row_elements_are_reused_across_a_scroll_and_a_filter() {
    let mounted = mount(2_000);
    let root = &mounted.root;
    wait_until("rows rendered", || rendered_rows(root) > 10).await;
    let before = row_elements(root);
    // Watch the body's children: a reused row is never added or removed.
    let watch = js_sys::Function::new_with_args(
        "node",
        "const records = []; \
         const observer = new MutationObserver((batch) => records.push(...batch)); \
         observer.observe(node, { childList: true }); \
         return () => { records.push(...observer.takeRecords()); observer.disconnect(); return records.length; };",
    );
    let body = root.query_selector(".fleet-rows").unwrap().unwrap();
    let stop: js_sys::Function = watch.call1(&JsValue::NULL, &body).unwrap().unchecked_into();

    // Three rows down: the rows still in view keep their elements.
    let fourth = row_at(root, 3).unwrap();
    let fourth_text = fourth.text_content().unwrap();
    scroll_table(root, 90);
    wait_until("scrolled", || row_at(root, 0).is_none()).await;
    let still = row_at(root, 3).unwrap();
    assert!(
        still.is_same_node(Some(&fourth)),
        "the fourth row kept its element"
    );
    assert_eq!(still.text_content().unwrap(), fourth_text);

    // A search: the same elements show the matching hosts.
    type_into_search(root, "host-0").await;
    wait_until("filtered", || {
        let shown = mounted.fleet.rows().len();
        shown > 0 && shown < 2_000
    })
    .await;
    scroll_table(root, 0);
    wait_until("the first match shown", || {
        row_at(root, 0).is_some_and(|row| row.text_content().unwrap().contains("host-0"))
    })
    .await;
    let after = row_elements(root);
    assert_eq!(after.len(), before.len());
    assert!(
        after
            .iter()
            .zip(&before)
            .all(|(after, before)| after.is_same_node(Some(before))),
        "the same row elements, in the same place"
    );
    let mutations = stop.call0(&JsValue::NULL).unwrap().as_f64().unwrap();
    assert_eq!(mutations, 0.0, "no row element added or removed");
}

#[wasm_bindgen_test]
async fn typing_writes_the_url_once_typing_pauses() {
    let mounted = mount(500);
    let root = &mounted.root;
    wait_until("rows rendered", || rendered_rows(root) > 0).await;
    // Count history.replaceState calls from here on.
    let history = window().history().unwrap();
    let count = js_sys::Function::new_with_args(
        "history",
        "const replace = history.replaceState.bind(history); \
         window.__replaced = 0; \
         history.replaceState = (...args) => { window.__replaced += 1; return replace(...args); };",
    );
    count.call1(&JsValue::NULL, &history).unwrap();
    let replaced = || {
        js_sys::Reflect::get(&window(), &"__replaced".into())
            .unwrap()
            .as_f64()
            .unwrap()
    };

    // Each key filters the table at once, while no timer can run between the keys.
    type_into_search(root, "host-00").await;
    assert_eq!(
        mounted.fleet.rows().len(),
        (0..500)
            .filter(|&i| host(i).hostname().unwrap().contains("host-00"))
            .count()
    );
    assert_eq!(replaced(), 0.0, "no URL written while typing");
    wait_until("the URL holds the query", || {
        window().location().hash().unwrap().contains("q=host-00")
    })
    .await;
    assert_eq!(replaced(), 1.0, "one write for seven keys");

    // A facet is written at once.
    let checkbox: web_sys::HtmlElement = root
        .query_selector("fieldset[data-facet=status] input")
        .unwrap()
        .unwrap()
        .unchecked_into();
    checkbox.click();
    effects().await;
    assert_eq!(replaced(), 2.0);
    assert!(window().location().hash().unwrap().contains("status="));
}

/// The fleet page opened again at another URL (the navigation's Fleet link from a filtered view, an
/// edited address) is built by leptos over the elements of the table it replaces: the old table's
/// rows must leave with it (they stayed, under and beside the new rows, before).
#[wasm_bindgen_test]
async fn a_table_built_again_in_its_place_shows_only_its_own_rows() {
    let count = RwSignal::new(5);
    let mounted = mount_rebuilt(count.into());
    let root = &mounted.root;
    wait_until("the first table's rows", || rendered_rows(root) == 5).await;
    count.set(14);
    wait_until("the second table's rows", || {
        root.query_selector(".shown-count")
            .unwrap()
            .and_then(|shown| shown.text_content())
            .is_some_and(|text| text.starts_with("14 of 14"))
            && rendered_rows(root) > 5
    })
    .await;
    effects().await;
    let positions: Vec<String> = row_elements(root)
        .iter()
        .filter_map(|row| row.get_attribute("aria-rowindex"))
        .collect();
    let distinct: std::collections::HashSet<&String> = positions.iter().collect();
    assert_eq!(
        distinct.len(),
        positions.len(),
        "one row a position: {positions:?}"
    );
}

/// A row's link changes the URL at once and dispatches its `hashchange` later; the typing timer may
/// come due in between. Its write must not take the URL back to the fleet view, else the page the
/// link leads to never opens (a journey failed this way about once in 30 runs).
#[wasm_bindgen_test]
async fn a_url_write_that_comes_due_after_a_link_moved_the_url_on_leaves_it() {
    let mounted = mount(50);
    let root = &mounted.root;
    wait_until("rows rendered", || rendered_rows(root) > 0).await;
    type_into_search(root, "host-0").await;
    let instance = "#/fleet?instance=arn%3Aaws%3Aecs%3Aus-east-1%3A123456789012%3Acontainer-instance%2Fbench%2F1&cluster=bench";
    window().location().set_hash(instance).unwrap();
    wait_until("the typing timer has come due", || {
        last_fleet_href().as_deref() == Some("#/fleet?q=host-0")
    })
    .await;
    assert_eq!(window().location().hash().unwrap(), instance);
}

#[wasm_bindgen_test]
async fn a_text_cell_gets_its_tooltip_on_hover_and_loses_it_when_refilled() {
    let mounted = mount(200);
    let root = &mounted.root;
    wait_until("rows rendered", || rendered_rows(root) > 10).await;
    let hostname = |position: usize| {
        row_at(root, position)
            .and_then(|row| row.query_selector("[role=gridcell]:nth-child(3)").unwrap())
            .unwrap()
    };
    let cell = hostname(0);
    assert!(!cell.has_attribute("title"), "no title before a hover");
    js_sys::Function::new_with_args(
        "cell",
        "cell.dispatchEvent(new PointerEvent('pointerover', { bubbles: true }))",
    )
    .call1(&JsValue::NULL, &cell)
    .unwrap();
    assert_eq!(cell.get_attribute("title"), cell.text_content());

    // The slot shows another host after a scroll by a whole pool: its old title is gone.
    let pool = rendered_rows(root) as i32;
    scroll_table(root, 30 * pool);
    wait_until("the slot refilled", || {
        row_at(root, 0).is_none() && cell.text_content() != cell.get_attribute("title")
    })
    .await;
    assert!(
        !cell.has_attribute("title"),
        "{:?}",
        cell.get_attribute("title")
    );
}

#[wasm_bindgen_test]
async fn rows_shown_before_their_ssm_records_are_filled_in_place() {
    let mounted = mount(0);
    let root = &mounted.root;
    let awaiting: Vec<Host> = (0..30)
        .map(|i| {
            let host = host(i);
            Host::awaiting_record(host.cluster(), host.container_instance().clone())
        })
        .collect();
    mounted.fleet.append(awaiting).unwrap();
    wait_until("the rows shown, their SSM columns pending", || {
        first_row_hostname(root) == "…"
    })
    .await;
    let before = row_elements(root);

    mounted
        .fleet
        .join_records((0..30).map(host).collect())
        .unwrap();
    let hostname = host(0).hostname().unwrap().to_owned();
    wait_until("the records filled in", || {
        first_row_hostname(root) == hostname
    })
    .await;
    assert_eq!(
        mounted.fleet.hosts.with_untracked(Vec::len),
        30,
        "no row added"
    );
    assert_eq!(mounted.fleet.rows().len(), 30);
    let after = row_elements(root);
    assert!(
        after.len() == before.len()
            && after
                .iter()
                .zip(&before)
                .all(|(a, b)| a.is_same_node(Some(b))),
        "the same row elements"
    );
    let texts = root
        .query_selector(".fleet-rows")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert!(!texts.contains('…'), "no cell left pending: {texts}");
}

/// A cluster's card stays the same element while its figures change, as they do on every page of
/// a load and at every refresh: built again, it would take the keyboard focus from its button.
#[wasm_bindgen_test]
async fn a_cluster_card_keeps_its_element_and_focus_while_its_figures_change() {
    let document = document();
    let root: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&root).unwrap();
    let slot = StoredValue::new(None::<Fleet>);
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        provide_unconnected_contexts();
        provide_context(RwSignal::new(SiteConfig::default()).read_only());
        let fleet = Fleet::new(ViewState::default());
        slot.set_value(Some(fleet));
        // Not connected: the loader never asks AWS, the test feeds the hosts.
        let loader = Loader::start(fleet);
        view! { <ClustersOverview fleet=fleet loader=loader /> }
    });
    let fleet = slot.get_value().unwrap();
    let hosts = |count: usize| (0..count).map(host).collect::<Vec<_>>();
    let total = || {
        root.query_selector(".cluster-card .cluster-counts dd")
            .unwrap()
            .and_then(|figure| figure.text_content())
            .unwrap_or_default()
    };
    fleet.replace(hosts(10));
    wait_until("ten hosts counted", || total() == "10").await;
    let card = root.query_selector(".cluster-card").unwrap().unwrap();
    let button: web_sys::HtmlElement = card
        .query_selector("h2 button")
        .unwrap()
        .unwrap()
        .unchecked_into();
    button.focus().unwrap();

    fleet.replace(hosts(25));
    wait_until("twenty-five hosts counted", || total() == "25").await;
    let after = root.query_selector(".cluster-card").unwrap().unwrap();
    assert!(after.is_same_node(Some(&card)), "the card was built again");
    let focused = document.active_element().unwrap();
    assert!(
        focused.is_same_node(Some(&button)),
        "the card's button lost the focus"
    );
    let legend = card
        .query_selector(".bar-legend")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert_eq!(legend, "ECS agent disconnected 4Draining 2Healthy 19");
}
