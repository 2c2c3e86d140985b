//! A story's controls and the values they hold, read from and written to the address, so a
//! designer can send a link to one state of one component. Pure: no DOM, tested natively.
//!
//! An address may be hand-edited or old: a value that does not fit its control (a number out
//! of range, an unknown choice, text past its length) falls back to the control's default, and
//! names the story does not have are dropped. Defaults are left out of the address.

/// What kind of value a control holds, and what it accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ControlKind {
    /// Free text up to `max` characters; `presets` are offered as suggestions (a long Korean
    /// name, say) but anything fits.
    Text {
        max: usize,
        presets: &'static [&'static str],
    },
    /// A whole number in `min..=max`.
    Number { min: i64, max: i64 },
    /// One of these slugs (each with the label shown in the control).
    Choice(&'static [(&'static str, &'static str)]),
    /// On or off.
    Toggle,
}

/// One prop a designer can change beside the story.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Control {
    /// Its name in the address (`?used=3`).
    pub name: &'static str,
    /// Its label in the controls panel.
    pub label: &'static str,
    pub kind: ControlKind,
    /// Its value when the address says nothing (a toggle: "true" or "false").
    pub default: &'static str,
}

impl Control {
    pub const fn text(name: &'static str, label: &'static str, default: &'static str) -> Control {
        Control {
            name,
            label,
            kind: ControlKind::Text {
                max: 200,
                presets: &[],
            },
            default,
        }
    }

    pub const fn with_presets(self, presets: &'static [&'static str]) -> Control {
        let max = match self.kind {
            ControlKind::Text { max, .. } => max,
            _ => 200,
        };
        Control {
            kind: ControlKind::Text { max, presets },
            ..self
        }
    }

    pub const fn number(
        name: &'static str,
        label: &'static str,
        min: i64,
        max: i64,
        default: &'static str,
    ) -> Control {
        Control {
            name,
            label,
            kind: ControlKind::Number { min, max },
            default,
        }
    }

    pub const fn choice(
        name: &'static str,
        label: &'static str,
        options: &'static [(&'static str, &'static str)],
        default: &'static str,
    ) -> Control {
        Control {
            name,
            label,
            kind: ControlKind::Choice(options),
            default,
        }
    }

    pub const fn toggle(name: &'static str, label: &'static str, default: bool) -> Control {
        Control {
            name,
            label,
            kind: ControlKind::Toggle,
            default: if default { "true" } else { "false" },
        }
    }

    /// `value` if this control accepts it, else its default.
    pub fn accept(&self, value: &str) -> String {
        let fits = match self.kind {
            ControlKind::Text { max, .. } => value.chars().count() <= max,
            ControlKind::Number { min, max } => value
                .parse::<i64>()
                .is_ok_and(|n| (min..=max).contains(&n) && n.to_string() == value),
            ControlKind::Choice(options) => options.iter().any(|(slug, _)| *slug == value),
            ControlKind::Toggle => value == "true" || value == "false",
        };
        if fits { value } else { self.default }.to_string()
    }
}

/// The values of one story's controls, in the order of its controls.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Args {
    values: Vec<(&'static str, String)>,
}

impl Args {
    /// Every control at its default.
    pub fn defaults(controls: &[Control]) -> Args {
        Args {
            values: controls
                .iter()
                .map(|c| (c.name, c.default.to_string()))
                .collect(),
        }
    }

    /// The values the address gives, each checked by its control (see the module's note).
    pub fn from_pairs<'a>(
        controls: &[Control],
        pairs: impl IntoIterator<Item = (&'a str, &'a str)> + Clone,
    ) -> Args {
        Args {
            values: controls
                .iter()
                .map(|c| {
                    let given = pairs.clone().into_iter().find(|(k, _)| *k == c.name);
                    (
                        c.name,
                        given.map_or(c.default.to_string(), |(_, v)| c.accept(v)),
                    )
                })
                .collect(),
        }
    }

    /// The values that differ from their defaults, as address pairs.
    pub fn to_pairs(&self, controls: &[Control]) -> Vec<(&'static str, String)> {
        self.values
            .iter()
            .filter(|(name, value)| {
                controls
                    .iter()
                    .find(|c| c.name == *name)
                    .is_some_and(|c| c.default != value)
            })
            .cloned()
            .collect()
    }

    /// Sets one control, checked as the address would be.
    pub fn set(&mut self, control: &Control, value: &str) {
        if let Some(slot) = self.values.iter_mut().find(|(n, _)| *n == control.name) {
            slot.1 = control.accept(value);
        }
    }

    /// The text of a control (empty for a name the story does not have).
    pub fn text(&self, name: &str) -> &str {
        self.values
            .iter()
            .find(|(n, _)| *n == name)
            .map_or("", |(_, v)| v.as_str())
    }

    pub fn number(&self, name: &str) -> i64 {
        self.text(name).parse().unwrap_or(0)
    }

    pub fn flag(&self, name: &str) -> bool {
        self.text(name) == "true"
    }

    /// A text control's value, or `None` when it is empty (an error message left blank).
    pub fn optional(&self, name: &str) -> Option<String> {
        Some(self.text(name).to_string()).filter(|t| !t.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const CONTROLS: &[Control] = &[
        Control::text("name", "Name", "Windows Server"),
        Control::number("used", "Used", 0, 25, "1"),
        Control::choice(
            "status",
            "Status",
            &[("active", "Active"), ("expired", "Expired")],
            "active",
        ),
        Control::toggle("disabled", "Disabled", false),
    ];

    #[test]
    fn an_empty_address_gives_every_default_and_writes_nothing() {
        let args = Args::from_pairs(CONTROLS, []);
        assert_eq!(args, Args::defaults(CONTROLS));
        assert_eq!(args.text("name"), "Windows Server");
        assert_eq!(args.number("used"), 1);
        assert!(!args.flag("disabled"));
        assert!(args.to_pairs(CONTROLS).is_empty());
    }

    #[test]
    fn values_that_do_not_fit_fall_back_to_the_default() {
        let long = "가".repeat(201);
        let args = Args::from_pairs(
            CONTROLS,
            [
                ("name", long.as_str()),
                ("used", "26"),
                ("status", "lost"),
                ("disabled", "yes"),
                ("unknown", "x"),
            ],
        );
        assert_eq!(args, Args::defaults(CONTROLS));
        let args = Args::from_pairs(CONTROLS, [("used", "+3")]);
        assert_eq!(args.number("used"), 1, "only the number's own spelling");
    }

    #[test]
    fn set_checks_like_the_address_does() {
        let mut args = Args::defaults(CONTROLS);
        args.set(&CONTROLS[1], "7");
        assert_eq!(args.number("used"), 7);
        args.set(&CONTROLS[1], "-1");
        assert_eq!(args.number("used"), 1);
        args.set(&CONTROLS[2], "expired");
        // `used` is back at its default, so only the status is written.
        assert_eq!(
            args.to_pairs(CONTROLS),
            vec![("status", "expired".to_string())]
        );
    }

    proptest! {
        /// Whatever the controls hold, writing them to the address and reading it back gives
        /// the same values: a link to a state opens that state.
        #[test]
        fn the_address_round_trips(
            name in "\\PC{0,40}",
            used in 0i64..=25,
            expired in any::<bool>(),
            disabled in any::<bool>(),
        ) {
            let mut args = Args::defaults(CONTROLS);
            args.set(&CONTROLS[0], &name);
            args.set(&CONTROLS[1], &used.to_string());
            args.set(&CONTROLS[2], if expired { "expired" } else { "active" });
            args.set(&CONTROLS[3], &disabled.to_string());
            let pairs = args.to_pairs(CONTROLS);
            let back = Args::from_pairs(CONTROLS, pairs.iter().map(|(k, v)| (*k, v.as_str())));
            prop_assert_eq!(back, args);
        }
    }
}
