//! A story alone in its frame (`/gallery/<component>/<state>?frame=<key>&lang=…&theme=…`):
//! the workshop shows one such page per frame in an `<iframe>`, so a width is a real viewport
//! (media queries apply) and a language or theme is the page's own. The frame shows itself in
//! the language and theme of its address without remembering them (they would change the
//! designer's own preferences: frames share the workshop's storage), takes new control values
//! from the workshop by `postMessage`, and answers with its checks after each render.

use super::args::Args;
use super::checks::{is_large, over, parse_color, tally, ContrastPair, Report, Rgba, Violation};
use super::frames::FrameTheme;
use super::js;
use super::stories::Story;
use crate::i18n::{Key, Lang};
use crate::ui::i18n::use_i18n;
use crate::ui::router::{query_pairs, use_query_map};
use crate::ui::theme::{self, Theme};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};
use std::time::Duration;
use wasm_bindgen::{JsCast, JsValue};

/// What the workshop and its frames tell each other.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Message {
    /// Workshop to frame: the controls' values, as an address query.
    Args(String),
    /// Frame to workshop: it is listening, and this tall.
    Ready { frame: String, height: i32 },
    /// Frame to workshop: its checks after a render.
    Report { report: Report, height: i32 },
}

impl Message {
    pub fn parse(data: &JsValue) -> Option<Message> {
        leptos::serde_json::from_str(&data.as_string()?).ok()
    }

    /// Posts to the window `to`, for this origin only.
    pub fn post(&self, to: &JsValue) {
        let origin = web_sys::window()
            .and_then(|w| w.location().origin().ok())
            .unwrap_or_default();
        if let Ok(text) = leptos::serde_json::to_string(self) {
            let _ = js::call(to, "postMessage", &[&text.into(), &origin.into()]);
        }
    }
}

/// A message from a page of this origin, or nothing.
pub fn same_origin(ev: &web_sys::MessageEvent) -> Option<Message> {
    let origin = web_sys::window()?.location().origin().ok()?;
    (js::text(ev, "origin") == origin).then(|| Message::parse(&js::get(ev, "data")))?
}

/// How tall an element is drawn, in CSS pixels.
fn drawn_size(el: &JsValue) -> (f64, f64) {
    let rect = js::call(el, "getBoundingClientRect", &[]).unwrap_or(JsValue::UNDEFINED);
    (js::number(&rect, "width"), js::number(&rect, "height"))
}

/// How tall the story is (not the document, which is at least as tall as the frame: the frame
/// would then only ever grow).
fn page_height() -> i32 {
    document()
        .get_element_by_id("story")
        .map_or(0, |e| drawn_size(&e).1.ceil() as i32)
}

#[component]
pub fn StoryFrame(story: &'static Story, key: String) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let (args, lang, frame_theme) = query.with_untracked(|q| {
        let pairs = q.pairs();
        let args = Args::from_pairs(
            story.controls,
            pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        );
        let lang = q
            .get("lang")
            .and_then(|l| Lang::from_tag(&l))
            .unwrap_or(Lang::En);
        let theme = q
            .get("theme")
            .and_then(|t| FrameTheme::from_code(&t))
            .unwrap_or(FrameTheme::Light);
        (args, lang, theme)
    });
    let args = RwSignal::new(args);
    theme::show(match frame_theme {
        FrameTheme::Light => Theme::Light,
        FrameTheme::Dark => Theme::Dark,
    });
    if let Some(html) = document().document_element() {
        // Transitions and animations off (style/gallery.css): checks read settled colours,
        // and screenshots compare from one run to the next.
        let _ = html.set_attribute("data-story-frame", "");
    }
    let shown = RwSignal::new(false);
    spawn_local(async move {
        // The workshop's stylesheet first: it turns transitions off, which the checks and the
        // screenshots count on.
        futures::future::join(i18n.show(lang), super::gallery_styles()).await;
        shown.set(true);
    });

    let parent = web_sys::window()
        .map(|w| js::get(&w, "parent"))
        .filter(|p| p.is_object());
    // Inside the workshop: framed by a page of this origin under /gallery (the policy lets
    // only this origin frame a story). Opened on its own, a story is a page of the real site
    // showing whatever its address says, so it says plainly that it is a sample.
    let in_workshop = web_sys::window().is_some_and(|w| {
        let framed = parent.as_ref().is_some_and(|p| !js_sys::Object::is(p, &w));
        let framer = parent
            .as_ref()
            .map(|p| js::text(&js::get(p, "location"), "pathname"))
            .unwrap_or_default();
        framed && (framer == "/gallery" || framer.starts_with("/gallery/"))
    });
    let listener = window_event_listener(leptos::ev::message, move |ev| {
        if let Some(Message::Args(query)) = same_origin(&ev) {
            let pairs = query_pairs(&query);
            let pairs = pairs.pairs();
            args.set(Args::from_pairs(
                story.controls,
                pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
            ));
        }
    });
    on_cleanup(move || listener.remove());
    if let Some(parent) = &parent {
        Message::Ready {
            frame: key.clone(),
            height: page_height(),
        }
        .post(parent);
    }

    let checks = Checks {
        newest: StoredValue::new(0),
        checked: StoredValue::new(0),
        running: StoredValue::new(false),
        key: StoredValue::new(key.clone()),
        parent: StoredValue::new_local(parent.clone()),
    };
    Effect::new(move |_| {
        args.track();
        if !shown.get() {
            return;
        }
        let ticket = checks.newest.get_value() + 1;
        checks.newest.set_value(ticket);
        checks.after_render(ticket);
    });

    view! {
        {(!in_workshop).then(|| view! {
            <aside class="sample-banner" aria-label=move || i18n.t(Key::GallerySampleLabel)>
                <p>{move || i18n.t(Key::GallerySampleBanner)}</p>
            </aside>
        })}
        {move || {
            let body = move || shown.get().then(|| {
                let a = args.get();
                // Only the controls re-render a story: what its parts read as they are built
                // is theirs to track.
                untrack(|| (story.render)(&a))
            });
            if story.whole_page {
                view! { <div id="story" data-story=story.path()>{body}</div> }.into_any()
            } else {
                view! {
                    <main id="story" class="story" data-story=story.path()>
                        <h1 class="visually-hidden">{format!("{}: {}", story.title, story.state)}</h1>
                        {body}
                    </main>
                }
                .into_any()
            }
        }}
    }
}

/// The checks of the story in this document: contrast in both themes, then axe-core.
pub async fn run_checks(frame: String) -> Report {
    let contrast = document()
        .get_element_by_id("story")
        .map(|root| contrast_in_both_themes(&root))
        .unwrap_or_default();
    let violations = match document().get_element_by_id("story") {
        Some(root) => axe(&root).await,
        None => Err("the story is not on the page".to_string()),
    };
    Report {
        frame,
        violations,
        contrast,
    }
}

/// Every text's colours, in the light theme and in the dark one. The theme is switched and
/// switched back within this call, so nothing paints in between.
fn contrast_in_both_themes(root: &web_sys::Element) -> Vec<ContrastPair> {
    let Some(html) = document().document_element() else {
        return Vec::new();
    };
    let was = html.get_attribute("data-theme");
    let mut pairs = Vec::new();
    for theme in FrameTheme::ALL {
        let _ = html.set_attribute("data-theme", theme.code());
        scan(root, theme.code(), &mut pairs);
    }
    let _ = match was {
        Some(t) => html.set_attribute("data-theme", &t),
        None => html.remove_attribute("data-theme"),
    };
    pairs
}

/// The checks of a story's frame. Each render of the story has a number; only the newest is
/// checked, once it has settled, and its report posted to the workshop.
#[derive(Clone, Copy)]
struct Checks {
    newest: StoredValue<u32>,
    /// The render last checked.
    checked: StoredValue<u32>,
    /// A run is under way: axe-core refuses a second while one runs.
    running: StoredValue<bool>,
    key: StoredValue<String>,
    parent: StoredValue<Option<JsValue>, LocalStorage>,
}

impl Checks {
    /// Checks render `ticket` 250 ms from now, if no newer render came meanwhile.
    fn after_render(self, ticket: u32) {
        set_timeout(move || self.run(ticket), Duration::from_millis(250));
    }

    fn run(self, ticket: u32) {
        // A newer render is waiting for its own turn; one during a run is checked after it.
        if self.newest.get_value() != ticket
            || self.running.get_value()
            || self.checked.get_value() == ticket
        {
            return;
        }
        self.running.set_value(true);
        spawn_local(async move {
            let report = run_checks(self.key.get_value()).await;
            self.running.set_value(false);
            self.checked.set_value(ticket);
            let newest = self.newest.get_value();
            if newest != ticket {
                // The story rendered again while this one was checked: check that render.
                self.after_render(newest);
                return;
            }
            // For the tests and screenshots: this render has settled and been checked.
            if let Some(root) = document().get_element_by_id("story") {
                let _ = root.set_attribute("data-checked", &ticket.to_string());
            }
            if let Some(parent) = self.parent.get_value() {
                Message::Report {
                    report,
                    height: page_height(),
                }
                .post(&parent);
            }
        });
    }
}

/// The text an element draws itself: its own text nodes, or a control's value.
fn own_text(el: &web_sys::Element) -> String {
    match el.tag_name().as_str() {
        "TEXTAREA" | "SELECT" => return js::text(el, "value"),
        "INPUT" => {
            if matches!(
                js::text(el, "type").as_str(),
                "checkbox" | "radio" | "file" | "hidden"
            ) {
                return String::new();
            }
            return js::text(el, "value");
        }
        _ => {}
    }
    let mut text = String::new();
    for node in js::items(&js::get(el, "childNodes")) {
        if js::number(&node, "nodeType") == 3.0 {
            // A text node.
            text.push_str(js::text(&node, "textContent").trim());
        }
    }
    text
}

fn scan(root: &web_sys::Element, theme: &str, pairs: &mut Vec<ContrastPair>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    // A computed style's property, as text.
    let style = |el: &web_sys::Element| {
        js::call(&window, "getComputedStyle", &[el])
            .ok()
            .filter(|s| s.is_object())
    };
    let property = |s: &JsValue, name: &str| {
        js::call(s, "getPropertyValue", &[&name.into()])
            .ok()
            .and_then(|v| v.as_string())
    };
    let Ok(all) = js::call(root, "querySelectorAll", &[&"*".into()]) else {
        return;
    };
    for el in js::items(&all) {
        let el: web_sys::Element = el.unchecked_into();
        // Disabled controls are exempt (WCAG 1.4.3); hidden text is not drawn.
        if el
            .closest("[disabled], [aria-disabled='true'], .visually-hidden, [hidden]")
            .ok()
            .flatten()
            .is_some()
        {
            continue;
        }
        let text = own_text(&el);
        let (width, height) = drawn_size(&el);
        if text.is_empty() || width < 2.0 || height < 2.0 {
            continue;
        }
        let Some(s) = style(&el) else { continue };
        if property(&s, "visibility").as_deref() == Some("hidden") {
            continue;
        }
        let Some(fg) = property(&s, "color").and_then(|c| parse_color(&c)) else {
            continue;
        };
        let px = property(&s, "font-size")
            .and_then(|v| v.trim_end_matches("px").parse::<f64>().ok())
            .unwrap_or(16.0);
        let weight = property(&s, "font-weight")
            .and_then(|v| v.parse::<u32>().ok())
            .unwrap_or(400);
        // The background: the nearest opaque one, with any translucent ones above it.
        let mut layers = Vec::new();
        let mut at = Some(el.clone());
        while let Some(node) = at {
            if let Some(bg) = style(&node)
                .and_then(|s| property(&s, "background-color"))
                .and_then(|c| parse_color(&c))
                .filter(|c| c.a > 0.0)
            {
                layers.push(bg);
                if bg.a >= 1.0 {
                    break;
                }
            }
            at = js::get(&node, "parentElement").dyn_into().ok();
        }
        let bg = layers
            .iter()
            .rev()
            .fold(Rgba::WHITE, |below, top| over(*top, below));
        tally(pairs, theme, fg, bg, is_large(px, weight), &text);
    }
}

/// axe-core (served beside the app as `/axe.min.js`, fetched the first time) on the story.
async fn axe(root: &web_sys::Element) -> Result<Vec<Violation>, String> {
    let window = web_sys::window().ok_or("no window")?;
    let loaded = || js_sys::Reflect::get(&window, &"axe".into()).is_ok_and(|a| !a.is_undefined());
    if !loaded() {
        load_script("/axe.min.js").await?;
    }
    let axe = js_sys::Reflect::get(&window, &"axe".into()).map_err(|_| "axe-core is missing")?;
    let run: js_sys::Function = js_sys::Reflect::get(&axe, &"run".into())
        .map_err(|_| "axe-core has no run")?
        .unchecked_into();
    let options = js_sys::Object::new();
    js::set(
        &options,
        "resultTypes",
        &js_sys::Array::of1(&"violations".into()),
    );
    let promise: js_sys::Promise = run
        .call2(&axe, root, &options)
        .map_err(|e| format!("axe-core failed: {e:?}"))?
        .unchecked_into();
    let result = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(|e| format!("axe-core failed: {}", js::json(&e).unwrap_or_default()))?;
    let violations =
        js_sys::Reflect::get(&result, &"violations".into()).map_err(|_| "no violations list")?;
    let json = js::json(&violations).ok_or("axe-core's answer could not be read")?;
    leptos::serde_json::from_str(&json)
        .map_err(|e| format!("axe-core's answer could not be read: {e}"))
}

async fn load_script(src: &str) -> Result<(), String> {
    let script = document()
        .create_element("script")
        .map_err(|_| "no script element")?;
    js::set(&script, "src", &src.into());
    let loaded = js_sys::Promise::new(&mut |resolve, reject| {
        js::set(&script, "onload", &resolve);
        js::set(&script, "onerror", &reject);
    });
    document()
        .head()
        .ok_or("no head")?
        .append_child(&script)
        .map_err(|_| "the script could not be added")?;
    wasm_bindgen_futures::JsFuture::from(loaded)
        .await
        .map(|_| ())
        .map_err(|_| format!("{src} could not be loaded"))
}
