use super::*;

fn kinds(text: &str) -> Vec<(PiiKind, String)> {
    scan(text, &[])
        .into_iter()
        .map(|h| (h.kind, h.text))
        .collect()
}

/// A valid ID number: region, birth date `yyyymmdd`, sequence, computed check character.
fn id_number(region: &str, birth: &str, seq: &str) -> String {
    let first17 = format!("{region}{birth}{seq}");
    let check = id_check_char(&first17).unwrap();
    format!("{first17}{check}")
}

/// A Luhn-valid card number: `prefix` plus the check digit.
fn card(prefix: &str) -> String {
    (0..10)
        .map(|d| format!("{prefix}{d}"))
        .find(|c| luhn_valid(c))
        .unwrap()
}

/// A small deterministic generator (no external randomness in unit tests).
fn lcg(seed: &mut u64) -> u64 {
    *seed = seed
        .wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(1_442_695_040_888_963_407);
    *seed >> 33
}

#[test]
fn generated_id_numbers_pass_and_every_single_digit_change_fails() {
    let mut seed = 7;
    let regions = ["110101", "310104", "440305", "510107", "650102"];
    for i in 0..200 {
        let region = regions[i % regions.len()];
        let year = 1930 + lcg(&mut seed) % 90;
        let month = 1 + lcg(&mut seed) % 12;
        let day = 1 + lcg(&mut seed) % 28;
        let seq = lcg(&mut seed) % 1000;
        let id = id_number(
            region,
            &format!("{year}{month:02}{day:02}"),
            &format!("{seq:03}"),
        );
        assert!(id_number_valid(&id), "{id}");
        let text = format!("受访者身份证号{id}，已核实。");
        assert_eq!(
            kinds(&text),
            vec![(PiiKind::IdNumber, id.clone())],
            "{text}"
        );
        // Change one digit of the first 17: the checksum catches every single substitution.
        let pos = (lcg(&mut seed) % 17) as usize;
        let mut chars: Vec<char> = id.chars().collect();
        let d = chars[pos].to_digit(10).unwrap();
        chars[pos] = char::from_digit((d + 1 + (lcg(&mut seed) % 9) as u32) % 10, 10).unwrap();
        let bad: String = chars.into_iter().collect();
        assert!(!id_number_valid(&bad), "{bad} (from {id})");
        assert!(
            !scan(&format!("号码{bad}。"), &[])
                .iter()
                .any(|h| h.kind == PiiKind::IdNumber),
            "{bad}"
        );
    }
}

#[test]
fn id_numbers_need_a_real_birth_date_and_region() {
    assert!(id_number_valid(&id_number("110101", "20000229", "123")));
    assert!(!id_number_valid(&id_number("110101", "19000229", "123")));
    assert!(!id_number_valid(&id_number("110101", "19991301", "123")));
    assert!(!id_number_valid(&id_number("110101", "19990431", "123")));
    assert!(!id_number_valid(&id_number("110101", "18991231", "123")));
    assert!(!id_number_valid(&id_number("990101", "19901231", "123")));
    // A lower-case check x counts; found inside Chinese text with full-width digits too.
    let x = (0..1000)
        .map(|s| id_number("440305", "19851012", &format!("{s:03}")))
        .find(|id| id.ends_with('X'))
        .unwrap();
    let lower = x.to_lowercase();
    assert_eq!(
        kinds(&format!("证件{lower}")),
        vec![(PiiKind::IdNumber, lower)]
    );
    let id = id_number("310104", "19770815", "042");
    let wide: String = id
        .chars()
        .map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap())
        .collect();
    assert_eq!(
        kinds(&format!("证件{wide}。")),
        vec![(PiiKind::IdNumber, wide)]
    );
    // Inside a longer digit run it is nothing.
    assert_eq!(kinds(&format!("编号9{id}")), vec![]);
}

#[test]
fn mobile_numbers_in_their_usual_spellings() {
    for phone in [
        "13812345678",
        "138 1234 5678",
        "138-1234-5678",
        "+86 13912345678",
        "+86-159-1234-5678",
        "008618612345678",
        "１３８１２３４５６７８",
    ] {
        let text = format!("电话：{phone}，晚上打");
        assert_eq!(
            kinds(&text),
            vec![(PiiKind::Mobile, phone.to_owned())],
            "{text}"
        );
        let s = scan(&text, &[]);
        assert_eq!(s[0].start, 3);
        assert_eq!(s[0].end, 3 + phone.chars().count());
    }
    // Not mobiles: 12x prefix, 10 or 12 digits, a run inside a longer run.
    for text in [
        "电话12812345678。",
        "电话1381234567。",
        "电话138123456789。",
        "编号9913812345678",
        "共计1381234567800元",
    ] {
        assert!(
            !kinds(text).iter().any(|(k, _)| *k == PiiKind::Mobile),
            "{text}: {:?}",
            kinds(text)
        );
    }
    // Two numbers side by side.
    let two = kinds("13812345678、13998765432");
    assert_eq!(two.len(), 2, "{two:?}");
}

#[test]
fn landlines_with_area_codes() {
    for phone in [
        "010-12345678",
        "0755-2345678",
        "021 62345678",
        "(020)87654321",
        "（0571）88776655",
        "02887654321",
    ] {
        let text = format!("单位电话{phone}。");
        assert_eq!(
            kinds(&text),
            vec![(PiiKind::Landline, phone.to_owned())],
            "{text}"
        );
    }
    for text in [
        "第010条",
        "2023年12月31日",
        "金额0.5元",
        "编号1010-12345678",
    ] {
        assert!(
            !kinds(text).iter().any(|(k, _)| *k == PiiKind::Landline),
            "{text}: {:?}",
            kinds(text)
        );
    }
}

#[test]
fn bank_cards_pass_luhn_and_one_changed_digit_fails() {
    let mut seed = 11;
    for len in 16..=19 {
        for _ in 0..25 {
            let mut prefix = String::from("62");
            while prefix.len() < len - 1 {
                prefix.push(char::from_digit((lcg(&mut seed) % 10) as u32, 10).unwrap());
            }
            let number = card(&prefix);
            assert!(luhn_valid(&number));
            let text = format!("工资卡{number}，开户行");
            assert_eq!(
                kinds(&text),
                vec![(PiiKind::BankCard, number.clone())],
                "{text}"
            );
            // One digit changed: Luhn catches every single substitution.
            let pos = (lcg(&mut seed) as usize) % len;
            let mut chars: Vec<char> = number.chars().collect();
            let d = chars[pos].to_digit(10).unwrap();
            chars[pos] = char::from_digit((d + 1 + (lcg(&mut seed) % 9) as u32) % 10, 10).unwrap();
            let bad: String = chars.into_iter().collect();
            assert!(!luhn_valid(&bad), "{bad}");
            assert!(
                !kinds(&format!("工资卡{bad}，"))
                    .iter()
                    .any(|(k, _)| *k == PiiKind::BankCard),
                "{bad}"
            );
        }
    }
    let grouped = card("622202123456789");
    let spaced = format!(
        "{} {} {} {}",
        &grouped[0..4],
        &grouped[4..8],
        &grouped[8..12],
        &grouped[12..16]
    );
    assert_eq!(
        kinds(&format!("卡号 {spaced} 。")),
        vec![(PiiKind::BankCard, spaced)]
    );
}

#[test]
fn e_mail_addresses() {
    for mail in [
        "zhang.san@example.com",
        "li_si+qcw@mail.pku.edu.cn",
        "13812345678@qq.com",
    ] {
        let text = format!("邮箱：{mail}。");
        assert_eq!(
            kinds(&text),
            vec![(PiiKind::Email, mail.to_owned())],
            "{text}"
        );
    }
    for text in ["不是邮箱 a@b", "@example.com", "user@localhost"] {
        assert!(
            !kinds(text).iter().any(|(k, _)| *k == PiiKind::Email),
            "{text}"
        );
    }
}

#[test]
fn licence_plates_including_new_energy() {
    for plate in [
        "京A12345",
        "粤B·D12345",
        "沪AD12345",
        "苏E12345F",
        "浙A1234学",
        "川A 8K2Q9",
    ] {
        let text = format!("他开着{plate}的车");
        assert_eq!(
            kinds(&text),
            vec![(PiiKind::Plate, plate.to_owned())],
            "{text}"
        );
    }
    for text in ["京ABCDEF", "新AB", "粤I12345", "苏E123456789"] {
        assert!(
            !kinds(text).iter().any(|(k, _)| *k == PiiKind::Plate),
            "{text}: {:?}",
            kinds(text)
        );
    }
}

#[test]
fn watch_list_terms_are_found_wherever_they_occur() {
    let text = "张伟说：我在杨家村住了十年，张伟的母亲也在杨家村。";
    let hits = scan(text, &["张伟".into(), "杨家村".into(), " ".into()]);
    let found: Vec<(usize, usize, &str)> = hits
        .iter()
        .map(|h| (h.start, h.end, h.text.as_str()))
        .collect();
    assert_eq!(
        found,
        vec![
            (0, 2, "张伟"),
            (6, 9, "杨家村"),
            (14, 16, "张伟"),
            (21, 24, "杨家村")
        ]
    );
    assert!(hits.iter().all(|h| h.kind == PiiKind::Watch));
}

#[test]
fn context_and_redaction_keep_code_points() {
    let text = "第一行\n电话13812345678，谢谢";
    let hit = &scan(text, &[])[0];
    let index = CharIndex::new(text);
    let (before, after) = context(text, &index, hit.start, hit.end);
    assert_eq!(before, "第一行 电话");
    assert_eq!(after, "，谢谢");
    let red = redacted(text, 2, 8).unwrap();
    assert_eq!(red, "第一＊\n＊＊＊＊812345678，谢谢");
    assert_eq!(red.chars().count(), text.chars().count());
    assert_eq!(redacted(text, 3, 3), None);
    assert_eq!(redacted(text, 0, 99), None);
}

#[test]
fn kinds_round_trip_through_their_names() {
    for k in PiiKind::ALL {
        assert_eq!(PiiKind::parse(k.as_str()), Some(k));
    }
    assert_eq!(PiiKind::parse("card"), Some(PiiKind::BankCard));
    assert_eq!(PiiKind::parse("nonsense"), None);
}

/// Ordinary Chinese legal text (laws and court cases: article numbers, dates, amounts, case
/// numbers) has next to no personal data; the detector must stay quiet on it.
#[test]
fn few_false_hits_on_chinese_legal_text() {
    let Some(dir) = crate::test_data::shared_data("corpus-zh-laws") else {
        return;
    };
    let mut files = 0;
    let mut chars = 0;
    let mut found: Vec<(String, PiiHit)> = Vec::new();
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|x| x != "md") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        files += 1;
        chars += text.chars().count();
        let name = entry.file_name().to_string_lossy().into_owned();
        found.extend(scan(&text, &[]).into_iter().map(|h| (name.clone(), h)));
    }
    eprintln!(
        "corpus-zh-laws: {files} files, {chars} characters, {} hits",
        found.len()
    );
    for (name, h) in &found {
        eprintln!("  {name}: {:?} {:?}", h.kind, h.text);
    }
    assert!(files > 100, "only {files} law files");
    assert!(found.len() <= 2, "{} false hits: {found:#?}", found.len());
}

/// Generated personal data planted into the legal texts is found exactly where it was put, and
/// nothing else is.
#[test]
fn planted_data_in_legal_text_is_found_exactly() {
    let Some(dir) = crate::test_data::shared_data("corpus-zh-laws") else {
        return;
    };
    let mut seed = 3;
    let mut planted = 0;
    let files = walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .take(60);
    for entry in files {
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let mut out = String::new();
        let mut want = Vec::new();
        let mut sentences = 0;
        for c in text.chars() {
            out.push(c);
            if c == '。' {
                sentences += 1;
                if sentences % 3 == 0 {
                    let (kind, item) = match lcg(&mut seed) % 5 {
                        0 => (
                            PiiKind::Mobile,
                            format!("13{}", 100_000_000 + lcg(&mut seed) % 900_000_000),
                        ),
                        1 => (
                            PiiKind::IdNumber,
                            id_number(
                                "320102",
                                &format!(
                                    "19{:02}0{}1{}",
                                    50 + lcg(&mut seed) % 49,
                                    1 + lcg(&mut seed) % 9,
                                    lcg(&mut seed) % 9
                                ),
                                &format!("{:03}", lcg(&mut seed) % 1000),
                            ),
                        ),
                        2 => (
                            PiiKind::BankCard,
                            card(&format!(
                                "62284{}",
                                10_000_000_000 + lcg(&mut seed) % 89_999_999_999
                            )),
                        ),
                        3 => (
                            PiiKind::Email,
                            format!("user{}@example.org", lcg(&mut seed) % 1000),
                        ),
                        _ => (
                            PiiKind::Plate,
                            format!("苏E{}", 10_000 + lcg(&mut seed) % 89_999),
                        ),
                    };
                    let start = out.chars().count() + 3;
                    out.push_str("联系：");
                    out.push_str(&item);
                    out.push('，');
                    want.push((kind, start, start + item.chars().count(), item));
                }
            }
        }
        planted += want.len();
        let got: Vec<(PiiKind, usize, usize, String)> = scan(&out, &[])
            .into_iter()
            .map(|h| (h.kind, h.start, h.end, h.text))
            .collect();
        assert_eq!(got, want, "{}", entry.path().display());
    }
    eprintln!("planted {planted} items into 60 legal texts: every one found exactly");
    assert!(planted > 100, "only {planted} planted");
}
