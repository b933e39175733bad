//! Following a sent request: the working-time calendar and the support SLA's deadlines.

pub mod calendar;
pub mod deadlines;
