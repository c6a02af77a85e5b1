//! `deploy/connect-hosts.txt` is the list the page's Content-Security-Policy allows connections to
//! (deploy/csp.mjs reads it at build time): the host of every service the console calls, in every
//! region it offers. It is written from the core's region data, so the two cannot drift apart:
//! after the region data changes, `UPDATE_CONNECT_HOSTS=1 cargo test -p anywhere-core --test
//! csp_connect_hosts` rewrites it, and this test fails until that is done.

use std::path::Path;

use anywhere_core::region::{REGIONS, SERVICES};

fn expected() -> String {
    let mut text = String::from(
        "# Region, then the host of each service the console calls there (ecs, ssm, sts,\n\
         # cognito-identity, cognito-idp). Written by crates/anywhere-core/tests/csp_connect_hosts.rs\n\
         # from the core's region data; read by deploy/csp.mjs. Do not edit by hand.\n",
    );
    for region in REGIONS {
        for service in SERVICES {
            text.push_str(&format!(
                "{} {}\n",
                region.code,
                region.service_host(service)
            ));
        }
    }
    text
}

#[test]
fn the_csp_host_list_is_the_region_data() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy/connect-hosts.txt");
    let expected = expected();
    if std::env::var_os("UPDATE_CONNECT_HOSTS").is_some() {
        std::fs::write(&file, &expected).unwrap();
    }
    let found = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(
        found == expected,
        "deploy/connect-hosts.txt differs from the region data: run \
         `UPDATE_CONNECT_HOSTS=1 cargo test -p anywhere-core --test csp_connect_hosts`"
    );
    // Every host is a plain name under an AWS DNS suffix: nothing a wildcard or a typo could widen.
    for line in found.lines().filter(|line| !line.starts_with('#')) {
        let (_, host) = line.split_once(' ').unwrap();
        assert!(
            host.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-'),
            "{host}"
        );
        assert!(
            [".amazonaws.com", ".amazonaws.com.cn", ".amazonaws.eu"]
                .iter()
                .any(|suffix| host.ends_with(suffix)),
            "{host}"
        );
    }
}
