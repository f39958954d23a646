//! The menu actions and their keyboard shortcuts, in one place (like rerun's `UICommand`): the
//! menu bar draws its items from [`UiCommand`], the global shortcuts are consumed through it and
//! the keyboard-shortcut help lists [`UiCommand::ALL`], so menu, shortcuts and help cannot
//! disagree.
//!
//! This module depends only on i18n and egui — never on the menu or a dialog.

use super::i18n::{Lang, Msg, tr};
use egui::{Key, KeyboardShortcut, Modifiers};

/// A menu action (with or without a keyboard shortcut).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UiCommand {
    /// File → New project…
    NewProject,
    /// File → Open project… (Ctrl+O).
    OpenProject,
    /// File → Open by path…
    OpenByPath,
    /// File → Open demo project.
    OpenDemo,
    /// File → Open team project…
    OpenTeamProject,
    /// File → Import files… (Ctrl+I).
    ImportFiles,
    /// File → Import folder…
    ImportFolder,
    /// File → Export evidence tables…
    ExportEvidence,
    /// File → Export REFI-QDA…
    ExportQdpx,
    /// File → Import REFI-QDA…
    ImportQdpx,
    /// File → Backups…
    Backups,
    /// File → Merge project copy…
    MergeProject,
    /// File → Quit.
    Quit,
    /// Edit → Undo (Ctrl+Z).
    Undo,
    /// Edit → Redo (Ctrl+Shift+Z, also Ctrl+Y).
    Redo,
    /// Edit → Refresh (F5).
    Refresh,
    /// Help → Keyboard shortcuts (F1).
    Shortcuts,
    /// Help → About.
    About,
}

/// The menu a command lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Menu {
    /// File.
    File,
    /// Edit.
    Edit,
    /// Help.
    Help,
}

impl Menu {
    /// The menu's title.
    pub fn label(self, lang: Lang) -> &'static str {
        tr(
            lang,
            match self {
                Menu::File => Msg::MenuFile,
                Menu::Edit => Msg::MenuEdit,
                Menu::Help => Msg::MenuHelp,
            },
        )
    }
}

impl UiCommand {
    /// Every command, in menu order.
    pub const ALL: [UiCommand; 18] = [
        UiCommand::NewProject,
        UiCommand::OpenProject,
        UiCommand::OpenByPath,
        UiCommand::OpenDemo,
        UiCommand::OpenTeamProject,
        UiCommand::ImportFiles,
        UiCommand::ImportFolder,
        UiCommand::ExportEvidence,
        UiCommand::ExportQdpx,
        UiCommand::ImportQdpx,
        UiCommand::MergeProject,
        UiCommand::Backups,
        UiCommand::Quit,
        UiCommand::Undo,
        UiCommand::Redo,
        UiCommand::Refresh,
        UiCommand::Shortcuts,
        UiCommand::About,
    ];

    fn msg(self) -> Msg {
        match self {
            UiCommand::NewProject => Msg::NewProject,
            UiCommand::OpenProject => Msg::OpenProject,
            UiCommand::OpenByPath => Msg::OpenByPath,
            UiCommand::OpenDemo => Msg::OpenDemo,
            UiCommand::OpenTeamProject => Msg::OpenTeamProjectMenu,
            UiCommand::ImportFiles => Msg::ImportFiles,
            UiCommand::ImportFolder => Msg::ImportFolder,
            UiCommand::ExportEvidence => Msg::ExportEvidenceMenu,
            UiCommand::ExportQdpx => Msg::ExportQdpxMenu,
            UiCommand::ImportQdpx => Msg::ImportQdpxMenu,
            UiCommand::Backups => Msg::BackupsMenu,
            UiCommand::MergeProject => Msg::MergeProjectMenu,
            UiCommand::Quit => Msg::Quit,
            UiCommand::Undo => Msg::Undo,
            UiCommand::Redo => Msg::Redo,
            UiCommand::Refresh => Msg::Refresh,
            UiCommand::Shortcuts => Msg::Shortcuts,
            UiCommand::About => Msg::About,
        }
    }

    /// The menu item's text.
    pub fn label(self, lang: Lang) -> &'static str {
        tr(lang, self.msg())
    }

    /// What the keyboard-shortcut help says the shortcut does.
    pub fn help_label(self, lang: Lang) -> &'static str {
        match self {
            UiCommand::Refresh => tr(lang, Msg::KeyRefresh),
            _ => self.label(lang),
        }
    }

    /// The menu item's hover text, if any.
    pub fn tooltip(self, lang: Lang) -> Option<&'static str> {
        match self {
            UiCommand::ExportEvidence => Some(tr(lang, Msg::ExportEvidenceHint)),
            UiCommand::ExportQdpx | UiCommand::ImportQdpx => Some(tr(lang, Msg::QdpxHint)),
            UiCommand::Backups => Some(tr(lang, Msg::BackupsHint)),
            UiCommand::MergeProject => Some(tr(lang, Msg::MergeProjectHint)),
            UiCommand::OpenTeamProject => Some(tr(lang, Msg::OpenTeamProjectHint)),
            _ => None,
        }
    }

    /// The menu the item is in.
    pub fn menu(self) -> Menu {
        match self {
            UiCommand::NewProject
            | UiCommand::OpenProject
            | UiCommand::OpenByPath
            | UiCommand::OpenDemo
            | UiCommand::OpenTeamProject
            | UiCommand::ImportFiles
            | UiCommand::ImportFolder
            | UiCommand::ExportEvidence
            | UiCommand::ExportQdpx
            | UiCommand::ImportQdpx
            | UiCommand::Backups
            | UiCommand::MergeProject
            | UiCommand::Quit => Menu::File,
            UiCommand::Undo | UiCommand::Redo | UiCommand::Refresh => Menu::Edit,
            UiCommand::Shortcuts | UiCommand::About => Menu::Help,
        }
    }

    /// The keyboard shortcut shown in the menu, if any.
    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        let cmd = |key| Some(KeyboardShortcut::new(Modifiers::COMMAND, key));
        match self {
            UiCommand::OpenProject => cmd(Key::O),
            UiCommand::ImportFiles => cmd(Key::I),
            UiCommand::Undo => cmd(Key::Z),
            UiCommand::Redo => Some(KeyboardShortcut::new(
                Modifiers::COMMAND.plus(Modifiers::SHIFT),
                Key::Z,
            )),
            UiCommand::Refresh => Some(KeyboardShortcut::new(Modifiers::NONE, Key::F5)),
            UiCommand::Shortcuts => Some(KeyboardShortcut::new(Modifiers::NONE, Key::F1)),
            _ => None,
        }
    }

    /// Further shortcuts that do the same (listed in the help, not in the menu).
    pub fn alt_shortcuts(self) -> &'static [KeyboardShortcut] {
        const REDO_Y: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Y);
        match self {
            UiCommand::Redo => &[REDO_Y],
            _ => &[],
        }
    }

    /// The main shortcut followed by the alternatives.
    pub fn all_shortcuts(self) -> Vec<KeyboardShortcut> {
        self.shortcut()
            .into_iter()
            .chain(self.alt_shortcuts().iter().copied())
            .collect()
    }

    /// The commands whose shortcuts were pressed, consumed from `input`. More specific shortcuts
    /// are tried first, so Ctrl+Shift+Z is redo, not undo.
    pub fn consume_shortcuts(input: &mut egui::InputState) -> Vec<UiCommand> {
        let mut keyed: Vec<(KeyboardShortcut, UiCommand)> = UiCommand::ALL
            .iter()
            .flat_map(|&c| c.all_shortcuts().into_iter().map(move |s| (s, c)))
            .collect();
        let weight = |m: Modifiers| {
            usize::from(m.command || m.ctrl || m.mac_cmd)
                + usize::from(m.shift)
                + usize::from(m.alt)
        };
        keyed.sort_by_key(|(s, _)| std::cmp::Reverse(weight(s.modifiers)));
        let mut out = Vec::new();
        for (s, c) in keyed {
            if input.consume_shortcut(&s) && !out.contains(&c) {
                out.push(c);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_two_commands_share_a_shortcut() {
        let mut seen: Vec<(KeyboardShortcut, UiCommand)> = Vec::new();
        for c in UiCommand::ALL {
            for s in c.all_shortcuts() {
                if let Some((_, other)) = seen.iter().find(|(t, _)| *t == s) {
                    panic!("{c:?} and {other:?} share {s:?}");
                }
                seen.push((s, c));
            }
        }
        assert!(
            seen.len() >= 7,
            "undo, redo ×2, refresh, help, open, import"
        );
    }

    #[test]
    fn every_command_is_listed_once_with_a_label() {
        for (i, c) in UiCommand::ALL.iter().enumerate() {
            assert!(!UiCommand::ALL[..i].contains(c), "{c:?} twice");
            for lang in [Lang::Zh, Lang::En] {
                assert!(!c.label(lang).is_empty());
                assert!(!c.help_label(lang).is_empty());
            }
            assert!(c.shortcut().is_some() || c.alt_shortcuts().is_empty());
        }
    }
}
