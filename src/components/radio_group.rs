use leptos::prelude::*;

/// A row of radio buttons, one choice among `options`: the way every page offers a mode.
///
/// - `name`: the inputs' shared `name`.
/// - `label`: the group's accessible name.
/// - `options`: each choice's value and label, in order.
/// - `chosen`: the value chosen now.
/// - `on_choose`: called with the value the user picks.
#[component]
pub fn RadioGroup<T>(
    name: &'static str,
    label: &'static str,
    options: Vec<(T, &'static str)>,
    #[prop(into)] chosen: Signal<T>,
    #[prop(into)] on_choose: Callback<T>,
) -> impl IntoView
where
    T: Copy + PartialEq + Send + Sync + 'static,
{
    view! {
        <div class="choices" role="radiogroup" aria-label=label>
            {options
                .into_iter()
                .map(|(value, text)| {
                    view! {
                        <label class="choice">
                            <input
                                type="radio"
                                name=name
                                prop:checked=move || chosen.get() == value
                                on:change=move |_| on_choose.run(value)
                            />
                            {text}
                        </label>
                    }
                })
                .collect_view()}
        </div>
    }
}
