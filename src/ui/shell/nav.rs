//! Where the user is: the screen, and a record a screen was asked to open (a click on the
//! dashboard's overdue list opens that measure in the problem list, say).

use zhenggai::domain::{MeasureId, ProblemId};

/// The screens of the left-hand navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum Screen {
    /// 概览.
    #[default]
    Overview,
    /// 问题清单 (with the problem and measure editors).
    Problems,
    /// 整改承诺.
    Commitments,
    /// 制度清单.
    Rules,
    /// 签发与导出.
    SignOff,
    /// 设置.
    Settings,
}

impl Screen {
    /// Every screen, in navigation order.
    pub const ALL: [Self; 6] = [
        Self::Overview,
        Self::Problems,
        Self::Commitments,
        Self::Rules,
        Self::SignOff,
        Self::Settings,
    ];

    /// The name shown in the navigation.
    pub fn label(self) -> &'static str {
        match self {
            Self::Overview => "概览",
            Self::Problems => "问题清单",
            Self::Commitments => "整改承诺",
            Self::Rules => "制度清单",
            Self::SignOff => "签发与导出",
            Self::Settings => "设置",
        }
    }
}

/// A record a screen has been asked to open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenRequest {
    /// A new, empty problem (Ctrl+N).
    NewProblem,
    /// An existing problem in its editor.
    Problem(ProblemId),
    /// A measure in its editor.
    Measure(MeasureId),
}

/// Navigation state shared by the screens.
#[derive(Debug, Clone, Default)]
pub struct Nav {
    /// The screen shown.
    pub screen: Screen,
    /// A record to open; the screen that opens it takes it.
    pub open: Option<OpenRequest>,
    /// A message for the status line (undo results, refusals explained).
    pub message: Option<String>,
}

impl Nav {
    /// Switches to the problem list and asks it to open `request`.
    pub fn open(&mut self, request: OpenRequest) {
        self.screen = Screen::Problems;
        self.open = Some(request);
    }
}
