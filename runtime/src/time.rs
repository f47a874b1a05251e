//! UTC instants and the three timestamp formats of AWS protocols.
//!
//! The formats reproduce what botocore writes (`botocore/serialize.py`, default timestamp
//! precision) and the parsers accept what services send back, a little more leniently than
//! the specification, as botocore's `parse_timestamp` does.

use std::fmt::{self, Write as _};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::encoding::write_float;

const NANOS_PER_SEC: u32 = 1_000_000_000;
const SECS_PER_DAY: i64 = 86_400;

/// An instant in UTC with nanosecond resolution, counted from the Unix epoch.
///
/// `nanos` is always below one second, so an instant before the epoch such as
/// `1969-12-31T23:59:59.5Z` is `{ seconds: -1, nanos: 500_000_000 }` and the derived ordering is
/// chronological.
///
/// The default is the epoch, the value a required timestamp the service left out takes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTime {
    seconds: i64,
    nanos: u32,
}

impl DateTime {
    /// The instant `seconds` after the epoch.
    pub fn from_secs(seconds: i64) -> Self {
        Self { seconds, nanos: 0 }
    }

    /// The instant `seconds` plus `nanos` after the epoch; whole seconds in `nanos` carry over
    /// (saturating at the end of the `i64` range).
    pub fn from_secs_and_nanos(seconds: i64, nanos: u32) -> Self {
        Self {
            seconds: seconds.saturating_add(i64::from(nanos / NANOS_PER_SEC)),
            nanos: nanos % NANOS_PER_SEC,
        }
    }

    /// The instant `seconds` (possibly fractional) after the epoch, rounded to the nearest
    /// microsecond (ties to even) as Python's `datetime.fromtimestamp` rounds it — which is
    /// how botocore turns a number into a time, both for inputs and in responses. A float
    /// of today's epoch seconds has no meaningful digits below the microsecond anyway:
    /// `1440938160.123` is `…160.12299990654` to the float. `None` for NaN, infinities and
    /// values beyond the `i64` range.
    pub fn from_secs_f64(seconds: f64) -> Option<Self> {
        // 2^63 as an f64: every float below it (and at or above -2^63) truncates into an i64.
        const LIMIT: f64 = 9_223_372_036_854_775_808.0;
        const MICROS_PER_SEC: f64 = 1e6;
        if !seconds.is_finite() {
            return None;
        }
        // CPython's steps (`_PyTime_DoubleToDenominator`): split off the fraction towards
        // zero, round its microseconds half to even, then carry into the whole seconds.
        let mut whole = seconds.trunc();
        let mut micros = ((seconds - whole) * MICROS_PER_SEC).round_ties_even();
        if micros >= MICROS_PER_SEC {
            micros -= MICROS_PER_SEC;
            whole += 1.0;
        } else if micros < 0.0 {
            micros += MICROS_PER_SEC;
            whole -= 1.0;
        }
        if !(-LIMIT..LIMIT).contains(&whole) {
            return None;
        }
        Some(Self::from_secs_and_nanos(
            whole as i64,
            micros as u32 * (NANOS_PER_SEC / 1_000_000),
        ))
    }

    /// The current time from the system clock.
    pub fn now() -> Self {
        match SystemTime::now().duration_since(UNIX_EPOCH) {
            Ok(after) => Self::from_secs_and_nanos(
                i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
                after.subsec_nanos(),
            ),
            Err(before) => {
                let before = before.duration();
                let seconds = i64::try_from(before.as_secs()).map_or(i64::MIN, |s| -s);
                match before.subsec_nanos() {
                    0 => Self::from_secs(seconds),
                    nanos => Self {
                        seconds: seconds.saturating_sub(1),
                        nanos: NANOS_PER_SEC - nanos,
                    },
                }
            }
        }
    }

    /// Whole seconds since the epoch, rounded towards the past.
    pub fn secs(self) -> i64 {
        self.seconds
    }

    /// The nanoseconds past [`secs`](Self::secs), below one billion.
    pub fn subsec_nanos(self) -> u32 {
        self.nanos
    }

    /// Seconds since the epoch as a float (loses precision far from the epoch).
    pub fn as_secs_f64(self) -> f64 {
        self.seconds as f64 + f64::from(self.nanos) / f64::from(NANOS_PER_SEC)
    }

    /// The SigV4 `X-Amz-Date` form, `20150830T123600Z`. Written digit by digit: every
    /// request is signed with it, and `core::fmt` costs several times as much.
    pub fn fmt_amz_date(self) -> String {
        let c = Civil::from(self);
        let mut out = String::with_capacity(16);
        c.push_date_stamp(&mut out);
        out.push('T');
        push_two_digits(&mut out, c.hour);
        push_two_digits(&mut out, c.minute);
        push_two_digits(&mut out, c.second);
        out.push('Z');
        out
    }

    /// The SigV4 credential-scope date, `20150830`.
    pub fn fmt_date_stamp(self) -> String {
        let mut out = String::with_capacity(8);
        Civil::from(self).push_date_stamp(&mut out);
        out
    }

    /// ISO 8601 as botocore writes it: `2015-08-30T12:36:00Z`, with six fractional digits
    /// (`2015-08-30T12:36:00.500000Z`) only when the microsecond is not zero. Digits finer than
    /// a microsecond are dropped, since botocore works with Python's microsecond `datetime`.
    pub fn fmt_iso8601(self) -> String {
        let mut out = String::with_capacity(27);
        // Writing into a String cannot fail.
        let _ = self.write_iso8601(&mut out);
        out
    }

    fn write_iso8601(self, out: &mut impl fmt::Write) -> fmt::Result {
        let c = Civil::from(self);
        write!(
            out,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            c.year, c.month, c.day, c.hour, c.minute, c.second
        )?;
        match self.nanos / 1000 {
            0 => out.write_char('Z'),
            micros => write!(out, ".{micros:06}Z"),
        }
    }

    /// The HTTP date (IMF-fixdate) form, `Sun, 30 Aug 2015 12:36:00 GMT`, which has no
    /// fractional seconds.
    pub fn fmt_http_date(self) -> String {
        let c = Civil::from(self);
        let mut out = String::with_capacity(29);
        let _ = write!(
            out,
            "{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT",
            WEEKDAYS[c.weekday as usize],
            c.day,
            MONTHS[c.month as usize - 1],
            c.year,
            c.hour,
            c.minute,
            c.second
        );
        out
    }

    /// Epoch seconds as botocore writes them: an integer (`1440938160`) when the microsecond
    /// is zero, otherwise the float nearest to seconds-plus-microseconds in Python's `repr`
    /// form (`1440938160.123456`, or `1e-06` for one microsecond after the epoch). The same
    /// text serves as a JSON number, a query value and a header value.
    pub fn fmt_epoch_seconds(self) -> String {
        let micros = self.nanos / 1000;
        if micros == 0 {
            return self.seconds.to_string();
        }
        // botocore divides the integer count of microseconds by 10**6, which Python rounds
        // once, exactly; parsing the exact decimal gives that same correctly rounded float.
        let total = i128::from(self.seconds) * 1_000_000 + i128::from(micros);
        let sign = if total < 0 { "-" } else { "" };
        let magnitude = total.unsigned_abs();
        let exact = format!(
            "{sign}{}.{:06}",
            magnitude / 1_000_000,
            magnitude % 1_000_000
        );
        let mut out = String::with_capacity(24);
        write_float(&mut out, exact.parse().unwrap_or(f64::NAN));
        out
    }

    /// Parses an ISO 8601 / RFC 3339 date-time such as `2015-08-30T12:36:00Z`,
    /// `2015-08-30T12:36:00.123456789Z` or `2015-08-30T14:36:00+02:00`.
    ///
    /// Like botocore (which hands such strings to `dateutil`), it also takes a lower-case `t`
    /// or `z`, a space for the `T`, offsets without the colon, and a missing offset, read as
    /// UTC. Fractional digits past the nanosecond are ignored.
    pub fn parse_iso8601(text: &str) -> Result<Self, ParseTimeError> {
        let fail = |why| ParseTimeError::new(text, "ISO 8601", why);
        let mut cursor = Cursor::new(text);
        let year = cursor
            .digits(4)
            .ok_or_else(|| fail("expected a 4-digit year"))?;
        cursor
            .expect(b'-')
            .ok_or_else(|| fail("expected `-` after the year"))?;
        let month = cursor
            .digits(2)
            .ok_or_else(|| fail("expected a 2-digit month"))?;
        cursor
            .expect(b'-')
            .ok_or_else(|| fail("expected `-` after the month"))?;
        let day = cursor
            .digits(2)
            .ok_or_else(|| fail("expected a 2-digit day"))?;
        cursor
            .expect_any(b"Tt ")
            .ok_or_else(|| fail("expected `T` between the date and the time"))?;
        let (hour, minute, second) = cursor.time().map_err(fail)?;
        let nanos = cursor.fraction();
        let offset = match cursor.next() {
            None | Some(b'Z' | b'z') => 0,
            Some(sign @ (b'+' | b'-')) => cursor.offset(sign, true).map_err(fail)?,
            Some(_) => return Err(fail("expected `Z` or an offset after the time")),
        };
        if !cursor.at_end() {
            return Err(fail("unexpected text after the date-time"));
        }
        let date = Date::new(i64::from(year), month, day).map_err(fail)?;
        date.at(hour, minute, second, nanos, offset).map_err(fail)
    }

    /// Parses an HTTP date such as `Sun, 30 Aug 2015 12:36:00 GMT`. The weekday is optional
    /// and not checked against the date; the zone may be `GMT`, `UTC`, `Z` or a numeric
    /// offset such as `+0000`, and fractional seconds are accepted.
    pub fn parse_http_date(text: &str) -> Result<Self, ParseTimeError> {
        let fail = |why| ParseTimeError::new(text, "HTTP date", why);
        let mut cursor = Cursor::new(text);
        if let Some(weekday) = text
            .get(..3)
            .filter(|_| text.as_bytes().get(3) == Some(&b','))
        {
            if !WEEKDAYS.iter().any(|w| w.eq_ignore_ascii_case(weekday)) {
                return Err(fail("unknown weekday"));
            }
            cursor.skip(4);
            cursor.spaces();
        }
        let day = cursor
            .digits_between(1, 2)
            .ok_or_else(|| fail("expected a day"))?;
        cursor.spaces();
        let month = cursor
            .month()
            .ok_or_else(|| fail("expected a month name"))?;
        cursor.spaces();
        let year = cursor
            .digits(4)
            .ok_or_else(|| fail("expected a 4-digit year"))?;
        cursor.spaces();
        let (hour, minute, second) = cursor.time().map_err(fail)?;
        let nanos = cursor.fraction();
        cursor.spaces();
        let offset = cursor.http_zone().map_err(fail)?;
        if !cursor.at_end() {
            return Err(fail("unexpected text after the date"));
        }
        let date = Date::new(i64::from(year), month, day).map_err(fail)?;
        date.at(hour, minute, second, nanos, offset).map_err(fail)
    }

    /// Parses epoch seconds such as `1440938160`, `1440938160.5` or `-0.25` exactly (to the
    /// nanosecond); a number with an exponent (`1.44e9`) goes through `f64`.
    pub fn parse_epoch_seconds(text: &str) -> Result<Self, ParseTimeError> {
        let fail = |why| ParseTimeError::new(text, "epoch-seconds", why);
        let (negative, unsigned) = match text.as_bytes().first() {
            Some(b'-') => (true, &text[1..]),
            Some(b'+') => (false, &text[1..]),
            _ => (false, text),
        };
        if unsigned.contains(['e', 'E']) {
            let value: f64 = text.parse().map_err(|_| fail("not a number"))?;
            return Self::from_secs_f64(value).ok_or_else(|| fail("out of range"));
        }
        let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !all_digits(whole) || !all_digits(fraction) {
            return Err(fail("not a decimal number"));
        }
        if unsigned.ends_with('.') {
            return Err(fail("expected digits after `.`"));
        }
        let whole: i64 = whole.parse().map_err(|_| fail("out of range"))?;
        let nanos = Cursor::new(fraction).fraction_digits();
        if !negative {
            return Ok(Self {
                seconds: whole,
                nanos,
            });
        }
        let seconds = whole.checked_neg().ok_or_else(|| fail("out of range"))?;
        match nanos {
            0 => Ok(Self::from_secs(seconds)),
            nanos => Ok(Self {
                seconds: seconds.checked_sub(1).ok_or_else(|| fail("out of range"))?,
                nanos: NANOS_PER_SEC - nanos,
            }),
        }
    }
}

/// ISO 8601, as [`DateTime::fmt_iso8601`].
impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_iso8601(f)
    }
}

/// The `timestampFormat` values of Smithy / AWS models.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TimestampFormat {
    /// `epoch-seconds` (botocore `unixTimestamp`).
    EpochSeconds,
    /// `date-time` (botocore `iso8601`).
    Iso8601,
    /// `http-date` (botocore `rfc822`).
    HttpDate,
}

impl TimestampFormat {
    /// Formats `time` in this format, as botocore does.
    pub fn format(&self, time: DateTime) -> String {
        match self {
            TimestampFormat::EpochSeconds => time.fmt_epoch_seconds(),
            TimestampFormat::Iso8601 => time.fmt_iso8601(),
            TimestampFormat::HttpDate => time.fmt_http_date(),
        }
    }

    /// Parses `text` in this format.
    pub fn parse(&self, text: &str) -> Result<DateTime, ParseTimeError> {
        match self {
            TimestampFormat::EpochSeconds => DateTime::parse_epoch_seconds(text),
            TimestampFormat::Iso8601 => DateTime::parse_iso8601(text),
            TimestampFormat::HttpDate => DateTime::parse_http_date(text),
        }
    }
}

/// A timestamp that could not be parsed; the message names the input and what was wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseTimeError {
    input: String,
    format: &'static str,
    why: &'static str,
}

impl ParseTimeError {
    fn new(input: &str, format: &'static str, why: &'static str) -> Self {
        Self {
            input: input.to_owned(),
            format,
            why,
        }
    }
}

impl fmt::Display for ParseTimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid {} timestamp `{}`: {}",
            self.format, self.input, self.why
        )
    }
}

impl std::error::Error for ParseTimeError {}

const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// The calendar fields of an instant, in UTC.
struct Civil {
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    /// 0 is Sunday.
    weekday: u32,
}

impl Civil {
    /// `YYYYMMDD`; a year outside 0..=9999 keeps its digits (and sign), as `{:04}` would.
    fn push_date_stamp(&self, out: &mut String) {
        if (0..=9999).contains(&self.year) {
            let year = self.year as u32;
            push_two_digits(out, year / 100);
            push_two_digits(out, year % 100);
        } else {
            let _ = write!(out, "{:04}", self.year);
        }
        push_two_digits(out, self.month);
        push_two_digits(out, self.day);
    }
}

/// `value` (below 100) as two decimal digits.
fn push_two_digits(out: &mut String, value: u32) {
    out.push(char::from(b'0' + (value / 10) as u8));
    out.push(char::from(b'0' + (value % 10) as u8));
}

impl From<DateTime> for Civil {
    fn from(time: DateTime) -> Self {
        let days = time.seconds.div_euclid(SECS_PER_DAY);
        let second_of_day = time.seconds.rem_euclid(SECS_PER_DAY) as u32;
        let Date { year, month, day } = Date::from_days(days);
        Civil {
            year,
            month,
            day,
            hour: second_of_day / 3600,
            minute: second_of_day / 60 % 60,
            second: second_of_day % 60,
            // 1970-01-01 was a Thursday.
            weekday: (days + 4).rem_euclid(7) as u32,
        }
    }
}

/// A day of the proleptic Gregorian calendar.
#[derive(Debug, PartialEq, Eq)]
struct Date {
    year: i64,
    month: u32,
    day: u32,
}

impl Date {
    fn new(year: i64, month: u32, day: u32) -> Result<Self, &'static str> {
        if !(1..=12).contains(&month) {
            return Err("month out of range");
        }
        if day == 0 || day > days_in_month(year, month) {
            return Err("day out of range for the month");
        }
        Ok(Self { year, month, day })
    }

    // The two conversions below are Howard Hinnant's `days_from_civil` and
    // `civil_from_days`: counting years from March puts the leap day last, so a 400-year era
    // of 146097 days has a closed form.

    /// Days since 1970-01-01.
    fn to_days(&self) -> i64 {
        let year = if self.month <= 2 {
            self.year - 1
        } else {
            self.year
        };
        let era = year.div_euclid(400);
        let year_of_era = year.rem_euclid(400);
        let month_from_march = (i64::from(self.month) + 9) % 12;
        let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(self.day) - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    fn from_days(days: i64) -> Self {
        let days = days + 719_468;
        let era = days.div_euclid(146_097);
        let day_of_era = days.rem_euclid(146_097);
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let month_from_march = (5 * day_of_year + 2) / 153;
        let day = (day_of_year - (153 * month_from_march + 2) / 5 + 1) as u32;
        let month = if month_from_march < 10 {
            month_from_march + 3
        } else {
            month_from_march - 9
        } as u32;
        let year = year_of_era + era * 400 + i64::from(month <= 2);
        Self { year, month, day }
    }

    /// The instant at a wall-clock time on this day in a zone `offset` seconds east of UTC.
    fn at(
        &self,
        hour: u32,
        minute: u32,
        second: u32,
        nanos: u32,
        offset: i64,
    ) -> Result<DateTime, &'static str> {
        if hour > 23 || minute > 59 || second > 59 {
            return Err("time of day out of range");
        }
        let local = self.to_days() * SECS_PER_DAY + i64::from(hour * 3600 + minute * 60 + second);
        Ok(DateTime {
            seconds: local - offset,
            nanos,
        })
    }
}

fn is_leap_year(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A position in the ASCII text of a timestamp.
struct Cursor<'a> {
    bytes: &'a [u8],
    position: usize,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            bytes: text.as_bytes(),
            position: 0,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.position).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.position += 1;
        Some(byte)
    }

    fn skip(&mut self, count: usize) {
        self.position = (self.position + count).min(self.bytes.len());
    }

    fn at_end(&self) -> bool {
        self.position == self.bytes.len()
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        self.expect_any(&[byte])
    }

    fn expect_any(&mut self, choices: &[u8]) -> Option<()> {
        self.peek().filter(|b| choices.contains(b))?;
        self.position += 1;
        Some(())
    }

    fn spaces(&mut self) {
        while self.peek() == Some(b' ') {
            self.position += 1;
        }
    }

    /// Exactly `count` ASCII digits as a number.
    fn digits(&mut self, count: usize) -> Option<u32> {
        self.digits_between(count, count)
    }

    /// Between `min` and `max` (at most 9) ASCII digits, as many as there are.
    fn digits_between(&mut self, min: usize, max: usize) -> Option<u32> {
        let start = self.position;
        let mut value = 0;
        while self.position - start < max {
            match self.peek() {
                Some(byte @ b'0'..=b'9') => {
                    value = value * 10 + u32::from(byte - b'0');
                    self.position += 1;
                }
                _ => break,
            }
        }
        (self.position - start >= min).then_some(value)
    }

    /// `hh:mm:ss`.
    fn time(&mut self) -> Result<(u32, u32, u32), &'static str> {
        let hour = self.digits(2).ok_or("expected a 2-digit hour")?;
        self.expect(b':').ok_or("expected `:` after the hour")?;
        let minute = self.digits(2).ok_or("expected 2-digit minutes")?;
        self.expect(b':').ok_or("expected `:` after the minutes")?;
        let second = self.digits(2).ok_or("expected 2-digit seconds")?;
        Ok((hour, minute, second))
    }

    /// An optional `.digits` as nanoseconds.
    fn fraction(&mut self) -> u32 {
        let has_digit = self
            .bytes
            .get(self.position + 1)
            .is_some_and(u8::is_ascii_digit);
        if self.peek() != Some(b'.') || !has_digit {
            return 0;
        }
        self.position += 1;
        self.fraction_digits()
    }

    /// Digits after a decimal point as nanoseconds, consuming (and ignoring) any past the
    /// ninth.
    fn fraction_digits(&mut self) -> u32 {
        let start = self.position;
        let nanos = self.digits_between(0, 9).unwrap_or(0);
        let scale = 10u32.pow(9 - (self.position - start) as u32);
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.position += 1;
        }
        nanos * scale
    }

    /// The rest of a numeric offset after its sign, in seconds east of UTC: `hh:mm`, `hhmm`,
    /// or a bare `hh` when `allow_hours_only`.
    fn offset(&mut self, sign: u8, allow_hours_only: bool) -> Result<i64, &'static str> {
        let hours = self.digits(2).ok_or("expected a 2-digit offset hour")?;
        let minutes = if self.at_end() && allow_hours_only {
            0
        } else {
            let _ = self.expect(b':');
            self.digits(2).ok_or("expected 2-digit offset minutes")?
        };
        if hours > 23 || minutes > 59 {
            return Err("offset out of range");
        }
        let seconds = i64::from(hours * 3600 + minutes * 60);
        Ok(if sign == b'-' { -seconds } else { seconds })
    }

    /// A three-letter English month name, case-insensitively.
    fn month(&mut self) -> Option<u32> {
        let name = self.bytes.get(self.position..self.position + 3)?;
        let index = MONTHS
            .iter()
            .position(|m| m.as_bytes().eq_ignore_ascii_case(name))?;
        self.position += 3;
        Some(index as u32 + 1)
    }

    /// The zone of an HTTP date, in seconds east of UTC.
    fn http_zone(&mut self) -> Result<i64, &'static str> {
        let rest = &self.bytes[self.position..];
        for name in [&b"GMT"[..], b"UTC", b"Z"] {
            if rest.eq_ignore_ascii_case(name) {
                self.position = self.bytes.len();
                return Ok(0);
            }
        }
        match self.next() {
            Some(sign @ (b'+' | b'-')) => self.offset(sign, false),
            _ => Err("expected `GMT` or an offset after the time"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // 2015-08-30T12:36:00Z, the time of the AWS SigV4 test suite.
    const SUITE_TIME: i64 = 1_440_938_160;

    fn at(seconds: i64, nanos: u32) -> DateTime {
        DateTime::from_secs_and_nanos(seconds, nanos)
    }

    #[test]
    fn sigv4_forms() {
        let time = DateTime::from_secs(SUITE_TIME);
        assert_eq!(time.fmt_amz_date(), "20150830T123600Z");
        assert_eq!(time.fmt_date_stamp(), "20150830");
    }

    #[test]
    fn iso8601_has_microseconds_only_when_nonzero() {
        // Python: datetime(2015, 8, 30, 12, 36).strftime('%Y-%m-%dT%H:%M:%SZ') and the
        // '%Y-%m-%dT%H:%M:%S.%fZ' form that botocore picks when `microsecond > 0`.
        assert_eq!(
            DateTime::from_secs(SUITE_TIME).fmt_iso8601(),
            "2015-08-30T12:36:00Z"
        );
        assert_eq!(
            at(SUITE_TIME, 500_000_000).fmt_iso8601(),
            "2015-08-30T12:36:00.500000Z"
        );
        assert_eq!(
            at(SUITE_TIME, 123_456_789).fmt_iso8601(),
            "2015-08-30T12:36:00.123456Z"
        );
        assert_eq!(at(SUITE_TIME, 999).fmt_iso8601(), "2015-08-30T12:36:00Z");
        assert_eq!(
            at(SUITE_TIME, 1_000).fmt_iso8601(),
            "2015-08-30T12:36:00.000001Z"
        );
        assert_eq!(
            at(SUITE_TIME, 1_000).to_string(),
            "2015-08-30T12:36:00.000001Z"
        );
    }

    #[test]
    fn http_date() {
        // Python: email.utils.formatdate(1440938160, usegmt=True).
        assert_eq!(
            DateTime::from_secs(SUITE_TIME).fmt_http_date(),
            "Sun, 30 Aug 2015 12:36:00 GMT"
        );
        assert_eq!(
            at(SUITE_TIME, 999_999_999).fmt_http_date(),
            "Sun, 30 Aug 2015 12:36:00 GMT"
        );
        assert_eq!(
            DateTime::from_secs(0).fmt_http_date(),
            "Thu, 01 Jan 1970 00:00:00 GMT"
        );
        assert_eq!(
            DateTime::from_secs(951_782_400).fmt_http_date(),
            "Tue, 29 Feb 2000 00:00:00 GMT"
        );
    }

    #[test]
    fn epoch_seconds_like_botocore_unixtimestamp() {
        // Expected values are what botocore 1.44.5's `_timestamp_unixtimestamp` returns,
        // rendered by `json.dumps`.
        let cases = [
            (at(SUITE_TIME, 0), "1440938160"),
            (at(SUITE_TIME, 999), "1440938160"),
            (at(SUITE_TIME, 500_000_000), "1440938160.5"),
            (at(SUITE_TIME, 123_456_000), "1440938160.123456"),
            (at(1, 3_691_000), "1.003691"),
            (at(0, 1_000), "1e-06"),
            (at(-1, 500_000_000), "-0.5"),
            (at(-2, 0), "-2"),
            (at(253_402_300_799, 999_999_000), "253402300800.0"),
        ];
        for (time, expected) in cases {
            assert_eq!(time.fmt_epoch_seconds(), expected, "{time:?}");
        }
    }

    #[test]
    fn calendar_round_trips_across_eras() {
        let cases = [
            (0, "1970-01-01T00:00:00Z"),
            (-1, "1969-12-31T23:59:59Z"),
            (951_782_400, "2000-02-29T00:00:00Z"),
            (4_107_542_400, "2100-03-01T00:00:00Z"),
            (-62_135_596_800, "0001-01-01T00:00:00Z"),
            (253_402_300_799, "9999-12-31T23:59:59Z"),
            (-2_208_988_800, "1900-01-01T00:00:00Z"),
        ];
        for (seconds, text) in cases {
            let time = DateTime::from_secs(seconds);
            assert_eq!(time.fmt_iso8601(), text);
            assert_eq!(DateTime::parse_iso8601(text), Ok(time));
        }
        // Every day over four centuries converts both ways.
        for days in -80_000..80_000 {
            let date = Date::from_days(days);
            assert_eq!(date.to_days(), days);
            assert_eq!(Date::new(date.year, date.month, date.day), Ok(date));
        }
    }

    #[test]
    fn weekdays() {
        let names: Vec<String> = (0..7)
            .map(|d| {
                DateTime::from_secs(SUITE_TIME + d * SECS_PER_DAY).fmt_http_date()[..3].to_owned()
            })
            .collect();
        assert_eq!(names, ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]);
        assert!(
            DateTime::from_secs(-1)
                .fmt_http_date()
                .starts_with("Wed, 31 Dec 1969")
        );
    }

    #[test]
    fn parse_iso8601_variants() {
        let cases = [
            ("2015-08-30T12:36:00Z", at(SUITE_TIME, 0)),
            ("2015-08-30T12:36:00.5Z", at(SUITE_TIME, 500_000_000)),
            (
                "2015-08-30T12:36:00.123456789Z",
                at(SUITE_TIME, 123_456_789),
            ),
            (
                "2015-08-30T12:36:00.1234567891234Z",
                at(SUITE_TIME, 123_456_789),
            ),
            ("2015-08-30T14:36:00+02:00", at(SUITE_TIME, 0)),
            ("2015-08-30T14:36:00+0200", at(SUITE_TIME, 0)),
            ("2015-08-30T07:06:00-05:30", at(SUITE_TIME, 0)),
            ("2015-08-30T12:36:00+00:00", at(SUITE_TIME, 0)),
            ("2015-08-30t12:36:00z", at(SUITE_TIME, 0)),
            ("2015-08-30 12:36:00", at(SUITE_TIME, 0)),
            ("2015-08-30T12:36:00", at(SUITE_TIME, 0)),
            ("2015-08-31T00:36:00+12", at(SUITE_TIME, 0)),
        ];
        for (text, expected) in cases {
            assert_eq!(DateTime::parse_iso8601(text), Ok(expected), "{text}");
        }
    }

    #[test]
    fn parse_iso8601_rejects_invalid_dates_and_garbage() {
        let cases = [
            ("", "expected a 4-digit year"),
            ("2015-13-01T00:00:00Z", "month out of range"),
            ("2015-02-29T00:00:00Z", "day out of range for the month"),
            ("2015-04-31T00:00:00Z", "day out of range for the month"),
            ("2015-08-30T24:00:00Z", "time of day out of range"),
            ("2015-08-30T23:59:60Z", "time of day out of range"),
            ("2015-08-30T12:36Z", "expected `:` after the minutes"),
            ("2015-08-30", "expected `T` between the date and the time"),
            (
                "2015-08-30T12:36:00ZZ",
                "unexpected text after the date-time",
            ),
            ("2015-08-30T12:36:00+25:00", "offset out of range"),
            (
                "2015-08-30T12:36:00.Z",
                "expected `Z` or an offset after the time",
            ),
            ("2015-8-30T12:36:00Z", "expected a 2-digit month"),
            ("15-08-30T12:36:00Z", "expected a 4-digit year"),
        ];
        for (text, why) in cases {
            let error = DateTime::parse_iso8601(text).unwrap_err();
            assert_eq!(
                error.to_string(),
                format!("invalid ISO 8601 timestamp `{text}`: {why}")
            );
        }
        assert!(DateTime::parse_iso8601("2016-02-29T00:00:00Z").is_ok());
        assert!(DateTime::parse_iso8601("2000-02-29T00:00:00Z").is_ok());
        assert!(DateTime::parse_iso8601("1900-02-29T00:00:00Z").is_err());
    }

    #[test]
    fn parse_http_date_variants() {
        let expected = at(SUITE_TIME, 0);
        for text in [
            "Sun, 30 Aug 2015 12:36:00 GMT",
            "30 Aug 2015 12:36:00 GMT",
            "sun, 30 aug 2015 12:36:00 gmt",
            "Sun, 30 Aug 2015 12:36:00 UTC",
            "Sun, 30 Aug 2015 12:36:00 +0000",
            "Sun, 30 Aug 2015 14:36:00 +0200",
            "Sun, 30 Aug 2015 14:36:00 +02:00",
            "Sun, 30 Aug 2015 12:36:00 Z",
        ] {
            assert_eq!(DateTime::parse_http_date(text), Ok(expected), "{text}");
        }
        assert_eq!(
            DateTime::parse_http_date("Thu, 1 Jan 1970 00:00:00.25 GMT"),
            Ok(at(0, 250_000_000))
        );
    }

    #[test]
    fn parse_http_date_rejects_garbage() {
        let cases = [
            (
                "Sun, 30 Aug 2015 12:36:00",
                "expected `GMT` or an offset after the time",
            ),
            ("Sun, 30 Foo 2015 12:36:00 GMT", "expected a month name"),
            ("Abc, 30 Aug 2015 12:36:00 GMT", "unknown weekday"),
            (
                "Sun, 31 Sep 2015 12:36:00 GMT",
                "day out of range for the month",
            ),
            ("Sun, 30 Aug 15 12:36:00 GMT", "expected a 4-digit year"),
            ("2015-08-30T12:36:00Z", "expected a month name"),
        ];
        for (text, why) in cases {
            assert_eq!(
                DateTime::parse_http_date(text).unwrap_err().to_string(),
                format!("invalid HTTP date timestamp `{text}`: {why}")
            );
        }
    }

    #[test]
    fn parse_epoch_seconds_is_exact() {
        let cases = [
            ("1440938160", at(SUITE_TIME, 0)),
            ("1440938160.5", at(SUITE_TIME, 500_000_000)),
            ("1440938160.123456789", at(SUITE_TIME, 123_456_789)),
            ("+1440938160", at(SUITE_TIME, 0)),
            ("-0.25", at(-1, 750_000_000)),
            ("-1", at(-1, 0)),
            ("0", at(0, 0)),
            ("1.44093816e9", at(SUITE_TIME, 0)),
            ("1E3", at(1000, 0)),
        ];
        for (text, expected) in cases {
            assert_eq!(DateTime::parse_epoch_seconds(text), Ok(expected), "{text}");
        }
        for text in [
            "",
            "-",
            "1.",
            ".5",
            "1,5",
            "abc",
            "1e",
            " 1",
            "NaN",
            "inf",
            "1e400",
            "99999999999999999999",
        ] {
            assert!(DateTime::parse_epoch_seconds(text).is_err(), "{text}");
        }
        assert_eq!(
            DateTime::parse_epoch_seconds("12abc")
                .unwrap_err()
                .to_string(),
            "invalid epoch-seconds timestamp `12abc`: not a decimal number"
        );
    }

    #[test]
    fn formats_round_trip_through_their_parsers() {
        let times = [
            at(SUITE_TIME, 0),
            at(SUITE_TIME, 500_000_000),
            at(0, 1_000),
            at(-1, 500_000_000),
        ];
        for time in times {
            for format in [TimestampFormat::EpochSeconds, TimestampFormat::Iso8601] {
                assert_eq!(format.parse(&format.format(time)), Ok(time), "{format:?}");
            }
            let whole = DateTime::from_secs(time.secs());
            let http = TimestampFormat::HttpDate;
            assert_eq!(http.parse(&http.format(time)), Ok(whole));
        }
    }

    /// What `tests/reference/botocore_timestamps.py` printed: botocore 1.44.5 writing each
    /// float as an ISO 8601 timestamp.
    #[test]
    fn float_seconds_round_to_the_microsecond_as_botocore_does() {
        let botocore = [
            (1440938160.123, "2015-08-30T12:36:00.123000Z"),
            (1440938160.122999, "2015-08-30T12:36:00.122999Z"),
            (1440938160.9999995, "2015-08-30T12:36:01Z"),
            (1440938160.0000005, "2015-08-30T12:36:00Z"),
            (1440938160.0000014, "2015-08-30T12:36:00.000001Z"),
            (1440938160.1234565, "2015-08-30T12:36:00.123456Z"),
            (5e-07, "1970-01-01T00:00:00Z"),
            (1.5e-06, "1970-01-01T00:00:00.000002Z"),
            (-1.5, "1969-12-31T23:59:58.500000Z"),
            (-5e-07, "1970-01-01T00:00:00Z"),
            (1700000000.5, "2023-11-14T22:13:20.500000Z"),
        ];
        for (seconds, expected) in botocore {
            let time = DateTime::from_secs_f64(seconds).unwrap();
            assert_eq!(time.fmt_iso8601(), expected, "{seconds:?}");
        }
    }

    #[test]
    fn float_seconds() {
        assert_eq!(DateTime::from_secs_f64(1.5), Some(at(1, 500_000_000)));
        assert_eq!(DateTime::from_secs_f64(-1.5), Some(at(-2, 500_000_000)));
        assert_eq!(
            DateTime::from_secs_f64(1440938160.123456),
            Some(at(SUITE_TIME, 123_456_000))
        );
        assert_eq!(DateTime::from_secs_f64(0.9999999999), Some(at(1, 0)));
        assert_eq!(DateTime::from_secs_f64(f64::NAN), None);
        assert_eq!(DateTime::from_secs_f64(f64::INFINITY), None);
        assert_eq!(DateTime::from_secs_f64(1e19), None);
        assert_eq!(DateTime::from_secs_f64(-1e19), None);
        assert_eq!(at(-2, 500_000_000).as_secs_f64(), -1.5);
        assert_eq!(at(SUITE_TIME, 250_000_000).as_secs_f64(), 1440938160.25);
    }

    #[test]
    fn construction_normalizes_nanos() {
        let time = DateTime::from_secs_and_nanos(5, 2_500_000_000);
        assert_eq!((time.secs(), time.subsec_nanos()), (7, 500_000_000));
        assert!(at(-1, 999_999_999) < at(0, 0));
        assert!(at(0, 1) > at(0, 0));
    }

    #[test]
    fn now_is_after_this_code_was_written() {
        let now = DateTime::now();
        assert!(now > DateTime::parse_iso8601("2025-01-01T00:00:00Z").unwrap());
        assert!(now.subsec_nanos() < NANOS_PER_SEC);
    }
}
