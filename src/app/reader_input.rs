//! Reader input: the mouse (select by dragging, extend with Shift, drag the selection onto a
//! code, click a highlight or stripe) and the keyboard (Shift+arrows, Ctrl+A, Ctrl+C, Escape).

use super::PanelCtx;
use super::cache::DocData;
use super::commands::AppCommand;
use super::reader::{Geo, SelectionDrag};
use super::reader_layout::DocLayout;
use super::reader_marks::PaintCache;
use egui::{CursorIcon, DragAndDrop, Event, EventFilter, Key, Ui, vec2};

/// What a press in the text started.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(super) enum DragMode {
    #[default]
    Idle,
    /// Extending the selection from `anchor`.
    Selecting { anchor: usize },
    /// Pressed inside the selection: a drag moves it onto a code, a click places the caret.
    Inside { pos: usize },
    /// The selection is being dragged onto a code.
    Payload,
}

/// Mouse: select by dragging, extend with Shift, drag a selection onto a code, click a highlight
/// or stripe to inspect its codings.
pub(super) fn pointer(
    ui: &Ui,
    cx: &mut PanelCtx<'_>,
    response: &egui::Response,
    geo: &Geo<'_>,
    paint: &PaintCache,
    doc: &DocData,
    drag: &mut DragMode,
) {
    let sel = cx.state.view.selection.filter(|s| s.doc_id == doc.id);
    let pointer = ui.ctx().pointer_interact_pos();
    let doc_id = doc.id;
    if response.is_pointer_button_down_on()
        && ui.input(|i| i.pointer.primary_pressed())
        && let Some(p) = pointer
    {
        response.request_focus();
        if p.x < geo.stripes_x {
            let pos = geo.pos_at(p);
            let shift = ui.input(|i| i.modifiers.shift);
            *drag = match sel {
                Some(s) if shift => {
                    cx.push(AppCommand::SetSelection {
                        doc_id,
                        anchor: s.anchor,
                        focus: pos,
                    });
                    DragMode::Selecting { anchor: s.anchor }
                }
                Some(s) if !s.is_empty() && s.range().0 <= pos && pos < s.range().1 => {
                    DragMode::Inside { pos }
                }
                _ => {
                    cx.push(AppCommand::SetSelection {
                        doc_id,
                        anchor: pos,
                        focus: pos,
                    });
                    DragMode::Selecting { anchor: pos }
                }
            };
        }
    }
    match *drag {
        DragMode::Selecting { anchor } if response.dragged() => {
            if let Some(p) = pointer {
                let pos = geo.pos_at(p);
                if sel.is_none_or(|s| s.focus != pos || s.anchor != anchor) {
                    cx.push(AppCommand::SetSelection {
                        doc_id,
                        anchor,
                        focus: pos,
                    });
                }
                // Scroll when dragging past the top or bottom of the view.
                let clip = ui.clip_rect();
                let dy = if p.y < clip.top() {
                    clip.top() - p.y
                } else if p.y > clip.bottom() {
                    clip.bottom() - p.y
                } else {
                    0.0
                };
                if dy != 0.0 {
                    ui.scroll_with_delta(vec2(0.0, dy.clamp(-60.0, 60.0) * 0.5));
                    ui.ctx().request_repaint();
                }
            }
        }
        DragMode::Inside { .. } if response.drag_started() => {
            if let Some((start, end)) = sel.map(|s| s.range()) {
                DragAndDrop::set_payload(ui.ctx(), SelectionDrag { doc_id, start, end });
                *drag = DragMode::Payload;
            }
        }
        _ => {}
    }
    if response.clicked()
        && let Some(p) = pointer
    {
        if let DragMode::Inside { pos } = *drag {
            cx.push(AppCommand::SetSelection {
                doc_id,
                anchor: pos,
                focus: pos,
            });
        }
        let coding_ids = geo.codings_at(p, paint);
        cx.push(AppCommand::Inspect { coding_ids, pos: p });
    }
    if ui.input(|i| !i.pointer.primary_down()) {
        *drag = DragMode::Idle;
    }
    if matches!(*drag, DragMode::Inside { .. } | DragMode::Payload) {
        ui.ctx().set_cursor_icon(CursorIcon::Grabbing);
    } else if response.hovered() && pointer.is_some_and(|p| p.x < geo.stripes_x) {
        ui.ctx().set_cursor_icon(CursorIcon::Text);
    }
}

/// Keyboard, while the reader has focus: Shift+arrows/Home/End extend the selection, plain ones
/// move the caret, Ctrl+A selects all, Ctrl+C copies, Escape clears.
pub(super) fn keys(
    ui: &Ui,
    cx: &mut PanelCtx<'_>,
    response: &egui::Response,
    layout: &DocLayout,
    doc: &DocData,
) {
    ui.memory_mut(|m| {
        m.set_focus_lock_filter(
            response.id,
            EventFilter {
                horizontal_arrows: true,
                vertical_arrows: true,
                escape: true,
                tab: false,
            },
        );
    });
    let sel = cx.state.view.selection.filter(|s| s.doc_id == doc.id);
    let doc_id = doc.id;
    let events = ui.input(|i| i.events.clone());
    for event in events {
        match event {
            Event::Key {
                key,
                pressed: true,
                modifiers,
                ..
            } => {
                let focus = sel.map_or(0, |s| s.focus);
                let moved = match key {
                    Key::ArrowLeft if modifiers.shift || sel.is_none_or(|s| s.is_empty()) => {
                        Some(focus.saturating_sub(1))
                    }
                    Key::ArrowLeft => sel.map(|s| s.range().0),
                    Key::ArrowRight if modifiers.shift || sel.is_none_or(|s| s.is_empty()) => {
                        Some((focus + 1).min(doc.chars))
                    }
                    Key::ArrowRight => sel.map(|s| s.range().1),
                    Key::ArrowUp => Some(layout.vertical_move(focus, -1.0)),
                    Key::ArrowDown => Some(layout.vertical_move(focus, 1.0)),
                    Key::Home => Some(layout.row_edge(focus, false)),
                    Key::End => Some(layout.row_edge(focus, true)),
                    Key::A if modifiers.command => {
                        cx.push(AppCommand::SetSelection {
                            doc_id,
                            anchor: 0,
                            focus: doc.chars,
                        });
                        None
                    }
                    Key::Escape => {
                        cx.push(AppCommand::ClearSelection);
                        None
                    }
                    _ => None,
                };
                if let Some(new) = moved {
                    let anchor = match sel {
                        Some(s) if modifiers.shift => s.anchor,
                        _ => new,
                    };
                    cx.push(AppCommand::SetSelection {
                        doc_id,
                        anchor,
                        focus: new,
                    });
                }
            }
            Event::Copy => {
                if let Some((a, b)) = sel.map(|s| s.range()).filter(|(a, b)| a < b) {
                    ui.ctx()
                        .copy_text(crate::text::char_slice(&doc.text, a, b).to_owned());
                }
            }
            _ => {}
        }
    }
}
