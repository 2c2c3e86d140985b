//! The workshop's DOM calls, made by name (`Reflect.get`, `Reflect.apply`) rather than through
//! web-sys's typed bindings.
//!
//! Why: wasm-bindgen puts every browser binding any chunk uses into the first module's glue
//! and import table, so each typed method the workshop called (computed styles, frames,
//! messages, the script loader: about twenty) made the sign-in page 1.7 KB heavier although
//! the workshop's own code is a chunk of its own. These few generic calls are shared by all.

use wasm_bindgen::{JsCast, JsValue};

/// `target[name]`, or `undefined`.
pub fn get(target: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(target, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

/// `target[name] = value`.
pub fn set(target: &JsValue, name: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(target, &JsValue::from_str(name), value);
}

/// `target[name](...args)`: an error if it is not a function or it throws.
pub fn call(target: &JsValue, name: &str, args: &[&JsValue]) -> Result<JsValue, JsValue> {
    let method: js_sys::Function = get(target, name).dyn_into()?;
    let list: js_sys::Array = args.iter().copied().collect();
    js_sys::Reflect::apply(&method, target, &list)
}

/// `target[name]` as text (empty if it is not text).
pub fn text(target: &JsValue, name: &str) -> String {
    get(target, name).as_string().unwrap_or_default()
}

/// `target[name]` as a number (0 if it is not one).
pub fn number(target: &JsValue, name: &str) -> f64 {
    get(target, name).as_f64().unwrap_or(0.0)
}

/// The items of an array-like (`NodeList`, `childNodes`) by index.
pub fn items(list: &JsValue) -> impl Iterator<Item = JsValue> + '_ {
    (0..number(list, "length") as u32)
        .map(move |i| js_sys::Reflect::get_u32(list, i).unwrap_or(JsValue::UNDEFINED))
}

/// `JSON.stringify(value)`.
pub fn json(value: &JsValue) -> Option<String> {
    call(&get(&js_sys::global(), "JSON"), "stringify", &[value])
        .ok()?
        .as_string()
}
