//! Windows builds get the icon and version information (assets/sk-support.rc) as a resource, so
//! Explorer and the taskbar show the app's icon. Other targets: nothing to do.

fn main() {
    println!("cargo:rerun-if-changed=assets/sk-support.rc");
    println!("cargo:rerun-if-changed=assets/icon.ico");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("windows") {
        embed_resource::compile("assets/sk-support.rc", embed_resource::NONE).manifest_required().unwrap_or_else(|e| {
            panic!("the Windows resource (icon) could not be compiled: {e}; install MinGW's windres")
        });
    }
}
