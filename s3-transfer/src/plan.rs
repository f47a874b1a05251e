//! How a file is cut into parts, and an object into ranges: arithmetic only, decided before
//! anything is sent.

use crate::error::PartSizeError;

/// S3's smallest part, except for the last part of an upload.
pub const MIN_PART_SIZE: u64 = 5 << 20;

/// S3's largest part.
pub const MAX_PART_SIZE: u64 = 5 << 30;

/// S3's most parts in one multipart upload.
pub const MAX_PARTS: u64 = 10_000;

/// One piece of a file or object: `length` bytes from `offset`, numbered from 1 as S3
/// numbers parts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Piece {
    pub number: u32,
    pub offset: u64,
    pub length: u64,
}

impl Piece {
    /// The last byte's offset, as an HTTP range names it (inclusive). A piece is never
    /// empty.
    pub fn last(&self) -> u64 {
        self.offset + self.length - 1
    }

    /// The `Range` header that asks for this piece.
    pub fn http_range(&self) -> String {
        format!("bytes={}-{}", self.offset, self.last())
    }
}

/// `size` bytes cut into pieces of `part_size` bytes, the last one shorter when the size is
/// not a multiple of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Plan {
    pub size: u64,
    pub part_size: u64,
}

impl Plan {
    /// The parts of a multipart upload of a `size`-byte file, asked to be `part_size` bytes.
    ///
    /// A part size outside S3's limits is refused rather than corrected, so that what is
    /// sent is what was configured. Only when the file would need more than 10,000 parts
    /// does the part size grow, doubling as s3transfer's `ChunksizeAdjuster` does, up to
    /// 5 GiB.
    pub fn upload(size: u64, part_size: u64) -> Result<Self, PartSizeError> {
        if part_size < MIN_PART_SIZE {
            return Err(PartSizeError::TooSmall { part_size });
        }
        if part_size > MAX_PART_SIZE {
            return Err(PartSizeError::TooLarge { part_size });
        }
        let mut plan = Self { size, part_size };
        while plan.count() > MAX_PARTS {
            plan.part_size = (plan.part_size * 2).min(MAX_PART_SIZE);
            if plan.part_size == MAX_PART_SIZE && plan.count() > MAX_PARTS {
                return Err(PartSizeError::FileTooLarge { size });
            }
        }
        Ok(plan)
    }

    /// The ranges of a download of a `size`-byte object, `part_size` bytes each (at least
    /// one byte: a range has no minimum).
    pub fn download(size: u64, part_size: u64) -> Self {
        Self {
            size,
            part_size: part_size.max(1),
        }
    }

    /// How many pieces: none for an empty file.
    pub fn count(&self) -> u64 {
        self.size.div_ceil(self.part_size)
    }

    /// The pieces in order of offset.
    pub fn pieces(self) -> impl Iterator<Item = Piece> {
        (0..self.count()).map(move |index| {
            let offset = index * self.part_size;
            Piece {
                // `upload` keeps the count at 10,000 or fewer; a download's numbers only
                // label its ranges, so one that overflowed would still be correct.
                number: u32::try_from(index + 1).unwrap_or(u32::MAX),
                offset,
                length: self.part_size.min(self.size - offset),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIB: u64 = 1 << 20;
    const GIB: u64 = 1 << 30;

    #[test]
    fn the_last_part_holds_what_is_left_and_may_be_small() {
        let plan = Plan::upload(12 * MIB + 3, 5 * MIB).unwrap();
        let pieces: Vec<Piece> = plan.pieces().collect();
        assert_eq!(
            pieces,
            [
                Piece {
                    number: 1,
                    offset: 0,
                    length: 5 * MIB
                },
                Piece {
                    number: 2,
                    offset: 5 * MIB,
                    length: 5 * MIB
                },
                Piece {
                    number: 3,
                    offset: 10 * MIB,
                    length: 2 * MIB + 3
                },
            ]
        );
        assert_eq!(pieces.iter().map(|p| p.length).sum::<u64>(), 12 * MIB + 3);
    }

    #[test]
    fn a_file_that_is_a_multiple_of_the_part_size_has_no_empty_last_part() {
        let plan = Plan::upload(20 * MIB, 5 * MIB).unwrap();
        assert_eq!(plan.count(), 4);
        assert!(plan.pieces().all(|piece| piece.length == 5 * MIB));
    }

    #[test]
    fn the_part_size_doubles_until_ten_thousand_parts_suffice() {
        // 8 MiB parts would make 12,800 of a 100 GiB file; 16 MiB parts make 6,400.
        let plan = Plan::upload(100 * GIB, 8 * MIB).unwrap();
        assert_eq!(plan.part_size, 16 * MIB);
        assert_eq!(plan.count(), 6_400);
        assert_eq!(plan.pieces().last().unwrap().number, 6_400);

        // Exactly 10,000 parts need no growth.
        let plan = Plan::upload(10_000 * 5 * MIB, 5 * MIB).unwrap();
        assert_eq!(plan.part_size, 5 * MIB);
        assert_eq!(plan.count(), MAX_PARTS);
        // One byte more does.
        let plan = Plan::upload(10_000 * 5 * MIB + 1, 5 * MIB).unwrap();
        assert_eq!(plan.part_size, 10 * MIB);
    }

    #[test]
    fn growth_stops_at_five_gib_and_a_file_too_big_for_it_is_refused() {
        // Doubling 3 GiB would pass 5 GiB: the part size stops at the limit.
        let plan = Plan::upload(40_000 * GIB, 3 * GIB).unwrap();
        assert_eq!(plan.part_size, MAX_PART_SIZE);
        assert!(plan.count() <= MAX_PARTS);
        assert_eq!(
            Plan::upload(MAX_PARTS * MAX_PART_SIZE + 1, 5 * MIB),
            Err(PartSizeError::FileTooLarge {
                size: MAX_PARTS * MAX_PART_SIZE + 1
            })
        );
    }

    #[test]
    fn part_sizes_outside_s3s_limits_are_refused() {
        assert_eq!(
            Plan::upload(100 * MIB, 5 * MIB - 1),
            Err(PartSizeError::TooSmall {
                part_size: 5 * MIB - 1
            })
        );
        assert_eq!(
            Plan::upload(100 * MIB, 5 * GIB + 1),
            Err(PartSizeError::TooLarge {
                part_size: 5 * GIB + 1
            })
        );
        assert!(Plan::upload(100 * MIB, 5 * MIB).is_ok());
        assert!(Plan::upload(100 * MIB, 5 * GIB).is_ok());
    }

    #[test]
    fn ranges_cover_the_object_with_inclusive_http_ranges() {
        let ranges: Vec<String> = Plan::download(10, 4)
            .pieces()
            .map(|p| p.http_range())
            .collect();
        assert_eq!(ranges, ["bytes=0-3", "bytes=4-7", "bytes=8-9"]);
        assert_eq!(Plan::download(1, 4).pieces().count(), 1);
        assert_eq!(Plan::download(0, 4).pieces().count(), 0);
        // A part size of 0 would divide by zero: a range is at least one byte.
        assert_eq!(Plan::download(3, 0).count(), 3);
    }
}
