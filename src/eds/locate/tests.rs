use std::collections::HashSet;
use std::ffi::OsString;
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use super::mounts::{self, Mount};
use super::roots;
#[cfg(unix)]
use super::roots::{Platform, Sources};
use super::*;

const HEX: &str = "6b361b864c679601b652fe387f61fcd9303c0327";
const NAMES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/fixtures/detect/ncalayer/kz_key_file_names.txt");
const NCA_FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/fixtures/nca/");

#[expect(clippy::unnecessary_wraps)] // compared with what classify_name returns
fn nca(kind: KeyKind, id: &str) -> Option<KeyFileName> {
    Some(KeyFileName::Nca { kind, key_id: id.to_owned() })
}

#[test]
fn nca_names() {
    assert_eq!(classify_name(&format!("AUTH_RSA256_{HEX}.p12")), nca(KeyKind::AuthRsa256, HEX));
    assert_eq!(classify_name(&format!("RSA256_{HEX}.p12")), nca(KeyKind::Rsa256, HEX));
    assert_eq!(classify_name(&format!("GOSTKNCA_{HEX}.p12")), nca(KeyKind::GostKnca, HEX));
    assert_eq!(classify_name(&format!("GOST512_{HEX}.p12")), nca(KeyKind::Gost512, HEX));
    // Case of prefix, hex and extension; copies; .pfx; a full path.
    let upper = HEX.to_uppercase();
    assert_eq!(classify_name(&format!("gost512_{upper}.P12")), nca(KeyKind::Gost512, HEX));
    assert_eq!(classify_name(&format!("Auth_Rsa256_{HEX}.Pfx")), nca(KeyKind::AuthRsa256, HEX));
    assert_eq!(classify_name(&format!("GOST512_{HEX} (1).p12")), nca(KeyKind::Gost512, HEX));
    assert_eq!(classify_name(&format!("GOST512_{HEX}(2).p12")), nca(KeyKind::Gost512, HEX));
    assert_eq!(classify_name(&format!(r"C:\Users\U\Desktop\ЭЦП\RSA256_{HEX}.p12")), nca(KeyKind::Rsa256, HEX));
    assert_eq!(classify_name(&format!("/home/u/GOSTKNCA_{HEX}.p12")), nca(KeyKind::GostKnca, HEX));
    // Near misses are keystores without an NCA name.
    for name in [
        format!("GOST512_{}.p12", &HEX[1..]),
        format!("GOST512_{HEX}0.p12"),
        format!("GOST512_{}x.p12", &HEX[1..]),
        format!("GOST512-{HEX}.p12"),
        format!("GOST256_{HEX}.p12"),
        format!("AUTH_GOST512_{HEX}.p12"),
        format!("GOST512_{HEX}.p12.p12"),
        "ключ Иванова.p12".to_owned(),
        "KEY_CEO_REVOKED_2015.p12".to_owned(),
        "keystore.PFX".to_owned(),
        ".p12".to_owned(),
    ] {
        assert_eq!(classify_name(&name), Some(KeyFileName::Unnamed), "{name}");
    }
    for name in
        [format!("RSA256_{HEX}.cms"), format!("GOST512_{HEX}"), "p12".to_owned(), String::new(), "a.p12.txt".into()]
    {
        assert_eq!(classify_name(&name), None, "{name}");
    }
    let kinds = KeyKind::ALL.map(|k| (k.prefix(), k.kind_name(), k.purpose(), k.algorithm()));
    assert_eq!(kinds[0], ("AUTH_RSA256", "RSA256", Purpose::Authentication, KeyAlgorithm::Rsa { bits: None }));
    assert_eq!(kinds[3], ("GOST512", "GOST512", Purpose::AuthenticationAndSigning, KeyAlgorithm::Gost2015));
    let name = classify_name(&format!("GOSTKNCA_{HEX}.p12")).unwrap();
    assert_eq!((name.kind(), name.key_id(), name.is_nca()), (Some(KeyKind::GostKnca), Some(HEX), true));
    assert_eq!((KeyFileName::Unnamed.kind(), KeyFileName::Unnamed.key_id()), (None, None));
}

#[test]
fn names_seen_in_the_wild() {
    let Ok(text) = fs::read_to_string(NAMES) else {
        eprintln!("SKIPPED: {NAMES} is absent");
        return;
    };
    let mut checked = 0;
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let Some(name) = line.split_whitespace().next() else { continue };
        if !name.contains('_') || !name.is_ascii() {
            continue;
        }
        let got = classify_name(name);
        if name.to_ascii_lowercase().ends_with(".p12") {
            let Some(KeyFileName::Nca { kind, key_id }) = got else { panic!("{name}: {got:?}") };
            assert!(name.starts_with(&format!("{}_", kind.prefix())), "{name}");
            assert_eq!(key_id.len(), 40);
            assert!(name.contains(&key_id));
            checked += 1;
        } else {
            assert_eq!(got, None, "{name}");
        }
    }
    assert_eq!(checked, 4);
}

#[test]
fn fixture_file_names() {
    let dir = Path::new(NCA_FIXTURES);
    if !dir.is_dir() {
        eprintln!("SKIPPED: the NCA fixtures are not at {NCA_FIXTURES}");
        return;
    }
    let found = find_keystores(&[dir.to_path_buf()], 2, Instant::now() + Duration::from_secs(30));
    assert_eq!(found.len(), 27, "{found:#?}");
    let named: Vec<(KeyKind, &str)> = found.iter().filter_map(|f| Some((f.name.kind()?, f.name.key_id()?))).collect();
    assert_eq!(named.len(), 3);
    assert!(found[..3].iter().all(|f| f.name.is_nca()), "NCA names first");
    for (kind, id) in [
        (KeyKind::AuthRsa256, "6b361b864c679601b652fe387f61fcd9303c0327"),
        (KeyKind::GostKnca, "f8a422238209b6e753116431b69b09178f14e9d7"),
        (KeyKind::Rsa256, "8426360556902ce4ac33977836f873e1dc190976"),
    ] {
        assert!(named.contains(&(kind, id)), "{kind:?} {id}");
    }
    assert!(found[3..].iter().all(|f| f.name == KeyFileName::Unnamed && f.size > 0));
}

// ---- walking ----

fn touch(path: &Path, age_secs: u64) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    let f = File::create(path).unwrap();
    f.set_modified(SystemTime::now() - Duration::from_secs(age_secs)).unwrap();
}

fn names(found: &[FoundKeystore]) -> Vec<String> {
    found.iter().map(|f| f.path.file_name().unwrap().to_string_lossy().into_owned()).collect()
}

fn later() -> Instant {
    Instant::now() + Duration::from_secs(30)
}

#[test]
fn walk_finds_sorts_and_skips() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    touch(&root.join(format!("GOST512_{HEX}.p12")), 3000);
    touch(&root.join(format!("ЭЦП/AUTH_RSA256_{HEX}.P12")), 100);
    touch(&root.join("new.pfx"), 10);
    touch(&root.join("old.p12"), 5000);
    touch(&root.join("notes.txt"), 10);
    touch(&root.join("a/b/deep.p12"), 20);
    touch(&root.join(".hidden/h.p12"), 10);
    touch(&root.join("node_modules/pkg/n.p12"), 10);
    touch(&root.join("AppData/Roaming/r.p12"), 10);
    // (Another skipped folder: on Windows "appdata" would be AppData itself.)
    touch(&root.join("windows/r2.p12"), 10);
    touch(&root.join("Program Files/p.p12"), 10);
    fs::create_dir(root.join("folder.p12")).unwrap();

    let found = find_keystores(&[root.to_path_buf()], 5, later());
    let expected_first = format!("AUTH_RSA256_{HEX}.P12");
    assert_eq!(
        names(&found),
        [expected_first.as_str(), &format!("GOST512_{HEX}.p12"), "new.pfx", "deep.p12", "old.p12"],
        "NCA names first, newest first"
    );
    assert_eq!(found[0].name, KeyFileName::Nca { kind: KeyKind::AuthRsa256, key_id: HEX.into() });
    assert!(found.iter().all(|f| f.modified.is_some()));

    // The depth bound: files in the root are depth 0, a/ is 1, a/b/ is 2.
    assert!(!names(&find_keystores(&[root.to_path_buf()], 1, later())).contains(&"deep.p12".to_owned()));
    assert!(names(&find_keystores(&[root.to_path_buf()], 2, later())).contains(&"deep.p12".to_owned()));
    assert_eq!(find_keystores(&[root.to_path_buf()], 0, later()).len(), 3);

    // Overlapping roots do not repeat a file; a skipped folder given as a root is walked;
    // missing roots are ignored.
    let roots = [root.to_path_buf(), root.join("ЭЦП"), root.join("AppData"), root.join("missing")];
    let found = find_keystores(&roots, 5, later());
    assert_eq!(found.len(), 6, "{:?}", names(&found));
    assert!(names(&found).contains(&"r.p12".to_owned()));
}

#[test]
fn deadline_bounds_the_walk() {
    let tmp = tempfile::tempdir().unwrap();
    // A deep and wide tree: 40 levels, each with 20 side folders.
    let mut dir = tmp.path().to_path_buf();
    for level in 0..40 {
        for side in 0..20 {
            fs::create_dir_all(dir.join(format!("s{side}"))).unwrap();
        }
        touch(&dir.join(format!("k{level}.p12")), 1);
        dir.push("d");
    }
    let roots = [tmp.path().to_path_buf()];
    let all = find_keystores(&roots, 100, later());
    assert_eq!(all.len(), 40);

    let started = Instant::now();
    assert!(find_keystores(&roots, 100, started).is_empty(), "a passed deadline reads nothing");
    let started = Instant::now();
    let some = find_keystores(&roots, 100, started + Duration::from_millis(2));
    assert!(started.elapsed() < Duration::from_millis(500), "{:?}", started.elapsed());
    assert!(some.len() <= 40);
}

#[cfg(unix)]
#[test]
fn links_are_not_followed() {
    use std::os::unix::fs::symlink;
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    touch(&root.join("a/key.p12"), 1);
    symlink(root, root.join("a/loop")).unwrap();
    symlink(root.join("a"), root.join("alias")).unwrap();
    symlink(root.join("a/key.p12"), root.join("linked.p12")).unwrap();
    let outside = tempfile::tempdir().unwrap();
    touch(&outside.path().join("outside.p12"), 1);
    symlink(outside.path(), root.join("out")).unwrap();

    let started = Instant::now();
    let found = find_keystores(&[root.to_path_buf()], 1000, later());
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(names(&found), ["key.p12"]);
    assert_eq!(found[0].path, root.join("a/key.p12"));
    // A root that is itself a link is walked.
    assert_eq!(names(&find_keystores(&[root.join("out")], 3, later())), ["outside.p12"]);
}

// ---- where not to go ----

const MOUNTINFO: &str = "\
22 1 8:2 / / rw,relatime shared:1 - ext4 /dev/sda2 rw,errors=remount-ro
23 22 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw
24 22 0:22 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw
60 22 0:50 / /mnt/office\\040share rw,relatime shared:200 - cifs //fs/office rw,vers=3.1.1
61 22 0:51 / /home/u/nfs rw,relatime shared:201 - nfs4 srv:/export rw
62 22 0:52 / /home/u/remote rw,nosuid,nodev,relatime shared:202 - fuse.sshfs u@host:/ rw,user_id=1000
63 22 8:17 / /media/u/USB\\040DISK rw,nosuid,nodev,relatime shared:203 - vfat /dev/sdb1 rw
64 22 0:53 / /run/user/1000/gvfs rw,nosuid,nodev,relatime shared:204 - fuse.gvfsd-fuse gvfsd-fuse rw
65 22 0:54 / /net rw,relatime shared:205 master:3 - autofs /etc/auto.net rw,fd=7
66 22 0:55 / /tmp rw,nosuid,nodev shared:206 - tmpfs tmpfs rw
garbage line
";

#[test]
fn mountinfo() {
    let mounts = mounts::parse_mountinfo(MOUNTINFO);
    assert_eq!(mounts.len(), 10);
    assert_eq!(mounts[3], Mount { point: PathBuf::from("/mnt/office share"), fs_type: "cifs".into() });
    assert_eq!(mounts[6].point, PathBuf::from("/media/u/USB DISK"));
    let excluded: Vec<&str> =
        mounts.iter().filter(|m| mounts::is_excluded_fs(&m.fs_type)).map(|m| m.point.to_str().unwrap()).collect();
    assert_eq!(
        excluded,
        ["/proc", "/sys", "/mnt/office share", "/home/u/nfs", "/home/u/remote", "/run/user/1000/gvfs", "/net"]
    );
    let set: HashSet<PathBuf> = excluded.iter().map(PathBuf::from).collect();
    if !cfg!(windows) {
        assert!(mounts::is_network_path(Path::new("/home/u/nfs"), &set));
        assert!(mounts::is_network_path(Path::new("/home/u/nfs/Desktop"), &set));
        assert!(!mounts::is_network_path(Path::new("/home/u/nfs2"), &set));
        assert!(!mounts::is_network_path(Path::new("/home/u/Desktop"), &set));
    }
}

#[test]
fn macos_mount_output() {
    let text = "\
/dev/disk3s1s1 on / (apfs, sealed, local, read-only, journaled)
devfs on /dev (devfs, local, nobrowse)
/dev/disk4s1 on /Volumes/NO NAME (msdos, local, nodev, nosuid, noowners, noatime, mounted by u)
//u@fs._smb._tcp.local/Office on /Volumes/Office (smbfs, nodev, nosuid, mounted by u)
srv:/export on /Volumes/export (nfs, nodev, nosuid, mounted by u)
";
    let mounts = mounts::parse_mount_output(text);
    assert_eq!(mounts.len(), 5);
    assert_eq!(mounts[2], Mount { point: PathBuf::from("/Volumes/NO NAME"), fs_type: "msdos".into() });
    let excluded: Vec<&Path> =
        mounts.iter().filter(|m| mounts::is_excluded_fs(&m.fs_type)).map(|m| m.point.as_path()).collect();
    assert_eq!(excluded, [Path::new("/dev"), Path::new("/Volumes/Office"), Path::new("/Volumes/export")]);
}

#[test]
fn windows_network_paths() {
    for unc in [r"\\server\share", r"\\server\share\Desktop", "//server/share", r"\\?\UNC\server\share"] {
        assert!(mounts::is_unc(unc), "{unc}");
    }
    for local in [r"C:\Users\U", r"\\?\C:\Users", r"\\.\PhysicalDrive0", "/home/u", "relative"] {
        assert!(!mounts::is_unc(local), "{local}");
    }
    assert_eq!(mounts::drive_letter(r"c:\Users"), Some('C'));
    assert_eq!(mounts::drive_letter(r"\\?\D:\ecp"), Some('D'));
    assert_eq!(mounts::drive_letter("/home"), None);
    assert_eq!(mounts::drive_letter("1:"), None);
}

#[test]
fn eds_folder_names() {
    for name in ["ЭЦП", "эцп", "ЭЦҚ", "эцқ", "ECP", "ecp", "EDS", "Eds", "ЭЦП 2024", "ecp_ivanov", "ЭЦП-ключи"]
    {
        assert!(is_eds_folder_name(name), "{name}");
    }
    for name in ["ЭЦПX", "ecpx", "Documents", "my ecp", "EDSON", ""] {
        assert!(!is_eds_folder_name(name), "{name}");
    }
}

// ---- default roots ----

fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<OsString> + use<> {
    let pairs: Vec<(String, String)> = pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    move |name| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| OsString::from(v)).filter(|v| !v.is_empty())
}

#[test]
fn xdg_user_dirs() {
    let text = "# comment\nXDG_DESKTOP_DIR=\"$HOME/Рабочий стол\"\nXDG_DOWNLOAD_DIR=\"$HOME/Загрузки\"\n\
                XDG_TEMPLATES_DIR=\"$HOME/Шаблоны\"\nXDG_DOCUMENTS_DIR=\"/data/docs\"\nXDG_MUSIC_DIR=\"$HOME\"\n\
                XDG_DESKTOP_DIR=\"$HOME/\"\nbroken\n";
    let home = Path::new("/home/u");
    assert_eq!(
        roots::parse_user_dirs(text, home),
        [home.join("Рабочий стол"), home.join("Загрузки"), PathBuf::from("/data/docs")]
    );
}

#[test]
fn windows_folders_from_environment() {
    let env =
        env_of(&[("USERPROFILE", r"C:\Users\U"), ("OneDrive", r"C:\Users\U\OneDrive"), ("OneDriveCommercial", "")]);
    let folders = roots::windows_user_folders(&env);
    let profile = Path::new(r"C:\Users\U");
    let one = Path::new(r"C:\Users\U\OneDrive");
    assert_eq!(
        folders,
        [
            profile.join("Desktop"),
            profile.join("Downloads"),
            profile.join("Documents"),
            one.join("Desktop"),
            one.join("Documents")
        ]
    );
    let env = env_of(&[("HOMEDRIVE", "D:"), ("HOMEPATH", r"\Users\V")]);
    assert_eq!(roots::windows_user_folders(&env)[0], Path::new(r"D:\Users\V").join("Desktop"));
    assert!(roots::windows_user_folders(&env_of(&[])).is_empty());

    let env = env_of(&[("USERPROFILE", r"C:\Users\U"), ("HOMEDRIVE", "C:")]);
    assert_eq!(roots::expand_env(r"%USERPROFILE%\Desktop", &env), r"C:\Users\U\Desktop");
    assert_eq!(roots::expand_env(r"%HOMEDRIVE%%UNKNOWN%\x", &env), r"C:%UNKNOWN%\x");
    assert_eq!(roots::expand_env("100% sure %", &env), "100% sure %");
    assert_eq!(roots::expand_env("%%", &env), "%%");
    assert_eq!(roots::expand_env(r"D:\Рабочий стол", &env), r"D:\Рабочий стол");
}

#[cfg(unix)] // Linux and macOS roots, with Unix paths
#[test]
fn default_roots_from_a_home_and_media() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("home");
    for d in ["Desktop", "Documents/ЭЦП", "Documents/other", "ecp", ".config", "Рабочий стол/EDS"] {
        fs::create_dir_all(home.join(d)).unwrap();
    }
    fs::write(home.join(".config/user-dirs.dirs"), "XDG_DESKTOP_DIR=\"$HOME/Рабочий стол\"\n").unwrap();
    fs::write(home.join("ЭЦП"), "a file, not a folder").unwrap();
    let media = tmp.path().join("media/u");
    fs::create_dir_all(media.join("USB DISK/ECP")).unwrap();
    fs::create_dir_all(media.join("CARD")).unwrap();

    let home_str = home.to_str().unwrap().to_owned();
    let env = env_of(&[("HOME", &home_str), ("USER", "u")]);
    let sources = roots::unix_sources(Platform::Linux, &env, &[media.clone(), tmp.path().join("missing")]);
    assert_eq!(sources.home.as_deref(), Some(home.as_path()));
    assert_eq!(sources.removable, [media.join("CARD"), media.join("USB DISK")]);
    let roots = roots::assemble(&sources, &HashSet::new());
    assert_eq!(
        roots,
        [
            home.join("Documents/ЭЦП"),
            home.join("Рабочий стол/EDS"),
            media.join("USB DISK/ECP"),
            home.join("ecp"),
            media.join("CARD"),
            media.join("USB DISK"),
            home.join("Desktop"),
            home.join("Documents"),
            home.join("Рабочий стол"),
        ]
    );
    // A network mount among them is left out, with what lies under it.
    let excluded: HashSet<PathBuf> = [media.join("USB DISK")].into();
    let roots = roots::assemble(&sources, &excluded);
    assert!(!roots.iter().any(|r| r.starts_with(media.join("USB DISK"))), "{roots:?}");

    // macOS takes no XDG file.
    let mac = roots::unix_sources(Platform::MacOs, &env, &[]);
    assert_eq!(mac.user_folders.len(), 3);
    assert_eq!(roots::unix_sources(Platform::Linux, &env_of(&[]), &[]), Sources::default());
}

#[test]
fn default_roots_exist() {
    let roots = default_roots();
    assert!(roots.iter().all(|r| r.is_dir()), "{roots:?}");
    let unique: HashSet<&PathBuf> = roots.iter().collect();
    assert_eq!(unique.len(), roots.len());
}
