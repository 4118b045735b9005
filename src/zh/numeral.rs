//! Chinese numerals: 105 → 一百零五, 第三, 两个, 二〇二六.

// Numbers here are grouped by 万 (four digits), the way Chinese reads them.
#![allow(clippy::inconsistent_digit_grouping)]

/// The largest number [`numeral`] writes: 9,999 万亿 and the rest, just below 10^16.
pub const MAX: u64 = 9_999_9999_9999_9999;

const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const PLACE_UNITS: [&str; 4] = ["", "十", "百", "千"];

/// Writes `n` in Chinese numerals as read aloud: 10 → 十, 105 → 一百零五,
/// 10010 → 一万零一十. Returns `None` above [`MAX`].
pub fn numeral(n: u64) -> Option<String> {
    if n > MAX {
        return None;
    }
    // Below 100, the numbers of counts, months and days, directly.
    if n < 100 {
        let (tens, ones) = ((n / 10) as usize, (n % 10) as usize);
        let mut out = String::with_capacity(9);
        match tens {
            0 => {
                out.push(DIGITS[ones]);
                return Some(out);
            }
            1 => {}
            _ => out.push(DIGITS[tens]),
        }
        out.push('十');
        if ones > 0 {
            out.push(DIGITS[ones]);
        }
        return Some(out);
    }
    // The longest numeral, 九千九百九十九万九千九百九十九亿…, is under 32 characters.
    let mut out = String::with_capacity(96);
    let (yi, below) = (n / 100_000_000, n % 100_000_000);
    if yi > 0 {
        // 10001亿 is 一万零一亿: the count of 亿 is itself a number below 亿.
        push_below_yi(&mut out, yi);
        out.push('亿');
        if below > 0 {
            // A zero is read where digits are skipped: 一亿零五百万.
            if below < 10_000_000 {
                out.push('零');
            }
            push_below_yi(&mut out, below);
        }
    } else {
        push_below_yi(&mut out, below);
    }
    // 一十 is said 十 only at the very start: 十五, 十万, but 一百一十.
    if out.starts_with("一十") {
        out.drain(.."一".len());
    }
    Some(out)
}

/// 1 ≤ n < 10^8, with 万 and the zero before a short lower group.
fn push_below_yi(out: &mut String, n: u64) {
    let (wan, below) = (n / 10_000, n % 10_000);
    if wan > 0 {
        push_group(out, wan);
        out.push('万');
        if below > 0 {
            if below < 1000 {
                out.push('零');
            }
            push_group(out, below);
        }
    } else {
        push_group(out, below);
    }
}

fn push_group(out: &mut String, g: u64) {
    let mut zero_pending = false;
    let mut started = false;
    for place in (0..4).rev() {
        let d = (g / 10u64.pow(place as u32) % 10) as usize;
        if d == 0 {
            zero_pending |= started;
            continue;
        }
        if zero_pending {
            out.push('零');
            zero_pending = false;
        }
        out.push(DIGITS[d]);
        out.push_str(PLACE_UNITS[place]);
        started = true;
    }
}

/// The numeral used before a measure word: 2 → 两 (两个阶段, 两点意见), otherwise
/// as [`numeral`].
pub fn count_word(n: u64) -> Option<String> {
    if n == 2 {
        Some("两".to_owned())
    } else {
        numeral(n)
    }
}

/// An ordinal: 3 → 第三.
pub fn ordinal(n: u64) -> Option<String> {
    numeral(n).map(|s| format!("第{s}"))
}

/// A year read digit by digit, with 〇 for zero: 2026 → 二〇二六.
pub fn year_digits(year: i64) -> Option<String> {
    if year < 0 {
        return None;
    }
    Some(
        year.to_string()
            .chars()
            .map(|c| match c.to_digit(10) {
                Some(0) => '〇',
                Some(d) => DIGITS[d as usize],
                None => c,
            })
            .collect(),
    )
}

/// `x` with `decimals` digits after the point: 3.14159, 2 → 3.14.
pub fn fixed(x: f64, decimals: usize) -> String {
    format!("{x:.decimals$}")
}

/// `x` without needless zeros: 12.50 → 12.5, 3.0 → 3 (at most two decimals).
pub fn trim_number(x: f64) -> String {
    let s = format!("{x:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_owned()
    } else {
        s.to_owned()
    }
}

/// Large amounts in 万 and 亿, as reports write them: 35000000 → 3500万,
/// 120000000 → 1.2亿, 8600 → 8600.
pub fn wan(x: f64) -> String {
    let abs = x.abs();
    if abs >= 1e8 {
        format!("{}亿", trim_number(x / 1e8))
    } else if abs >= 1e4 {
        format!("{}万", trim_number(x / 1e4))
    } else {
        trim_number(x)
    }
}

/// Reads a Chinese numeral back into a number; the inverse of [`numeral`] (and
/// it accepts the 两 of [`count_word`]). Used to check announced counts in drafts.
pub fn parse_numeral(s: &str) -> Option<u64> {
    parse_numeral_chars(&s.chars().collect::<Vec<_>>())
}

/// [`parse_numeral`] over characters already split, as the checks hold them.
pub fn parse_numeral_chars(chars: &[char]) -> Option<u64> {
    if chars.is_empty() {
        return None;
    }
    let mut total: u64 = 0; // completed 亿 / 万亿 parts
    let mut section: u64 = 0; // the current part below 亿
    let mut group: u64 = 0; // the current part below 万
    let mut digit: Option<u64> = None;
    for (i, &c) in chars.iter().enumerate() {
        let d = match c {
            '零' | '〇' => Some(0),
            '一' => Some(1),
            '二' | '两' => Some(2),
            '三' => Some(3),
            '四' => Some(4),
            '五' => Some(5),
            '六' => Some(6),
            '七' => Some(7),
            '八' => Some(8),
            '九' => Some(9),
            _ => None,
        };
        if let Some(d) = d {
            if digit.is_some() && d != 0 {
                return None;
            }
            digit = if d == 0 { None } else { Some(d) };
            continue;
        }
        let place = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            '万' => {
                let part = group + digit.take().unwrap_or(0);
                if part == 0 && !(i > 0 && chars[i - 1] == '亿') {
                    return None;
                }
                // 万亿: the 万 multiplies what stands before it as 亿 count
                section = section.checked_add(part.checked_mul(10_000)?)?;
                group = 0;
                continue;
            }
            '亿' => {
                let part = section + group + digit.take().unwrap_or(0);
                if part == 0 {
                    return None;
                }
                total = total.checked_add(part)?.checked_mul(100_000_000)?;
                section = 0;
                group = 0;
                continue;
            }
            _ => return None,
        };
        let d = digit.take().unwrap_or(if place == 10 { 1 } else { 0 });
        if d == 0 {
            return None;
        }
        group += d * place;
    }
    let n = total + section + group + digit.unwrap_or(0);
    // Only accept the canonical spelling, so that parse and write agree.
    let liang = chars.contains(&'两');
    let canonical = || chars.iter().map(|&c| if c == '〇' { '零' } else { c });
    let back = if liang { count_word(n)? } else { numeral(n)? };
    (back.chars().eq(canonical())
        || (liang
            && numeral(n)?
                .chars()
                .eq(canonical().map(|c| if c == '两' { '二' } else { c }))))
    .then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(v: u64) -> String {
        numeral(v).unwrap()
    }

    #[test]
    fn below_a_hundred_agrees_with_the_general_rule() {
        for v in 1..100 {
            let mut general = String::new();
            push_below_yi(&mut general, v);
            if general.starts_with("一十") {
                general.drain(.."一".len());
            }
            assert_eq!(n(v), general, "{v}");
        }
        assert_eq!(n(100), "一百");
        assert_eq!(n(110), "一百一十");
    }
    #[test]
    fn zero() {
        assert_eq!(n(0), "零");
    }
    #[test]
    fn single_digits() {
        assert_eq!(n(1), "一");
        assert_eq!(n(9), "九");
    }
    #[test]
    fn ten_is_shi() {
        assert_eq!(n(10), "十");
    }
    #[test]
    fn eleven() {
        assert_eq!(n(11), "十一");
    }
    #[test]
    fn twenty() {
        assert_eq!(n(20), "二十");
    }
    #[test]
    fn ninety_nine() {
        assert_eq!(n(99), "九十九");
    }
    #[test]
    fn hundred() {
        assert_eq!(n(100), "一百");
    }
    #[test]
    fn zero_in_middle() {
        assert_eq!(n(105), "一百零五");
    }
    #[test]
    fn hundred_ten_keeps_yi() {
        assert_eq!(n(110), "一百一十");
    }
    #[test]
    fn thousand() {
        assert_eq!(n(1000), "一千");
    }
    #[test]
    fn thousand_and_ten() {
        assert_eq!(n(1010), "一千零一十");
    }
    #[test]
    fn thousand_and_one() {
        assert_eq!(n(1001), "一千零一");
    }
    #[test]
    fn ten_thousand() {
        assert_eq!(n(10_000), "一万");
    }
    #[test]
    fn ten_thousand_and_ten() {
        assert_eq!(n(10_010), "一万零一十");
    }
    #[test]
    fn ten_thousand_and_thousand() {
        assert_eq!(n(11_000), "一万一千");
    }
    #[test]
    fn hundred_thousand() {
        assert_eq!(n(100_000), "十万");
    }
    #[test]
    fn hundred_thousand_and_ten() {
        assert_eq!(n(100_010), "十万零一十");
    }
    #[test]
    fn largest_below_yi() {
        assert_eq!(n(99_999_999), "九千九百九十九万九千九百九十九");
    }
    #[test]
    fn one_yi() {
        assert_eq!(n(100_000_000), "一亿");
    }
    #[test]
    fn yi_and_one() {
        assert_eq!(n(100_000_001), "一亿零一");
    }
    #[test]
    fn yi_skipping_wan_group() {
        assert_eq!(n(100_001_000), "一亿零一千");
    }
    #[test]
    fn yi_and_wan() {
        assert_eq!(n(100_010_000), "一亿零一万");
    }
    #[test]
    fn wan_yi() {
        assert_eq!(n(1_0000_0000_0000), "一万亿");
    }
    #[test]
    fn count_of_yi_with_inner_zero() {
        // Found by the property test: once written 一万亿零一亿.
        assert_eq!(n(1_0001_0000_0000), "一万零一亿");
        assert_eq!(parse_numeral("一万零一亿"), Some(1_0001_0000_0000));
    }
    #[test]
    fn yi_and_ten_wan() {
        assert_eq!(n(1_0010_0000), "一亿零一十万");
    }
    #[test]
    fn max_is_written() {
        assert!(numeral(MAX).is_some());
    }
    #[test]
    fn above_max_rejected() {
        assert_eq!(numeral(MAX + 1), None);
    }
    #[test]
    fn count_two_is_liang() {
        assert_eq!(count_word(2).unwrap(), "两");
    }
    #[test]
    fn count_twelve_is_not_liang() {
        assert_eq!(count_word(12).unwrap(), "十二");
    }
    #[test]
    fn ordinal_third() {
        assert_eq!(ordinal(3).unwrap(), "第三");
    }
    #[test]
    fn ordinal_tenth() {
        assert_eq!(ordinal(10).unwrap(), "第十");
    }
    #[test]
    fn year_2026() {
        assert_eq!(year_digits(2026).unwrap(), "二〇二六");
    }
    #[test]
    fn year_2000() {
        assert_eq!(year_digits(2000).unwrap(), "二〇〇〇");
    }
    #[test]
    fn year_negative_rejected() {
        assert_eq!(year_digits(-1), None);
    }
    #[test]
    fn fixed_decimals() {
        assert_eq!(fixed(1.23456, 2), "1.23");
        assert_eq!(fixed(12.0, 1), "12.0");
    }
    #[test]
    fn trimmed_numbers() {
        assert_eq!(trim_number(12.50), "12.5");
        assert_eq!(trim_number(3.0), "3");
        assert_eq!(trim_number(0.126), "0.13");
    }
    #[test]
    fn amounts_in_wan_and_yi() {
        assert_eq!(wan(35_000_000.0), "3500万");
        assert_eq!(wan(120_000_000.0), "1.2亿");
        assert_eq!(wan(8600.0), "8600");
        assert_eq!(wan(12_345.0), "1.23万");
    }
    #[test]
    fn parse_simple() {
        assert_eq!(parse_numeral("三"), Some(3));
        assert_eq!(parse_numeral("十"), Some(10));
        assert_eq!(parse_numeral("十一"), Some(11));
        assert_eq!(parse_numeral("二十"), Some(20));
        assert_eq!(parse_numeral("两"), Some(2));
    }
    #[test]
    fn parse_with_zeros() {
        assert_eq!(parse_numeral("一百零五"), Some(105));
        assert_eq!(parse_numeral("一千零一十"), Some(1010));
        assert_eq!(parse_numeral("一万零一十"), Some(10_010));
        assert_eq!(parse_numeral("一亿零一"), Some(100_000_001));
    }
    #[test]
    fn parse_large() {
        assert_eq!(
            parse_numeral("九千九百九十九万九千九百九十九"),
            Some(99_999_999)
        );
        assert_eq!(parse_numeral("一万亿"), Some(1_0000_0000_0000));
    }
    #[test]
    fn parse_rejects_noise() {
        assert_eq!(parse_numeral(""), None);
        assert_eq!(parse_numeral("三点"), None);
        assert_eq!(parse_numeral("三三"), None);
    }
    #[test]
    fn parse_round_trips() {
        for v in (0..20_000).chain([100_000_000, 123_456_789, 1_0000_0000_0001]) {
            assert_eq!(parse_numeral(&n(v)), Some(v), "{v} → {}", n(v));
        }
    }
}
