//! `anywhere install-command`: prints the commands that register a host as an external instance.

use std::process::ExitCode;

use anywhere_core::install::endpoints::Need;
use anywhere_core::install::os::{OsFamily, OsId};
use anywhere_core::install::validate::{ActivationCode, ActivationId, ClusterName, InstallRegion};
use anywhere_core::install::{
    InstallPlan, LinuxInstall, Registration, WindowsInstall, linux_plan, windows_plan,
};

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

Exit status: 0 printed, 2 bad usage or an invalid value.
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

fn parse_args(args: &[String]) -> Result<Parsed, String> {
    let mut options = Options::default();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((name, value)) => (name, Some(value.to_string())),
            None => (arg.as_str(), None),
        };
        if name == "-h" || name == "--help" {
            return Ok(Parsed::Help);
        }
        if name == "--windows" && inline.is_none() {
            options.windows = true;
            continue;
        }
        let slot = match name {
            "--region" => &mut options.region,
            "--cluster" => &mut options.cluster,
            "--activation-id" => &mut options.activation_id,
            "--activation-code" => &mut options.activation_code,
            "--os" => &mut options.os,
            other => return Err(format!("unknown option `{other}`")),
        };
        let value = inline
            .or_else(|| rest.next().cloned())
            .ok_or(format!("{name} needs a value"))?;
        *slot = Some(value);
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

pub fn run(args: &[String]) -> ExitCode {
    let options = match parse_args(args) {
        Ok(Parsed::Run(options)) => options,
        Ok(Parsed::Help) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(problem) => {
            eprintln!("anywhere install-command: {problem}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match plan(options) {
        Ok(plan) => {
            print!("{}", plan.script());
            println!("# The host's firewall must allow HTTPS to:");
            for entry in &plan.firewall {
                let when = match entry.need {
                    Need::Always => String::new(),
                    Need::DuringInstall => ", during the install".to_string(),
                    Need::IfTasksUse(service) => format!(", if the tasks use {service}"),
                };
                println!("#   {}: {}{when}", entry.host, entry.purpose);
            }
            ExitCode::SUCCESS
        }
        Err(problem) => {
            eprintln!("anywhere install-command: {problem}");
            ExitCode::from(2)
        }
    }
}
