//! Where not to go: network shares and virtual file systems.
//!
//! - Windows: UNC paths (`\\server\share`, `\\?\UNC\…`) and drives whose `GetDriveTypeW` is
//!   `DRIVE_REMOTE` (mapped network drives). Folders mounted from the network inside a local
//!   tree are junctions or symbolic links, which the walk does not follow anyway.
//! - Linux: mount points whose type is a network (or virtual) file system, from
//!   `/proc/self/mountinfo`.
//! - macOS: the same, from the output of `/sbin/mount`.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// A mount point and its file system type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Mount {
    pub point: PathBuf,
    pub fs_type: String,
}

/// Network file systems (Linux and macOS names).
const NETWORK_FS: &[&str] = &[
    "nfs",
    "nfs4",
    "cifs",
    "smb3",
    "smbfs",
    "smb",
    "sshfs",
    "fuse.sshfs",
    "davfs",
    "fuse.davfs2",
    "webdav",
    "afpfs",
    "afs",
    "ncpfs",
    "ceph",
    "glusterfs",
    "fuse.glusterfs",
    "fuse.rclone",
    "fuse.gvfsd-fuse",
    "ftp",
];

/// Virtual file systems that hold no user files (and `autofs`, which mounts shares on access).
const VIRTUAL_FS: &[&str] = &[
    "proc",
    "sysfs",
    "devtmpfs",
    "devpts",
    "cgroup",
    "cgroup2",
    "debugfs",
    "tracefs",
    "securityfs",
    "pstore",
    "bpf",
    "configfs",
    "fusectl",
    "mqueue",
    "hugetlbfs",
    "binfmt_misc",
    "autofs",
    "efivarfs",
    "devfs",
];

pub(super) fn is_excluded_fs(fs_type: &str) -> bool {
    let t = fs_type.to_ascii_lowercase();
    NETWORK_FS.contains(&t.as_str()) || VIRTUAL_FS.contains(&t.as_str())
}

/// The mount points of `/proc/self/mountinfo` (`36 35 98:0 /mnt1 /mnt/parent rw,noatime
/// master:1 - ext3 /dev/root rw,errors=continue`): field 5 is the mount point (with `\040`-style
/// escapes), the first field after ` - ` the file system type.
#[cfg_attr(not(target_os = "linux"), allow(dead_code))] // used on Linux, tested everywhere
pub(super) fn parse_mountinfo(text: &str) -> Vec<Mount> {
    text.lines()
        .filter_map(|line| {
            let (left, right) = line.split_once(" - ")?;
            let point = left.split(' ').nth(4)?;
            let fs_type = right.split(' ').next()?;
            Some(Mount { point: PathBuf::from(unescape_octal(point)), fs_type: fs_type.to_owned() })
        })
        .collect()
}

/// The mount points of macOS `mount` output (`//u@srv/share on /Volumes/share (smbfs, nodev,
/// nosuid, mounted by u)`).
#[cfg_attr(not(target_os = "macos"), allow(dead_code))] // used on macOS, tested everywhere
pub(super) fn parse_mount_output(text: &str) -> Vec<Mount> {
    text.lines()
        .filter_map(|line| {
            let (_, rest) = line.split_once(" on ")?;
            let open = rest.rfind(" (")?;
            let fs_type = rest[open + 2..].split([',', ')']).next()?.trim();
            Some(Mount { point: PathBuf::from(&rest[..open]), fs_type: fs_type.to_owned() })
        })
        .collect()
}

/// `\040` → space, `\011` → tab, `\012` → newline, `\134` → backslash.
#[cfg_attr(not(target_os = "linux"), allow(dead_code))] // used on Linux, tested everywhere
fn unescape_octal(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let octal =
            bytes.get(i + 1..i + 4).filter(|d| bytes[i] == b'\\' && d.iter().all(|b| (b'0'..=b'7').contains(b)));
        if let Some(d) = octal {
            let value = d.iter().fold(0u32, |acc, b| acc * 8 + u32::from(b - b'0'));
            out.push(u8::try_from(value).unwrap_or(b'?'));
            i += 4;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The mount points not to enter or start from (never `/` itself).
pub(super) fn excluded_mount_points() -> HashSet<PathBuf> {
    mounts().into_iter().filter(|m| is_excluded_fs(&m.fs_type) && m.point != Path::new("/")).map(|m| m.point).collect()
}

#[cfg(target_os = "linux")]
fn mounts() -> Vec<Mount> {
    std::fs::read_to_string("/proc/self/mountinfo").map(|t| parse_mountinfo(&t)).unwrap_or_default()
}

#[cfg(target_os = "macos")]
fn mounts() -> Vec<Mount> {
    std::process::Command::new("/sbin/mount")
        .output()
        .map(|o| parse_mount_output(&String::from_utf8_lossy(&o.stdout)))
        .unwrap_or_default()
}

#[cfg(not(any(target_os = "linux", target_os = "macos")))]
fn mounts() -> Vec<Mount> {
    Vec::new()
}

/// Whether a walk must not start at `path`: on a network share or an excluded mount.
pub(super) fn is_network_path(path: &Path, excluded: &HashSet<PathBuf>) -> bool {
    if cfg!(windows) {
        let text = super::path_text(path);
        return is_unc(&text) || drive_letter(&text).is_some_and(win::is_remote_drive);
    }
    excluded.iter().any(|m| path.starts_with(m))
}

/// `\\server\share\…`, `//server/share/…`, `\\?\UNC\server\…`; not `\\?\C:\…` or `\\.\…`.
pub(super) fn is_unc(path: &str) -> bool {
    let p = path.replace('/', "\\");
    if let Some(verbatim) = p.strip_prefix(r"\\?\").or_else(|| p.strip_prefix(r"\??\")) {
        return verbatim.get(..4).is_some_and(|h| h.eq_ignore_ascii_case(r"UNC\"));
    }
    p.starts_with(r"\\") && !p.starts_with(r"\\.\")
}

/// The drive letter of `C:\…` or `\\?\C:\…`.
pub(super) fn drive_letter(path: &str) -> Option<char> {
    let p = path.strip_prefix(r"\\?\").unwrap_or(path);
    let mut chars = p.chars();
    let letter = chars.next().filter(char::is_ascii_alphabetic)?;
    (chars.next() == Some(':')).then(|| letter.to_ascii_uppercase())
}

#[cfg(windows)]
pub(super) mod win {
    use windows_sys::Win32::Storage::FileSystem::{GetDriveTypeW, GetLogicalDrives, GetVolumeInformationW};

    /// `GetDriveTypeW` results (WinBase.h; their constants live in a windows-sys feature this
    /// crate does not enable).
    pub const DRIVE_REMOVABLE: u32 = 2;
    pub const DRIVE_FIXED: u32 = 3;
    pub const DRIVE_REMOTE: u32 = 4;

    fn root(letter: char) -> Vec<u16> {
        format!("{letter}:\\").encode_utf16().chain(Some(0)).collect()
    }

    #[allow(unsafe_code)] // a read-only Win32 call on a NUL-terminated string we own
    pub fn drive_type(letter: char) -> u32 {
        let root = root(letter);
        // SAFETY: `root` is NUL-terminated UTF-16 and outlives the call.
        unsafe { GetDriveTypeW(root.as_ptr()) }
    }

    pub fn is_remote_drive(letter: char) -> bool {
        drive_type(letter) == DRIVE_REMOTE
    }

    /// The drive letters in use.
    #[allow(unsafe_code)] // a Win32 call without arguments
    pub fn drive_letters() -> Vec<char> {
        // SAFETY: no arguments, no preconditions.
        let mask = unsafe { GetLogicalDrives() };
        ('A'..='Z').zip(0..26).filter(|&(_, bit)| mask & (1 << bit) != 0).map(|(c, _)| c).collect()
    }

    /// Whether the drive has a readable volume (a card reader without a card has none); asking
    /// the volume does not bring up the "insert a disk" dialog that listing it could.
    #[allow(unsafe_code)] // a read-only Win32 call; every out-pointer is null, which it allows
    pub fn has_volume(letter: char) -> bool {
        let root = root(letter);
        // SAFETY: `root` is NUL-terminated UTF-16; null buffers with zero sizes are allowed.
        unsafe {
            GetVolumeInformationW(
                root.as_ptr(),
                std::ptr::null_mut(),
                0,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                0,
            ) != 0
        }
    }
}

#[cfg(not(windows))]
pub(super) mod win {
    pub fn is_remote_drive(_letter: char) -> bool {
        false
    }
}
