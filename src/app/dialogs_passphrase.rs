//! The passphrase dialog: opening an encrypted project asks for its passphrase (again after a
//! wrong one), then opens it with the passphrase remembered for this session.

use super::PanelCtx;
use super::commands::AppCommand;
use super::i18n::Msg;
use egui::{Context, Id, Modal};
use std::path::PathBuf;

/// An open passphrase request.
#[derive(Debug)]
pub struct PassphraseDialog {
    path: PathBuf,
    text: String,
    /// The last passphrase given was wrong.
    wrong: bool,
}

impl PassphraseDialog {
    /// Asks for the passphrase of `path`; `wrong` says the last one did not open it.
    pub fn new(path: PathBuf, wrong: bool) -> Self {
        PassphraseDialog {
            path,
            text: String::new(),
            wrong,
        }
    }
}

/// Shows the dialog; `None` once it is answered or cancelled.
pub fn passphrase_ui(
    ctx: &Context,
    cx: &mut PanelCtx<'_>,
    mut d: PassphraseDialog,
) -> Option<PassphraseDialog> {
    let (mut open, mut cancel) = (false, false);
    let modal = Modal::new(Id::unique("qcw-passphrase")).show(ctx, |ui| {
        ui.set_width(460.0);
        ui.heading(cx.tr(Msg::PassphraseTitle));
        let prompt = ui.label(cx.trf(Msg::PassphrasePrompt, &[&d.path.display()]));
        if d.wrong {
            ui.colored_label(ui.visuals().error_fg_color, cx.tr(Msg::PassphraseWrong));
        }
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut d.text)
                    .password(true)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(prompt.id);
        field.request_focus();
        let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        ui.horizontal(|ui| {
            open = ui.button(cx.tr(Msg::Open)).clicked() || entered;
            cancel = ui.button(cx.tr(Msg::Cancel)).clicked();
        });
    });
    if open && !d.text.is_empty() {
        cx.push(AppCommand::OpenEncrypted {
            path: d.path,
            passphrase: d.text,
        });
        return None;
    }
    if cancel || modal.should_close() {
        return None;
    }
    Some(d)
}
