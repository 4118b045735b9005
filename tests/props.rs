//! Property tests of the `zh` functions: whatever the input, the written
//! Chinese reads back to the same value and no list item is lost.

use chrono::{Datelike, NaiveDate};
use jianghua::zh::{self, numeral::parse_numeral};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn chars_of_agrees_with_chars(s in "\\PC{0,60}", t in any::<String>()) {
        prop_assert_eq!(zh::text::chars_of(&s), s.chars().collect::<Vec<_>>());
        prop_assert_eq!(zh::text::chars_of(&t), t.chars().collect::<Vec<_>>());
    }

    #[test]
    fn names_are_found_only_where_a_suffix_character_is(
        without in "[青山红星东湖道委政府局中学园所院校部的在全各0-9，。 ]{0,40}",
        any in "[青山红星东湖街道社区省市县镇乡村的在全各委政府局中学，。]{0,40}",
    ) {
        use jianghua::check::names::{find_names, may_hold_names};
        prop_assert!(!may_hold_names(&without));
        prop_assert!(find_names(&zh::text::chars_of(&without)).is_empty());
        prop_assert!(find_names(&zh::text::chars_of(&any)).is_empty() || may_hold_names(&any));
    }

    #[test]
    fn numerals_read_back(n in 0u64..=zh::numeral::MAX) {
        let written = zh::numeral(n).unwrap();
        prop_assert_eq!(parse_numeral(&written), Some(n), "{} → {}", n, written);
    }

    #[test]
    fn small_numerals_read_back(n in 0u64..100_000) {
        prop_assert_eq!(parse_numeral(&zh::numeral(n).unwrap()), Some(n));
        prop_assert_eq!(parse_numeral(&zh::count_word(n).unwrap()), Some(n));
    }

    #[test]
    fn above_max_is_refused(n in (zh::numeral::MAX + 1)..=u64::MAX) {
        prop_assert_eq!(zh::numeral(n), None);
    }

    #[test]
    fn year_digits_are_one_per_digit(y in 0i64..100_000) {
        let s = zh::year_digits(y).unwrap();
        prop_assert_eq!(s.chars().count(), y.to_string().len());
        let back: String = s.chars().map(|c| match c {
            '〇' => '0', '一' => '1', '二' => '2', '三' => '3', '四' => '4',
            '五' => '5', '六' => '6', '七' => '7', '八' => '8', '九' => '9', other => other,
        }).collect();
        prop_assert_eq!(back, y.to_string());
    }

    #[test]
    fn add_months_agrees_with_chrono(days in 0i64..40_000, months in -600i64..600) {
        let d = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap() + chrono::Duration::days(days);
        let expected = if months >= 0 {
            d.checked_add_months(chrono::Months::new(months as u32))
        } else {
            d.checked_sub_months(chrono::Months::new((-months) as u32))
        };
        prop_assert_eq!(zh::add_months(d, months), expected);
    }

    #[test]
    fn join_loses_no_item(items in proptest::collection::vec("[甲乙丙丁a-z0-9]{1,6}", 0..12)) {
        let joined = zh::join(&items, "、");
        let back: Vec<String> = if joined.is_empty() { Vec::new() } else { joined.split('、').map(String::from).collect() };
        prop_assert_eq!(back, items);
    }

    #[test]
    fn quote_wraps_exactly(s in "[^“”]{0,20}") {
        let q = zh::quote(&s);
        prop_assert!(q.starts_with('“') && q.ends_with('”'));
        prop_assert_eq!(&q['“'.len_utf8()..q.len() - '”'.len_utf8()], s.as_str());
    }

    #[test]
    fn enumerate_loses_no_item(items in proptest::collection::vec("[甲乙丙丁抓好落实a-z]{1,8}", 1..15)) {
        let text = zh::enumerate(&items);
        prop_assert!(text.ends_with('。'));
        let body = text.trim_end_matches('。');
        let parts: Vec<&str> = body.split('；').collect();
        prop_assert_eq!(parts.len(), items.len());
        for (i, (part, item)) in parts.iter().zip(&items).enumerate() {
            let label = format!("{}是", zh::numeral(i as u64 + 1).unwrap());
            prop_assert_eq!(part.strip_prefix(label.as_str()), Some(item.as_str()));
        }
    }
}

/// Every day of several years, both date styles against chrono.
#[test]
fn dates_agree_with_chrono_for_every_day() {
    let mut d = NaiveDate::from_ymd_opt(1999, 1, 1).unwrap();
    let end = NaiveDate::from_ymd_opt(2031, 12, 31).unwrap();
    while d <= end {
        assert_eq!(
            zh::date(d),
            format!("{}年{}月{}日", d.year(), d.month(), d.day())
        );
        let cn = zh::date_cn(d);
        let (y, rest) = cn.split_once('年').unwrap();
        let (m, rest) = rest.split_once('月').unwrap();
        let day = rest.strip_suffix('日').unwrap();
        assert_eq!(y, zh::year_digits(i64::from(d.year())).unwrap());
        assert_eq!(parse_numeral(m), Some(u64::from(d.month())), "{cn}");
        assert_eq!(parse_numeral(day), Some(u64::from(d.day())), "{cn}");
        assert_eq!(
            zh::weekday(d),
            [
                "星期一",
                "星期二",
                "星期三",
                "星期四",
                "星期五",
                "星期六",
                "星期日"
            ][d.weekday().num_days_from_monday() as usize]
        );
        d = d.succ_opt().unwrap();
    }
}
