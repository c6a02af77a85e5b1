//! `anywhere install-command`: prints the commands that register a host as an external instance.

use std::fmt::Write as _;
use std::process::ExitCode;

use anywhere_core::fields::{ActivationCode, ActivationId, ClusterName};
use anywhere_core::install::endpoints::Need;
use anywhere_core::install::options::InstallRegion;
use anywhere_core::install::os::{OsFamily, OsId};
use anywhere_core::install::{
    InstallPlan, LinuxInstall, Registration, WindowsInstall, linux_plan, windows_plan,
};
use lexopt::prelude::*;

use crate::output::{self, TROUBLE};

pub const USAGE: &str = "\
Usage: anywhere install-command --region REGION --cluster CLUSTER
                               --activation-id ID --activation-code CODE
                               [--os OS] [--windows]

Prints, as a script, the commands that register this host with an ECS cluster as an external
instance, with the checks to make first and the hosts the firewall must allow.

Options:
  --region REGION            the cluster's region, e.g. eu-west-1
  --cluster CLUSTER          the cluster's name
  --activation-id ID         the SSM activation's ID
  --activation-code CODE     the SSM activation's code
  --os OS                    the host's system, e.g. ubuntu-22, rhel-9, fedora-33, windows-2022;
                             applies its requirements (RHEL: Docker must be installed first, ...)
  --windows                  print the PowerShell commands for a Windows host (implied by a
                             Windows --os)
  -h, --help                 show this help

Exit status: 0 printed, 2 bad usage, an invalid value or output that could not be written.
";

#[derive(Default)]
struct Options {
    region: Option<String>,
    cluster: Option<String>,
    activation_id: Option<String>,
    activation_code: Option<String>,
    os: Option<String>,
    windows: bool,
}

enum Parsed {
    Run(Options),
    Help,
}

fn parse_args(mut parser: lexopt::Parser) -> Result<Parsed, String> {
    let mut options = Options::default();
    let fail = |error: lexopt::Error| error.to_string();
    while let Some(arg) = parser.next().map_err(fail)? {
        let slot = match arg {
            Short('h') | Long("help") => return Ok(Parsed::Help),
            Long("windows") => {
                options.windows = true;
                continue;
            }
            Long("region") => &mut options.region,
            Long("cluster") => &mut options.cluster,
            Long("activation-id") => &mut options.activation_id,
            Long("activation-code") => &mut options.activation_code,
            Long("os") => &mut options.os,
            other => return Err(other.unexpected().to_string()),
        };
        let value = parser.value().map_err(fail)?;
        *slot = Some(value.into_string().map_err(|value| {
            format!("the value `{}` is not valid UTF-8", value.to_string_lossy())
        })?);
    }
    Ok(Parsed::Run(options))
}

fn required(value: Option<String>, option: &str) -> Result<String, String> {
    value.ok_or(format!("{option} is required"))
}

/// Validates every value into the generator's types; each failure is one sentence for the user.
fn plan(options: Options) -> Result<InstallPlan, String> {
    let region = required(options.region, "--region")?;
    let cluster = required(options.cluster, "--cluster")?;
    let id = required(options.activation_id, "--activation-id")?;
    let code = required(options.activation_code, "--activation-code")?;
    let region = InstallRegion::parse(&region).map_err(|e| e.to_string())?;
    let cluster = ClusterName::parse(&cluster).map_err(|e| e.to_string())?;
    let id = ActivationId::parse(&id).map_err(|e| e.to_string())?;
    let code = ActivationCode::parse(&code).map_err(|e| e.to_string())?;
    let os = match options.os {
        Some(os) => Some(OsId::parse(&os).map_err(|e| e.to_string())?),
        None => None,
    };
    let windows = options.windows || os.is_some_and(|os| os.family() == OsFamily::Windows);
    let plan = if windows {
        let mut install = WindowsInstall::new(region, cluster, id, code);
        install.os = os;
        windows_plan(&install)
    } else {
        let mut install = LinuxInstall::new(region, cluster, Registration::Activation { id, code });
        install.os = os;
        linux_plan(&install)
    };
    plan.map_err(|e| e.to_string())
}

pub fn run(parser: lexopt::Parser) -> ExitCode {
    let options = match parse_args(parser) {
        Ok(Parsed::Run(options)) => options,
        Ok(Parsed::Help) => return output::finish(USAGE, 0),
        Err(problem) => return output::usage_error("anywhere install-command", &problem, USAGE),
    };
    match plan(options) {
        Ok(plan) => output::finish(&script_with_firewall(&plan), 0),
        Err(problem) => {
            output::problem(&format!("anywhere install-command: {problem}"));
            ExitCode::from(TROUBLE)
        }
    }
}

fn script_with_firewall(plan: &InstallPlan) -> String {
    let mut text = plan.script();
    text.push_str("# The host's firewall must allow HTTPS to:\n");
    for entry in &plan.firewall {
        let when = match entry.need {
            Need::Always => String::new(),
            Need::DuringInstall => ", during the install".to_string(),
            Need::IfTasksUse(service) => format!(", if the tasks use {service}"),
        };
        let _ = writeln!(text, "#   {}: {}{when}", entry.host, entry.purpose);
    }
    text
}
