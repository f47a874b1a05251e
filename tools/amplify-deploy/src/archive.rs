//! The site's files, and a zip of them.
//!
//! The zip is written by hand (the container is a few fixed records, PKWARE's APPNOTE
//! 4.3); flate2 only deflates each file. The same directory always gives the same bytes:
//! files in byte order of their `/`-separated relative paths, every timestamp at the DOS
//! epoch (1980-01-01), no extra fields. ZIP64 is not written, so an archive is limited to
//! 65,535 files and 4 GiB, and says so when a site is larger.

use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use flate2::Compression;
use flate2::Crc;
use flate2::write::DeflateEncoder;

/// One regular file of the site.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteFile {
    /// Relative to the site's root, `/`-separated, e.g. `assets/app.js`.
    pub name: String,
    pub path: PathBuf,
    pub size: u64,
}

/// Why the site could not be read or zipped.
#[derive(Debug)]
pub struct ArchiveError {
    pub path: PathBuf,
    pub message: String,
}

impl fmt::Display for ArchiveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for ArchiveError {}

fn failure(path: &Path, message: impl Into<String>) -> ArchiveError {
    ArchiveError {
        path: path.to_owned(),
        message: message.into(),
    }
}

/// Every regular file under `root`, sorted by name. Symbolic links to files are followed;
/// a link to a directory is refused rather than risking a loop.
pub fn site_files(root: &Path) -> Result<Vec<SiteFile>, ArchiveError> {
    let metadata = fs::metadata(root).map_err(|e| failure(root, e.to_string()))?;
    if !metadata.is_dir() {
        return Err(failure(root, "is not a directory"));
    }
    let mut files = Vec::new();
    walk(root, "", &mut files)?;
    if files.is_empty() {
        return Err(failure(root, "has no files to deploy"));
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(files)
}

fn walk(dir: &Path, prefix: &str, files: &mut Vec<SiteFile>) -> Result<(), ArchiveError> {
    let entries = fs::read_dir(dir).map_err(|e| failure(dir, e.to_string()))?;
    for entry in entries {
        let entry = entry.map_err(|e| failure(dir, e.to_string()))?;
        let path = entry.path();
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else {
            return Err(failure(&path, "the file name is not UTF-8"));
        };
        let name = format!("{prefix}{file_name}");
        let file_type = entry
            .file_type()
            .map_err(|e| failure(&path, e.to_string()))?;
        if file_type.is_dir() {
            walk(&path, &format!("{name}/"), files)?;
            continue;
        }
        // Follows a symbolic link to what it points at.
        let metadata = fs::metadata(&path).map_err(|e| failure(&path, e.to_string()))?;
        if metadata.is_dir() {
            return Err(failure(
                &path,
                "is a symbolic link to a directory, which is not followed",
            ));
        }
        if metadata.is_file() {
            files.push(SiteFile {
                name,
                path,
                size: metadata.len(),
            });
        }
    }
    Ok(())
}

/// The total size of the files, for progress bars.
pub fn total_size(files: &[SiteFile]) -> u64 {
    files.iter().map(|file| file.size).sum()
}

/// A zip of `files`, each deflated unless that would not make it smaller.
pub fn zip(files: &[SiteFile]) -> Result<Vec<u8>, ArchiveError> {
    let mut writer = ZipWriter::default();
    for file in files {
        let data = fs::read(&file.path).map_err(|e| failure(&file.path, e.to_string()))?;
        writer
            .add(&file.name, &data)
            .map_err(|message| failure(&file.path, message))?;
    }
    writer
        .finish()
        .map_err(|message| failure(Path::new("."), message))
}

/// The DOS date of 1980-01-01 (day 1, month 1, year 0 since 1980); its time is 00:00.
const DOS_EPOCH_DATE: u16 = (1 << 5) | 1;
/// Version 2.0: deflate and directories.
const VERSION_NEEDED: u16 = 20;
/// Bit 11: names are UTF-8.
const FLAG_UTF8: u16 = 1 << 11;
const STORED: u16 = 0;
const DEFLATED: u16 = 8;

/// What the central directory repeats about each entry.
struct Entry {
    name: String,
    method: u16,
    crc: u32,
    compressed: u32,
    uncompressed: u32,
    offset: u32,
}

/// Builds a zip in memory: local headers and data as files are added, the central
/// directory at the end.
#[derive(Default)]
pub struct ZipWriter {
    out: Vec<u8>,
    entries: Vec<Entry>,
}

impl ZipWriter {
    pub fn add(&mut self, name: &str, data: &[u8]) -> Result<(), String> {
        let too_large = || "the site is too large for a zip without ZIP64 (4 GiB)".to_owned();
        if self.entries.len() == usize::from(u16::MAX) {
            return Err(
                "the site has more than 65,535 files, the most a zip without ZIP64 holds"
                    .to_owned(),
            );
        }
        let name_length =
            u16::try_from(name.len()).map_err(|_| "the path is too long for a zip")?;
        let mut crc = Crc::new();
        crc.update(data);
        let deflated = deflate(data).map_err(|e| e.to_string())?;
        let (method, body) = if deflated.len() < data.len() {
            (DEFLATED, deflated.as_slice())
        } else {
            (STORED, data)
        };
        let entry = Entry {
            name: name.to_owned(),
            method,
            crc: crc.sum(),
            compressed: u32::try_from(body.len()).map_err(|_| too_large())?,
            uncompressed: u32::try_from(data.len()).map_err(|_| too_large())?,
            offset: u32::try_from(self.out.len()).map_err(|_| too_large())?,
        };
        let out = &mut self.out;
        put32(out, 0x0403_4b50);
        put16(out, VERSION_NEEDED);
        put16(out, FLAG_UTF8);
        put16(out, entry.method);
        put16(out, 0);
        put16(out, DOS_EPOCH_DATE);
        put32(out, entry.crc);
        put32(out, entry.compressed);
        put32(out, entry.uncompressed);
        put16(out, name_length);
        put16(out, 0);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(body);
        self.entries.push(entry);
        Ok(())
    }

    pub fn finish(mut self) -> Result<Vec<u8>, String> {
        let too_large = || "the site is too large for a zip without ZIP64 (4 GiB)".to_owned();
        let directory_offset = u32::try_from(self.out.len()).map_err(|_| too_large())?;
        let out = &mut self.out;
        for entry in &self.entries {
            put32(out, 0x0201_4b50);
            put16(out, VERSION_NEEDED); // made by: MS-DOS attributes, version 2.0
            put16(out, VERSION_NEEDED);
            put16(out, FLAG_UTF8);
            put16(out, entry.method);
            put16(out, 0);
            put16(out, DOS_EPOCH_DATE);
            put32(out, entry.crc);
            put32(out, entry.compressed);
            put32(out, entry.uncompressed);
            put16(out, entry.name.len() as u16);
            put16(out, 0); // extra field
            put16(out, 0); // comment
            put16(out, 0); // disk number
            put16(out, 0); // internal attributes
            put32(out, 0); // external attributes
            put32(out, entry.offset);
            out.extend_from_slice(entry.name.as_bytes());
        }
        let directory_size =
            u32::try_from(out.len() - directory_offset as usize).map_err(|_| too_large())?;
        let count = self.entries.len() as u16;
        put32(out, 0x0605_4b50);
        put16(out, 0); // this disk
        put16(out, 0); // disk with the central directory
        put16(out, count);
        put16(out, count);
        put32(out, directory_size);
        put32(out, directory_offset);
        put16(out, 0); // comment
        Ok(self.out)
    }
}

fn deflate(data: &[u8]) -> io::Result<Vec<u8>> {
    let mut encoder = DeflateEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(data)?;
    encoder.finish()
}

fn put16(out: &mut Vec<u8>, value: u16) {
    out.extend_from_slice(&value.to_le_bytes());
}

fn put32(out: &mut Vec<u8>, value: u32) {
    out.extend_from_slice(&value.to_le_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_zip_is_just_the_end_record() {
        let zip = ZipWriter::default().finish().unwrap();
        // The end-of-central-directory record of an empty archive: signature, zeros.
        let mut expected = vec![0x50, 0x4b, 0x05, 0x06];
        expected.extend([0; 18]);
        assert_eq!(zip, expected);
    }

    #[test]
    fn incompressible_data_is_stored_and_text_is_deflated() {
        let mut writer = ZipWriter::default();
        writer.add("a.bin", &[7]).unwrap();
        writer.add("b.txt", &[b'x'; 1000]).unwrap();
        let entries = &writer.entries;
        assert_eq!((entries[0].method, entries[0].compressed), (STORED, 1));
        assert_eq!(entries[1].method, DEFLATED);
        assert!(entries[1].compressed < 100);
        // CRC-32 of "x" * 1000 and of [7], from Python's zlib.crc32.
        assert_eq!(entries[1].crc, 0x3b41_c9e6);
        assert_eq!(entries[0].crc, 0x4c66_7a2e);
    }
}
