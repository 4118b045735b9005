//! Dates as official Chinese writes them: 2026年12月1日 and 二〇二六年十二月一日.

use chrono::{Datelike, Months, NaiveDate, Weekday};

use super::numeral::{numeral, year_digits};

/// Arabic figures, full year, no zero padding (GB/T 9704 7.3.5.4): 2026年12月1日.
pub fn date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
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
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
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
    fn parse_iso_dates() {
        assert_eq!(parse_iso("2026-12-01"), Some(d(2026, 12, 1)));
        assert_eq!(parse_iso("2026-02-30"), None);
        assert_eq!(parse_iso("12/01/2026"), None);
    }
}
