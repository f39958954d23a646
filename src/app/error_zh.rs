//! The core library's errors worded in Chinese, for the Chinese UI. The matches are exhaustive: a
//! new error variant does not compile until it has its Chinese wording. Details that come from
//! outside qcw (the operating system, SQLite, a file's own message) stay as they were reported.

use super::error::AppError;
use crate::analysis::AnalysisError;
use crate::cases::sheet::SheetError;
use crate::command::CommandError;
use crate::export::ExportError;
use crate::import::ImportError;
use crate::import::formats::FormatError;
use crate::interop::InteropError;
use crate::reports::ReportError;
use crate::search::SearchError;
use crate::search::project::IndexError;
use crate::store::StoreError;
use crate::suggest::SuggestError;
use crate::team::TeamError;
use std::path::Path;

/// The error's message in Chinese (without the prefix naming what failed).
pub(super) fn zh(e: &AppError) -> String {
    match e {
        AppError::Store(e) => store(e),
        AppError::Search(e) => search(e),
        AppError::Index(IndexError::Search(e)) => search(e),
        AppError::Index(IndexError::Store(e)) => store(e),
        AppError::Report(e) => report(e),
        AppError::Command(e) => command(e),
        AppError::Export(e) => export(e),
        AppError::Interop(e) => interop(e),
        AppError::Analysis(e) => analysis(e),
        AppError::Import(e) => import(e),
        AppError::Sheet(e) => sheet(e),
        AppError::Team(e) => team(e),
        AppError::Suggest(e) => suggest(e),
        AppError::Other(s) => s.clone(),
        AppError::Lost => "后台计算意外失败".to_owned(),
    }
}

fn p(path: &Path) -> String {
    path.display().to_string()
}

fn store(e: &StoreError) -> String {
    match e {
        StoreError::Sqlite(e) => format!("数据库错误：{e}"),
        StoreError::Io { path, source } => format!("{}：{source}", p(path)),
        StoreError::Locked(path) => format!(
            "{}：项目已在另一个窗口（或另一个 qcw 进程）中打开，请先关闭它",
            p(path)
        ),
        StoreError::NotAProject(path) => format!("{}：不是 qcw 项目文件", p(path)),
        StoreError::TooNew { path, found, known } => format!(
            "{}：项目使用第 {found} 版数据结构，本 qcw 只支持到第 {known} 版；请更新 qcw 后再打开",
            p(path)
        ),
        StoreError::Exists(path) => format!("{}：文件已存在", p(path)),
        StoreError::Missing(path) => format!("{}：项目文件不存在", p(path)),
        StoreError::ReadOnly => "项目以只读方式打开".to_owned(),
        StoreError::Server { server, message } => format!("{server}：团队服务器：{message}"),
        StoreError::NotReplica(path) => format!(
            "{}：不是团队项目的本地副本（用 `qcw team clone 地址 文件` 创建）",
            p(path)
        ),
        StoreError::Unsynced { path, count } => format!(
            "{}：有 {count} 项修改已保存在本地副本中，但尚未送达团队服务器（暂时无法连接）；服务器恢复后，`qcw team sync` 或下一条命令会发送它们",
            p(path)
        ),
        StoreError::Inconsistent(d) => format!("操作日志与数据不一致：{d}"),
        StoreError::Log(e) => format!("无法解读操作日志条目：{e}"),
        StoreError::Encrypted(path) => format!(
            "{}：不是 qcw 项目文件，或是加密项目：请提供口令（QCW_PASSPHRASE）",
            p(path)
        ),
        StoreError::WrongPassphrase(path) => {
            format!("{}：口令错误（或不是 qcw 项目文件）", p(path))
        }
        StoreError::NoEncryption => {
            "此 qcw 构建时未启用加密；请用 `--features encryption` 构建".to_owned()
        }
        StoreError::Depends {
            action,
            label,
            later,
            by,
        } => format!(
            "无法{}“{label}”：{by} 之后的操作“{later}”依赖于它",
            if *action == "undo" {
                "撤销"
            } else {
                "重做"
            }
        ),
    }
}

fn command(e: &CommandError) -> String {
    match e {
        CommandError::Store(e) => store(e),
        CommandError::NotFound(d) => format!("未找到：{d}"),
        CommandError::Invalid(d) => format!("无效：{d}"),
        CommandError::Conflict(d) => format!("已拒绝：{d}"),
    }
}

fn report(e: &ReportError) -> String {
    match e {
        ReportError::Store(e) => store(e),
        ReportError::NotFound(d) => format!("未找到：{d}"),
        ReportError::Invalid(d) => format!("无效：{d}"),
    }
}

fn search(e: &SearchError) -> String {
    match e {
        SearchError::Query(d) => format!("检索式无效：{d}"),
        SearchError::Index(e) => format!("检索索引错误：{e}"),
        SearchError::Io(e) => format!("检索索引读写错误：{e}"),
        SearchError::Store(e) => store(e),
    }
}

fn format_error(e: &FormatError) -> String {
    match e {
        FormatError::Empty => "文件为空或不含文本".to_owned(),
        FormatError::Binary => "不是文本文件（二进制数据）".to_owned(),
        FormatError::UnknownEncoding => {
            "无法识别或不支持的文本编码（请另存为 UTF-8 再导入）".to_owned()
        }
        FormatError::CorruptArchive(d) => format!("文档已损坏或格式不受支持：{d}"),
        FormatError::NoTextLayer => "PDF 没有文字层（扫描图像？），请先做 OCR".to_owned(),
        FormatError::Pdf(d) => format!("无法读取 PDF：{d}"),
        FormatError::Encrypted => "文档已加密或有密码保护；请解除保护后重新导入".to_owned(),
    }
}

fn import(e: &ImportError) -> String {
    match e {
        ImportError::Pattern(d) => format!("元数据模式有误：{d}"),
        ImportError::Missing(path) => format!("{}：文件或文件夹不存在", p(path)),
        ImportError::Io { path, source } => format!("{}：{source}", p(path)),
        ImportError::Format { path, source } => format!("{}：{}", p(path), format_error(source)),
        ImportError::TooLarge { path, size } => {
            format!("{}：文本有 {size} 字节，超过 50 MB 上限", p(path))
        }
        ImportError::Store { path, source } => format!("{}：{}", p(path), command(source)),
    }
}

fn export(e: &ExportError) -> String {
    match e {
        ExportError::Project { path, error } => format!("{}：{}", p(path), report(error)),
        ExportError::Invalid(d) => format!("导出选项无效：{d}"),
        ExportError::UnknownFormat { path } => format!(
            "{}：未知的导出格式；请使用 .xlsx、.csv、.md 或 .html 文件名",
            p(path)
        ),
        ExportError::Io { path, error } => format!("{}：{error}", p(path)),
        ExportError::Xlsx { path, error } => format!("{}：{error}", p(path)),
        ExportError::Csv { path, error } => format!("{}：{error}", p(path)),
    }
}

fn interop(e: &InteropError) -> String {
    match e {
        InteropError::Io { path, source } => format!("{}：{source}", p(path)),
        InteropError::Archive { path, reason } => {
            format!("{}：不是有效的 .qdpx 压缩包：{reason}", p(path))
        }
        InteropError::Invalid { path, reason } => {
            format!("{}：无效的 REFI-QDA 项目：{reason}", p(path))
        }
        InteropError::Limit { path, exceeded } => {
            format!("{}：导入被拒绝，项目未改变：{exceeded}", p(path))
        }
        InteropError::Store { path, source } => format!("{}：{}", p(path), store(source)),
        InteropError::Command { path, source } => {
            format!("{}：导入被拒绝，项目未改变：{}", p(path), command(source))
        }
    }
}

fn analysis(e: &AnalysisError) -> String {
    match e {
        AnalysisError::InvalidRule(r) => {
            format!("共现规则 {r:?} 无效：应为 overlap、paragraph、near:N 或 document")
        }
        AnalysisError::InvalidUnit(u) => format!("一致性单位 {u:?} 无效：应为 char 或 segment"),
        AnalysisError::TooFewCoders(n) => format!("编码者间一致性至少需要两位编码者，现有 {n} 位"),
        AnalysisError::InvalidThreshold(t) => format!("重叠阈值必须在 [0, 1] 之间，现为 {t}"),
        AnalysisError::ConditionCount {
            case,
            expected,
            found,
        } => format!("案例 {case:?} 有 {found} 个条件值，但列出了 {expected} 个条件"),
    }
}

fn sheet(e: &SheetError) -> String {
    match e {
        SheetError::File { path, reason } => format!("{}：{reason}", p(path)),
        SheetError::Store(e) => store(e),
        SheetError::Command(e) => command(e),
    }
}

fn team(e: &TeamError) -> String {
    match e {
        TeamError::Store(e) => store(e),
        TeamError::Command(e) => command(e),
        TeamError::SelfMerge(path) => format!("{}：不能把项目合并到它自己", p(path)),
        TeamError::BlindedInto { path, coder } => format!(
            "{}：这是 {coder} 的盲编码副本；请把各编码员的副本合并到负责人的项目",
            p(path)
        ),
        TeamError::BadCoder(c) => {
            format!("编码员名称 {c:?} 为空、保留、重复或含路径分隔符")
        }
        TeamError::NoCoders => "没有给出编码员（--coders 甲,乙）".to_owned(),
        TeamError::UnknownCoder { path, coder, known } => format!(
            "{}：编码员 {coder:?} 没有编码（现有编码员：{known}）",
            p(path)
        ),
        TeamError::NoUnit { unit, count } => {
            format!("没有第 {unit} 处分歧（共 {count} 处）")
        }
        TeamError::RangeOutside {
            start,
            end,
            unit,
            unit_start,
            unit_end,
        } => format!("范围 [{start}, {end}) 不在第 {unit} 处分歧 [{unit_start}, {unit_end}) 之内"),
    }
}

fn suggest(e: &SuggestError) -> String {
    match e {
        SuggestError::Store(e) => store(e),
        SuggestError::UnknownCode(path) => format!("代码本中没有代码 {path:?}"),
        SuggestError::NothingToLearn(path) => {
            format!("代码 {path} 还没有编码可供学习：请先编码几处片段")
        }
        SuggestError::Folds(n) => format!("交叉验证至少需要 2 折，而不是 {n} 折"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn core_errors_read_in_chinese_with_their_file() {
        let locked = AppError::Store(StoreError::Locked(PathBuf::from("研究.qcw")));
        let text = zh(&locked);
        assert!(text.starts_with("研究.qcw："), "{text}");
        assert!(text.contains("另一个窗口"), "{text}");
        let import = AppError::Import(ImportError::Format {
            path: PathBuf::from("访谈01.docx"),
            source: FormatError::Encrypted,
        });
        assert_eq!(
            zh(&import),
            "访谈01.docx：文档已加密或有密码保护；请解除保护后重新导入"
        );
        let nested = AppError::Interop(InteropError::Command {
            path: PathBuf::from("a.qdpx"),
            source: CommandError::NotFound("code 权力".into()),
        });
        assert_eq!(
            zh(&nested),
            "a.qdpx：导入被拒绝，项目未改变：未找到：code 权力"
        );
        let nothing = AppError::Suggest(SuggestError::NothingToLearn("权力/借力".into()));
        assert_eq!(
            zh(&nothing),
            "代码 权力/借力 还没有编码可供学习：请先编码几处片段"
        );
    }
}
