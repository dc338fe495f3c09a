//! On Windows, puts the icon into portcards.exe, so that Explorer, the taskbar and
//! the release zip show it. Elsewhere there is nothing to do: Linux menus take the
//! icon from the .desktop entry, macOS from the app bundle.

fn main() {
    println!("cargo::rerun-if-changed=assets/icon.ico");
    #[cfg(windows)]
    {
        let mut resource = winresource::WindowsResource::new();
        resource.set_icon("assets/icon.ico");
        if let Err(error) = resource.compile() {
            panic!("could not embed assets/icon.ico in the executable: {error}");
        }
    }
}
