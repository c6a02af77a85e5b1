//! Self-service links read back exactly what was put in them, and the activation code never
//! appears outside the fragment.

use anywhere_core::fields::{
    ActivationCode, ActivationId, Attribute, ClusterName, RegistrationMetadata, Tag,
};
use anywhere_core::install::options::{
    AgentVersion, DockerInstallSource, InstallRegion, IpCompatibility,
};
use anywhere_core::install::os::OPERATING_SYSTEMS;
use anywhere_core::install::self_service::SelfServiceLink;
use anywhere_core::percent::{decode as percent_decode, encode as percent_encode};
use proptest::prelude::*;

fn tag_text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 é日_.:/=+@-]{0,12}"
}

fn link() -> impl Strategy<Value = SelfServiceLink> {
    let basics = (
        "[a-zA-Z0-9_][a-zA-Z0-9_-]{0,30}",
        prop::option::of(0..OPERATING_SYSTEMS.len()),
        prop::option::of("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"),
        prop::option::of("[!-~]{20,60}".prop_filter("not an option", |c| !c.starts_with("--"))),
    );
    let options = (
        0..4usize,
        prop::option::of((0..200u32, 0..200u32, 0..200u32)),
        any::<bool>(),
        prop::option::of(any::<bool>()),
        any::<bool>(),
        prop::collection::vec(
            (
                "[a-z][a-z0-9./\\\\_-]{0,10}",
                "[a-zA-Z0-9][a-zA-Z0-9 @:/\\\\._-]{0,10}[a-z]",
            ),
            0..4,
        ),
        prop::collection::vec(("[a-zA-Z][a-zA-Z0-9 é_.:/=+@-]{0,10}", tag_text()), 0..4),
    );
    (basics, options).prop_map(
        |((cluster, os, id, code), (docker, version, no_start, ip, verify, attrs, tags))| {
            let mut link = SelfServiceLink::new(
                InstallRegion::parse("ap-northeast-1").unwrap(),
                ClusterName::parse(&cluster).unwrap(),
            );
            link.os = os.map(|i| OPERATING_SYSTEMS[i].id);
            link.activation_id = id.map(|id| ActivationId::parse(&id).unwrap());
            link.activation_code = code.map(|code| ActivationCode::parse(&code).unwrap());
            link.options.docker_install_source = DockerInstallSource::ALL[docker];
            if let Some((a, b, c)) = version {
                link.options.ecs_version = AgentVersion::parse(&format!("{a}.{b}.{c}")).unwrap();
            }
            link.options.no_start = no_start;
            link.options.ip_compatibility = ip.map(|v6| {
                if v6 {
                    IpCompatibility::Ipv6
                } else {
                    IpCompatibility::Ipv4
                }
            });
            link.options.verify_signature = verify;
            let mut attributes: Vec<Attribute> = Vec::new();
            for (name, value) in attrs {
                let attribute = Attribute::parse(&name, &value).unwrap();
                if attributes.iter().all(|a| a.name != attribute.name) {
                    attributes.push(attribute);
                }
            }
            let mut unique_tags: Vec<Tag> = Vec::new();
            for (key, value) in tags {
                let tag = Tag::parse(&key, &value).unwrap();
                if unique_tags.iter().all(|t| t.key != tag.key) {
                    unique_tags.push(tag);
                }
            }
            link.options.metadata = RegistrationMetadata::new(attributes, unique_tags).unwrap();
            link
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn links_read_back_exactly(link in link()) {
        let url = link.to_url("https://console.example/install");
        let query_start = url.find('?').unwrap();
        let (query, fragment) = match url[query_start + 1..].split_once('#') {
            Some((q, f)) => (q, f),
            None => (&url[query_start + 1..], ""),
        };
        prop_assert_eq!(SelfServiceLink::parse(query, fragment), Ok(link.clone()));
        if let Some(code) = &link.activation_code {
            prop_assert!(!percent_decode(query).unwrap().contains(code.as_str()));
            prop_assert!(!query.contains(&percent_encode(code.as_str())));
        }
    }

    #[test]
    fn hash_route_links_read_back_exactly(link in link()) {
        let url = link.to_hash_route_url("https://console.example/app/", "/onboarding");
        let (before, fragment) = url.split_once('#').unwrap();
        prop_assert_eq!(before, "https://console.example/app/");
        let parameters = fragment.strip_prefix("/onboarding?").unwrap();
        prop_assert_eq!(SelfServiceLink::parse_hash_route_parameters(parameters), Ok(link));
    }

    #[test]
    fn percent_encoding_round_trips(text in any::<String>()) {
        let encoded = percent_encode(&text);
        prop_assert!(encoded.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)));
        prop_assert_eq!(percent_decode(&encoded), Some(text));
    }
}
