//! Reading the user's files: only regular files (a FIFO would block the
//! reader forever, `/dev/zero` never ends), checked on the opened file so a
//! path swapped meanwhile cannot slip one in, and no larger than the caller
//! allows. The CLI's inputs, `claimls.toml` and the data files it names all
//! go through here.

use std::path::Path;

/// `Err` with what the file is when it is not a regular file.
pub fn regular_file(metadata: &std::fs::Metadata) -> Result<(), &'static str> {
    let kind = metadata.file_type();
    if kind.is_file() {
        return Ok(());
    }
    if kind.is_dir() {
        return Err("a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Err("a named pipe (FIFO)");
        }
        if kind.is_char_device() || kind.is_block_device() {
            return Err("a device");
        }
        if kind.is_socket() {
            return Err("a socket");
        }
    }
    Err("not a file")
}

/// The bytes of the regular file at `path`, at most `max` of them; the
/// error says why not, in words that follow "cannot read FILE: ".
pub fn read_regular(path: &Path, max: u64) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let metadata = std::fs::metadata(path).map_err(|e| e.to_string())?;
    regular_file(&metadata).map_err(|what| format!("it is {what}, not a regular file"))?;
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let opened = file.metadata().map_err(|e| e.to_string())?;
    regular_file(&opened).map_err(|what| format!("it is {what}, not a regular file"))?;
    if opened.len() > max {
        return Err(format!(
            "{} MB is more than the {} MB claimls reads",
            opened.len() / (1024 * 1024),
            max / (1024 * 1024)
        ));
    }
    let mut bytes = Vec::with_capacity(opened.len() as usize);
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    Ok(bytes)
}
