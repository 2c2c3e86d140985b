//! The designers' workshop (`/gallery`): every component and page section as stories, each at
//! its own address (`/gallery/<component>/<state>`), with its props as controls, in the frames a
//! designer checks (language, theme, width, or all of them side by side), and with its checks
//! (axe-core and text contrast in both themes) beside it. Everything a designer changes is in
//! the address, so a link opens the same state for someone else.
//!
//! The workshop is a chunk loaded on demand (not part of any other page's load), and so is its
//! stylesheet (`style/gallery.css`, linked when the workshop opens). Its own words (panel
//! names) are English: it is a tool for the team, and component names are the code's. The
//! stories themselves switch language with the frames.
//!
//! - `stories`: the stories and their sample data;
//! - `args`, `frames`: the controls' and the frames' values in the address (pure);
//! - `frame`: one story alone, as each `<iframe>` shows it, and its checks;
//! - `checks`: contrast arithmetic and the report a frame posts (pure).

pub mod args;
pub mod checks;
pub mod frame;
pub mod frames;
mod js;
pub mod stories;

use crate::ui::router::{use_navigate, use_params_map, use_query_map, NavigateOptions};
use args::{Args, Control, ControlKind};
use checks::Report;
use frame::{same_origin, Message, StoryFrame};
use frames::{Frame, FrameTheme, Frames, Pick, WIDTHS};
use leptos::prelude::*;
use stories::Story;
use wasm_bindgen::JsCast;

use crate::i18n::Lang;

/// The workshop's stylesheet, linked once when it first opens (a disabled `<link>` in
/// `index.html` would cost every page's first load its bytes of markup). Resolves once it has
/// loaded or failed: a story's frame waits, as the sheet turns its transitions off.
pub async fn gallery_styles() {
    let doc = document();
    let link = match doc.get_element_by_id("gallery-styles") {
        Some(link) => link,
        None => {
            let Ok(link) = doc.create_element("link") else {
                return;
            };
            let _ = link.set_attribute("id", "gallery-styles");
            let _ = link.set_attribute("rel", "stylesheet");
            let _ = link.set_attribute("href", "/gallery.css");
            // Marks itself settled for good, so a later wait never waits for an event that
            // has already come.
            for event in ["load", "error"] {
                let target = link.clone();
                let settle = wasm_bindgen::closure::Closure::once_into_js(move || {
                    let _ = target.set_attribute("data-settled", "");
                });
                let _ = link.add_event_listener_with_callback(event, settle.unchecked_ref());
            }
            if let Some(head) = doc.head() {
                let _ = head.append_child(&link);
            }
            link
        }
    };
    if link.has_attribute("data-settled") {
        return;
    }
    // Loaded or failed, the same here: a story is shown either way.
    let _ = crate::ui::dom::link_settled(&link).await;
}

#[component]
pub fn GalleryPage() -> impl IntoView {
    leptos::task::spawn_local(gallery_styles());
    let params = use_params_map();
    let story = Memo::new(move |_| {
        params.with(|p| match (p.get("component"), p.get("state")) {
            (Some(c), Some(s)) => Story::find(&c, &s),
            // `/gallery` opens the first story.
            _ => stories::all().next(),
        })
    });
    let frame_key = use_query_map().with_untracked(|q| q.get("frame"));
    // Only whether there is a story decides what is built: moving from one story to the next
    // keeps the workshop (its index, its search, the focus) and changes what it shows.
    let found = Memo::new(move |_| story.get().is_some());
    move || match (
        found.get().then(|| story.get_untracked()).flatten(),
        frame_key.clone(),
    ) {
        (Some(story), Some(key)) => view! { <StoryFrame story key/> }.into_any(),
        (Some(_), None) => view! { <Workshop story/> }.into_any(),
        (None, _) => view! {
            <main id="main" class="workshop__missing" lang="en">
                <h1>"No story at this address"</h1>
                <p><a href="/gallery">"See every story"</a></p>
            </main>
        }
        .into_any(),
    }
}

/// An address query from pairs, encoded.
fn encode(pairs: &[(&str, String)]) -> String {
    let Ok(params) = web_sys::UrlSearchParams::new() else {
        return String::new();
    };
    for (k, v) in pairs {
        params.append(k, v);
    }
    let q: String = params.to_string().into();
    if q.is_empty() {
        q
    } else {
        format!("?{q}")
    }
}

fn frame_key(f: Frame) -> String {
    let width = f.width.map_or("fill".to_string(), |w| w.to_string());
    format!("{}-{}-{}", f.lang.tag(), f.theme.code(), width)
}

fn frame_label(f: Frame) -> String {
    let lang = match f.lang {
        Lang::En => "English",
        Lang::Ko => "한국어",
    };
    let theme = match f.theme {
        FrameTheme::Light => "light",
        FrameTheme::Dark => "dark",
    };
    let width = f
        .width
        .map_or("canvas width".to_string(), |w| format!("{w} px"));
    format!("{lang} · {theme} · {width}")
}

fn frame_src(story: &Story, f: Frame, args: &Args) -> String {
    let mut pairs = vec![
        ("frame", frame_key(f)),
        ("lang", f.lang.tag().to_string()),
        ("theme", f.theme.code().to_string()),
    ];
    pairs.extend(args.to_pairs(story.controls));
    let mut src = story.path() + &encode(&pairs);
    if !story.address.is_empty() {
        src.push('&');
        src.push_str(story.address);
    }
    src
}

#[component]
fn Workshop(story: Memo<Option<&'static Story>>) -> impl IntoView {
    let query = use_query_map();
    let navigate = use_navigate();
    let pairs = move || query.with(|q| q.pairs().to_vec());
    let frames = Memo::new(move |_| {
        let p = pairs();
        Frames::from_pairs(p.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    });
    let args = Memo::new(move |_| {
        let p = pairs();
        story
            .get()
            .map(|s| Args::from_pairs(s.controls, p.iter().map(|(k, v)| (k.as_str(), v.as_str()))))
    });
    // Every change a designer makes is a new address (replacing the old one: the back button
    // leaves the workshop, not one keystroke).
    let go = move |story: &'static Story, args: &Args, frames: Frames| {
        let mut pairs = args.to_pairs(story.controls);
        pairs.extend(frames.to_pairs());
        navigate(
            &(story.path() + &encode(&pairs)),
            NavigateOptions {
                replace: true,
                scroll: false,
            },
        );
    };
    let go = StoredValue::new(go);
    let set_control = move |control: &'static Control, value: String| {
        if let (Some(s), Some(mut a)) = (story.get_untracked(), args.get_untracked()) {
            a.set(control, &value);
            go.with_value(|go| go(s, &a, frames.get_untracked()));
        }
    };
    let set_frames = move |f: Frames| {
        if let (Some(s), Some(a)) = (story.get_untracked(), args.get_untracked()) {
            go.with_value(|go| go(s, &a, f));
        }
    };
    // Bumped by Reset, so the controls are built again from the defaults.
    let reset = RwSignal::new(0u32);

    let heights = RwSignal::new(Vec::<(String, i32)>::new());
    let reports = RwSignal::new(Vec::<Report>::new());
    Effect::new(move |_| {
        story.track();
        frames.track();
        reports.set(Vec::new());
    });
    let post_args = move |only: Option<&str>| {
        let Some(q) = story
            .get_untracked()
            .zip(args.get_untracked())
            .map(|(s, a)| encode(&a.to_pairs(s.controls)))
        else {
            return;
        };
        let Ok(list) = js::call(
            &document(),
            "querySelectorAll",
            &[&"iframe[data-frame]".into()],
        ) else {
            return;
        };
        for frame in js::items(&list) {
            let frame: web_sys::Element = frame.unchecked_into();
            if only.is_some_and(|k| frame.get_attribute("data-frame").as_deref() != Some(k)) {
                continue;
            }
            let win = js::get(&frame, "contentWindow");
            if win.is_object() {
                Message::Args(q.clone()).post(&win);
            }
        }
    };
    Effect::new(move |_| {
        args.track();
        post_args(None);
    });
    let listener = window_event_listener(leptos::ev::message, move |ev| {
        let set_height = |frame: &str, height: i32| {
            heights.update(|h| {
                h.retain(|(k, _)| k != frame);
                h.push((frame.to_string(), height));
            })
        };
        match same_origin(&ev) {
            Some(Message::Ready { frame, height }) => {
                set_height(&frame, height);
                post_args(Some(&frame));
            }
            Some(Message::Report { report, height }) => {
                set_height(&report.frame, height);
                reports.update(|r| {
                    r.retain(|x| x.frame != report.frame);
                    r.push(report);
                });
            }
            _ => {}
        }
    });
    on_cleanup(move || listener.remove());

    let title = move || story.get().map(|s| s.title).unwrap_or_default();
    let state = move || story.get().map(|s| s.state).unwrap_or_default();
    view! {
        <div class="workshop" lang="en">
            <StoryIndex story frames/>
            <main id="main" class="workshop__main">
                <header class="workshop__header">
                    <div>
                        <p class="workshop__eyebrow">"Component gallery"</p>
                        <h1 class="workshop__title">{title}" "<span class="workshop__state">{state}</span></h1>
                    </div>
                    <FrameChoice frames on_change=Callback::new(set_frames)/>
                </header>
                <div class="workshop__canvas">
                    {move || {
                        let s = story.get()?;
                        let a = args.get_untracked()?;
                        Some(frames.get().each().into_iter().map(|f| {
                            let key = frame_key(f);
                            let height_key = key.clone();
                            let height = move || {
                                let min = if s.component.contains("dialog") { 640 } else { 200 };
                                let h = heights.with(|h| h.iter().find(|(k, _)| *k == height_key).map_or(min, |(_, h)| *h));
                                format!("{}px", h.max(min))
                            };
                            view! {
                                <figure class="workshop__frame">
                                    <figcaption>{frame_label(f)}</figcaption>
                                    <iframe
                                        data-frame=key
                                        title=format!("{} {}, {}", s.title, s.state, frame_label(f))
                                        src=frame_src(s, f, &a)
                                        style:width=f.width.map_or("100%".to_string(), |w| format!("{w}px"))
                                        style:height=height
                                    ></iframe>
                                </figure>
                            }
                        }).collect_view())
                    }}
                </div>
                <div class="workshop__panels">
                    <section class="workshop__panel" aria-labelledby="controls-heading">
                        <h2 id="controls-heading">"Controls"</h2>
                        {move || {
                            reset.track();
                            let s = story.get()?;
                            let a = args.get_untracked()?;
                            Some(if s.controls.is_empty() {
                                view! { <p class="workshop__quiet">"This story has nothing to change: its state is its address."</p> }.into_any()
                            } else {
                                view! {
                                    <div class="workshop__controls">
                                        {s.controls.iter().map(|c| control_input(c, a.text(c.name).to_string(), set_control)).collect_view()}
                                    </div>
                                    <button type="button" class="button button--secondary button--small" on:click=move |_| {
                                        if let Some(s) = story.get_untracked() {
                                            go.with_value(|go| go(s, &Args::defaults(s.controls), frames.get_untracked()));
                                            reset.update(|r| *r += 1);
                                        }
                                    }>"Reset the controls"</button>
                                }.into_any()
                            })
                        }}
                    </section>
                    <ChecksPanel reports frames/>
                </div>
            </main>
        </div>
    }
}

/// The searchable list of stories, by component.
#[component]
fn StoryIndex(story: Memo<Option<&'static Story>>, frames: Memo<Frames>) -> impl IntoView {
    let filter = RwSignal::new(String::new());
    let matches = move |s: &Story, f: &str| {
        let f = f.trim().to_lowercase();
        f.is_empty()
            || s.component.contains(&f)
            || s.state.contains(&f)
            || s.title.to_lowercase().contains(&f)
    };
    view! {
        <nav class="workshop__index" aria-label="Stories">
            <p class="workshop__brand"><a href="/gallery">"Component gallery"</a></p>
            <label class="workshop__search-label" for="story-search">"Find a story"</label>
            <input id="story-search" class="workshop__search" type="search" autocomplete="off"
                prop:value=move || filter.get() on:input=move |ev| filter.set(event_target_value(&ev))/>
            {move || {
                let f = filter.get();
                let current = story.get().map(Story::path);
                let suffix = encode(&frames.get().to_pairs());
                let mut groups: Vec<(&'static str, Vec<&'static Story>)> = Vec::new();
                for s in stories::all().filter(|s| matches(s, &f)) {
                    match groups.last_mut() {
                        Some((c, list)) if *c == s.component => list.push(s),
                        _ => groups.push((s.component, vec![s])),
                    }
                }
                if groups.is_empty() {
                    return view! { <p class="workshop__quiet" role="status">"No story matches."</p> }.into_any();
                }
                view! {
                    <ul class="workshop__groups">
                        {groups.into_iter().map(|(component, list)| view! {
                            <li>
                                <span class="workshop__component">{component}</span>
                                <ul>
                                    {list.into_iter().map(|s| {
                                        let here = current.as_deref() == Some(s.path().as_str());
                                        view! {
                                            <li><a href=s.path() + &suffix aria-current=here.then_some("page")
                                                data-address=(!s.address.is_empty()).then_some(s.address)>{s.state}</a></li>
                                        }
                                    }).collect_view()}
                                </ul>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </nav>
    }
}

/// Language, theme and width of the frames.
#[component]
fn FrameChoice(frames: Memo<Frames>, on_change: Callback<Frames>) -> impl IntoView {
    let select = |id: &'static str,
                  label: &'static str,
                  options: Vec<(&'static str, String)>,
                  current: Signal<String>,
                  set: fn(&mut Frames, &str)| {
        view! {
            <div class="workshop__choice">
                <label for=id>{label}</label>
                <select id=id on:change=move |ev| {
                    let mut f = frames.get_untracked();
                    set(&mut f, &event_target_value(&ev));
                    on_change.run(f);
                }>
                    {options.into_iter().map(|(value, text)| view! {
                        <option value=value selected=move || current.get() == value>{text}</option>
                    }).collect_view()}
                </select>
            </div>
        }
    };
    let lang = Signal::derive(move || match frames.get().lang {
        Pick::All => "both".to_string(),
        Pick::One(l) => l.tag().to_string(),
    });
    let theme = Signal::derive(move || match frames.get().theme {
        Pick::All => "both".to_string(),
        Pick::One(t) => t.code().to_string(),
    });
    let width = Signal::derive(move || match frames.get().width {
        Pick::All => "all".to_string(),
        Pick::One(None) => "fill".to_string(),
        Pick::One(Some(w)) => w.to_string(),
    });
    let mut widths = vec![("fill", "Canvas".to_string())];
    widths.extend(
        WIDTHS
            .iter()
            .zip(["360", "768", "1280"])
            .map(|(w, v)| (v, format!("{w} px"))),
    );
    widths.push(("all", "All three".to_string()));
    view! {
        <div class="workshop__frames" role="group" aria-label="Frames">
            {select("frame-lang", "Language", vec![("en", "English".into()), ("ko", "한국어".into()), ("both", "Both".into())], lang,
                |f, v| f.lang = match v { "both" => Pick::All, v => Pick::One(Lang::from_tag(v).unwrap_or(Lang::En)) })}
            {select("frame-theme", "Theme", vec![("light", "Light".into()), ("dark", "Dark".into()), ("both", "Both".into())], theme,
                |f, v| f.theme = match v { "both" => Pick::All, v => Pick::One(FrameTheme::from_code(v).unwrap_or(FrameTheme::Light)) })}
            {select("frame-width", "Width", widths, width,
                |f, v| f.width = match v { "all" => Pick::All, v => Pick::One(v.parse().ok()) })}
        </div>
    }
}

/// One control's input, as its kind needs.
fn control_input(
    control: &'static Control,
    value: String,
    set: impl Fn(&'static Control, String) + Copy + 'static,
) -> AnyView {
    let id = format!("control-{}", control.name);
    let on_input = move |ev: leptos::ev::Event| set(control, event_target_value(&ev));
    match control.kind {
        ControlKind::Text { max, presets } if control.default.contains('\n') || value.contains('\n') => {
            let _ = presets;
            view! {
                <div class="field">
                    <label for=id.clone()>{control.label}</label>
                    <textarea id=id rows="3" maxlength=max.to_string() prop:value=value on:input=on_input></textarea>
                </div>
            }
            .into_any()
        }
        ControlKind::Text { max, presets } => {
            let list = format!("{id}-presets");
            view! {
                <div class="field">
                    <label for=id.clone()>{control.label}</label>
                    <input id=id type="text" maxlength=max.to_string() prop:value=value on:input=on_input
                        list=(!presets.is_empty()).then(|| list.clone())/>
                    {(!presets.is_empty()).then(|| view! {
                        <datalist id=list>{presets.iter().map(|p| view! { <option value=*p></option> }).collect_view()}</datalist>
                    })}
                </div>
            }
            .into_any()
        }
        ControlKind::Number { min, max } => {
            let hint = format!("{id}-hint");
            // A number the control refuses: the story shows its own value meanwhile, and says so.
            let refused = RwSignal::new(false);
            let on_number = move |ev: leptos::ev::Event| {
                let typed = event_target_value(&ev);
                refused.set(control.accept(&typed) != typed);
                set(control, typed);
            };
            view! {
                <div class="field" class:field--invalid=move || refused.get()>
                    <label for=id.clone()>{control.label}</label>
                    <input id=id type="number" min=min.to_string() max=max.to_string() prop:value=value on:input=on_number
                        aria-describedby=hint.clone() aria-invalid=move || refused.get().then_some("true")/>
                    <p class="field__hint" id=hint>
                        {move || if refused.get() {
                            format!("Out of range ({min} to {max}): the story shows {}.", control.default)
                        } else {
                            format!("{min} to {max}")
                        }}
                    </p>
                </div>
            }
            .into_any()
        }
        ControlKind::Choice(options) => view! {
            <div class="field">
                <label for=id.clone()>{control.label}</label>
                <select id=id on:change=on_input>
                    {options.iter().map(|(slug, label)| view! { <option value=*slug selected=*slug == value>{*label}</option> }).collect_view()}
                </select>
            </div>
        }
        .into_any(),
        ControlKind::Toggle => view! {
            <div class="field field--checkbox">
                <input id=id.clone() type="checkbox" prop:checked=value == "true"
                    on:change=move |ev| set(control, event_target_checked(&ev).to_string())/>
                <label for=id>{control.label}</label>
            </div>
        }
        .into_any(),
    }
}

/// What each frame's checks found: axe-core's violations, then the contrast table. One
/// section per frame, built when the frames change; a report arriving fills in its own frame's
/// section only (one a designer opened stays open).
#[component]
fn ChecksPanel(reports: RwSignal<Vec<Report>>, frames: Memo<Frames>) -> impl IntoView {
    view! {
        <section class="workshop__panel workshop__checks" aria-labelledby="checks-heading">
            <h2 id="checks-heading">"Checks"</h2>
            {move || {
                frames.get().each().into_iter().enumerate().map(|(i, f)| {
                    let key = frame_key(f);
                    let label = frame_label(f);
                    let report = Memo::new({
                        let key = key.clone();
                        move |_| reports.with(|all| all.iter().find(|r| r.frame == key).cloned())
                    });
                    let summary = {
                        let label = label.clone();
                        move || report.get().map_or_else(
                            || view! { <span role="status">{format!("{label}: checking…")}</span> }.into_any(),
                            |r| summary_of(&label, &r).into_any(),
                        )
                    };
                    view! {
                        <details class="workshop__report" open=i == 0 data-frame=key>
                            <summary>{summary}</summary>
                            {move || report.get().map(|r| findings(&label, r))}
                        </details>
                    }
                }).collect_view()
            }}
        </section>
    }
}

fn summary_of(label: &str, report: &Report) -> impl IntoView {
    let failing = report.contrast.iter().filter(|p| !p.passes()).count();
    let axe_line = match &report.violations {
        Ok(v) if v.is_empty() => "axe-core: no violations".to_string(),
        Ok(v) => format!(
            "axe-core: {} violation{}",
            v.len(),
            if v.len() == 1 { "" } else { "s" }
        ),
        Err(e) => format!("axe-core did not run: {e}"),
    };
    let contrast_line = if failing == 0 {
        "contrast: every text passes AA in both themes".to_string()
    } else {
        format!("contrast: {failing} below AA")
    };
    let clean = failing == 0 && report.violations.as_ref().is_ok_and(Vec::is_empty);
    view! {
        <span class=if clean { "workshop__verdict workshop__verdict--ok" } else { "workshop__verdict workshop__verdict--bad" }>
            {if clean { "Pass" } else { "Fix" }}
        </span>
        {format!(" {label}: {axe_line}; {contrast_line}")}
    }
}

fn findings(label: &str, report: Report) -> impl IntoView {
    view! {
        {report.violations.ok().filter(|v| !v.is_empty()).map(|v| view! {
            <ul class="workshop__violations">
                {v.into_iter().map(|v| view! {
                    <li>
                        <strong>{v.id.clone()}</strong>
                        {format!(" ({}): {}", v.impact.clone().unwrap_or_default(), v.help)}
                        <ul>{v.nodes.iter().take(5).map(|n| view! { <li><code>{n.selector()}</code></li> }).collect_view()}</ul>
                    </li>
                }).collect_view()}
            </ul>
        })}
        <table class="workshop__contrast">
            <caption class="visually-hidden">{format!("Text contrast, {label}")}</caption>
            <thead><tr>
                <th scope="col">"Theme"</th><th scope="col">"Text"</th><th scope="col">"Colours"</th>
                <th scope="col">"Ratio"</th><th scope="col">"Needs"</th><th scope="col">"Result"</th>
            </tr></thead>
            <tbody>
                {report.contrast.into_iter().map(|p| {
                    let passes = p.passes();
                    view! {
                        <tr>
                            <td>{p.theme.clone()}</td>
                            <td>{format!("{}{}", p.sample, if p.count > 1 { format!(" (+{})", p.count - 1) } else { String::new() })}</td>
                            <td>
                                <span class="workshop__swatch" style:background-color=p.background.clone() style:color=p.text.clone() aria-hidden="true">"Aa"</span>
                                {format!(" {} on {}", p.text, p.background)}
                            </td>
                            <td>{format!("{:.2}:1", (p.ratio * 100.0).floor() / 100.0)}</td>
                            <td>{format!("{}:1{}", checks::required(p.large), if p.large { " (large)" } else { "" })}</td>
                            <td>{if passes { "Pass" } else { "Fails AA" }}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}
