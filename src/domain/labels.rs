//! A macro for the small closed vocabularies of the domain (statuses, levels, sources …): each
//! value has a stable ASCII code for storage and JSON, and the Chinese label users see.

/// Defines a fieldless enum with `code()`, `label()`, `from_code()`, `ALL` and serde as the code.
macro_rules! labelled_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident => ($code:literal, $label:literal)),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $($(#[$vdoc])* #[serde(rename = $code)] $variant),+
        }

        impl $name {
            /// Every value, in the order users expect to see them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code stored in the database and written to JSON.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// The Chinese label shown to users.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// Parses a stored code; `None` for anything unknown.
            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }

            /// Parses a Chinese label as users type it; `None` for anything unknown.
            pub fn from_label(label: &str) -> Option<Self> {
                match label.trim() { $($label => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

pub(crate) use labelled_enum;
