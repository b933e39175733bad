//! The support SLA's deadlines for a sent request (`../shared/spec/SLA.md`): acknowledgement within
//! 1 hour (clock time), first answer within 3 working hours, the user's reply within 72 working
//! hours of a request for more information, an answer within 2 working days of the reply.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Asia::Almaty;

use super::calendar::{Calendar, WORKING_DAY_MINUTES};

/// The deadlines; those of events that have not happened are `None`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadlines {
    pub acknowledgement_by: DateTime<Utc>,
    pub first_answer_by: DateTime<Utc>,
    pub reply_by: Option<DateTime<Utc>>,
    pub answer_after_reply_by: Option<DateTime<Utc>>,
    /// Years the arithmetic went through without calendar data (weekends only there).
    pub unknown_years: BTreeSet<i32>,
}

/// The deadlines of a request sent (accepted by the server) at `sent`, support having asked for
/// more at `info_requested`, the user having replied at `replied`.
pub fn deadlines(
    calendar: &Calendar,
    sent: DateTime<Utc>,
    info_requested: Option<DateTime<Utc>>,
    replied: Option<DateTime<Utc>>,
) -> Deadlines {
    let mut unknown_years = BTreeSet::new();
    let mut working = |start, minutes| {
        let (at, unknown) = calendar.add_working_minutes(start, minutes);
        unknown_years.extend(unknown);
        at
    };
    let first_answer_by = working(sent, 3 * 60);
    let reply_by = info_requested.map(|t| working(t, 72 * 60));
    let answer_after_reply_by = replied.map(|t| working(t, 2 * WORKING_DAY_MINUTES));
    Deadlines {
        acknowledgement_by: sent + Duration::hours(1),
        first_answer_by,
        reply_by,
        answer_after_reply_by,
        unknown_years,
    }
}

/// `DD/MM/YYYY HH:MM` in Astana time, as the spec shows deadlines to people.
pub fn astana_text(t: DateTime<Utc>) -> String {
    t.with_timezone(&Almaty).format("%d/%m/%Y %H:%M").to_string()
}

/// RFC 3339 in Astana time (`+05:00`), for machines.
pub fn astana_rfc3339(t: DateTime<Utc>) -> String {
    t.with_timezone(&Almaty).to_rfc3339()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tracking::calendar::tests::at;

    #[test]
    fn a_request_sent_at_18_on_a_friday_before_a_holiday_is_answered_after_it() {
        // Friday 2026-03-20 18:00: Nauryz takes Monday to Wednesday.
        let d = deadlines(Calendar::builtin(), at("2026-03-20 18:00"), None, None);
        assert_eq!(astana_text(d.acknowledgement_by), "20/03/2026 19:00");
        assert_eq!(astana_text(d.first_answer_by), "26/03/2026 11:30");
        assert_eq!(astana_rfc3339(d.first_answer_by), "2026-03-26T11:30:00+05:00");
        assert!(d.reply_by.is_none() && d.answer_after_reply_by.is_none() && d.unknown_years.is_empty());
    }

    #[test]
    fn the_reply_window_and_the_answer_after_the_reply() {
        let d = deadlines(
            Calendar::builtin(),
            at("2026-11-20 17:00"),
            Some(at("2026-11-23 10:00")),
            Some(at("2026-11-28 11:00")),
        );
        assert_eq!(astana_text(d.first_answer_by), "23/11/2026 10:30");
        // 72 working hours from Monday 10:00: 7 days and 5.5 h → Wednesday of the next week 15:30.
        assert_eq!(astana_text(d.reply_by.unwrap()), "02/12/2026 15:30");
        // A reply on Saturday: Tuesday 18:30.
        assert_eq!(astana_text(d.answer_after_reply_by.unwrap()), "01/12/2026 18:30");
    }

    #[test]
    fn years_without_data_are_named() {
        let d = deadlines(Calendar::builtin(), at("2027-03-05 17:00"), None, None);
        assert_eq!(d.unknown_years, BTreeSet::from([2027]));
        assert_eq!(astana_text(d.first_answer_by), "08/03/2027 10:30");
    }
}
