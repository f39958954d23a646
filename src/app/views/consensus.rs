//! The consensus panel of the agreement view: for two coders, every disagreement (document, code,
//! the stretch where their codings of it differ) with the decision buttons — accept one coder,
//! both, neither, or an edited range — written to the coder `consensus` as one undo step each;
//! progress (n of m resolved); and a button taking every agreement into the consensus layer.

use super::{Computed, status_ui};
use crate::app::PanelCtx;
use crate::app::commands::AppCommand;
use crate::app::error::AppError;
use crate::app::i18n::Msg;
use crate::app::worker::{Rev, Worker};
use crate::team::{Disagreement, Progress, Resolution, disagreements, resolution_command};
use egui::{RichText, Ui};
use std::collections::HashMap;

/// State of the consensus panel.
#[derive(Default)]
pub struct ConsensusPanel {
    list: Computed<(Rev, String, String), (Vec<Disagreement>, Progress)>,
    /// The edited range of each unit (by document, code, start).
    ranges: HashMap<(i64, i64, usize), (usize, usize)>,
}

impl ConsensusPanel {
    /// The latest list and progress (for tests).
    pub fn list(&self) -> Option<&(Vec<Disagreement>, Progress)> {
        self.list.ok()
    }

    /// Shows the panel for the ticked `coders` (exactly two are needed).
    pub fn consensus_ui(
        &mut self,
        ui: &mut Ui,
        cx: &mut PanelCtx<'_>,
        worker: &mut Worker,
        coders: &[String],
    ) {
        ui.label(RichText::new(cx.tr(Msg::ConsensusTitle)).strong())
            .on_hover_text(cx.tr(Msg::ConsensusHint));
        let [a, b] = coders else {
            ui.weak(cx.tr(Msg::ConsensusChooseTwo));
            return;
        };
        let (ta, tb) = (a.clone(), b.clone());
        self.list
            .ensure(ui, cx, worker, (cx.rev, a.clone(), b.clone()), move |w| {
                disagreements(w.project()?, &ta, &tb, false).map_err(AppError::from)
            });
        if !status_ui(ui, cx, self.list.value(), self.list.pending()) {
            return;
        }
        let Some((list, progress)) = self.list.ok() else {
            return;
        };
        let (list, progress) = (list.clone(), *progress);
        ui.horizontal(|ui| {
            let frac = if progress.total == 0 {
                1.0
            } else {
                progress.resolved as f32 / progress.total as f32
            };
            let text = cx.trf(
                Msg::ConsensusProgress,
                &[&progress.resolved, &progress.total],
            );
            ui.add(egui::ProgressBar::new(frac).text(text).desired_width(260.0));
            let take = egui::Button::new(cx.tr(Msg::ConsensusTakeAgreed));
            if ui.add_enabled(!cx.busy, take).clicked() {
                cx.push(AppCommand::TakeAgreed(a.clone(), b.clone()));
            }
        });
        ui.separator();
        egui::ScrollArea::vertical()
            .id_salt("qcw-consensus")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                for d in &list {
                    self.unit_ui(ui, cx, d, (a, b));
                }
            });
    }

    fn unit_ui(
        &mut self,
        ui: &mut Ui,
        cx: &mut PanelCtx<'_>,
        d: &Disagreement,
        coders: (&str, &str),
    ) {
        ui.group(|ui| {
            let state = match d.decision.as_deref() {
                None => cx.tr(Msg::ConsensusOpen).to_owned(),
                Some("a") => cx.trf(Msg::ConsensusAcceptA, &[&coders.0]),
                Some("b") => cx.trf(Msg::ConsensusAcceptA, &[&coders.1]),
                Some("both") => cx.tr(Msg::ConsensusBoth).to_owned(),
                Some("neither") => cx.tr(Msg::ConsensusNeither).to_owned(),
                Some(_) => cx.tr(Msg::ConsensusRange).to_owned(),
            };
            let state = format!("→ {state}");
            ui.horizontal_wrapped(|ui| {
                ui.strong(format!(
                    "#{} {} · {} [{}, {})",
                    d.unit, d.doc, d.code, d.start, d.end
                ));
                ui.label(RichText::new(state).italics());
            });
            let excerpt: String = d.text.chars().take(160).collect();
            ui.label(RichText::new(excerpt).weak());
            ui.label(format!(
                "{}: {:?}   {}: {:?}   consensus: {:?}",
                coders.0, d.a, coders.1, d.b, d.consensus
            ));
            let key = (d.doc_id, d.code_id, d.start);
            let range = self.ranges.entry(key).or_insert((d.start, d.end));
            let mut pick = None;
            ui.horizontal_wrapped(|ui| {
                if ui
                    .button(cx.trf(Msg::ConsensusAcceptA, &[&coders.0]))
                    .clicked()
                {
                    pick = Some(Some(Resolution::A));
                }
                if ui
                    .button(cx.trf(Msg::ConsensusAcceptA, &[&coders.1]))
                    .clicked()
                {
                    pick = Some(Some(Resolution::B));
                }
                if ui.button(cx.tr(Msg::ConsensusBoth)).clicked() {
                    pick = Some(Some(Resolution::Both));
                }
                if ui.button(cx.tr(Msg::ConsensusNeither)).clicked() {
                    pick = Some(Some(Resolution::Neither));
                }
                ui.separator();
                let from = ui.label(cx.tr(Msg::ConsensusFrom));
                ui.add(egui::DragValue::new(&mut range.0).range(d.start..=d.end))
                    .labelled_by(from.id);
                let to = ui.label(cx.tr(Msg::ConsensusTo));
                ui.add(egui::DragValue::new(&mut range.1).range(d.start..=d.end))
                    .labelled_by(to.id);
                let ok = range.0 < range.1;
                if ui
                    .add_enabled(ok, egui::Button::new(cx.tr(Msg::ConsensusRange)))
                    .clicked()
                {
                    pick = Some(Some(Resolution::Range(range.0, range.1)));
                }
                if d.decision.is_some() && ui.button(cx.tr(Msg::ConsensusReopen)).clicked() {
                    pick = Some(None);
                }
            });
            if let Some(r) = pick
                && !cx.busy
                && let Ok(cmd) = resolution_command(d, r)
            {
                cx.push(AppCommand::Execute(cmd));
            }
        });
    }
}
