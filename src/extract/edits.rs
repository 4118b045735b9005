//! The edits that turn a speech's text into a template: masks, unmasked
//! names of a masked kind, and a filled profile's values become variables;
//! enumerations and counts are left to the engine.

use crate::check::counts::enumeration_items;
use crate::check::masks::{SpanKind, kind_after, spans};
use crate::pack::VarType;

use super::{Edit, Known, KnownValues, Report, Vars, literal};

fn apply(chars: &[char], mut edits: Vec<Edit>) -> String {
    edits.sort_by_key(|e| e.start);
    let mut out = String::new();
    let mut at = 0;
    for e in edits {
        if e.start < at {
            continue; // overlaps an earlier edit
        }
        out.push_str(&literal(&chars[at..e.start].iter().collect::<String>()));
        out.push_str(&e.with);
        at = e.end;
    }
    out.push_str(&literal(&chars[at..].iter().collect::<String>()));
    out
}

const PLACE: [&str; 9] = ["街道", "社区", "村", "镇", "乡", "区", "县", "市", "省"];

/// The name of a count's variable from the noun after it (`*个试点社区`).
fn count_name(noun: &str) -> &'static str {
    const NOUNS: [(&str, &str); 12] = [
        ("试点", "pilot.count"),
        ("示范", "model.count"),
        ("社区", "community.count"),
        ("村", "village.count"),
        ("街道", "street.count"),
        ("企业", "company.count"),
        ("学校", "school.count"),
        ("项目", "project.count"),
        ("问题", "problem.count"),
        ("人", "people.count"),
        ("户", "household.count"),
        ("部门", "department.count"),
    ];
    NOUNS
        .iter()
        .find(|(n, _)| noun.starts_with(n))
        .map_or("number", |(_, name)| name)
}

/// Edits for the masks of one paragraph.
fn mask_edits(chars: &[char], vars: &mut Vars) -> Vec<Edit> {
    let mut edits = Vec::new();
    let found = spans(chars, false);
    let mut k = 0;
    while k < found.len() {
        let span = found[k];
        k += 1;
        if span.kind == SpanKind::Tag {
            continue; // kept literally (escaped), and reported by lint
        }
        let mask: String = chars[span.start..span.end].iter().collect();
        let after: String = chars[span.end..].iter().take(6).collect();
        let before = span.start.checked_sub(1).map(|i| chars[i]);
        let context: String = chars[span.start.saturating_sub(4)..(span.end + 4).min(chars.len())]
            .iter()
            .collect();
        let int = |n: i64| toml::Value::Integer(n);
        // X年X月X日 or 20xx年X月X日: one date; 20xx年 alone: a year.
        if after.starts_with('年') && !after.starts_with("年来") && !after.starts_with("年以来")
        {
            let year_digits = span.start >= 2
                && chars[span.start - 2..span.start]
                    .iter()
                    .all(char::is_ascii_digit);
            let start = if year_digits {
                span.start - 2
            } else {
                span.start
            };
            let month = found
                .get(k)
                .filter(|s| s.start == span.end + 1 && chars.get(s.end) == Some(&'月'));
            let day = month.and_then(|m| {
                found
                    .get(k + 1)
                    .filter(|s| s.start == m.end + 1 && chars.get(s.end) == Some(&'日'))
            });
            if let Some(day) = day {
                let end = day.end + 1;
                let shown: String = chars[start..end].iter().collect();
                let (key, base) = if vars.in_date_line {
                    ("date:meeting", "meeting.date")
                } else {
                    ("date", "event.date")
                };
                let name = vars.get(
                    key,
                    base,
                    VarType::Date,
                    format!("日期（原文“{shown}”）"),
                    date_example(),
                );
                edits.push(Edit {
                    start,
                    end,
                    with: format!("{{{{date {name}}}}}"),
                });
                k += 2;
                continue;
            }
            let name = vars.get(
                "year",
                "year",
                VarType::Integer,
                format!("年份（原文“{context}”）"),
                int(2026),
            );
            edits.push(Edit {
                start,
                end: span.end,
                with: format!("{{{{{name}}}}}"),
            });
            continue;
        }
        if let Some(place) = PLACE.iter().find(|p| after.starts_with(**p)) {
            let name = place_var(vars, place, &format!("{mask}{place}"));
            edits.push(Edit {
                start: span.start,
                end: span.end + place.chars().count(),
                with: format!("{{{{{name}}}}}"),
            });
            continue;
        }
        let text = |s: &str| toml::Value::String(s.to_owned());
        let (key, base, ty, description, example) = if vars.in_byline {
            (
                "speaker".to_owned(),
                "speaker.name",
                VarType::String,
                format!("讲话人姓名（原文“{mask}”）"),
                text("李明"),
            )
        } else if after.starts_with("同志") {
            (
                format!("person:{mask}"),
                "person.name",
                VarType::String,
                format!("文中提到的人名（原文“{mask}同志”）"),
                text("王芳"),
            )
        } else if after.starts_with("个月") {
            (
                "months".to_owned(),
                "months",
                VarType::Integer,
                format!("月数（原文“{context}”）"),
                int(6),
            )
        } else if after.starts_with("年来")
            || after.starts_with("年以来")
            || after.starts_with("多年")
        {
            (
                "years".to_owned(),
                "years",
                VarType::Integer,
                format!("年数（原文“{context}”）"),
                int(10),
            )
        } else if after.starts_with('月') {
            (
                format!("month:{context}"),
                "month",
                VarType::Integer,
                format!("月份（原文“{context}”）"),
                int(9),
            )
        } else if after.starts_with('日') || after.starts_with('号') {
            (
                format!("day:{context}"),
                "day",
                VarType::Integer,
                format!("日（原文“{context}”）"),
                int(15),
            )
        } else if before == Some('第') && after.starts_with('届') {
            (
                "session".to_owned(),
                "session",
                VarType::Integer,
                format!("届次（原文“第{mask}届”）"),
                int(3),
            )
        } else if after.starts_with([
            '个', '项', '名', '家', '处', '户', '人', '所', '条', '次', '批',
        ]) {
            let noun: String = after
                .chars()
                .skip(1)
                .take_while(|c| crate::zh::text::is_cjk(*c))
                .take(4)
                .collect();
            (
                format!("count:{noun}"),
                count_name(&noun),
                VarType::Integer,
                format!("数目（原文“{context}”）"),
                int(3),
            )
        } else if chars.get(span.start.wrapping_sub(1)) == Some(&'以') && after.starts_with('为')
        {
            (
                "theme".to_owned(),
                "theme",
                VarType::String,
                format!("主题或主要内容（原文“{context}”）"),
                text(&mask),
            )
        } else {
            let kind = kind_after(chars, span.end);
            (
                format!("blank:{mask}{kind}:{context}"),
                "blank",
                VarType::String,
                format!("待填内容（原文“{context}”），请按原文的意思填写"),
                text(&mask),
            )
        };
        let original = match ty {
            VarType::String => text(&mask),
            _ => example.clone(),
        };
        let name = vars.get_with(&key, base, ty, description, example, original);
        edits.push(Edit {
            start: span.start,
            end: span.end,
            with: format!("{{{{{name}}}}}"),
        });
    }
    edits
}

/// The variable of the unit or region named with suffix `place` (one for
/// every mention, masked or not); `full` is how the speech writes it.
fn place_var(vars: &mut Vars, place: &str, full: &str) -> String {
    let (base, what, example) = if ["区", "县", "市", "省"].contains(&place) {
        ("region.name", "地区名称", format!("临河{place}"))
    } else {
        ("unit.name", "单位名称", format!("青山{place}"))
    };
    vars.get_with(
        &format!("place:{place}"),
        base,
        VarType::String,
        format!("{what}（原文“{full}”，全文用同一个名称）"),
        toml::Value::String(example),
        toml::Value::String(full.to_owned()),
    )
}

/// Real names of a kind the speech masks elsewhere (天山街道 beside
/// **街道): left unmasked by mistake, they are the masked unit, and become
/// its variable.
fn unmasked_edits(chars: &[char], vars: &mut Vars, report: &mut Report) -> Vec<Edit> {
    let mut edits = Vec::new();
    if vars.masked_kinds.is_empty() {
        return edits;
    }
    for name in crate::check::names::find_names(chars) {
        if !name.sure || !vars.masked_kinds.contains(&name.suffix) {
            continue;
        }
        let mask = format!("**{}", name.suffix);
        let var = place_var(vars, name.suffix, &mask);
        if !report.unmasked.iter().any(|(n, _)| *n == name.text) {
            report.unmasked.push((name.text.clone(), var.clone()));
        }
        edits.push(Edit {
            start: name.start,
            end: name.end,
            with: format!("{{{{{var}}}}}"),
        });
    }
    edits
}

fn date_example() -> toml::Value {
    "2026-01-01"
        .parse::<toml::value::Datetime>()
        .map(toml::Value::Datetime)
        .unwrap_or(toml::Value::Integer(0))
}

/// Whether the words after a number make it the count a profile value holds:
/// `6个月` is a number of months only for a key about months, `12月` (a
/// month of the year) or `3日` is a date and never a count, `5个社区` is a count.
fn counts_here(key: &str, after: &[char]) -> bool {
    const MEASURES: &str = "个名项家所户人位条处次批支座亩天周岁万%％";
    let key = key.to_ascii_lowercase();
    let next = after.first().copied();
    let starts = |w: &str| {
        let w: Vec<char> = w.chars().collect();
        after.starts_with(&w)
    };
    if starts("个月") {
        return key.contains("month");
    }
    match next {
        Some('年') => key.contains("year") || starts("年来") || starts("年以来"),
        Some('月' | '日' | '号' | '时' | '点' | '分' | '秒' | '届' | '期') => {
            key.contains("month") && next == Some('月')
                || key.contains("day") && matches!(next, Some('日' | '号'))
                || key.contains("session") && next == Some('届')
        }
        Some(c) => MEASURES.contains(c),
        None => false,
    }
}

/// Edits for the values of a filled profile found in one paragraph. A text
/// value is taken wherever it stands; a number only where the words after
/// it make it the same fact ([`counts_here`]). Each is listed in the report.
fn known_edits(
    chars: &[char],
    known: &KnownValues,
    vars: &mut Vars,
    report: &mut Report,
) -> Vec<Edit> {
    let text: String = chars.iter().collect();
    // Character index of every byte offset where a character starts, so a
    // match's position costs nothing however many matches there are.
    let mut char_at = vec![0usize; text.len() + 1];
    for (i, (b, _)) in text.char_indices().enumerate() {
        char_at[b] = i;
    }
    char_at[text.len()] = chars.len();
    let mut taken = vec![false; chars.len()];
    let mut edits = Vec::new();
    for (name, value) in &known.entries {
        let (needle, is_date, ty, example) = match value {
            Known::Text(s) => (
                s.clone(),
                false,
                VarType::String,
                toml::Value::String(s.clone()),
            ),
            Known::Date(d) => (
                crate::zh::date(*d),
                true,
                VarType::Date,
                d.format("%Y-%m-%d")
                    .to_string()
                    .parse()
                    .map(toml::Value::Datetime)
                    .unwrap_or(toml::Value::Integer(0)),
            ),
            Known::Int(n) => (
                n.to_string(),
                false,
                VarType::Integer,
                toml::Value::Integer(*n),
            ),
        };
        let len = needle.chars().count();
        for (byte, _) in text.match_indices(&needle) {
            let start = char_at[byte];
            let end = start + len;
            if taken[start..end].iter().any(|t| *t) {
                continue;
            }
            if matches!(value, Known::Int(_)) {
                // A number inside a longer number is not this value.
                let inside = start > 0 && chars[start - 1].is_ascii_digit()
                    || chars.get(end).is_some_and(char::is_ascii_digit);
                if inside || !counts_here(name, &chars[end..]) {
                    continue;
                }
            }
            let var = vars.get(
                &format!("known:{name}"),
                name,
                ty,
                format!("取自配置中的 {name}"),
                example.clone(),
            );
            taken[start..end].iter_mut().for_each(|t| *t = true);
            let around: String = chars[start.saturating_sub(4)..(end + 4).min(chars.len())]
                .iter()
                .collect();
            report.replacements.push(format!("{var} ← “{around}”"));
            let with = if is_date {
                format!("{{{{date {var}}}}}")
            } else {
                format!("{{{{{var}}}}}")
            };
            edits.push(Edit { start, end, with });
        }
    }
    edits
}

/// A paragraph as template text.
pub(super) fn paragraph(
    chars: &[char],
    known: Option<&KnownValues>,
    vars: &mut Vars,
    report: &mut Report,
) -> String {
    let mut edits = mask_edits(chars, vars);
    edits.extend(unmasked_edits(chars, vars, report));
    if let Some(known) = known {
        edits.extend(known_edits(chars, known, vars, report));
    }
    if let Some(e) = enumeration(chars, &edits, vars) {
        report.enumerations += 1;
        edits.extend(e);
    }
    apply(chars, edits)
}

/// `一是甲；二是乙；三是丙。` in canonical form becomes a list variable, and a
/// count just before it (`三项工作：`) follows the list.
fn enumeration(chars: &[char], edits: &[Edit], vars: &mut Vars) -> Option<Vec<Edit>> {
    let items = enumeration_items(chars);
    if items.len() < 2
        || items
            .iter()
            .enumerate()
            .any(|(i, (_, n))| *n != i as u64 + 1)
    {
        return None;
    }
    let start = items[0].0;
    let end = (start..chars.len()).find(|&i| chars[i] == '。')? + 1;
    if edits.iter().any(|e| e.end > start && e.start < end) {
        return None; // the items hold variables; leave them as text
    }
    let mut texts = Vec::new();
    for (k, (pos, n)) in items.iter().enumerate() {
        let label = crate::zh::numeral(*n)?.chars().count() + 1;
        let stop = items.get(k + 1).map_or(end - 1, |(next, _)| next - 1);
        if *pos + label > stop {
            return None;
        }
        let text: String = chars[pos + label..stop].iter().collect();
        let sep = chars[stop];
        if text.is_empty() || text.contains('；') || (k + 1 < items.len() && sep != '；') {
            return None;
        }
        texts.push(text);
    }
    if chars[start..end].iter().collect::<String>() != crate::zh::enumerate(&texts) {
        return None;
    }
    let name = vars.get(
        &format!("list:{}", texts.join("|")),
        "items",
        VarType::List,
        format!(
            "列举的各项（原文“{}……”）",
            texts[0].chars().take(10).collect::<String>()
        ),
        toml::Value::Array(
            texts
                .iter()
                .map(|t| toml::Value::String(t.clone()))
                .collect(),
        ),
    );
    let mut out = vec![Edit {
        start,
        end,
        with: format!("{{{{enumerate {name}}}}}"),
    }];
    // 三项工作：一是… — the count right before the colon counts the list.
    if start >= 2 && matches!(chars[start - 1], '：' | ':') {
        let head: String = chars[..start - 1].iter().collect();
        for measure in ['项', '条', '个', '点'] {
            let Some(m) = head.rfind(measure) else {
                continue;
            };
            let m_char = head[..m].chars().count();
            let mut s = m_char;
            while s > 0 && crate::zh::text::is_cn_digit(chars[s - 1]) {
                s -= 1;
            }
            let spoken: String = chars[s..m_char].iter().collect();
            if s < m_char
                && m_char + 6 >= start
                && crate::zh::parse_numeral(&spoken) == Some(texts.len() as u64)
            {
                out.push(Edit {
                    start: s,
                    end: m_char + 1,
                    with: format!("{{{{count {name} \"{measure}\"}}}}"),
                });
                break;
            }
        }
    }
    Some(out)
}
