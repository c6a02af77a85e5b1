//! Component tests of the fleet table, in headless Chromium (wasm-bindgen-test), on synthetic
//! hosts: no AWS involved.

use anywhere_console::aws::{AwsShared, NotConnected};
use anywhere_console::connection::{ConnectionSettings, SettingsContext};
use anywhere_console::pages::fleet::{Fleet, FleetBrowser};
use anywhere_core::aws::Anonymous;
use anywhere_core::aws::ecs::ContainerInstance;
use anywhere_core::aws::ssm::InstanceInformation;
use anywhere_core::fleet::{Host, ViewState};
use leptos::prelude::*;
use serde_json::json;
use wasm_bindgen::JsCast;
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

struct Mounted {
    root: web_sys::HtmlElement,
    fleet: Fleet,
}

fn mount(count: usize) -> Mounted {
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
        provide_context(SettingsContext(
            RwSignal::new(ConnectionSettings::default()),
        ));
        provide_context(AwsShared::new(
            std::rc::Rc::new(Anonymous),
            Signal::derive(|| Err(NotConnected::NoCredentials)),
        ));
        let fleet = Fleet::new(ViewState::default());
        fleet.hosts.set((0..count).map(host).collect());
        slot.set_value(Some(fleet));
        view! { <FleetBrowser fleet=fleet loader=None /> }.into_any()
    });
    // Dropping the handle would unmount the view; each test keeps its own for its whole run.
    std::mem::forget(handle);
    Mounted {
        root,
        fleet: slot.get_value().unwrap(),
    }
}

fn rendered_rows(root: &web_sys::HtmlElement) -> u32 {
    root.query_selector_all(".fleet-rows [role=row]")
        .unwrap()
        .length()
}

fn first_row_hostname(root: &web_sys::HtmlElement) -> String {
    // Rows are positioned absolutely, so the first in the view is the one at the top.
    root.query_selector(".fleet-rows [role=row][aria-rowindex='2'] [role=cell]:nth-child(3)")
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

    let table: web_sys::HtmlElement = root
        .query_selector(".fleet-table")
        .unwrap()
        .unwrap()
        .unchecked_into();
    let spacer: web_sys::HtmlElement = root
        .query_selector(".fleet-rows")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(
        spacer.style().get_property_value("height").unwrap(),
        "300000px"
    );

    table.set_scroll_top(table.scroll_height());
    table
        .dispatch_event(&web_sys::Event::new("scroll").unwrap())
        .unwrap();
    let last_id = format!("mi-{:017x}", 9_999);
    wait_until("the last host rendered", || {
        root.text_content().unwrap_or_default().contains(&last_id)
    })
    .await;
    let rows = rendered_rows(root);
    assert!((10..=60).contains(&rows), "{rows} rows after scrolling");
    assert!(
        !root
            .text_content()
            .unwrap_or_default()
            .contains("mi-00000000000000000")
    );
    assert_eq!(mounted.fleet.rows.get_untracked().len(), 10_000);
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
        mounted.fleet.rows.get_untracked().len() == 100
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
    mounted
        .fleet
        .hosts
        .update(|hosts| hosts.push(reversing_host()));
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
    // Each attribute sits in its own isolate, so one cannot reorder the next.
    assert!(
        text.contains("\u{2068}file=invoice⟨U+202E⟩fdp.exe\u{2069}, \u{2068}zone=a\u{2069}"),
        "{text:?}"
    );
    let cell = row.query_selector(".aws-text").unwrap().unwrap();
    let style = window().get_computed_style(&cell).unwrap().unwrap();
    assert_eq!(style.get_property_value("unicode-bidi").unwrap(), "isolate");
    assert!(row.class_list().contains("stale"));
}
