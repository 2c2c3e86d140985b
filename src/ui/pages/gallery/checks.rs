//! The checks shown beside a story: axe-core's findings, and the contrast of every text in the
//! story against the background it is drawn on, in the light and the dark theme. They run in
//! the story's own frame (its document, its styles) and are posted to the workshop.
//!
//! The colour arithmetic is pure and tested natively; WCAG 2.x defines it: relative luminance
//! of sRGB colours, the ratio (L1 + 0.05) / (L2 + 0.05), 4.5:1 for text and 3:1 for large text
//! (24 px, or 18.66 px bold).

use serde::{Deserialize, Serialize};

/// A colour as computed styles give it, 0–255 per channel and alpha 0–1.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rgba {
    pub r: f64,
    pub g: f64,
    pub b: f64,
    pub a: f64,
}

impl Rgba {
    pub const WHITE: Rgba = Rgba {
        r: 255.0,
        g: 255.0,
        b: 255.0,
        a: 1.0,
    };

    /// `#rrggbb`, for the table and a swatch.
    pub fn hex(self) -> String {
        let c = |v: f64| v.round().clamp(0.0, 255.0) as u8;
        format!("#{:02x}{:02x}{:02x}", c(self.r), c(self.g), c(self.b))
    }
}

/// Reads `rgb(26, 34, 48)`, `rgba(13, 20, 30, 0.5)`, `rgb(26 34 48 / 0.5)` and `transparent`:
/// what `getComputedStyle` answers for the colours of `style/tokens.css`. Anything else
/// (a colour space the check does not know) is `None`, and the text is left out, not guessed.
pub fn parse_color(css: &str) -> Option<Rgba> {
    let css = css.trim();
    if css == "transparent" {
        return Some(Rgba {
            a: 0.0,
            ..Rgba::WHITE
        });
    }
    let inner = css
        .strip_prefix("rgba(")
        .or_else(|| css.strip_prefix("rgb("))?
        .strip_suffix(')')?;
    let parts: Vec<f64> = inner
        .split([',', '/', ' '])
        .filter(|p| !p.is_empty())
        .map(|p| p.trim().parse::<f64>().ok())
        .collect::<Option<_>>()?;
    match parts[..] {
        [r, g, b] => Some(Rgba { r, g, b, a: 1.0 }),
        [r, g, b, a] => Some(Rgba { r, g, b, a }),
        _ => None,
    }
}

/// `top` painted over `below` (source-over).
pub fn over(top: Rgba, below: Rgba) -> Rgba {
    let a = top.a + below.a * (1.0 - top.a);
    if a == 0.0 {
        return Rgba { a: 0.0, ..top };
    }
    let mix = |t: f64, b: f64| (t * top.a + b * below.a * (1.0 - top.a)) / a;
    Rgba {
        r: mix(top.r, below.r),
        g: mix(top.g, below.g),
        b: mix(top.b, below.b),
        a,
    }
}

fn luminance(c: Rgba) -> f64 {
    let channel = |v: f64| {
        let s = v / 255.0;
        if s <= 0.04045 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)
}

/// The contrast ratio of two opaque colours, 1 to 21.
pub fn contrast(a: Rgba, b: Rgba) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// Large text in WCAG's sense: at least 24 px, or at least 18.66 px (14 pt) and bold.
pub fn is_large(px: f64, weight: u32) -> bool {
    px >= 24.0 || (px >= 18.66 && weight >= 700)
}

/// The ratio WCAG AA asks of text this size.
pub fn required(large: bool) -> f64 {
    if large {
        3.0
    } else {
        4.5
    }
}

/// One colour of text on one background, in one theme, with how often it appears.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContrastPair {
    pub theme: String,
    pub text: String,
    pub background: String,
    pub ratio: f64,
    pub large: bool,
    /// The first text drawn in these colours.
    pub sample: String,
    pub count: u32,
}

impl ContrastPair {
    pub fn passes(&self) -> bool {
        // Rounded as people read it: 4.49 is not 4.5.
        (self.ratio * 100.0).floor() / 100.0 >= required(self.large)
    }
}

/// Adds one text to the pairs, grouping equal colours and sizes; the lowest ratio first.
pub fn tally(
    pairs: &mut Vec<ContrastPair>,
    theme: &str,
    fg: Rgba,
    bg: Rgba,
    large: bool,
    sample: &str,
) {
    let bg = over(bg, Rgba::WHITE);
    let fg = over(fg, bg);
    let (text, background) = (fg.hex(), bg.hex());
    if let Some(p) = pairs.iter_mut().find(|p| {
        p.theme == theme && p.text == text && p.background == background && p.large == large
    }) {
        p.count += 1;
        return;
    }
    pairs.push(ContrastPair {
        theme: theme.to_string(),
        text,
        background,
        ratio: contrast(fg, bg),
        large,
        sample: sample.chars().take(40).collect(),
        count: 1,
    });
    pairs.sort_by(|a, b| a.ratio.total_cmp(&b.ratio));
}

/// What axe-core found wrong, as much of it as the panel shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Violation {
    pub id: String,
    #[serde(default)]
    pub impact: Option<String>,
    pub help: String,
    #[serde(rename = "helpUrl", default)]
    pub help_url: String,
    #[serde(default)]
    pub nodes: Vec<ViolationNode>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ViolationNode {
    /// axe's selector path (strings, or nested lists inside shadow roots).
    #[serde(default)]
    pub target: Vec<leptos::serde_json::Value>,
}

impl ViolationNode {
    pub fn selector(&self) -> String {
        self.target
            .iter()
            .map(|t| match t {
                leptos::serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// A frame's checks, as it posts them to the workshop.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// The frame's key (`en-dark-360`).
    pub frame: String,
    /// Why not, when axe-core could not run (its script failed to load).
    pub violations: Result<Vec<Violation>, String>,
    pub contrast: Vec<ContrastPair>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const BLACK: Rgba = Rgba {
        r: 0.0,
        g: 0.0,
        b: 0.0,
        a: 1.0,
    };

    #[test]
    fn computed_colours_are_read() {
        assert_eq!(
            parse_color("rgb(26, 34, 48)"),
            Some(Rgba {
                r: 26.0,
                g: 34.0,
                b: 48.0,
                a: 1.0
            })
        );
        assert_eq!(
            parse_color("rgba(13, 20, 30, 0.5)"),
            Some(Rgba {
                r: 13.0,
                g: 20.0,
                b: 30.0,
                a: 0.5
            })
        );
        assert_eq!(
            parse_color("rgb(13 20 30 / 0.25)"),
            Some(Rgba {
                r: 13.0,
                g: 20.0,
                b: 30.0,
                a: 0.25
            })
        );
        assert_eq!(parse_color("transparent").map(|c| c.a), Some(0.0));
        assert_eq!(parse_color("oklch(0.5 0.1 200)"), None);
        assert_eq!(parse_color("rgb(1, 2)"), None);
    }

    #[test]
    fn the_ratios_wcag_publishes() {
        assert!((contrast(BLACK, Rgba::WHITE) - 21.0).abs() < 1e-9);
        assert!((contrast(Rgba::WHITE, Rgba::WHITE) - 1.0).abs() < 1e-9);
        // #767676 on white is the well-known lightest grey that passes AA: 4.54.
        let grey = parse_color("rgb(118, 118, 118)").unwrap();
        assert!((contrast(grey, Rgba::WHITE) - 4.54).abs() < 0.01);
        // #777777 fails: 4.48.
        let lighter = parse_color("rgb(119, 119, 119)").unwrap();
        assert!(contrast(lighter, Rgba::WHITE) < 4.5);
    }

    #[test]
    fn half_transparent_text_is_judged_as_painted() {
        let half_black = Rgba { a: 0.5, ..BLACK };
        let painted = over(half_black, Rgba::WHITE);
        assert_eq!(painted.hex(), "#808080");
        let mut pairs = Vec::new();
        tally(&mut pairs, "light", half_black, Rgba::WHITE, false, "Muted");
        tally(
            &mut pairs,
            "light",
            half_black,
            Rgba::WHITE,
            false,
            "Muted again",
        );
        tally(&mut pairs, "light", BLACK, Rgba::WHITE, false, "Body");
        assert_eq!(pairs.len(), 2);
        assert_eq!(pairs[0].text, "#808080", "lowest ratio first");
        assert_eq!(pairs[0].count, 2);
        assert_eq!(pairs[0].sample, "Muted");
        assert!(!pairs[0].passes());
        assert!(pairs[1].passes());
    }

    #[test]
    fn large_text_needs_three_to_one() {
        assert!(is_large(24.0, 400));
        assert!(is_large(18.66, 700));
        assert!(!is_large(18.66, 600));
        assert!(!is_large(16.0, 700));
        let pair = |large| ContrastPair {
            theme: "dark".into(),
            text: String::new(),
            background: String::new(),
            ratio: 3.2,
            large,
            sample: String::new(),
            count: 1,
        };
        assert!(pair(true).passes());
        assert!(!pair(false).passes());
    }

    proptest! {
        /// The ratio is symmetric and between 1 and 21, whatever the colours.
        #[test]
        fn ratios_are_symmetric_and_bounded(a in any::<(u8, u8, u8)>(), b in any::<(u8, u8, u8)>()) {
            let c = |(r, g, b): (u8, u8, u8)| Rgba { r: r.into(), g: g.into(), b: b.into(), a: 1.0 };
            let (x, y) = (c(a), c(b));
            let r = contrast(x, y);
            prop_assert!((r - contrast(y, x)).abs() < 1e-12);
            prop_assert!((1.0..=21.0 + 1e-9).contains(&r));
        }
    }
}
