//! Which frames a story is shown in: language, theme and width, each one value or all of them
//! side by side, kept in the address (`?lang=both&theme=dark&width=360`). Pure, tested natively.

use crate::i18n::Lang;

/// The names the frames (and a story's own addition, `open`) take in the address; a story's
/// controls never use them.
pub const RESERVED: [&str; 5] = ["frame", "lang", "theme", "width", "open"];

/// The widths a designer checks: a phone, a tablet, a laptop.
pub const WIDTHS: [u32; 3] = [360, 768, 1280];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FrameTheme {
    Light,
    Dark,
}

impl FrameTheme {
    pub const ALL: [FrameTheme; 2] = [FrameTheme::Light, FrameTheme::Dark];

    pub fn code(self) -> &'static str {
        match self {
            FrameTheme::Light => "light",
            FrameTheme::Dark => "dark",
        }
    }

    pub fn from_code(code: &str) -> Option<FrameTheme> {
        FrameTheme::ALL.into_iter().find(|t| t.code() == code)
    }
}

/// One axis: a single value, or every value side by side.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pick<T> {
    One(T),
    All,
}

/// The frames the workshop shows a story in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Frames {
    pub lang: Pick<Lang>,
    pub theme: Pick<FrameTheme>,
    /// `None`: as wide as the canvas.
    pub width: Pick<Option<u32>>,
}

impl Default for Frames {
    fn default() -> Self {
        Frames {
            lang: Pick::One(Lang::En),
            theme: Pick::One(FrameTheme::Light),
            width: Pick::One(None),
        }
    }
}

/// One frame: a story in one language and theme at one width.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Frame {
    pub lang: Lang,
    pub theme: FrameTheme,
    pub width: Option<u32>,
}

impl Frames {
    /// Reads `lang`, `theme` and `width`; anything else there gives that axis's default.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Frames {
        let mut frames = Frames::default();
        for (key, value) in pairs {
            match (key, value) {
                ("lang", "both") => frames.lang = Pick::All,
                ("lang", tag) => {
                    if let Some(l) = Lang::ALL.into_iter().find(|l| l.tag() == tag) {
                        frames.lang = Pick::One(l);
                    }
                }
                ("theme", "both") => frames.theme = Pick::All,
                ("theme", code) => {
                    if let Some(t) = FrameTheme::from_code(code) {
                        frames.theme = Pick::One(t);
                    }
                }
                ("width", "all") => frames.width = Pick::All,
                ("width", px) => {
                    if let Some(w) = WIDTHS.into_iter().find(|w| w.to_string() == px) {
                        frames.width = Pick::One(Some(w));
                    }
                }
                _ => {}
            }
        }
        frames
    }

    /// The address pairs for these frames, defaults left out.
    pub fn to_pairs(self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        match self.lang {
            Pick::All => pairs.push(("lang", "both".to_string())),
            Pick::One(Lang::En) => {}
            Pick::One(l) => pairs.push(("lang", l.tag().to_string())),
        }
        match self.theme {
            Pick::All => pairs.push(("theme", "both".to_string())),
            Pick::One(FrameTheme::Light) => {}
            Pick::One(t) => pairs.push(("theme", t.code().to_string())),
        }
        match self.width {
            Pick::All => pairs.push(("width", "all".to_string())),
            Pick::One(None) => {}
            Pick::One(Some(w)) => pairs.push(("width", w.to_string())),
        }
        pairs
    }

    /// Every frame to show, language first, then theme, then width.
    pub fn each(self) -> Vec<Frame> {
        let langs = match self.lang {
            Pick::One(l) => vec![l],
            Pick::All => Lang::ALL.to_vec(),
        };
        let themes = match self.theme {
            Pick::One(t) => vec![t],
            Pick::All => FrameTheme::ALL.to_vec(),
        };
        let widths = match self.width {
            Pick::One(w) => vec![w],
            Pick::All => WIDTHS.map(Some).to_vec(),
        };
        langs
            .iter()
            .flat_map(|&lang| {
                let widths = widths.clone();
                themes.iter().flat_map(move |&theme| {
                    widths
                        .clone()
                        .into_iter()
                        .map(move |width| Frame { lang, theme, width })
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_is_one_english_light_frame_as_wide_as_the_canvas() {
        let frames = Frames::from_pairs([]);
        assert_eq!(frames, Frames::default());
        assert_eq!(
            frames.each(),
            vec![Frame {
                lang: Lang::En,
                theme: FrameTheme::Light,
                width: None
            }]
        );
        assert!(frames.to_pairs().is_empty());
    }

    #[test]
    fn all_at_once_is_every_language_theme_and_width() {
        let frames = Frames::from_pairs([("lang", "both"), ("theme", "both"), ("width", "all")]);
        let each = frames.each();
        assert_eq!(each.len(), 12);
        for lang in Lang::ALL {
            for theme in FrameTheme::ALL {
                for width in WIDTHS {
                    assert!(each.contains(&Frame {
                        lang,
                        theme,
                        width: Some(width)
                    }));
                }
            }
        }
    }

    #[test]
    fn every_choice_round_trips_and_nonsense_is_ignored() {
        let langs = [Pick::One(Lang::En), Pick::One(Lang::Ko), Pick::All];
        let themes = [
            Pick::One(FrameTheme::Light),
            Pick::One(FrameTheme::Dark),
            Pick::All,
        ];
        let widths = [
            Pick::One(None),
            Pick::One(Some(360)),
            Pick::One(Some(1280)),
            Pick::All,
        ];
        for lang in langs {
            for theme in themes {
                for width in widths {
                    let frames = Frames { lang, theme, width };
                    let pairs = frames.to_pairs();
                    let back = Frames::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())));
                    assert_eq!(back, frames);
                }
            }
        }
        assert_eq!(
            Frames::from_pairs([("lang", "fr"), ("theme", "sepia"), ("width", "500")]),
            Frames::default()
        );
    }
}
