//! IIN and BIN: Kazakhstan's 12-digit identity numbers of people (IIN, ЖСН/ИИН) and
//! organisations (BIN, БСН/БИН).
//!
//! The subject of every support request starts with one, and a typo there sends the request
//! nowhere: support looks the requester up by it. So the number is checked with the official
//! two-pass check digit before anything is written, and decoded so that the user can see at a
//! glance whether it is theirs ("born 08/10/1987, male").

use std::fmt;

use chrono::NaiveDate;
use serde::Serialize;

/// The number of digits of every IIN and BIN.
pub const ID_LEN: usize = 12;

const WEIGHTS_FIRST: [u32; 11] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const WEIGHTS_SECOND: [u32; 11] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

/// Why a text is not a valid IIN/BIN.
///
/// The `Display` texts are the short English reasons of `check-id --json` and of the
/// `compose` error lines; translated texts come from [`crate::i18n`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("required")]
    Empty,
    #[error("not a digit: '{0}'")]
    NotADigit(char),
    #[error("must be 12 digits, found {0}")]
    WrongLength(usize),
    #[error("check digit mismatch")]
    CheckDigitMismatch { expected: u8, found: u8 },
    #[error("no valid check digit exists for these digits (such a number is never issued)")]
    NeverIssued,
}

/// A checked IIN or BIN: exactly 12 ASCII digits whose last digit is the right check digit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Id([u8; ID_LEN]);

impl Id {
    /// Parses what a user typed: white space anywhere (also non-breaking spaces pasted from
    /// documents) and invisible formatting marks are dropped, anything else must be a digit.
    pub fn parse(input: &str) -> Result<Self, IdError> {
        let mut digits = Vec::with_capacity(ID_LEN);
        for c in input.chars().filter(|&c| !c.is_whitespace() && !super::text::is_format_char(c)) {
            let digit = c.to_digit(10).filter(|_| c.is_ascii_digit()).ok_or(IdError::NotADigit(c))?;
            digits.push(u8::try_from(digit).unwrap_or_default());
        }
        if digits.is_empty() {
            return Err(IdError::Empty);
        }
        let digits: [u8; ID_LEN] = digits.as_slice().try_into().map_err(|_| IdError::WrongLength(digits.len()))?;
        let prefix: [u8; ID_LEN - 1] = first_eleven(&digits);
        let expected = check_digit(&prefix).ok_or(IdError::NeverIssued)?;
        let found = digits[ID_LEN - 1];
        if expected != found {
            return Err(IdError::CheckDigitMismatch { expected, found });
        }
        Ok(Self(digits))
    }

    /// The 12 digits as text.
    pub fn as_string(&self) -> String {
        self.0.iter().map(|d| char::from(b'0' + d)).collect()
    }

    /// The digits, for decoding.
    pub fn digits(&self) -> [u8; ID_LEN] {
        self.0
    }

    /// What the digits say about the holder.
    pub fn decode(&self) -> Decoded {
        decode_digits(&self.0)
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.as_string())
    }
}

fn first_eleven(digits: &[u8; ID_LEN]) -> [u8; ID_LEN - 1] {
    let mut prefix = [0; ID_LEN - 1];
    prefix.copy_from_slice(&digits[..ID_LEN - 1]);
    prefix
}

/// The check digit for 11 digits, or `None` when both passes give 10 (such numbers are never
/// issued). Each element of `prefix` must be 0..=9.
pub fn check_digit(prefix: &[u8; ID_LEN - 1]) -> Option<u8> {
    let weighted = |weights: &[u32; 11]| -> u8 {
        let sum: u32 = prefix.iter().zip(weights).map(|(&d, &w)| u32::from(d) * w).sum();
        // A remainder of 11 always fits in a u8.
        u8::try_from(sum % 11).unwrap_or(u8::MAX)
    };
    match weighted(&WEIGHTS_FIRST) {
        10 => match weighted(&WEIGHTS_SECOND) {
            10 => None,
            d => Some(d),
        },
        d => Some(d),
    }
}

/// Whether the number names a person (IIN), an organisation (BIN), or the digits cannot tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Iin,
    Bin,
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Sex {
    Male,
    Female,
}

/// What an IIN says about its holder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IinInfo {
    /// `None` when YYMMDD is not a calendar date: since 2013 an IIN need not encode the birth
    /// date, so that is not an error.
    pub birth_date: Option<NaiveDate>,
    /// The first year of the century of birth: 1800, 1900 or 2000 (7th digit 1–2, 3–4, 5–6);
    /// `None` for any other 7th digit.
    pub century: Option<u16>,
    pub sex: Option<Sex>,
}

/// The 5th digit of a BIN.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityType {
    ResidentLegalEntity,
    NonResidentLegalEntity,
    JointVentureEntrepreneur,
}

/// The 6th digit of a BIN.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitType {
    HeadOffice,
    Branch,
    RepresentativeOffice,
    PeasantFarm,
}

/// What a BIN says about the organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BinInfo {
    pub registered_year: u16,
    pub registered_month: u8,
    pub entity_type: EntityType,
    pub unit_type: UnitType,
}

/// The decoded meaning of 12 digits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Decoded {
    Iin(IinInfo),
    Bin(BinInfo),
    Unknown,
}

impl Decoded {
    pub fn kind(&self) -> Kind {
        match self {
            Self::Iin(_) => Kind::Iin,
            Self::Bin(_) => Kind::Bin,
            Self::Unknown => Kind::Unknown,
        }
    }
}

fn two(d: &[u8; ID_LEN], at: usize) -> u8 {
    d[at] * 10 + d[at + 1]
}

/// Tells IIN from BIN and decodes it.
///
/// The two layouts cannot be confused where both are well formed: an IIN's 5th digit is the
/// first digit of a day (0–3), a BIN's is its type (4–6). An IIN issued since 2013 may carry
/// no real date, so anything that is not a BIN and has a day digit 0–3 counts as an IIN.
pub fn decode_digits(d: &[u8; ID_LEN]) -> Decoded {
    let month = two(d, 2);
    let month_ok = (1..=12).contains(&month);
    if month_ok && (4..=6).contains(&d[4]) && d[5] <= 3 {
        let yy = u16::from(two(d, 0));
        // BINs exist since Kazakhstan's independence; registrations from the 1990s carry 9x.
        let registered_year = if yy >= 90 { 1900 + yy } else { 2000 + yy };
        let entity_type = match d[4] {
            4 => EntityType::ResidentLegalEntity,
            5 => EntityType::NonResidentLegalEntity,
            _ => EntityType::JointVentureEntrepreneur,
        };
        let unit_type = match d[5] {
            0 => UnitType::HeadOffice,
            1 => UnitType::Branch,
            2 => UnitType::RepresentativeOffice,
            _ => UnitType::PeasantFarm,
        };
        return Decoded::Bin(BinInfo { registered_year, registered_month: month, entity_type, unit_type });
    }
    if d[4] > 3 {
        return Decoded::Unknown;
    }
    let century = match d[6] {
        1 | 2 => Some(1800),
        3 | 4 => Some(1900),
        5 | 6 => Some(2000),
        _ => None,
    };
    let sex = match d[6] {
        1 | 3 | 5 => Some(Sex::Male),
        2 | 4 | 6 => Some(Sex::Female),
        _ => None,
    };
    let birth_date = century.and_then(|c| {
        let year = i32::from(c) + i32::from(two(d, 0));
        NaiveDate::from_ymd_opt(year, u32::from(month), u32::from(two(d, 4)))
    });
    Decoded::Iin(IinInfo { birth_date, century, sex })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn valid_examples_of_the_spec() {
        for n in [
            "871008401427",
            "760212350620",
            "830717350867",
            "061211600012",
            "940140000385",
            "961141000023",
            "070840007503",
        ] {
            let id = Id::parse(n).unwrap_or_else(|e| panic!("{n}: {e}"));
            assert_eq!(id.as_string(), n);
        }
    }

    #[test]
    fn examples_that_need_the_second_pass() {
        for n in ["830717350867", "961141000023"] {
            let d = Id::parse(n).unwrap().digits();
            let first: u32 = d[..11].iter().zip(WEIGHTS_FIRST).map(|(&x, w)| u32::from(x) * w).sum();
            assert_eq!(first % 11, 10, "{n} should need the second pass");
        }
    }

    #[test]
    fn invalid_examples_of_the_spec() {
        assert_eq!(Id::parse("000813159890"), Err(IdError::NeverIssued));
        assert!(matches!(Id::parse("123456789011"), Err(IdError::CheckDigitMismatch { found: 1, .. })));
    }

    #[test]
    fn spaces_are_allowed_anywhere() {
        assert_eq!(Id::parse(" 8710 0840\u{a0}1427 ").unwrap().as_string(), "871008401427");
        assert_eq!(Id::parse("\u{200e}871008401427\u{200b}").unwrap().as_string(), "871008401427");
        assert_eq!(Id::parse("871 008 401 427").unwrap().as_string(), "871008401427");
    }

    #[test]
    fn bad_characters_and_lengths_are_named() {
        assert_eq!(Id::parse(""), Err(IdError::Empty));
        assert_eq!(Id::parse("   "), Err(IdError::Empty));
        assert_eq!(Id::parse("87100840142"), Err(IdError::WrongLength(11)));
        assert_eq!(Id::parse("8710084014270"), Err(IdError::WrongLength(13)));
        assert_eq!(Id::parse("87100840142x"), Err(IdError::NotADigit('x')));
        assert_eq!(Id::parse("8710-0840-1427"), Err(IdError::NotADigit('-')));
        // Arabic-Indic and full-width digits are digits to Unicode, not to support.
        assert_eq!(Id::parse("٨٧١٠٠٨٤٠١٤٢٧"), Err(IdError::NotADigit('٨')));
        assert_eq!(Id::parse("８71008401427"), Err(IdError::NotADigit('８')));
    }

    #[test]
    fn iins_decode_birth_date_century_and_sex() {
        let Decoded::Iin(info) = Id::parse("871008401427").unwrap().decode() else { panic!() };
        assert_eq!(info.birth_date, NaiveDate::from_ymd_opt(1987, 10, 8));
        assert_eq!(info.century, Some(1900));
        assert_eq!(info.sex, Some(Sex::Female));

        let Decoded::Iin(info) = Id::parse("760212350620").unwrap().decode() else { panic!() };
        assert_eq!(info.birth_date, NaiveDate::from_ymd_opt(1976, 2, 12));
        assert_eq!(info.sex, Some(Sex::Male));

        let Decoded::Iin(info) = Id::parse("061211600012").unwrap().decode() else { panic!() };
        assert_eq!(info.birth_date, NaiveDate::from_ymd_opt(2006, 12, 11));
        assert_eq!(info.century, Some(2000));
        assert_eq!(info.sex, Some(Sex::Female));
    }

    #[test]
    fn an_iin_without_a_real_date_is_still_an_iin() {
        // 31 February: not a date, but IINs since 2013 need not encode one.
        let d = (0..10u8)
            .find_map(|serial| {
                let mut d = [8, 7, 0, 2, 3, 1, 3, 0, 0, 0, serial, 0];
                check_digit(&first_eleven(&d)).map(|c| {
                    d[11] = c;
                    d
                })
            })
            .unwrap();
        let text: String = d.iter().map(|x| char::from(b'0' + x)).collect();
        let id = Id::parse(&text).unwrap();
        let Decoded::Iin(info) = id.decode() else { panic!() };
        assert_eq!(info.birth_date, None);
        assert_eq!(info.century, Some(1900));
        assert_eq!(info.sex, Some(Sex::Male));
    }

    #[test]
    fn bins_decode_registration_and_types() {
        let decoded = Id::parse("940140000385").unwrap().decode();
        assert_eq!(
            decoded,
            Decoded::Bin(BinInfo {
                registered_year: 1994,
                registered_month: 1,
                entity_type: EntityType::ResidentLegalEntity,
                unit_type: UnitType::HeadOffice,
            })
        );
        let Decoded::Bin(info) = Id::parse("961141000023").unwrap().decode() else { panic!() };
        assert_eq!((info.registered_year, info.registered_month), (1996, 11));
        assert_eq!(info.unit_type, UnitType::Branch);
        let Decoded::Bin(info) = Id::parse("070840007503").unwrap().decode() else { panic!() };
        assert_eq!((info.registered_year, info.registered_month), (2007, 8));
        assert_eq!(Id::parse("070840007503").unwrap().decode().kind(), Kind::Bin);
    }

    #[test]
    fn digits_that_fit_neither_layout_are_unknown() {
        // 5th digit 7: not a day's first digit and not a BIN type.
        assert_eq!(decode_digits(&[9, 9, 0, 1, 7, 0, 0, 0, 0, 0, 0, 0]), Decoded::Unknown);
    }

    proptest! {
        #[test]
        fn prefix_plus_its_check_digit_is_valid_and_no_other_digit_is(
            prefix in proptest::array::uniform11(0u8..=9)
        ) {
            let mut digits = [0u8; ID_LEN];
            digits[..11].copy_from_slice(&prefix);
            match check_digit(&prefix) {
                Some(check) => {
                    for last in 0..=9u8 {
                        digits[11] = last;
                        let text: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
                        let parsed = Id::parse(&text);
                        if last == check {
                            prop_assert_eq!(parsed.map(|id| id.as_string()), Ok(text));
                        } else {
                            prop_assert_eq!(
                                parsed,
                                Err(IdError::CheckDigitMismatch { expected: check, found: last })
                            );
                        }
                    }
                }
                None => {
                    for last in 0..=9u8 {
                        digits[11] = last;
                        let text: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
                        prop_assert_eq!(Id::parse(&text), Err(IdError::NeverIssued));
                    }
                }
            }
        }

        #[test]
        fn parse_never_panics(s in "\\PC{0,20}") {
            let _ = Id::parse(&s);
        }
    }
}
