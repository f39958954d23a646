//! The tables keep their headers: in Matrix, Cases and Crosstabs, after scrolling down and right
//! (mouse wheel) the column headers are still at the top (only moved sideways) and the first
//! column still at the left (only moved up), and the pointer there hits them — not a body cell
//! scrolled underneath. The overview shows the core's numbers and a click lists the segments.

use crate::util::{demo_project, harness, settle};
use egui::accesskit::{NodeId, Role};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _, by};
use qcw::app::views::CentralTab;
use qcw::app::{AppCommand, Lang, QcwApp};
use qcw::command::{Command, execute};
use qcw::model::{AttrScope, AttrType};
use qcw::store::Project;
use std::collections::HashMap;
use std::path::Path;

/// A node as seen this frame.
#[derive(Debug, Clone)]
struct Seen {
    id: NodeId,
    role: Role,
    rect: egui::Rect,
}

/// Every labelled node: label → where it is (the last one for a repeated label: the panels
/// left of the centre come first).
fn nodes(h: &Harness<'_, QcwApp>) -> HashMap<String, Seen> {
    let mut out = HashMap::new();
    // Only the centre: the document panel (250 px wide) lists case names too, and the codebook
    // panel (300 px) code names.
    let width = h.ctx.content_rect().width();
    let centre = 255.0..(width - 295.0);
    for n in h.query_all(by().predicate(|n| n.label().or_else(|| n.value()).is_some())) {
        if !centre.contains(&n.rect().center().x) {
            continue;
        }
        let a = n.accesskit_node();
        let Some(label) = a.label().or_else(|| a.value()) else {
            continue;
        };
        out.insert(
            label,
            Seen {
                id: a.locate().0,
                role: a.role(),
                rect: n.rect(),
            },
        );
    }
    out
}

/// Adds 30 cases (with the QCA outcome attribute) and 6 case attributes, so that every table
/// is larger than a small window.
fn enlarge(path: &Path) {
    let mut p = Project::open(path, "tester").unwrap();
    for i in 0..30 {
        let name = format!("补充案例{i:02}");
        execute(
            &mut p,
            &Command::AddCase {
                name: name.clone(),
                description: String::new(),
            },
        )
        .unwrap();
    }
    let added: Vec<i64> = p
        .cases()
        .unwrap()
        .iter()
        .filter(|c| c.name.starts_with("补充案例"))
        .map(|c| c.id)
        .collect();
    for case_id in added {
        let cmd = Command::SetCaseAttribute {
            case_id,
            key: "运行结果".into(),
            value: Some("运转失效".into()),
        };
        execute(&mut p, &cmd).unwrap();
    }
    for k in 0..6 {
        execute(
            &mut p,
            &Command::DefineAttribute {
                scope: AttrScope::Case,
                name: format!("属性{k}"),
                ty: AttrType::Text,
            },
        )
        .unwrap();
    }
}

fn open_tab(h: &mut Harness<'_, QcwApp>, tab: CentralTab) {
    h.state_mut().push(AppCommand::SetCentralTab(tab));
    settle(h);
    settle(h);
}

/// Scrolls the table down and right (the wheel over its first column), then checks the frozen
/// header row and first column (`first`: labels of first-column cells).
fn headers_stay(h: &mut Harness<'_, QcwApp>, tab: CentralTab, first: &[String]) {
    open_tab(h, tab);
    let before = nodes(h);
    for down in [true, true, false, false, false, false] {
        let now = nodes(h);
        // The pointer over a first-column cell (inside the table's scroll area).
        let mut rows: Vec<&Seen> = first.iter().filter_map(|l| now.get(l)).collect();
        rows.sort_by(|a, b| a.rect.top().total_cmp(&b.rect.top()));
        let probe = rows
            .get(2)
            .or(rows.last())
            .unwrap_or_else(|| panic!("{tab:?}: no first-column cell"));
        let at = probe.rect.center();
        h.hover_at(at);
        h.step();
        let delta = if down {
            egui::vec2(0.0, -30.0)
        } else {
            egui::vec2(-20.0, 0.0)
        };
        h.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta,
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Unknown,
            modifiers: egui::Modifiers::NONE,
        });
        for _ in 0..10 {
            h.step();
        }
    }
    h.run();
    let after = nodes(h);
    if std::env::var("QCW_TABLE_DEBUG").is_ok() {
        for (l, n) in before.iter().filter(|(_, n)| n.role == Role::ColumnHeader) {
            eprintln!("{tab:?} BEFORE header {l}: {:?}", n.rect);
        }
        for (l, n) in after.iter().filter(|(_, n)| n.role == Role::ColumnHeader) {
            eprintln!(
                "{tab:?} header {l}: {:?} before {:?}",
                n.rect,
                before.get(l).map(|b| b.rect)
            );
        }
    }
    // A column header visible before and after: same height on screen, moved left.
    // (The rightmost: those further left may have gone under the frozen first column.)
    let mut moved: Vec<_> = after
        .iter()
        .filter(|(_, n)| n.role == Role::ColumnHeader)
        .filter_map(|(l, n)| Some((l, n, before.get(l)?)))
        .filter(|(_, a, b)| b.role == Role::ColumnHeader && a.rect.left() < b.rect.left() - 1.0)
        .collect();
    moved.sort_by(|x, y| y.1.rect.left().total_cmp(&x.1.rect.left()));
    let (label, head) = moved
        .into_iter()
        .map(|(l, a, b)| {
            assert!(
                (a.rect.top() - b.rect.top()).abs() < 0.5,
                "{tab:?}: header {l} moved vertically: {:?} → {:?}",
                b.rect,
                a.rect
            );
            (l.clone(), a.clone())
        })
        .next()
        .unwrap_or_else(|| panic!("{tab:?}: no header scrolled sideways and stayed on top"));
    hit(h, tab, &label, &head);
    // A first-column cell visible before and after: same x, moved up.
    if std::env::var("QCW_TABLE_DEBUG").is_ok() {
        for l in first {
            eprintln!(
                "{tab:?} first {l}: {:?} before {:?}",
                after.get(l),
                before.get(l)
            );
        }
    }
    // (The topmost wholly below the header row.)
    let mut moved: Vec<_> = first
        .iter()
        .filter_map(|l| Some((l, after.get(l)?, before.get(l)?)))
        .filter(|(_, a, b)| a.role == b.role && a.rect.top() < b.rect.top() - 1.0)
        .filter(|(_, a, _)| a.rect.top() > head.rect.bottom())
        .collect();
    moved.sort_by(|x, y| x.1.rect.top().total_cmp(&y.1.rect.top()));
    let (label, cell) = moved
        .into_iter()
        .map(|(l, a, b)| {
            assert!(
                (a.rect.left() - b.rect.left()).abs() < 0.5,
                "{tab:?}: first column {l} moved sideways: {:?} → {:?}",
                b.rect,
                a.rect
            );
            (l.clone(), a.clone())
        })
        .next()
        .unwrap_or_else(|| panic!("{tab:?}: no first-column cell scrolled up and stayed left"));
    hit(h, tab, &label, &cell);
}

/// The pointer at the centre of `node` hits it, and no body cell (labels with ×).
fn hit(h: &mut Harness<'_, QcwApp>, tab: CentralTab, label: &str, node: &Seen) {
    h.hover_at(node.rect.center());
    h.run();
    let (hovered, contains) = h.ctx.interaction_snapshot(|s| {
        let ids = |set: &egui::IdSet| set.iter().map(|id| id.accesskit_id()).collect::<Vec<_>>();
        (ids(&s.hovered), ids(&s.contains_pointer))
    });
    let now = nodes(h);
    let body: Vec<&String> = now
        .iter()
        .filter(|(l, n)| (l.contains(" × ") || l.contains(" · ")) && contains.contains(&n.id))
        .map(|(l, _)| l)
        .collect();
    assert!(
        body.is_empty(),
        "{tab:?}: under {label}: body cells {body:?}"
    );
    // (Plain labels take no pointer input: for them it is enough that no cell is hit there.)
    assert!(
        !matches!(
            node.role,
            Role::Button | Role::ColumnHeader | Role::RowHeader
        ) || hovered.contains(&node.id)
            || contains.contains(&node.id),
        "{tab:?}: the pointer does not hit {label}"
    );
}

#[test]
fn every_table_keeps_its_header_row_and_first_column() {
    let (_dir, path) = demo_project();
    enlarge(&path);
    let mut h = harness(&path, Lang::Zh);
    h.set_size(egui::vec2(900.0, 600.0));
    h.run();
    let cases: Vec<String> = h
        .state()
        .cache()
        .cases
        .iter()
        .map(|c| c.name.clone())
        .collect();
    let codes: Vec<String> = h
        .state()
        .cache()
        .codes
        .iter()
        .map(|c| c.path.clone())
        .collect();
    headers_stay(&mut h, CentralTab::Matrix, &cases);
    headers_stay(&mut h, CentralTab::Cases, &cases);
    headers_stay(&mut h, CentralTab::Crosstab, &codes);
}

#[test]
fn overview_shows_the_counts_and_a_click_lists_the_segments() {
    let (_dir, path) = demo_project();
    let mut h = harness(&path, Lang::En);
    open_tab(&mut h, CentralTab::Overview);
    let data = h
        .state()
        .views()
        .overview
        .data()
        .expect("overview computed")
        .clone();
    let p = Project::open_read_only(&path).unwrap();
    let core = qcw::reports::overview_report(&p, &Default::default()).unwrap();
    assert_eq!(data.overview, core);
    let (row, c) = core
        .rows
        .iter()
        .find_map(|r| Some((r, r.cells.iter().position(|c| c.codings > 0)?)))
        .expect("a coded cell");
    let label = format!(
        "{} × {}: {}",
        row.name, core.codes[c].path, row.cells[c].codings
    );
    h.get_by_label(&label).click();
    settle(&mut h);
    settle(&mut h);
    let quotes = h.state().views().overview.quotes();
    assert!(quotes.title().contains(&row.name), "{}", quotes.title());
    assert_eq!(quotes.rows().len(), row.cells[c].codings);
}
