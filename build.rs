//! On Windows, puts the icon into portcards.exe, so that Explorer, the taskbar and
//! the release zip show it. Elsewhere there is nothing to do: Linux menus take the
//! icon from the .desktop entry, macOS from the app bundle.

fn main() {
    println!("cargo::rerun-if-changed=assets/icon.ico");
    // The system built for, not the one building: a build script runs on the build
    // machine, so `#[cfg(windows)]` here would leave the icon out of a Windows build
    // made on Linux (the Wine check's, with mingw's windres).
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("windows") {
        let mut resource = winresource::WindowsResource::new();
        resource.set_icon("assets/icon.ico");
        if let Err(error) = resource.compile() {
            panic!("could not embed assets/icon.ico in the executable: {error}");
        }
    }
}
