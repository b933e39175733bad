//! The Windows program carries the app's icon and version information as resources.

use std::path::Path;

#[test]
fn the_windows_program_carries_the_icon_and_its_description() {
    let Some(bin) = std::env::var_os("SK_SUPPORT_TEST_BIN").filter(|b| b.to_string_lossy().ends_with(".exe")) else {
        eprintln!("skipped: not testing the Windows build (SK_SUPPORT_TEST_BIN names no .exe)");
        return;
    };
    let exe = std::fs::read(&bin).unwrap();
    let ico = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/icon.ico")).unwrap();
    // Every image of the .ico is stored verbatim as an icon resource: its last bytes are the end
    // of the largest image.
    let tail = &ico[ico.len() - 256..];
    assert!(exe.windows(tail.len()).any(|w| w == tail), "the icon is not in {}", Path::new(&bin).display());
    let description: Vec<u8> = "Court Cabinet support request".encode_utf16().flat_map(u16::to_le_bytes).collect();
    assert!(exe.windows(description.len()).any(|w| w == description), "no version information");
}
