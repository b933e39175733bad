//! Kazakhstan's working-time calendar in Astana time: Monday–Friday 09:00–18:30 (`Asia/Almaty`),
//! minus public holidays, plus weekend days made working days, as data per year
//! (`assets/calendar/<year>.toml`, with their sources). A year without data counts weekends only,
//! and says so.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use chrono::{DateTime, Datelike as _, Duration, NaiveDate, NaiveTime, TimeZone as _, Utc, Weekday};
use chrono_tz::Asia::Almaty;

/// The years shipped with the program.
const YEARS: [&str; 2] =
    [include_str!("../../assets/calendar/2025.toml"), include_str!("../../assets/calendar/2026.toml")];

/// The working day's hours in Astana time, and their length in minutes (9.5 hours).
/// `expect` in a constant: a wrong literal would fail the build, never a run.
#[allow(clippy::expect_used)]
const DAY_START: NaiveTime = NaiveTime::from_hms_opt(9, 0, 0).expect("09:00 is a time");
#[allow(clippy::expect_used)]
const DAY_END: NaiveTime = NaiveTime::from_hms_opt(18, 30, 0).expect("18:30 is a time");
pub const WORKING_DAY_MINUTES: i64 = 570;

/// One year's data.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Year {
    pub year: i32,
    /// Weekdays that are not worked (holidays and their transfers).
    pub days_off: BTreeSet<NaiveDate>,
    /// Weekend days that are worked (transfers).
    pub working_days: BTreeSet<NaiveDate>,
}

/// The calendar: the years it knows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Calendar {
    years: BTreeMap<i32, Year>,
}

/// Why a year's data is wrong (a test reads every shipped year).
#[derive(Debug, thiserror::Error)]
pub enum CalendarError {
    #[error("calendar data: {0}")]
    Parse(#[from] toml::de::Error),
    #[error("calendar data for {year} lists {date}, which is in another year")]
    WrongYear { year: i32, date: NaiveDate },
}

impl Calendar {
    /// The years shipped with the program (parsed once). A damaged table is left out, so the
    /// year falls back to weekends only — and the shipped tables are checked by a test.
    pub fn builtin() -> &'static Self {
        static BUILTIN: OnceLock<Calendar> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            let mut calendar = Self::default();
            for text in YEARS {
                if let Ok(year) = parse_year(text) {
                    calendar.years.insert(year.year, year);
                }
            }
            calendar
        })
    }

    pub fn with_years(years: impl IntoIterator<Item = Year>) -> Self {
        Self { years: years.into_iter().map(|y| (y.year, y)).collect() }
    }

    /// Whether the calendar has data for `year`.
    pub fn knows(&self, year: i32) -> bool {
        self.years.contains_key(&year)
    }

    /// Whether `date` is a working day (weekends only for a year without data).
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        let weekend = matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
        match self.years.get(&date.year()) {
            Some(year) if weekend => year.working_days.contains(&date),
            Some(year) => !year.days_off.contains(&date),
            None => !weekend,
        }
    }

    /// The instant at which `minutes` of working time have passed since `start`. The clock starts at
    /// `start` inside working hours, else at the next working period; a deadline that lands on
    /// 18:30 stays there. Also returns the years without data it went through.
    pub fn add_working_minutes(&self, start: DateTime<Utc>, minutes: i64) -> (DateTime<Utc>, BTreeSet<i32>) {
        let mut unknown = BTreeSet::new();
        let local = start.with_timezone(&Almaty).naive_local();
        let (mut date, mut time) = (local.date(), local.time());
        let mut left = minutes.max(0);
        // At most a few years of days: the loop always moves on by a day.
        for _ in 0..366 * 10 {
            if !self.knows(date.year()) {
                unknown.insert(date.year());
            }
            if self.is_working_day(date) && time < DAY_END {
                let from = time.max(DAY_START);
                let available = (DAY_END - from).num_minutes();
                if left <= available {
                    return (astana(date, from + Duration::minutes(left)), unknown);
                }
                left -= available;
            }
            date = date.succ_opt().unwrap_or(date);
            time = NaiveTime::MIN;
        }
        (astana(date, DAY_END), unknown)
    }
}

/// A wall-clock time in Astana as an instant (working hours are never in the hour the clocks went
/// back on 2024-03-01, so the earliest reading is the only one there).
fn astana(date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    let local = date.and_time(time);
    Almaty
        .from_local_datetime(&local)
        .earliest()
        .map_or_else(|| Utc.from_utc_datetime(&local), |t| t.with_timezone(&Utc))
}

/// Reads one year's table and checks that its dates are in that year.
pub fn parse_year(text: &str) -> Result<Year, CalendarError> {
    let year: Year = toml::from_str(text)?;
    if let Some(date) = year.days_off.iter().chain(&year.working_days).find(|d| d.year() != year.year) {
        return Err(CalendarError::WrongYear { year: year.year, date: *date });
    }
    Ok(year)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// An Astana wall-clock time as an instant.
    pub(crate) fn at(text: &str) -> DateTime<Utc> {
        let naive = chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap();
        Almaty.from_local_datetime(&naive).earliest().unwrap().with_timezone(&Utc)
    }

    fn show(t: DateTime<Utc>) -> String {
        t.with_timezone(&Almaty).format("%a %Y-%m-%d %H:%M").to_string()
    }

    #[test]
    fn the_shipped_years_parse_and_hold_what_the_spec_lists() {
        for text in YEARS {
            parse_year(text).unwrap();
        }
        let c = Calendar::builtin();
        assert!(c.knows(2025) && c.knows(2026) && !c.knows(2027));
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        for off in ["2025-01-03", "2025-03-10", "2025-06-06", "2025-09-01", "2026-03-09", "2026-05-11", "2026-05-27"] {
            assert!(!c.is_working_day(d(off)), "{off}");
        }
        // A Sunday made a working day; Constitution Day is no longer off in 2026 (Mon Aug 31).
        assert!(c.is_working_day(d("2025-01-05")));
        assert!(c.is_working_day(d("2026-08-31")));
        // A year without data: weekends only.
        assert!(c.is_working_day(d("2027-01-01")) && !c.is_working_day(d("2027-01-02")));
        assert!(matches!(
            parse_year("year = 2025\ndays_off = [\"2024-12-31\"]\nworking_days = []\n"),
            Err(CalendarError::WrongYear { .. })
        ));
        assert!(parse_year("year = 2025\ndays_off = []\nworking_days = []\nextra = 1\n").is_err());
    }

    #[test]
    fn working_hours_are_added_across_evenings_weekends_holidays_and_transfers() {
        let c = Calendar::builtin();
        let cases = [
            // (start, working minutes, deadline) — Astana time.
            ("2026-11-20 17:00", 180, "Mon 2026-11-23 10:30"), // the spec's Friday example
            ("2026-11-23 15:00", 1140, "Wed 2026-11-25 15:00"), // 2 working days from Monday 15:00
            ("2026-11-21 12:00", 1140, "Tue 2026-11-24 18:30"), // from a Saturday: lands on 18:30, stays
            ("2026-11-23 08:00", 60, "Mon 2026-11-23 10:00"),  // before the day starts
            ("2026-11-23 18:30", 60, "Tue 2026-11-24 10:00"),  // at the end of the day
            ("2026-11-23 16:00", 150, "Mon 2026-11-23 18:30"), // exactly to the end
            // Friday 18:00 before the Dec 16 holiday? 2026-12-11 is a Friday; Dec 14–15 work, 16 off.
            ("2026-12-15 18:00", 180, "Thu 2026-12-17 11:30"),
            // Nauryz 2026: Fri Mar 20 17:00 → Mon 23, Tue 24, Wed 25 off → Thu 26.
            ("2026-03-20 17:00", 180, "Thu 2026-03-26 10:30"),
            // The working Sunday 2025-01-05 and the day off Friday Jan 3.
            ("2025-01-02 12:00", 60, "Sun 2025-01-05 10:00"),
            // May 2026: Fri May 8 18:00 → Mon May 11 off → Tue May 12.
            ("2026-05-08 18:00", 180, "Tue 2026-05-12 11:30"),
            // 72 working hours from Monday 09:00 = 7 days + 5.5 h: Wed of the next week, 14:30.
            ("2026-11-02 09:00", 4320, "Wed 2026-11-11 14:30"),
            // Across the zone change: Thu 2024-02-29 (UTC+6) to Fri 2024-03-01 (UTC+5).
            ("2024-02-29 18:00", 60, "Fri 2024-03-01 09:30"),
        ];
        for (start, minutes, expected) in cases {
            let (deadline, _) = c.add_working_minutes(at(start), minutes);
            assert_eq!(show(deadline), expected, "{start} + {minutes} min");
        }
        // The zone change in instants: 09:30 on 2024-03-01 is 04:30 UTC (UTC+5), 09:00 the day before 03:00 UTC.
        let (deadline, unknown) = c.add_working_minutes(at("2024-02-29 18:00"), 60);
        assert_eq!(deadline.to_rfc3339(), "2024-03-01T04:30:00+00:00");
        assert_eq!(unknown, BTreeSet::from([2024]));
        assert_eq!(at("2024-02-29 09:00").to_rfc3339(), "2024-02-29T03:00:00+00:00");
        // Years with data are not reported.
        assert!(c.add_working_minutes(at("2026-11-20 17:00"), 180).1.is_empty());
        // Into a year without data.
        let (_, unknown) = c.add_working_minutes(at("2026-12-31 18:00"), 600);
        assert_eq!(unknown, BTreeSet::from([2027]));
    }
}
