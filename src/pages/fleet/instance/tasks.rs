//! The tasks on one host, each stoppable after a confirmation.

use anywhere_core::aws::arn::resource_name;
use anywhere_core::aws::ecs::{StopTask, StopTaskInput, Task};
use leptos::prelude::*;

use crate::aws::{Load, failure, settled, use_aws};
use crate::components::{AwsText, ConfirmDialog, ErrorMessage};

use super::details::time;

/// The tasks placed on the host (`tasks`, as they load), each with a Stop button; `on_change`
/// runs after a task was stopped.
#[component]
pub fn TaskList(tasks: Load<Vec<Task>>, cluster: String, on_change: Callback<()>) -> impl IntoView {
    let aws = use_aws();
    let stopping = RwSignal::new(None::<String>);
    let open = RwSignal::new(false);
    let stop_task = aws.action(move |client, task: &String| {
        let input = StopTaskInput {
            cluster: Some(cluster.clone()),
            task: task.clone(),
            reason: Some("Stopped from the ECS Anywhere console".to_owned()),
        };
        async move {
            client.call::<StopTask>(&input).await?;
            Ok(())
        }
    });
    let stopped = settled(stop_task);
    Effect::new(move |_| {
        if let Some(Ok(())) = stopped.get() {
            on_change.run(());
        }
    });
    let stop = Callback::new(move |()| {
        if let Some(task) = stopping.get_untracked() {
            stop_task.dispatch(task);
        }
    });
    view! {
        <h2>"Tasks on this host"</h2>
        {move || match tasks.get() {
            None => view! { <p class="muted">"Loading the tasks…"</p> }.into_any(),
            Some(Err(error)) => view! { <p class="error-message" role="alert">{error.to_string()}</p> }.into_any(),
            Some(Ok(list)) if list.is_empty() => view! { <p class="muted">"No task runs on this host."</p> }.into_any(),
            Some(Ok(list)) => view! {
                <table class="simple tasks" aria-label="Tasks">
                    <thead>
                        <tr>
                            <th scope="col">"Task"</th><th scope="col">"Task definition"</th>
                            <th scope="col">"Last status"</th><th scope="col">"Desired"</th>
                            <th scope="col">"Started"</th><th scope="col">"CPU"</th><th scope="col">"Memory"</th><th scope="col"><span class="visually-hidden">"Stop"</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        {list
                            .into_iter()
                            .map(|task| {
                                let id = resource_name(&task.task_arn).to_owned();
                                let arn = task.task_arn.clone();
                                let definition = task.task_definition_arn.as_deref().map(resource_name).unwrap_or("").to_owned();
                                view! {
                                    <tr>
                                        <td class="mono"><AwsText text=id.clone() /></td>
                                        <td><AwsText text=definition /></td>
                                        <td><AwsText text=task.last_status.unwrap_or_default() /></td>
                                        <td><AwsText text=task.desired_status.unwrap_or_default() /></td>
                                        <td>{time(task.started_at)}</td>
                                        <td><AwsText text=task.cpu.unwrap_or_default() /></td>
                                        <td><AwsText text=task.memory.unwrap_or_default() /></td>
                                        <td>
                                            <button
                                                type="button"
                                                class="secondary"
                                                aria-label=format!("Stop task {id}")
                                                on:click=move |_| {
                                                    stopping.set(Some(arn.clone()));
                                                    open.set(true);
                                                }
                                            >
                                                "Stop"
                                            </button>
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            }
            .into_any(),
        }}
        <ErrorMessage message=failure(stop_task) />
        <ConfirmDialog
            open=open
            title=Signal::derive(move || format!("Stop task {}?", stopping.get().as_deref().map(resource_name).unwrap_or("")))
            confirm_label="Stop task"
            on_confirm=stop
        >
            <p>"ECS stops the task's containers on the host. A service starts a replacement."</p>
        </ConfirmDialog>
    }
}
