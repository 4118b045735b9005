//! Pure functions over Chinese text: numerals, dates, lists and heading numbers.
//!
//! Nothing here knows about handlebars, profiles or files; the template helpers in
//! `render::helpers` are thin wrappers over these functions, so each rule of the
//! written language is tested once, here.

pub mod date;
pub mod list;
pub mod numbering;
pub mod numeral;
pub mod text;

pub use date::{add_months, date, date_cn, deadline, weekday};
pub use list::{enumerate, join, quote};
pub use numbering::{NumberingStyle, heading_label};
pub use numeral::{
    count_word, fixed, numeral, ordinal, parse_numeral, parse_numeral_chars, trim_number, wan,
    year_digits,
};
