//! Register: who speaks to whom. A profile names the kind of unit
//! (`[register] kind = "学校"`); the kind picks the words a speech uses for
//! the unit's own people, the people it serves, everyone present and the
//! closing address, so a school's speech says 老师们、同学们 and a street's
//! says 辖区群众. Each word can still be set in the profile.
//!
//! Templates read the words as `{{register.staff}}` and so on; the checks
//! read [`Register::avoid`] to warn of words that belong to another register.

use serde_json::{Map, Value as Json};

/// The words a register sets, in the order README documents them:
/// (key, what it is, in Chinese).
pub(crate) const WORDS: [(&str, &str); 7] = [
    ("staff", "本单位的人员（干部职工、教职工、医务人员……）"),
    ("people", "服务对象（群众、师生、患者……）"),
    ("everyone", "全体人员的说法（广大干部群众、全校师生……）"),
    (
        "leaders",
        "负责落实的各级负责人（各级领导干部、学校各级干部……）",
    ),
    (
        "whole",
        "“全……上下”里的范围（全区、全校、全公司……）；默认取自 unit.short",
    ),
    ("address", "结尾的称呼（同志们、老师们、同学们……）"),
    ("salutation", "称谓行（同志们：、老师们、同学们：……）"),
];

/// One kind of unit and its words. `whole` is left to the profile's
/// `unit.short` where a pack has one, so it is not listed here.
struct KindWords {
    name: &'static str,
    /// Other names a user may write for it.
    aliases: &'static [&'static str],
    staff: &'static str,
    people: &'static str,
    everyone: &'static str,
    leaders: &'static str,
    address: &'static str,
    /// Words that belong to another register: (word, what to say instead).
    avoid: &'static [(&'static str, &'static str)],
}

const SCHOOLISH: &[(&str, &str)] = &[
    ("干部群众", "师生"),
    ("各条战线", "全校各部门"),
    ("女士们、先生们", "老师们、同学们"),
    ("辖区群众", "师生"),
    ("人民群众", "师生和家长"),
];

const KINDS: [KindWords; 7] = [
    KindWords {
        name: "党政机关",
        aliases: &["机关", "部门", "政府部门"],
        staff: "干部职工",
        people: "人民群众",
        everyone: "广大干部群众",
        leaders: "各级领导干部",
        address: "同志们",
        avoid: &[("老师们、同学们", "同志们")],
    },
    KindWords {
        name: "街道乡镇",
        aliases: &["街道", "乡镇", "镇", "乡", "社区"],
        staff: "街道社区干部",
        people: "辖区群众",
        everyone: "辖区广大干部群众",
        leaders: "街道和社区干部",
        address: "同志们",
        avoid: &[("老师们、同学们", "同志们")],
    },
    KindWords {
        name: "学校",
        aliases: &["中学", "小学", "高校", "大学", "幼儿园"],
        staff: "教职工",
        people: "师生",
        everyone: "全校师生",
        leaders: "学校各级干部",
        address: "老师们、同学们",
        avoid: SCHOOLISH,
    },
    KindWords {
        name: "企业",
        aliases: &["公司", "集团", "国企"],
        staff: "干部职工",
        people: "客户",
        everyone: "全体干部职工",
        leaders: "各级管理人员",
        address: "同志们",
        avoid: &[
            ("老师们、同学们", "同志们"),
            ("辖区群众", "客户"),
            ("各条战线", "公司各条线"),
        ],
    },
    KindWords {
        name: "医院",
        aliases: &["卫生院", "医疗机构"],
        staff: "医务人员",
        people: "患者",
        everyone: "全院干部职工",
        leaders: "各科室负责人",
        address: "同志们",
        avoid: &[("老师们、同学们", "同志们"), ("辖区群众", "患者")],
    },
    KindWords {
        name: "事业单位",
        aliases: &["中心", "研究院"],
        staff: "干部职工",
        people: "服务对象",
        everyone: "全体干部职工",
        leaders: "各部门负责人",
        address: "同志们",
        avoid: &[("老师们、同学们", "同志们"), ("辖区群众", "服务对象")],
    },
    KindWords {
        name: "党组织",
        aliases: &["党委", "党工委", "党支部", "党组"],
        staff: "党员干部",
        people: "党员群众",
        everyone: "广大党员",
        leaders: "各级党组织",
        address: "同志们",
        avoid: &[("老师们、同学们", "同志们"), ("女士们、先生们", "同志们")],
    },
];

/// The kind used when a profile names none.
pub(crate) const DEFAULT_KIND: &str = "党政机关";

/// The kinds, for messages and README.
pub(crate) fn kind_names() -> impl Iterator<Item = &'static str> {
    KINDS.iter().map(|k| k.name)
}

/// A register: a kind and its words, some perhaps set by the profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Register {
    pub kind: &'static str,
    /// (key of [`WORDS`], word); `whole` and `salutation` may be empty,
    /// meaning "as the pack says".
    words: Vec<(&'static str, String)>,
    avoid: &'static [(&'static str, &'static str)],
}

impl Default for Register {
    fn default() -> Self {
        Self::of_kind(DEFAULT_KIND).expect("the default kind exists")
    }
}

impl Register {
    /// The register of a kind, by name or alias; `None` for an unknown kind.
    pub fn of_kind(name: &str) -> Option<Self> {
        let name = name.trim();
        let k = KINDS
            .iter()
            .find(|k| k.name == name || k.aliases.contains(&name))?;
        Some(Self {
            kind: k.name,
            words: vec![
                ("staff", k.staff.to_owned()),
                ("people", k.people.to_owned()),
                ("everyone", k.everyone.to_owned()),
                ("leaders", k.leaders.to_owned()),
                ("whole", String::new()),
                ("address", k.address.to_owned()),
                ("salutation", String::new()),
            ],
            avoid: k.avoid,
        })
    }

    /// Sets one word; `false` if `key` is not one of [`WORDS`].
    pub fn set(&mut self, key: &str, word: &str) -> bool {
        match self.words.iter_mut().find(|(k, _)| *k == key) {
            Some((_, w)) => {
                *w = word.to_owned();
                true
            }
            None => false,
        }
    }

    /// One word by key.
    pub fn word(&self, key: &str) -> &str {
        self.words
            .iter()
            .find(|(k, _)| *k == key)
            .map_or("", |(_, w)| w.as_str())
    }

    /// Words of other registers that this one should not use, each with what
    /// to say instead. A word the profile itself chose is never flagged.
    pub fn avoid(&self) -> Vec<(String, String)> {
        self.avoid
            .iter()
            .filter(|(w, _)| !self.words.iter().any(|(_, mine)| mine.contains(w)))
            .map(|(w, instead)| ((*w).to_owned(), (*instead).to_owned()))
            .collect()
    }

    /// The words as the template context's `register` table; `whole` falls
    /// back to `全` + the unit's short name, the salutation to the address.
    pub fn context(&self, short: Option<&str>) -> Json {
        let mut map = Map::new();
        map.insert("kind".into(), Json::from(self.kind));
        for (key, word) in &self.words {
            let word = match *key {
                "whole" if word.is_empty() => short.map_or(String::new(), |s| format!("全{s}")),
                "salutation" if word.is_empty() => format!("{}：", self.word("address")),
                _ => word.clone(),
            };
            map.insert((*key).into(), Json::from(word));
        }
        Json::Object(map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_sets_every_word_but_whole_and_salutation() {
        for name in kind_names() {
            let r = Register::of_kind(name).unwrap();
            for (key, _) in WORDS {
                let empty = r.word(key).is_empty();
                assert_eq!(empty, matches!(key, "whole" | "salutation"), "{name} {key}");
            }
        }
    }

    #[test]
    fn aliases_find_their_kind() {
        assert_eq!(Register::of_kind("中学").unwrap().kind, "学校");
        assert_eq!(Register::of_kind(" 街道 ").unwrap().kind, "街道乡镇");
        assert!(Register::of_kind("学堂").is_none());
    }

    #[test]
    fn a_school_speaks_to_teachers_and_students() {
        let r = Register::of_kind("学校").unwrap();
        let c = r.context(Some("校"));
        assert_eq!(c["address"], "老师们、同学们");
        assert_eq!(c["salutation"], "老师们、同学们：");
        assert_eq!(c["whole"], "全校");
        assert!(r.avoid().iter().any(|(w, _)| w == "干部群众"));
    }

    #[test]
    fn a_word_the_profile_chose_is_not_avoided() {
        let mut r = Register::of_kind("学校").unwrap();
        assert!(r.set("everyone", "全校干部群众"));
        assert!(!r.avoid().iter().any(|(w, _)| w == "干部群众"));
        assert!(!r.set("audience", "x"));
    }

    #[test]
    fn whole_is_empty_without_a_short_name() {
        let c = Register::default().context(None);
        assert_eq!(c["whole"], "");
        assert_eq!(c["kind"], DEFAULT_KIND);
    }
}
