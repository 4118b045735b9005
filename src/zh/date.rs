//! Dates as official Chinese writes them: 2026年12月1日 and 二〇二六年十二月一日.

use chrono::{Datelike, Months, NaiveDate, Weekday};

use super::numeral::{numeral, year_digits};

/// Arabic figures, full year, no zero padding (GB/T 9704 7.3.5.4): 2026年12月1日.
/// A deadline as a speech says it: the last day of a month is “9月底”, any
/// other day “9月15日”; the year is left out when it is the year of `from`
/// (the meeting), since “2027年9月底” said in 2027 sounds like a form.
pub fn deadline(d: NaiveDate, from: Option<NaiveDate>) -> String {
    let month_end = d.succ_opt().is_none_or(|next| next.month() != d.month());
    let day = if month_end {
        format!("{}月底", d.month())
    } else {
        format!("{}月{}日", d.month(), d.day())
    };
    match from {
        Some(f) if f.year() == d.year() => day,
        _ => format!("{}年{day}", d.year()),
    }
}

pub fn date(d: NaiveDate) -> String {
    // Written by hand: a batch writes two dates per speech, and `format!`
    // costs more than the rest of the helper.
    let Ok(year) = u32::try_from(d.year()) else {
        return format!("{}年{}月{}日", d.year(), d.month(), d.day());
    };
    let mut s = String::with_capacity(20);
    push_padded(&mut s, year, 1);
    s.push('年');
    push_padded(&mut s, d.month(), 1);
    s.push('月');
    push_padded(&mut s, d.day(), 1);
    s.push('日');
    s
}

/// `2026-12-01`, as chrono's `%Y-%m-%d` writes it (the form a TOML date
/// takes in a template context).
pub fn iso(d: NaiveDate) -> String {
    match u32::try_from(d.year()) {
        Ok(year) if year <= 9999 => {
            let mut s = String::with_capacity(10);
            push_padded(&mut s, year, 4);
            s.push('-');
            push_padded(&mut s, d.month(), 2);
            s.push('-');
            push_padded(&mut s, d.day(), 2);
            s
        }
        // Signed or five-digit years, which chrono writes its own way.
        _ => d.format("%Y-%m-%d").to_string(),
    }
}

/// `n` in decimal figures, zero-padded to `width`.
fn push_padded(s: &mut String, n: u32, width: usize) {
    let mut digits = [b'0'; 10];
    let mut at = digits.len();
    let mut rest = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    let at = at.min(digits.len().saturating_sub(width));
    s.extend(digits[at..].iter().map(|&b| char::from(b)));
}

/// Chinese characters, as in a speech's date line: 二〇二六年十二月一日.
pub fn date_cn(d: NaiveDate) -> String {
    let year = year_digits(i64::from(d.year())).unwrap_or_else(|| d.year().to_string());
    // Month and day are at most 31, always within what `numeral` writes.
    let month = numeral(u64::from(d.month())).unwrap_or_default();
    let day = numeral(u64::from(d.day())).unwrap_or_default();
    format!("{year}年{month}月{day}日")
}

/// `d` moved by `months` calendar months; a day past the end of the target month
/// becomes its last day (1月31日 + 1 → 2月28日 or 29日). `None` out of range.
pub fn add_months(d: NaiveDate, months: i64) -> Option<NaiveDate> {
    let m = u32::try_from(months.unsigned_abs()).ok()?;
    if months >= 0 {
        d.checked_add_months(Months::new(m))
    } else {
        d.checked_sub_months(Months::new(m))
    }
}

/// 星期一 … 星期日.
pub fn weekday(d: NaiveDate) -> &'static str {
    match d.weekday() {
        Weekday::Mon => "星期一",
        Weekday::Tue => "星期二",
        Weekday::Wed => "星期三",
        Weekday::Thu => "星期四",
        Weekday::Fri => "星期五",
        Weekday::Sat => "星期六",
        Weekday::Sun => "星期日",
    }
}

/// Parses `2026-12-01` (the form TOML dates take in a template context).
pub fn parse_iso(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    // The form `iso` writes is read directly; chrono parses its pattern
    // again on every call, and takes the other forms it accepts.
    if let [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = *s.as_bytes() {
        let digits = [y0, y1, y2, y3, m0, m1, d0, d1];
        if digits.iter().all(u8::is_ascii_digit) {
            let n = |ds: &[u8]| ds.iter().fold(0, |n, &b| n * 10 + u32::from(b - b'0'));
            let year = i32::try_from(n(&digits[..4])).ok()?;
            return NaiveDate::from_ymd_opt(year, n(&digits[4..6]), n(&digits[6..]));
        }
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// A date as people type it in a spreadsheet: `2027-03-01`, `2027/3/1`,
/// `2027.3.1` or `2027年3月1日`.
pub fn parse_loose(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if let Some(d) = parse_iso(s) {
        return Some(d);
    }
    let parts: Vec<&str> = s
        .trim_end_matches('日')
        .split(['-', '/', '.', '年', '月'])
        .collect();
    let [y, m, d] = parts[..] else {
        return None;
    };
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

#[cfg(test)]
mod loose_tests {
    use super::*;

    #[test]
    fn dates_as_typed_in_a_sheet() {
        let want = NaiveDate::from_ymd_opt(2027, 3, 1);
        for s in [
            "2027-03-01",
            "2027/3/1",
            "2027.3.1",
            "2027年3月1日",
            " 2027-3-1 ",
        ] {
            assert_eq!(parse_loose(s), want, "{s}");
        }
        for s in ["2027年3月", "三月一日", "2027-13-01", "", "2027/3/1/2"] {
            assert_eq!(parse_loose(s), None, "{s}");
        }
    }
}

#[cfg(test)]
mod deadline_tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn month_ends_are_said_as_such() {
        let meeting = Some(d(2027, 6, 15));
        assert_eq!(deadline(d(2027, 9, 30), meeting), "9月底");
        assert_eq!(deadline(d(2028, 2, 29), meeting), "2028年2月底");
        assert_eq!(deadline(d(2027, 2, 28), meeting), "2月底");
        assert_eq!(deadline(d(2027, 9, 15), meeting), "9月15日");
        assert_eq!(deadline(d(2027, 12, 31), None), "2027年12月底");
        assert_eq!(deadline(d(2027, 12, 30), meeting), "12月30日");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn arabic_no_padding() {
        assert_eq!(date(d(2026, 3, 1)), "2026年3月1日");
    }
    #[test]
    fn arabic_two_digit_month() {
        assert_eq!(date(d(2026, 12, 31)), "2026年12月31日");
    }
    #[test]
    fn chinese_first_of_december() {
        assert_eq!(date_cn(d(2026, 12, 1)), "二〇二六年十二月一日");
    }
    #[test]
    fn chinese_tenth() {
        assert_eq!(date_cn(d(2027, 10, 10)), "二〇二七年十月十日");
    }
    #[test]
    fn chinese_twentieth_and_thirty_first() {
        assert_eq!(date_cn(d(2030, 1, 20)), "二〇三〇年一月二十日");
        assert_eq!(date_cn(d(2030, 1, 31)), "二〇三〇年一月三十一日");
    }
    #[test]
    fn add_six_months() {
        assert_eq!(add_months(d(2026, 12, 1), 6), Some(d(2027, 6, 1)));
    }
    #[test]
    fn add_months_clamps_to_month_end() {
        assert_eq!(add_months(d(2026, 8, 31), 1), Some(d(2026, 9, 30)));
    }
    #[test]
    fn add_months_into_leap_february() {
        assert_eq!(add_months(d(2027, 11, 30), 3), Some(d(2028, 2, 29)));
    }
    #[test]
    fn add_months_into_common_february() {
        assert_eq!(add_months(d(2026, 1, 31), 1), Some(d(2026, 2, 28)));
    }
    #[test]
    fn add_months_from_leap_day() {
        assert_eq!(add_months(d(2028, 2, 29), 12), Some(d(2029, 2, 28)));
    }
    #[test]
    fn add_zero_months() {
        assert_eq!(add_months(d(2026, 5, 5), 0), Some(d(2026, 5, 5)));
    }
    #[test]
    fn subtract_months() {
        assert_eq!(add_months(d(2026, 3, 31), -1), Some(d(2026, 2, 28)));
    }
    #[test]
    fn add_months_out_of_range() {
        assert_eq!(add_months(d(2026, 1, 1), i64::MAX), None);
    }
    #[test]
    fn weekdays() {
        assert_eq!(weekday(d(2026, 11, 30)), "星期一");
        assert_eq!(weekday(d(2026, 12, 6)), "星期日");
    }
    #[test]
    fn leap_day_weekday() {
        assert_eq!(weekday(d(2028, 2, 29)), "星期二");
    }
    #[test]
    fn iso_writes_as_chrono_does() {
        let mut day = d(0, 1, 1);
        // Every 97th day from year 0 to past 9999, with every month and
        // day of month on the way, and the signed years beyond.
        while day < d(10_100, 1, 1) {
            assert_eq!(iso(day), day.format("%Y-%m-%d").to_string());
            assert_eq!(
                date(day),
                format!("{}年{}月{}日", day.year(), day.month(), day.day())
            );
            assert_eq!(parse_iso(&iso(day)), Some(day));
            day = day + chrono::Days::new(97);
        }
        assert_eq!(iso(d(-1, 3, 4)), "-0001-03-04");
        assert_eq!(date(d(-1, 3, 4)), "-1年3月4日");
        assert_eq!(iso(d(12_345, 6, 7)), "+12345-06-07");
    }
    #[test]
    fn parse_iso_reads_what_chrono_reads() {
        for s in [
            "2026-12-01",
            " 2026-12-01\n",
            "0000-01-01",
            "9999-12-31",
            "2026-1-5",
            "2026-13-01",
            "2026-00-10",
            "2026-02-29",
            "2028-02-29",
            "2026-12-1",
            "+2026-12-01",
            "2026-12-01x",
            "20261201",
            "2026-12-０1",
            "-0001-01-01",
            "2026/12/01",
            "",
        ] {
            let chrono = NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok();
            assert_eq!(parse_iso(s), chrono, "{s:?}");
        }
    }
    #[test]
    fn parse_iso_dates() {
        assert_eq!(parse_iso("2026-12-01"), Some(d(2026, 12, 1)));
        assert_eq!(parse_iso("2026-02-30"), None);
        assert_eq!(parse_iso("12/01/2026"), None);
    }
}
