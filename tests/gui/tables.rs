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
use std::path::Path;

/// A node as seen this frame.
#[derive(Debug, Clone)]
struct Seen {
    id: NodeId,
    label: String,
    role: Role,
    rect: egui::Rect,
}

/// Every labelled node in the centre, in tree order. (The document panel, 250 px wide, lists
/// case names too, and the codebook panel, 300 px, code names. Labels repeat inside the centre
/// as well — co-occurrence has the same codes as row and column headers, QCA's truth table the
/// same conditions as its case table — so nodes are matched across frames by id.)
fn nodes(h: &Harness<'_, QcwApp>) -> Vec<Seen> {
    let width = h.ctx.content_rect().width();
    let centre = 255.0..(width - 295.0);
    let mut out = Vec::new();
    for n in h.query_all(by().predicate(|n| n.label().or_else(|| n.value()).is_some())) {
        if !centre.contains(&n.rect().center().x) {
            continue;
        }
        let a = n.accesskit_node();
        let Some(label) = a.label().or_else(|| a.value()) else {
            continue;
        };
        out.push(Seen {
            id: a.locate().0,
            label,
            role: a.role(),
            rect: n.rect(),
        });
    }
    out
}

/// The same node in an earlier frame.
fn same<'a>(earlier: &'a [Seen], n: &Seen) -> Option<&'a Seen> {
    earlier.iter().find(|b| b.id == n.id)
}

/// Nodes of the first column: labelled with one of `first` and not a column header.
fn first_column<'a>(now: &'a [Seen], first: &[String]) -> Vec<&'a Seen> {
    now.iter()
        .filter(|n| n.role != Role::ColumnHeader && first.contains(&n.label))
        .collect()
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
    // (Views computed on a background thread show their table a few frames later.)
    for _ in 0..500 {
        if nodes(h).iter().any(|n| n.role == Role::ColumnHeader) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
        h.step();
    }
    h.run();
    let before = nodes(h);
    if std::env::var("QCW_TABLE_DEBUG").is_ok() {
        for n in before.iter().filter(|n| n.role == Role::ColumnHeader) {
            eprintln!("{tab:?} BEFORE {n:?}");
        }
    }
    for down in [true, true, false, false, false, false] {
        let now = nodes(h);
        // The pointer over a first-column cell (inside the table's scroll area).
        let mut rows = first_column(&now, first);
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
        for n in &after {
            eprintln!(
                "{tab:?} {n:?} before {:?}",
                same(&before, n).map(|b| b.rect)
            );
        }
    }
    // A column header visible before and after: same height on screen, moved left.
    // (The rightmost: those further left may have gone under the frozen first column.)
    let mut moved: Vec<_> = after
        .iter()
        .filter(|n| n.role == Role::ColumnHeader)
        .filter_map(|n| Some((n, same(&before, n)?)))
        .filter(|(a, b)| a.rect.left() < b.rect.left() - 1.0)
        .collect();
    moved.sort_by(|x, y| y.0.rect.left().total_cmp(&x.0.rect.left()));
    let head = moved
        .into_iter()
        .map(|(a, b)| {
            assert!(
                (a.rect.top() - b.rect.top()).abs() < 0.5,
                "{tab:?}: header {} moved vertically: {:?} → {:?}",
                a.label,
                b.rect,
                a.rect
            );
            a.clone()
        })
        .next()
        .unwrap_or_else(|| panic!("{tab:?}: no header scrolled sideways and stayed on top"));
    hit(h, tab, &head);
    // A first-column cell visible before and after: same x, moved up (the topmost wholly
    // below the header row).
    // (Matched by label: text runs get no stable id.)
    let earlier = first_column(&before, first);
    let mut moved: Vec<_> = first_column(&after, first)
        .into_iter()
        .filter_map(|n| Some((n, *earlier.iter().find(|b| b.label == n.label)?)))
        .filter(|(a, b)| a.rect.top() < b.rect.top() - 1.0)
        .filter(|(a, _)| a.rect.top() > head.rect.bottom())
        .collect();
    moved.sort_by(|x, y| x.0.rect.top().total_cmp(&y.0.rect.top()));
    let cell = moved
        .into_iter()
        .map(|(a, b)| {
            assert!(
                (a.rect.left() - b.rect.left()).abs() < 0.5,
                "{tab:?}: first column {} moved sideways: {:?} → {:?}",
                a.label,
                b.rect,
                a.rect
            );
            a.clone()
        })
        .next()
        .unwrap_or_else(|| panic!("{tab:?}: no first-column cell scrolled up and stayed left"));
    hit(h, tab, &cell);
}

/// Every column header in view is inside the centre panel (a table scrolled out of view does
/// not pin its header over the status bar), and a header without spaces is one text run: never
/// broken inside a word (必要性一致/性).
fn headers_whole(h: &Harness<'_, QcwApp>, tab: CentralTab) {
    let now = nodes(h);
    let bottom = now
        .iter()
        .filter(|n| n.role == Role::Splitter)
        .map(|n| n.rect.bottom())
        .fold(f32::INFINITY, f32::min);
    assert!(bottom.is_finite(), "{tab:?}: no panel splitter");
    let heads: Vec<&Seen> = now
        .iter()
        .filter(|n| n.role == Role::ColumnHeader)
        .collect();
    let mut checked = 0;
    for head in heads {
        assert!(
            head.rect.bottom() <= bottom + 0.5,
            "{tab:?}: header {} at {:?} below the centre (bottom {bottom})",
            head.label,
            head.rect
        );
        let short = head.label.rsplit('/').next().unwrap_or(&head.label);
        if short.contains(' ') {
            continue;
        }
        let inside = head.rect.expand(1.0);
        let runs = now
            .iter()
            .filter(|n| n.role == Role::TextRun && inside.contains_rect(n.rect));
        if runs.count() == 0 {
            continue; // under the frozen first column
        }
        checked += 1;
        assert!(
            now.iter().any(|n| n.role == Role::TextRun
                && n.label == short
                && inside.contains_rect(n.rect)),
            "{tab:?}: header {} is not one line of text: {:?}",
            head.label,
            now.iter()
                .filter(|n| n.role == Role::TextRun && inside.contains_rect(n.rect))
                .map(|n| &n.label)
                .collect::<Vec<_>>()
        );
    }
    assert!(checked > 0, "{tab:?}: no column header in view");
}

/// The pointer at the centre of `node` hits it, and no body cell (labels with ×).
fn hit(h: &mut Harness<'_, QcwApp>, tab: CentralTab, node: &Seen) {
    let label = &node.label;
    h.hover_at(node.rect.center());
    h.run();
    let (hovered, contains) = h.ctx.interaction_snapshot(|s| {
        let ids = |set: &egui::IdSet| set.iter().map(|id| id.accesskit_id()).collect::<Vec<_>>();
        (ids(&s.hovered), ids(&s.contains_pointer))
    });
    let now = nodes(h);
    let body: Vec<&String> = now
        .iter()
        .filter(|n| {
            (n.label.contains(" × ") || n.label.contains(" · ")) && contains.contains(&n.id)
        })
        .map(|n| &n.label)
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

/// The labels of the first columns: case names, code paths, document names.
struct Names {
    cases: Vec<String>,
    codes: Vec<String>,
    docs: Vec<String>,
}

/// The enlarged demo in a 900 × 600 window (every table larger than its room), in Chinese.
fn small_window() -> (tempfile::TempDir, Harness<'static, QcwApp>, Names) {
    let (dir, path) = demo_project();
    enlarge(&path);
    let mut h = harness(&path, Lang::Zh);
    h.set_size(egui::vec2(900.0, 600.0));
    h.run();
    let cache = h.state().cache();
    let names = Names {
        cases: cache.cases.iter().map(|c| c.name.clone()).collect(),
        codes: cache.codes.iter().map(|c| c.path.clone()).collect(),
        docs: cache.docs.iter().map(|d| d.name.clone()).collect(),
    };
    (dir, h, names)
}

#[test]
fn every_table_keeps_its_header_row_and_first_column() {
    let (_dir, mut h, names) = small_window();
    let (cases, codes) = (&names.cases, &names.codes);
    headers_stay(&mut h, CentralTab::Matrix, cases);
    headers_stay(&mut h, CentralTab::Cases, cases);
    headers_stay(&mut h, CentralTab::Crosstab, codes);
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

#[test]
fn qca_cooccurrence_and_overview_keep_their_headers() {
    let (_dir, mut h, names) = small_window();
    let (cases, codes, docs) = (&names.cases, &names.codes, &names.docs);
    headers_stay(&mut h, CentralTab::Qca, cases);
    headers_whole(&h, CentralTab::Qca);
    // The truth table and the fits table below the case table: scrolled into view.
    let centre = egui::pos2(400.0, 500.0);
    h.hover_at(centre);
    for _ in 0..10 {
        h.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, -60.0),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Unknown,
            modifiers: egui::Modifiers::NONE,
        });
        h.step();
    }
    h.run();
    headers_whole(&h, CentralTab::Qca);
    headers_stay(&mut h, CentralTab::Cooccur, codes);
    headers_stay(&mut h, CentralTab::Overview, docs);
}
