//! Heading numbers. The engine numbers headings from the structure, so a
//! template never types 第一 or （二） and counts cannot drift.

use std::fmt;
use std::str::FromStr;

use super::numeral::numeral;

/// How level-1 headings are numbered; deeper levels follow GB/T 9704.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NumberingStyle {
    /// 第一，…… / （一）…… / 1. …… — as many speeches number their points.
    Di,
    /// 一、…… / （一）…… / 1. …… / （1）…… — the official document levels.
    Gongwen,
}

impl NumberingStyle {
    pub const NAMES: [&'static str; 2] = ["di", "gongwen"];

    pub fn name(self) -> &'static str {
        match self {
            Self::Di => "di",
            Self::Gongwen => "gongwen",
        }
    }
}

impl fmt::Display for NumberingStyle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for NumberingStyle {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "di" => Ok(Self::Di),
            "gongwen" => Ok(Self::Gongwen),
            _ => Err(()),
        }
    }
}

/// The label for the `n`-th (1-based) heading at `level` (1-based):
/// `第一，`, `一、`, `（一）`, `1.`, `（1）`.
pub fn heading_label(style: NumberingStyle, level: u8, n: u64) -> String {
    let cn = numeral(n).unwrap_or_else(|| n.to_string());
    // Concatenated rather than formatted: every heading of every speech of
    // a batch comes through here.
    match (level, style) {
        (1, NumberingStyle::Di) => ["第", &cn, "，"].concat(),
        (1, NumberingStyle::Gongwen) => [&cn, "、"].concat(),
        (2, _) => ["（", &cn, "）"].concat(),
        (3, _) => format!("{n}."),
        _ => format!("（{n}）"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn di_first() {
        assert_eq!(heading_label(NumberingStyle::Di, 1, 1), "第一，");
    }
    #[test]
    fn di_eleventh() {
        assert_eq!(heading_label(NumberingStyle::Di, 1, 11), "第十一，");
    }
    #[test]
    fn gongwen_third() {
        assert_eq!(heading_label(NumberingStyle::Gongwen, 1, 3), "三、");
    }
    #[test]
    fn level_two_parenthesised() {
        assert_eq!(heading_label(NumberingStyle::Gongwen, 2, 2), "（二）");
        assert_eq!(heading_label(NumberingStyle::Di, 2, 10), "（十）");
    }
    #[test]
    fn level_three_arabic() {
        assert_eq!(heading_label(NumberingStyle::Gongwen, 3, 12), "12.");
    }
    #[test]
    fn level_four_arabic_parenthesised() {
        assert_eq!(heading_label(NumberingStyle::Gongwen, 4, 1), "（1）");
    }
    #[test]
    fn style_names_round_trip() {
        for name in NumberingStyle::NAMES {
            assert_eq!(name.parse::<NumberingStyle>().unwrap().name(), name);
        }
        assert!("roman".parse::<NumberingStyle>().is_err());
    }
}
