//! Template helpers: thin wrappers over `zh`, with Chinese error messages, plus
//! a strict `if`/`unless` (handlebars exempts `#if` from strict mode, which
//! would let a misspelled name silently drop a paragraph).

use std::borrow::Cow;

use handlebars::{
    Context, Handlebars, Helper, HelperDef, HelperResult, JsonTruthy, Output, RenderContext,
    RenderError, RenderErrorReason, Renderable, ScopedJson,
};
use serde_json::Value as Json;

use crate::zh;

/// A value helper, registered from the [dialect](super::dialect) table.
pub(super) fn value_helper(name: &'static str, f: SimpleFn) -> Box<dyn HelperDef + Send + Sync> {
    Box::new(Simple { name, f })
}

/// Our strict `#if` (`positive`) or `#unless`.
pub(super) fn condition(positive: bool) -> Box<dyn HelperDef + Send + Sync> {
    Box::new(StrictIf { positive })
}

pub(super) type SimpleFn = fn(&str, &[&Json]) -> Result<Json, String>;

/// A helper that maps its parameters to one value; usable both as `{{cn n}}`
/// and inside a subexpression `{{date (add_months d 6)}}`.
struct Simple {
    name: &'static str,
    f: SimpleFn,
}

impl HelperDef for Simple {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let mut params = Vec::with_capacity(h.params().len());
        for p in h.params() {
            if p.is_value_missing() {
                return Err(RenderErrorReason::MissingVariable(p.relative_path().cloned()).into());
            }
            params.push(p.value());
        }
        (self.f)(self.name, &params)
            .map(ScopedJson::Derived)
            .map_err(|msg| RenderErrorReason::Other(msg).into())
    }
}

struct StrictIf {
    positive: bool,
}

impl HelperDef for StrictIf {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        r: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        rc: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let name = if self.positive { "if" } else { "unless" };
        let param = h
            .param(0)
            .ok_or(RenderErrorReason::ParamNotFoundForIndex(name, 0))?;
        if param.is_value_missing() {
            return Err(RenderErrorReason::MissingVariable(param.relative_path().cloned()).into());
        }
        let include_zero = h
            .hash_get("includeZero")
            .and_then(|v| v.value().as_bool())
            .unwrap_or(false);
        let truthy = param.value().is_truthy(include_zero) == self.positive;
        match if truthy { h.template() } else { h.inverse() } {
            Some(t) => t.render(r, ctx, rc, out),
            None => Ok(()),
        }
    }
}

fn arity(name: &str, params: &[&Json], min: usize, max: usize) -> Result<(), String> {
    if params.len() < min || params.len() > max {
        let want = if min == max {
            format!("{min} 个")
        } else {
            format!("{min} 到 {max} 个")
        };
        return Err(format!(
            "助手 `{name}` 需要 {want}参数，这里给了 {} 个",
            params.len()
        ));
    }
    Ok(())
}

fn shown(v: &Json) -> String {
    match v {
        Json::String(s) => format!("“{s}”"),
        Json::Null => "空值".to_owned(),
        other => other.to_string(),
    }
}

fn number(name: &str, v: &Json) -> Result<u64, String> {
    match v {
        Json::Number(n) => n
            .as_u64()
            .ok_or_else(|| format!("助手 `{name}` 需要非负整数，收到 {n}")),
        Json::String(s) if s.trim().parse::<u64>().is_ok() => {
            Ok(s.trim().parse().unwrap_or_default())
        }
        other => Err(format!("助手 `{name}` 需要整数，收到 {}", shown(other))),
    }
}

fn cn_number(name: &str, n: u64, f: fn(u64) -> Option<String>) -> Result<Json, String> {
    f(n).map(Json::String)
        .ok_or_else(|| format!("助手 `{name}`：数字 {n} 太大，无法写成汉字"))
}

pub(super) fn cn(name: &str, p: &[&Json]) -> Result<Json, String> {
    arity(name, p, 1, 1)?;
    cn_number(name, number(name, p[0])?, zh::numeral)
}

pub(super) fn ordinal(name: &str, p: &[&Json]) -> Result<Json, String> {
    arity(name, p, 1, 1)?;
    cn_number(name, number(name, p[0])?, zh::ordinal)
}

/// `{{nth @index}}` → 第一 for the first item of an `#each`: `@index`
/// counts from zero, a speech from one.
pub(super) fn nth(name: &str, p: &[&Json]) -> Result<Json, String> {
    arity(name, p, 1, 1)?;
    let n = number(name, p[0])?
        .checked_add(1)
        .ok_or_else(|| format!("助手 `{name}`：数字太大"))?;
    cn_number(name, n, zh::ordinal)
}

/// `{{count list "个阶段"}}` → 三个阶段; `{{count 2 "点"}}` → 两点.
pub(super) fn count(name: &str, p: &[&Json]) -> Result<Json, String> {
    arity(name, p, 1, 2)?;
    let n = match p[0] {
        Json::Array(items) => items.len() as u64,
        other => number(name, other)?,
    };
    let mut word = zh::count_word(n).ok_or_else(|| format!("助手 `{name}`：数字 {n} 太大"))?;
    if let Some(unit) = p.get(1) {
        word.push_str(&text(name, unit)?);
    }
    Ok(Json::String(word))
}

pub(super) fn year(name: &str, p: &[&Json]) -> Result<Json, String> {
    arity(name, p, 1, 1)?;
    let y = match p[0] {
        Json::String(s) => match zh::date::parse_iso(s) {
            Some(d) => i64::from(chrono::Datelike::year(&d)),
            None => s
                .trim()
                .parse()
                .map_err(|_| format!("助手 `{name}` 需要年份或日期，收到 {}", shown(p[0])))?,
        },
        other => number(name, other)? as i64,
    };
    zh::year_digits(y)
        .map(Json::String)
        .ok_or_else(|| format!("助手 `{name}`：年份 {y} 无效"))
}

/// Borrowed where the value is text already: list helpers run on every
/// speech of a batch, and copying each item first was most of their cost.
fn text<'a>(name: &str, v: &'a Json) -> Result<Cow<'a, str>, String> {
    match v {
        Json::String(s) => Ok(Cow::Borrowed(s)),
        Json::Number(n) => Ok(Cow::Owned(n.to_string())),
        other => Err(format!("助手 `{name}` 需要文字，收到 {}", shown(other))),
    }
}

fn parse_date(name: &str, v: &Json) -> Result<chrono::NaiveDate, String> {
    match v {
        Json::String(s) => zh::date::parse_iso(s)
            .ok_or_else(|| format!("助手 `{name}` 需要日期（如 2026-12-01），收到 {}", shown(v))),
        other => Err(format!("助手 `{name}` 需要日期，收到 {}", shown(other))),
    }
}

pub(super) fn date(name: &str, p: &[&Json]) -> Result<Json, String> {
    arity(name, p, 1, 1)?;
    Ok(Json::String(zh::date(parse_date(name, p[0])?)))
}

pub(super) fn due(name: &str, p: &[&Json]) -> Result<Json, String> {
    arity(name, p, 1, 2)?;
    let from = p.get(1).map(|v| parse_date(name, v)).transpose()?;
    Ok(Json::String(zh::deadline(parse_date(name, p[0])?, from)))
}

pub(super) fn cn_date(name: &str, p: &[&Json]) -> Result<Json, String> {
    arity(name, p, 1, 1)?;
    Ok(Json::String(zh::date_cn(parse_date(name, p[0])?)))
}

pub(super) fn add_months(name: &str, p: &[&Json]) -> Result<Json, String> {
    arity(name, p, 2, 2)?;
    let d = parse_date(name, p[0])?;
    let months = match p[1] {
        Json::Number(n) => n
            .as_i64()
            .ok_or_else(|| format!("助手 `{name}` 的月数需要整数"))?,
        other => {
            return Err(format!(
                "助手 `{name}` 的第二个参数需要整数月数，收到 {}",
                shown(other)
            ));
        }
    };
    let moved = zh::add_months(d, months).ok_or_else(|| format!("助手 `{name}`：日期超出范围"))?;
    Ok(Json::String(zh::date::iso(moved)))
}

pub(super) fn weekday(name: &str, p: &[&Json]) -> Result<Json, String> {
    arity(name, p, 1, 1)?;
    Ok(Json::String(
        zh::weekday(parse_date(name, p[0])?).to_owned(),
    ))
}

fn strings<'a>(name: &str, v: &'a Json) -> Result<Vec<Cow<'a, str>>, String> {
    match v {
        Json::Array(items) => items.iter().map(|i| text(name, i)).collect(),
        other => Err(format!("助手 `{name}` 需要列表，收到 {}", shown(other))),
    }
}

pub(super) fn join(name: &str, p: &[&Json]) -> Result<Json, String> {
    arity(name, p, 1, 2)?;
    let sep = p
        .get(1)
        .map(|s| text(name, s))
        .transpose()?
        .unwrap_or(Cow::Borrowed("、"));
    Ok(Json::String(zh::join(&strings(name, p[0])?, &sep)))
}

pub(super) fn quote(name: &str, p: &[&Json]) -> Result<Json, String> {
    arity(name, p, 1, 1)?;
    Ok(Json::String(match p[0] {
        Json::Array(_) => {
            let quoted: Vec<String> = strings(name, p[0])?.iter().map(|s| zh::quote(s)).collect();
            zh::join(&quoted, "、")
        }
        other => zh::quote(&text(name, other)?),
    }))
}

pub(super) fn enumerate(name: &str, p: &[&Json]) -> Result<Json, String> {
    arity(name, p, 1, 1)?;
    Ok(Json::String(zh::enumerate(&strings(name, p[0])?)))
}

/// `{{pluck campaign.stages "name"}}` → the `name` of every record, as a list.
pub(super) fn pluck(name: &str, p: &[&Json]) -> Result<Json, String> {
    arity(name, p, 2, 2)?;
    let field = text(name, p[1])?;
    let Json::Array(records) = p[0] else {
        return Err(format!(
            "助手 `{name}` 需要表格（记录列表），收到 {}",
            shown(p[0])
        ));
    };
    records
        .iter()
        .map(|r| match r.get(field.as_ref()) {
            Some(v) => Ok(v.clone()),
            None => Err(format!("助手 `{name}`：记录里没有字段 `{field}`")),
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Json::Array)
}

fn float(name: &str, v: &Json) -> Result<f64, String> {
    match v {
        Json::Number(n) => n
            .as_f64()
            .ok_or_else(|| format!("助手 `{name}` 需要数，收到 {n}")),
        Json::String(s) if s.trim().parse::<f64>().is_ok() => {
            Ok(s.trim().parse().unwrap_or_default())
        }
        other => Err(format!("助手 `{name}` 需要数，收到 {}", shown(other))),
    }
}

fn decimals(name: &str, p: &[&Json], default: usize) -> Result<usize, String> {
    match p.get(1) {
        Some(v) => Ok(number(name, v)?.min(6) as usize),
        None => Ok(default),
    }
}

/// `{{fixed 3.14159 2}}` → 3.14 (trailing zeros kept, as tables of figures
/// have them); `{{fixed 312.0}}` → 312 (as few digits as the value needs).
pub(super) fn fixed(name: &str, p: &[&Json]) -> Result<Json, String> {
    arity(name, p, 1, 2)?;
    let x = float(name, p[0])?;
    Ok(Json::String(if p.len() == 2 {
        zh::fixed(x, decimals(name, p, 1)?)
    } else {
        zh::trim_number(x)
    }))
}

/// `{{pct 12.5}}` → 12.5%; `{{pct 12 1}}` → 12.0%.
pub(super) fn pct(name: &str, p: &[&Json]) -> Result<Json, String> {
    arity(name, p, 1, 2)?;
    let x = float(name, p[0])?;
    let text = match p.get(1) {
        Some(_) => zh::fixed(x, decimals(name, p, 1)?),
        None => zh::trim_number(x),
    };
    Ok(Json::String(format!("{text}%")))
}

/// `{{wan 35000000}}` → 3500万; `{{wan 120000000}}` → 1.2亿: amounts as reports write them.
pub(super) fn wan(name: &str, p: &[&Json]) -> Result<Json, String> {
    arity(name, p, 1, 1)?;
    Ok(Json::String(zh::wan(float(name, p[0])?)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(f: SimpleFn, params: &[Json]) -> Result<Json, String> {
        f("h", &params.iter().collect::<Vec<_>>())
    }

    #[test]
    fn nth_counts_from_zero() {
        assert_eq!(call(nth, &[Json::from(0)]).unwrap(), "第一");
        assert_eq!(call(nth, &[Json::from(9)]).unwrap(), "第十");
        assert_eq!(call(nth, &[Json::from("2")]).unwrap(), "第三");
    }

    #[test]
    fn nth_refuses_what_is_not_an_index() {
        assert!(call(nth, &[Json::from(-1)]).is_err());
        assert!(call(nth, &[Json::from("甲")]).is_err());
        assert!(call(nth, &[Json::from(u64::MAX)]).is_err());
        assert!(call(nth, &[]).is_err());
    }
}
