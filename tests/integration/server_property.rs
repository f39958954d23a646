//! The undo property on the team server: any sequence of commands in a replica reaches the
//! server, another replica and a fresh clone identically, and undoing and redoing all of it there
//! restores each state exactly, on every replica.

use crate::server::{cluster, url};
use crate::undo_property::{op, to_command};
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use qcw::command::{CodeFields, Command, execute};
use qcw::store::Project;
use qcw::store::remote::{self, ProjectSettings};

#[test]
fn any_command_sequence_replicates_and_undoes_identically() {
    let Some(c) = cluster() else { return };
    let dir = tempfile::tempdir().unwrap();
    let mut runner = TestRunner::new(Config {
        cases: 16,
        ..Config::default()
    });
    let case = std::sync::atomic::AtomicUsize::new(0);
    let result = runner.run(&proptest::collection::vec(op(), 1..30), |ops| {
        let n = case.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let name = format!("prop{n}");
        let base = dir.path().join(format!("{name}.qcw"));
        let mut p = Project::create(&base, "prop").unwrap();
        execute(
            &mut p,
            &Command::AddCode {
                path: "权力/赋权".into(),
                fields: CodeFields::default(),
            },
        )
        .unwrap();
        let admin = url(&c, "postgres", &name);
        p.publish(
            &admin,
            ProjectSettings {
                blinded: false,
                codebook_locked: false,
            },
        )
        .unwrap();
        drop(p);
        remote::add_member(&admin, "prop", "prop", "pi").unwrap();
        let clone = |tag: &str| {
            Project::clone_from_server(
                &url(&c, "prop", &name),
                &dir.path().join(format!("{name}-{tag}.qcw")),
                None,
            )
            .unwrap()
        };
        let (mut a, mut b) = (clone("a"), clone("b"));
        let initial = a.dump_domain().unwrap();
        let mut applied = 0;
        for op in &ops {
            let Some(cmd) = to_command(&a, op) else {
                continue;
            };
            let before = a.dump_domain().unwrap();
            match execute(&mut a, &cmd) {
                Ok(r) => applied += usize::from(r.history_id.is_some()),
                Err(_) => proptest::prop_assert_eq!(&before, &a.dump_domain().unwrap()),
            }
            b.pull().unwrap();
            proptest::prop_assert_eq!(a.dump_domain().unwrap(), b.dump_domain().unwrap());
        }
        let final_state = a.dump_domain().unwrap();
        proptest::prop_assert_eq!(&final_state, &clone("fresh").dump_domain().unwrap());
        for _ in 0..applied {
            proptest::prop_assert!(a.undo().unwrap().is_some());
        }
        proptest::prop_assert_eq!(&initial, &a.dump_domain().unwrap());
        b.pull().unwrap();
        proptest::prop_assert_eq!(&initial, &b.dump_domain().unwrap());
        for _ in 0..applied {
            proptest::prop_assert!(a.redo().unwrap().is_some());
        }
        b.pull().unwrap();
        proptest::prop_assert_eq!(&final_state, &b.dump_domain().unwrap());
        proptest::prop_assert_eq!(&final_state, &clone("last").dump_domain().unwrap());
        Ok::<(), TestCaseError>(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}
