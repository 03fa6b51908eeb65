//! Chinese numerals for numbered items (一、二、…、二十一、).

/// `number` written in Chinese numerals, for 1–99; larger numbers stay in Arabic digits.
pub fn chinese_number(number: usize) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match number {
        1..=9 => DIGITS[number].to_owned(),
        10 => "十".to_owned(),
        11..=19 => format!("十{}", DIGITS[number % 10]),
        20..=99 => {
            let ones = number % 10;
            let tens = DIGITS[number / 10];
            if ones == 0 {
                format!("{tens}十")
            } else {
                format!("{tens}十{}", DIGITS[ones])
            }
        }
        _ => number.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::chinese_number;

    #[test]
    fn numbers_read_as_in_official_documents() {
        let cases = [
            (1, "一"),
            (9, "九"),
            (10, "十"),
            (12, "十二"),
            (20, "二十"),
            (35, "三十五"),
            (100, "100"),
        ];
        for (number, text) in cases {
            assert_eq!(chinese_number(number), text);
        }
    }
}
