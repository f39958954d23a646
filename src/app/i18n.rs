//! The UI string table: every visible string in 简体中文 and English, switchable at runtime.
//!
//! [`tr`] looks a [`Msg`] up; templates use `{0}`, `{1}`… filled by [`trf`].

use serde::{Deserialize, Serialize};

/// The UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    /// 简体中文.
    Zh,
    /// English.
    En,
}

impl Default for Lang {
    fn default() -> Self {
        Lang::from_env()
    }
}

impl Lang {
    /// From the OS locale: `LC_ALL`, `LC_MESSAGES` or `LANG` starting with `zh` → Chinese.
    pub fn from_env() -> Lang {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
            .unwrap_or_default();
        Lang::from_locale(&locale)
    }

    /// `zh_CN.UTF-8`, `zh-TW`… → Chinese; anything else → English.
    pub fn from_locale(locale: &str) -> Lang {
        if locale.to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    /// The language's own name, for the language menu.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Zh => "简体中文",
            Lang::En => "English",
        }
    }
}

macro_rules! messages {
    ($($key:ident => $zh:literal, $en:literal;)*) => {
        /// A UI message key.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Msg {
            $(
                #[doc = $en]
                $key,
            )*
        }

        /// The text of `msg` in `lang`.
        pub fn tr(lang: Lang, msg: Msg) -> &'static str {
            match (lang, msg) {
                $(
                    (Lang::Zh, Msg::$key) => $zh,
                    (Lang::En, Msg::$key) => $en,
                )*
            }
        }

        /// Every message key (for the completeness test).
        pub const ALL_MSGS: &[Msg] = &[$(Msg::$key),*];
    };
}

/// The message naming a document kind.
pub fn kind_msg(kind: crate::model::DocKind) -> Msg {
    match kind {
        crate::model::DocKind::Interview => Msg::KindInterview,
        crate::model::DocKind::Document => Msg::KindDocument,
        crate::model::DocKind::Observation => Msg::KindObservation,
    }
}

/// `tr(lang, msg)` with `{0}`, `{1}`… replaced by `args`.
pub fn trf(lang: Lang, msg: Msg, args: &[&dyn std::fmt::Display]) -> String {
    let mut out = tr(lang, msg).to_owned();
    for (i, a) in args.iter().enumerate() {
        out = out.replace(&format!("{{{i}}}"), &a.to_string());
    }
    out
}

messages! {
    // Centre tabs and shared view strings
    TabReader => "阅读", "Reader";
    TabSearch => "全文检索", "Search";
    TabCases => "案例表", "Cases";
    TabMatrix => "三角互证矩阵", "Matrix";
    TabQca => "QCA 真值表", "QCA";
    TabCooccur => "共现", "Co-occurrence";
    TabCrosstab => "交叉表", "Crosstabs";
    TabAgreement => "编码一致性", "Agreement";
    TabPrivacy => "隐私", "Privacy";
    ImportPiiNote => " 导入的文档可能含个人信息 {0} 处（{1}），见“隐私”标签。", " The imported documents may hold personal data: {0} hit(s) ({1}); see the Privacy tab.";
    PrivacyHint => "可能的个人信息：手机号、座机、身份证号（校验位已核对）、邮箱、银行卡号（Luhn）、车牌和关注名单中的词。脱敏把每个字符换成 ＊，长度不变，编码不移动；可撤销（清除历史后不可）。", "Likely personal data: mobile and landline numbers, ID numbers (checksum verified), e-mail, bank cards (Luhn), licence plates and watch-list terms. Redacting replaces each character with ＊, keeping the length, so no coding moves; undoable (until the history is purged).";
    PrivacyNone => "未发现可能的个人信息。", "No likely personal data found.";
    PrivacyKind => "类型", "Kind";
    PrivacyAllKinds => "全部类型", "All kinds";
    Redact => "脱敏", "Redact";
    RedactAllShown => "全部脱敏（{0} 处）", "Redact all shown ({0})";
    WatchList => "关注名单（真实姓名、地名）", "Watch-list (real names, places)";
    WatchTerm => "关注词", "Watch term";
    WatchAdd => "加入名单", "Add to list";
    WatchRemove => "从关注名单移除", "Remove from the watch-list";
    WatchName => "人名", "Name";
    WatchPlace => "地名", "Place";
    WatchOther => "其他", "Other";
    PiiMobile => "手机号", "Mobile";
    PiiLandline => "座机", "Landline";
    PiiIdNumber => "身份证号", "ID number";
    PiiEmail => "邮箱", "E-mail";
    PiiBankCard => "银行卡号", "Bank card";
    PiiPlate => "车牌", "Licence plate";
    PiiWatch => "关注名单", "Watch-list";
    Computing => "正在计算…", "Computing…";
    ClickCellForQuotes => "点击一个单元格，查看它的引文。", "Click a cell to see its quotes.";
    // Export
    ExportEvidenceMenu => "导出证据表…", "Export evidence tables…";
    ExportEvidenceHint => "案例 × 代码证据表（含引文与出处）、QCA 表、共现矩阵与交叉表，导出为 XLSX、CSV、Markdown 或 HTML", "Case × code evidence with quotes and citations, the QCA table, co-occurrence and crosstabs, as XLSX, CSV, Markdown or HTML";
    ExportEvidence => "导出证据表", "Export evidence tables";
    ExportQdpxMenu => "导出 REFI-QDA 项目 (.qdpx) 或代码本 (.qdc)…", "Export REFI-QDA project (.qdpx) or codebook (.qdc)…";
    ImportQdpxMenu => "导入 REFI-QDA 项目或代码本 (.qdpx / .qde / .qdc)…", "Import REFI-QDA project or codebook (.qdpx / .qde / .qdc)…";
    QdpxHint => "与 NVivo、ATLAS.ti、MAXQDA、QualCoder 交换项目：文本、代码本、编码、备忘、案例", "Exchange projects with NVivo, ATLAS.ti, MAXQDA, QualCoder: texts, codebook, codings, memos, cases";
    PassphraseTitle => "项目口令", "Project passphrase";
    PassphrasePrompt => "{0} 已加密，请输入口令：", "{0} is encrypted; enter its passphrase:";
    PassphraseWrong => "口令错误，请重试。", "Wrong passphrase; try again.";
    BackupsMenu => "备份与恢复…", "Backups…";
    MergeProjectMenu => "合并项目副本…", "Merge project copy…";
    OpenTeamProjectMenu => "打开团队项目…", "Open team project…";
    OpenTeamProjectHint => "打开团队服务器（PostgreSQL）上的项目：他人的修改即时出现，断网时照常工作，恢复后自动同步", "Open a project on the team server (PostgreSQL): others' changes appear as they happen; work goes on offline and syncs when the server is back";
    TeamOpenTitle => "打开团队项目", "Open team project";
    TeamOpenHint => "项目地址形如 postgres://用户@主机/数据库?project=项目名；密码可写在地址中或用环境变量 PGPASSWORD。", "The address looks like postgres://user@host/database?project=name; give the password in it or in PGPASSWORD.";
    TeamAddress => "地址：", "Address:";
    TeamCoder => "编码员（可空）：", "Coder (optional):";
    TeamOpenButton => "打开", "Open";
    TeamReplica => "本地副本文件（可空）：", "Local replica file (optional):";
    TeamOpening => "正在连接并同步…", "Connecting and syncing…";
    TeamOnline => "团队项目 · 在线", "Team project · online";
    TeamOffline => "团队项目 · 离线（修改已保存在本地，恢复后自动发送）", "Team project · offline (changes are kept here and sent when the server is back)";
    TeamPending => "待发送 {0}", "{0} waiting";
    TeamAt => "{0} 在看 {1}", "{0} on {1}";
    TeamSynced => "已同步：发送 / 接收 / 冲突 {0}", "Synced: sent / received / conflicts {0}";
    MergeProjectHint => "把编码员的项目副本并入本项目：文档按内容匹配，代码按标识或路径，编码员各自保留；一步撤销", "Bring a coder's copy of the project into this one: documents matched by content, codes by identity or path, coders kept apart; one undo step";
    MergeTitle => "合并项目副本", "Merge project copy";
    MergeHint => "选择编码员的副本（.qcw），先预览再合并。冲突按规则处理并逐条列出，不会丢失内容。", "Choose a coder's copy (.qcw), preview, then merge. Conflicts are resolved by rule and listed; nothing is lost.";
    MergeFrom => "副本：", "Copy:";
    MergePreview => "预览", "Preview";
    MergeWouldBring => "将并入：", "Would bring:";
    MergeNow => "合并", "Merge";
    MergeDone => "已合并：", "Merged:";
    MergeDocsAdded => "新文档", "Documents added";
    MergeDocsMatched => "已有文档（匹配）", "Documents already here";
    MergeCodesAdded => "新代码", "Codes added";
    MergeCasesAdded => "新案例", "Cases added";
    MergeCodingsAdded => "新编码", "Codings added";
    MergeCodingsPresent => "已有编码", "Codings already here";
    MergeMemos => "备忘（新增或合并）", "Memos added or combined";
    MergeOther => "属性值、案例链接及其他", "Attribute values, case links, other";
    MergeCoders => "带来编码的编码员", "Coders whose codings come";
    MergeNothing => "没有可并入的新内容", "Nothing new to merge";
    MergeConflicts => "冲突 {0} 处（处理方式如下）：", "{0} conflicts, resolved as follows:";
    Merged => "已合并 {0}：新编码 {1} 条，冲突 {2} 处", "Merged {0}: {1} codings added, {2} conflicts";
    Merging => "正在合并…", "Merging…";
    Blinded => "盲编码：只显示 {0} 的编码", "Blinded: only {0}'s codings";
    ConsensusTitle => "共识编码", "Consensus coding";
    ConsensusHint => "对两位编码员的每处分歧作出裁定，结果写入编码员 consensus；Ctrl+Z 可撤销", "Decide each disagreement of two coders; the result is the coder consensus; Ctrl+Z undoes";
    ConsensusProgress => "已裁定 {0} / {1}", "{0} of {1} resolved";
    ConsensusChooseTwo => "勾选恰好两位编码员以建立共识编码", "Tick exactly two coders to build the consensus layer";
    ConsensusAcceptA => "采纳 {0}", "Accept {0}";
    ConsensusBoth => "两者", "Both";
    ConsensusNeither => "都不", "Neither";
    ConsensusRange => "采用范围", "Use range";
    ConsensusFrom => "起", "from";
    ConsensusTo => "止", "to";
    ConsensusReopen => "重新打开", "Reopen";
    ConsensusTakeAgreed => "一致处全部写入共识", "Take all agreements into consensus";
    ConsensusOpen => "待裁定", "open";
    BackupsHint => "项目旁 .backups 文件夹中的自动备份：导入前、编辑时每隔一段时间；可随时恢复", "Automatic backups in the .backups folder beside the project: before imports and every few minutes of editing; restore any of them";
    BackupsTitle => "备份与恢复", "Backups";
    BackupNow => "立即备份", "Back up now";
    NoBackups => "还没有备份", "No backups yet";
    RestoreBackup => "恢复", "Restore";
    RestoreConfirm => "用 {0} 的备份替换项目当前内容？当前状态会先另存为一个备份，恢复它即可撤销本次恢复。", "Replace the project's content with the backup of {0}? The current state is backed up first: restoring that backup undoes this.";
    BackupMade => "已备份到 {0}", "Backed up to {0}";
    BackupRestored => "已从 {0} 恢复；恢复前的状态保存在 {1}", "Restored from {0}; the state before is in {1}";
    BackupPolicyLine => "保留最近 {0} 个备份，编辑时每 {1} 分钟备份一次（环境变量 QCW_BACKUP_KEEP、QCW_BACKUP_EVERY）", "Keeping the newest {0} backups, one every {1} minutes of editing (environment variables QCW_BACKUP_KEEP, QCW_BACKUP_EVERY)";
    BackupReason => "原因", "Reason";
    BackupManual => "手动", "manual";
    BackupAuto => "自动（编辑中）", "auto (editing)";
    BackupBeforeImport => "导入前", "before an import";
    BackupBeforeQdpx => "REFI-QDA 导入前", "before a REFI-QDA import";
    BackupBeforeCodebook => "代码本导入前", "before a codebook import";
    BackupBeforeRestore => "恢复前", "before a restore";
    BackupTime => "时间 (UTC)", "Time (UTC)";
    BackupSize => "大小", "Size";
    ExportQdpx => "导出 REFI-QDA 项目", "Export REFI-QDA project";
    ImportQdpx => "导入 REFI-QDA 项目", "Import REFI-QDA project";
    ImportButton => "导入", "Import";
    ExportedQdpx => "已导出 {0} 个文档、{1} 个代码、{2} 处编码到 {3}", "Exported {0} documents, {1} codes, {2} codings to {3}";
    ImportedQdpx => "已从 {4} 导入 {0} 个文档、{1} 个代码、{2} 处编码（跳过 {3} 项，可撤销）", "Imported {0} documents, {1} codes, {2} codings from {4} ({3} skipped; undoable)";
    Export => "导出", "Export";
    Exporting => "正在导出 {0}…", "Exporting {0}…";
    Exported => "已导出 {0} 行证据到 {1}", "Wrote {0} evidence rows to {1}";
    // Search view
    SearchQuery => "检索式", "Query";
    SearchHint => "如 应急 AND (数据共享 OR \"一网统管\")", "e.g. 应急 AND (数据共享 OR \"data sharing\")";
    SearchButton => "查找", "Find";
    SearchSyntaxTitle => "检索语法", "Query syntax";
    SearchSyntax => "中文词语匹配每一处完全相同的字串（不受分词影响）；英文单词不分大小写、按整词匹配。\n\"引号\" 表示短语；AND（或空格）、OR、NOT 或 -词 排除；括号分组；A NEAR/10 B 表示两者相距不超过 10 字。\n结果按相关度（jieba 分词 BM25）排序，每处出现一条。", "A Chinese term matches every exact occurrence of the string (whatever the segmenter does); Latin words match case-insensitively as whole words.\n\"quotes\" make a phrase; AND (or a space), OR, NOT or -term excludes; parentheses group; A NEAR/10 B: at most 10 characters apart.\nResults are ranked by relevance (BM25 on jieba words), one row per occurrence.";
    AllCases => "全部案例", "All cases";
    CodedWith => "含编码", "Coded with";
    Scope => "范围", "Scope";
    CountIn => "统计", "Count in";
    AnyCode => "不限代码", "Any code";
    SearchCodeFilter => "只检索含此代码（或其子代码）编码的文档", "Only documents coded with this code (or a sub-code)";
    AttributeFilter => "属性", "Attribute";
    SearchEmpty => "输入检索词后按回车。", "Type a query and press Enter.";
    SearchHits => "结果", "Hits";
    Concordance => "语境索引 (KWIC)", "Concordance (KWIC)";
    WordFrequencies => "词频", "Word frequencies";
    DictionaryEditor => "词典与停用词", "Dictionary & stop words";
    Indexing => "正在建立索引 {0}/{1}", "Indexing {0}/{1}";
    HitsCount => "{0} 处，{1} 个文档", "{0} hits in {1} documents";
    HitsTruncated => "显示前 {0} 处，共 {1} 处", "First {0} of {1} hits shown";
    MarkHitsInReader => "在阅读器中标出", "Mark in reader";
    ClearMarks => "清除标记", "Clear marks";
    MarkedHits => "本文档 {0} 处「{1}」", "{0} hits of «{1}» here";
    PrevHit => "上一处", "Previous";
    NextHit => "下一处", "Next";
    CodeAllHitsWith => "全部结果编码为", "Code all hits with";
    ChooseCode => "（选择代码）", "(choose a code)";
    ScopeMatch => "仅匹配文字", "the match";
    ScopeSentence => "所在句子", "its sentence";
    ScopeParagraph => "所在段落", "its paragraph";
    CodeAllHits => "编码全部结果", "Code all hits";
    CodeAllHitsHint => "把每一处结果（不止列出的）编码为所选代码，作为一步可撤销的操作", "Codes every hit (not only those listed) with the chosen code, as one undoable step";
    CodedHits => "已把 {1} 处结果编码为 {2}（{0} 个片段，Ctrl+Z 可撤销）", "Coded {1} hits with {2} ({0} segments; Ctrl+Z undoes)";
    ContextWidth => "语境宽度", "Context width";
    KwicLeft => "左语境", "Left context";
    KwicRight => "右语境", "Right context";
    Document => "文档", "Document";
    WholeTexts => "全部文本", "Whole texts";
    FreqCodeHint => "只统计此代码（或其子代码）的编码片段", "Only the segments coded with this code (or a sub-code)";
    TopN => "显示前", "Top";
    MinTwoChars => "至少两个字", "At least two characters";
    Word => "词", "Word";
    Count => "次数", "Count";
    SearchThisWord => "检索这个词", "Search for this word";
    MakeStopword => "停用", "Stop word";
    MakeStopwordHint => "加入停用词表（不再计入词频）", "Add to the stop words (no longer counted)";
    DictionaryNote => "词典决定分词与排序；检索本身总能找到每一处字串。修改后索引会自动重建。", "The dictionary shapes segmentation and ranking; search always finds every occurrence of a string. The index is rebuilt after a change.";
    ProjectDictionary => "项目词典", "Project dictionary";
    WordFreq => "词频", "Frequency";
    WordPos => "词性", "POS";
    Optional => "可选", "optional";
    AddWord => "添加词语", "Add word";
    AddStopwords => "加入停用词", "Add stop words";
    RemoveWord => "移除", "Remove";
    BadFreq => "词频须为整数：{0}", "The frequency must be a whole number: {0}";
    BuiltinTerms => "内置领域词", "Built-in domain terms";
    Stopwords => "停用词", "Stop words";
    StopwordHint => "空格分隔的词", "words, space-separated";
    BuiltinStopwords => "内置停用词", "Built-in stop words";
    // Cases, matrix and QCA views
    CasesNew => "新案例", "New case";
    CasesAdd => "添加案例", "Add case";
    CasesNone => "还没有案例。在上方添加，或导入案例表。", "No cases yet. Add one above, or import a sheet.";
    CasesCase => "案例", "Case";
    CasesDelete => "删除案例", "Delete case";
    CasesLinkDocument => "关联文档", "Link a document";
    CasesUnlink => "取消关联", "Unlink";
    ConfirmDeleteCase => "删除案例“{0}”？它的关联、属性、覆写和单元格备忘一并删除（文档保留，可撤销）。",
        "Delete case “{0}”? Its links, attributes, overrides and cell memos go too (documents stay; undoable).";
    NewAttribute => "新属性列", "New attribute";
    AttributeNameHint => "属性名", "attribute name";
    AttributeType => "类型", "Type";
    AddAttribute => "添加列", "Add column";
    AddAttributeHint => "定义案例属性及其类型；已有的属性按新类型检查现有取值",
        "Define a case attribute and its type; for an existing attribute, its values are checked against the new type";
    UnknownType => "未知的属性类型：{0}", "Unknown attribute type: {0}";
    UntypedAttribute => "未定义类型（文本）", "no type defined (text)";
    LinkedDocuments => "关联文档", "Documents";
    DocsAndSegments => "{0}（+{1} 段）", "{0} (+{1} segments)";
    NoDocumentToLink => "所有文档都已关联。", "Every document is linked already.";
    SheetFile => "案例表文件", "Sheet file";
    SheetPathHint => "CSV 或 XLSX 路径，如 {0}", "CSV or XLSX path, e.g. {0}";
    ImportSheet => "导入案例表", "Import sheet";
    ImportSheetHint => "第一列为案例名，每列一个属性（表头 名称 或 名称:类型）；任一单元格无效则全部不导入",
        "First column the case name, one column per attribute (header name or name:type); any invalid cell imports nothing";
    ExportSheet => "导出案例表", "Export sheet";
    SheetImported => "已从 {1} 导入 {0} 个案例的属性（Ctrl+Z 撤销）。", "Imported the attributes of {0} cases from {1} (Ctrl+Z undoes).";
    SheetExported => "已导出到 {0}", "Exported to {0}";
    MatrixColumns => "列（代码）", "Columns (codes)";
    MatrixAllCodes => "全部代码", "All codes";
    MatrixColumnsHint => "选择一个代码：列为它及其全部子代码", "Choose a code: the columns are it and all its sub-codes";
    MinSourceTypes => "三角互证所需来源类型数", "Source types for triangulation";
    MinSourceTypesHint => "证据来自至少这么多种来源类型（访谈、文件、观察）时，单元格标为三角互证",
        "A cell is triangulated when its evidence comes from at least this many source types (interview, document, observation)";
    MatrixCellLegend => "单元格：编码数/文档数，来源类型：", "Cells: codings/documents, source types:";
    TriangulatedLegend => "三角互证（≥ {0} 种来源）", "triangulated (≥ {0} source types)";
    CellHasMemo => "有备忘", "has a memo";
    CellSummary => "{0} 处编码，{1} 个文档", "{0} codings in {1} documents";
    MatrixTriangulated => "三角互证", "Triangulated";
    CellMemoFor => "单元格备忘：{0}", "Cell memo: {0}";
    QcaNoOutcome => "没有案例属性可作结果。先在案例表中为案例设置属性（如 运行结果）。",
        "No case attribute to use as the outcome. Give the cases attributes (e.g. an outcome) in the Cases tab first.";
    QcaOutcome => "结果", "Outcome";
    OutcomeAttribute => "结果属性", "Outcome attribute";
    OutcomeValue => "表示结果出现的取值", "The value meaning the outcome is present";
    QcaConditions => "条件（{0}）", "Conditions ({0})";
    DefaultConditions => "恢复默认条件", "Default conditions";
    DefaultConditionsHint => "权力/利益/价值下的末级代码", "The leaf codes under 权力/利益/价值";
    QcaRule => "条件成立：", "A condition is present with";
    QcaMinCodings => "至少编码数", "at least codings";
    RequireTriangulated => "须三角互证", "triangulated";
    RequireTriangulatedHint => "还须证据来自至少两种来源类型", "Also needs evidence from at least two source types";
    QcaExcluded => "未纳入（无结果取值）：{0}", "Left out (no outcome value): {0}";
    QcaTruthTable => "真值表", "Truth table";
    NecessitySufficiency => "必要性与充分性", "Necessity and sufficiency";
    OverrideCell => "覆写 {0} 为", "Override {0} as";
    QcaPresent => "成立 (1)", "present (1)";
    QcaAbsent => "不成立 (0)", "absent (0)";
    OverrideReason => "理由", "Reason";
    OverrideReasonHint => "为什么覆写（记入审计日志）", "why (kept in the audit trail)";
    ApplyOverride => "覆写", "Override";
    ClearOverride => "清除覆写", "Clear override";
    ReasonRequired => "覆写必须填写理由。", "An override needs a reason.";
    OverriddenLegend => "研究者覆写（!）", "overridden by a researcher (!)";
    QcaCellEvidence => "{0} 处编码，{1} 种来源类型", "{0} codings, {1} source types";
    QcaComputedUsed => "按规则 {0}，采用 {1}", "rule gives {0}, used {1}";
    OverrideBy => "覆写理由：{0}（{1}）", "Override: {0} ({1})";
    ClickToOverride => "点击以覆写或清除覆写", "Click to override or clear the override";
    QcaCasesN => "案例数", "Cases";
    QcaOutcomeN => "结果出现", "With outcome";
    QcaConsistency => "一致性", "Consistency";
    QcaRemainders => "未观察到的组合（逻辑余项）：{0}", "Configurations never observed (logical remainders): {0}";
    QcaCondition => "条件", "Condition";
    FitNCondition => "|X|", "|X|";
    FitNOutcome => "|Y|", "|Y|";
    FitNBoth => "|X∩Y|", "|X∩Y|";
    NecessityConsistency => "必要性一致性", "Necessity consistency";
    NecessityCoverage => "必要性覆盖度", "Necessity coverage";
    SufficiencyConsistency => "充分性一致性", "Sufficiency consistency";
    SufficiencyCoverage => "充分性覆盖度", "Sufficiency coverage";
    AppTitle => "qcw 质性编码工作台", "qcw qualitative coding workbench";
    // Menus
    MenuFile => "文件", "File";
    MenuEdit => "编辑", "Edit";
    MenuView => "视图", "View";
    MenuHelp => "帮助", "Help";
    NewProject => "新建项目…", "New project…";
    OpenProject => "打开项目…", "Open project…";
    OpenByPath => "按路径打开…", "Open by path…";
    OpenRecent => "最近打开", "Open recent";
    NoRecent => "（无）", "(none)";
    OpenDemo => "打开演示项目", "Open demo project";
    ImportFiles => "导入文件…", "Import files…";
    ImportFolder => "导入文件夹…", "Import folder…";
    Quit => "退出", "Quit";
    Undo => "撤销", "Undo";
    Redo => "重做", "Redo";
    NothingToUndo => "无可撤销", "Nothing to undo";
    NothingToRedo => "无可重做", "Nothing to redo";
    Refresh => "刷新", "Refresh";
    Language => "语言", "Language";
    Theme => "主题", "Theme";
    ThemeLight => "浅色", "Light";
    ThemeDark => "深色", "Dark";
    FontSize => "字号", "Font size";
    ShowStripes => "显示编码条", "Show coding stripes";
    Shortcuts => "快捷键", "Keyboard shortcuts";
    About => "关于", "About";
    AboutText => "qcw 质性编码工作台：中文访谈与文件的质性编码。位置按 Unicode 码位计，撤销/重做覆盖每一次修改。",
        "qcw: qualitative coding of Chinese interviews and documents. Positions are Unicode code points; every change can be undone.";
    AboutLicence => "许可证", "Licence";
    AboutFontLicence => "内置字体：文泉驿微米黑（WenQuanYi Micro Hei），Apache-2.0 或 GPL-3+（含字体例外）",
        "Bundled font: WenQuanYi Micro Hei, Apache-2.0 or GPL-3+ with font exception";
    // Toolbar / status
    Coder => "编码员", "Coder";
    CoderHint => "编码员姓名", "coder name";
    NoProject => "未打开项目", "No project open";
    Busy => "后台任务进行中，编辑已暂停", "A background job is running; editing is paused";
    Cancel => "取消", "Cancel";
    Ok => "确定", "OK";
    Close => "关闭", "Close";
    Save => "保存", "Save";
    Browse => "浏览…", "Browse…";
    Open => "打开", "Open";
    Create => "创建", "Create";
    Start => "开始", "Start";
    Delete => "删除", "Delete";
    Undone => "已撤销：{0}", "Undone: {0}";
    Redone => "已重做：{0}", "Redone: {0}";
    Done => "完成：{0}", "Done: {0}";
    Coded => "已编码“{0}”→ {1}  [{2}, {3})（Ctrl+Z 撤销）", "Coded “{0}” as {1}  [{2}, {3}) (Ctrl+Z undoes)";
    Opened => "已打开 {0}", "Opened {0}";
    ErrorPrefix => "错误：{0}", "Error: {0}";
    BuildingDemo => "正在生成演示项目…", "Building the demo project…";
    Importing => "正在导入", "Importing";
    Cancelling => "正在取消…", "Cancelling…";
    // Documents panel
    Documents => "文档", "Documents";
    FilterHint => "筛选文档", "filter documents";
    AllKinds => "全部类型", "All kinds";
    KindInterview => "访谈", "Interview";
    KindDocument => "文件", "Document";
    KindObservation => "观察", "Observation";
    Cases => "案例", "Cases";
    Attributes => "属性", "Attributes";
    CodingsCount => "{0} 处编码", "{0} codings";
    CharsCount => "{0} 字", "{0} chars";
    NoDocuments => "没有文档。用“文件 → 导入”添加，或把文件拖进窗口。",
        "No documents. Use File → Import, or drop files onto the window.";
    // Reader
    Reader => "阅读器", "Reader";
    NoDocSelected => "在左侧选择一个文档。", "Select a document on the left.";
    SelectionInfo => "选区 [{0}, {1})，{2} 字", "Selection [{0}, {1}), {2} chars";
    NoSelection => "拖动鼠标或按 Shift+方向键选择文本", "Drag or press Shift+arrows to select text";
    CodeSelection => "编码选区", "Code selection";
    CodeSelectionHint => "用代码树中选中的代码编码当前选区", "Code the selection with the code selected in the tree";
    InVivo => "实境编码", "In-vivo";
    InVivoHint => "以选中的文字为名新建代码（在所选代码之下，或顶层）并编码",
        "New code named by the selected text (under the selected code, or top level), and code it";
    CodingsHere => "此处的编码", "Codings here";
    RemoveCoding => "移除编码", "Remove coding";
    ChangeCode => "改为代码", "Change code";
    Memo => "备忘", "Memo";
    MemoHint => "写备忘…", "write a memo…";
    SaveMemo => "保存备忘", "Save memo";
    ReaderLabel => "文档文本", "document text";
    // Codebook
    Codebook => "代码本", "Codebook";
    AddCode => "新代码", "New code";
    AddSubCode => "新子代码…", "New sub-code…";
    Rename => "重命名…", "Rename…";
    Move => "移动…", "Move…";
    Merge => "合并到…", "Merge into…";
    DeleteCode => "删除…", "Delete…";
    Pin => "设为常用（数字键）", "Pin as favourite (number key)";
    Unpin => "取消常用", "Unpin";
    NewCodeHint => "代码名或路径，如 权力/借力", "code name or path, e.g. 权力/借力";
    NewNameHint => "新名称", "new name";
    TopLevel => "（顶层）", "(top level)";
    MoveTo => "移到", "Move to";
    MergeInto => "合并到", "Merge into";
    ConfirmDelete => "删除代码“{0}”及其子代码？", "Delete code “{0}” and its sub-codes?";
    DeleteHasCodings => "它们共有 {0} 处编码，将一并删除（可撤销）。",
        "They have {0} codings, which will be deleted too (undoable).";
    ConfirmMerge => "把“{0}”合并到“{1}”？编码、子代码和备忘都移到目标代码。",
        "Merge “{0}” into “{1}”? Codings, sub-codes and memo move to the target.";
    CodeEditor => "代码定义", "Code definition";
    Color => "颜色", "Colour";
    Description => "说明", "Description";
    Definition => "定义", "Definition";
    Inclusion => "纳入标准", "Inclusion";
    Exclusion => "排除标准", "Exclusion";
    Example => "示例", "Example";
    NoCodeSelected => "选择一个代码以编辑其定义。", "Select a code to edit its definition.";
    KeysHint => "数字键 1–9 用对应代码编码选区", "Number keys 1–9 code the selection";
    DropToCode => "松开以用“{0}”编码", "Release to code with “{0}”";
    // Bottom panel
    Retrieval => "编码片段", "Retrieval";
    Memos => "备忘", "Memos";
    Log => "日志", "Log";
    AllCoders => "全部编码员", "All coders";
    NoCodeForRetrieval => "在代码本中选择一个代码，列出它（含子代码）的全部编码片段。",
        "Select a code in the codebook to list all its coded segments (with sub-codes).";
    SegmentsCount => "{0} 个片段", "{0} segments";
    ProjectMemo => "项目备忘", "Project memo";
    DocumentMemo => "文档备忘", "Document memo";
    CodeMemo => "代码备忘", "Code memo";
    MemoTargetNone => "（先选择文档或代码）", "(select a document or code first)";
    LogDo => "执行", "do";
    LogUndo => "撤销", "undo";
    LogRedo => "重做", "redo";
    // Dialogs
    PathHint => "路径，如 {0}", "path, e.g. {0}";
    PathsHint => "每行一个文件或文件夹路径", "one file or folder path per line";
    NoNativeDialog => "没有可用的系统文件对话框；请在此输入路径。", "No native file dialog is available; type a path here.";
    Template => "代码本模板", "Codebook template";
    TemplatePiv => "权力/利益/价值（PIV）", "Power / Interest / Value (PIV)";
    TemplateEmpty => "空", "Empty";
    ImportTitle => "导入", "Import";
    Kind => "类型", "Kind";
    CaseName => "案例（可选）", "Case (optional)";
    CaseHint => "案例名，如 C市综合平台", "case name, e.g. C市综合平台";
    MetaPattern => "文件名模式（可选）", "File-name pattern (optional)";
    MetaPatternHint => "(?P<date>\\d{8})(?P<city>[A-Z])", "(?P<date>\\d{8})(?P<city>[A-Z])";
    ImportReport => "导入结果", "Import report";
    ImportSummary => "导入 {0} 个，重复 {1} 个，跳过 {2} 个，失败 {3} 个。",
        "Imported {0}, duplicates {1}, skipped {2}, failed {3}.";
    ImportCancelled => "导入已取消。", "The import was cancelled.";
    Failed => "失败", "Failed";
    Duplicates => "重复", "Duplicates";
    Skipped => "跳过", "Skipped";
    ImportWarnings => "请检查文本（解码警告）", "Check the text (decoding warnings)";
    DropHere => "松开以导入（.qcw 则打开项目）", "Release to import (a .qcw file opens it)";
    ShortcutsTitle => "键盘快捷键", "Keyboard shortcuts";
    KeyCode => "用第 1–9 个代码编码选区", "Code the selection with code 1–9";
    KeySelect => "扩展选区", "Extend the selection";
    KeySelectAll => "全选文档", "Select the whole document";
    KeyCopy => "复制选中文字", "Copy the selected text";
    KeyEscape => "取消选区 / 关闭弹窗", "Clear the selection / close a popup";
    KeyRefresh => "从磁盘刷新", "Reload from disk";
    KeyZoom => "放大 / 缩小字号", "Larger / smaller text";
    KeyDrag => "把选区拖到代码上即编码", "Drag the selection onto a code to code it";
    KeyDragKeys => "鼠标拖动", "Mouse drag";
    ErrProject => "项目数据库错误", "Project database error";
    ErrSearch => "检索错误", "Search error";
    ErrIndex => "检索索引错误", "Search index error";
    ErrReport => "报表错误", "Report error";
    ErrCommand => "编辑错误", "Edit error";
    ErrExport => "导出错误", "Export error";
    ErrInterop => "项目交换错误", "Project exchange error";
    ErrAnalysis => "分析错误", "Analysis error";
    ErrImport => "导入错误", "Import error";
    ErrSheet => "案例表文件错误", "Case sheet error";
    ErrOther => "错误", "Error";
    ErrTeam => "团队协作错误", "Team work error";
    ErrSuggest => "编码建议错误", "Suggestion error";
    ErrLost => "后台计算意外失败", "the computation failed unexpectedly";
    JobWorker => "导入", "import";
    // Co-occurrence, crosstab and agreement views
    RuleOverlap => "重叠", "Overlap";
    RuleParagraph => "同一段落", "Same paragraph";
    RuleNear => "邻近", "Near";
    RuleDocument => "同一文档", "Same document";
    CooccurRuleLabel => "共现规则", "Co-occurrence rule";
    CooccurRuleHint => "重叠：片段共享至少一个字；邻近：相距不超过 N 字；同一段落 / 同一文档：计数含两个代码的段落或文档。", "Overlap: segments share at least one character; near: at most N characters apart; same paragraph / document: counts paragraphs or documents containing both codes.";
    NearHint => "两个片段之间最多相隔的字数", "Most characters between the two segments";
    CharsSuffix => " 字", " chars";
    ShowCounts => "计数", "Counts";
    ShowJaccard => "Jaccard 系数", "Jaccard";
    JaccardHint => "两个代码的共现单位占其并集的比例（0–1）", "Shared units over the union of both codes' units (0–1)";
    AllCodes => "全部代码", "All codes";
    CodesShown => "代码", "Codes";
    CodeSubtreeHint => "只看这个代码及其子代码", "Only this code and its sub-codes";
    AllDocuments => "全部文档", "All documents";
    NoCodingsInScope => "所选范围内没有编码。", "No codings in this scope.";
    CooccurSummary => "{0} 个代码；单元格计数单位：{1}；对角线为各代码本身。点击单元格查看片段。", "{0} codes; cells count {1}; the diagonal is each code itself. Click a cell for its segments.";
    UnitSegmentPairs => "片段对", "segment pairs";
    UnitParagraphs => "段落", "paragraphs";
    UnitDocuments => "文档", "documents";
    CrosstabBy => "按", "By";
    DocumentAttributes => "文档属性", "Document attributes";
    CaseAttributes => "案例属性", "Case attributes";
    RowPercent => "行百分比", "Row %";
    ColPercent => "列百分比", "Column %";
    Code => "代码", "Code";
    Total => "合计", "Total";
    CodersToCompare => "比较的编码员", "Coders to compare";
    ChooseTwoCoders => "请至少勾选两位编码员。", "Tick at least two coders.";
    AgreementUnit => "分析单位", "Unit";
    UnitChar => "逐字", "Characters";
    UnitCharHint => "每个字都是一个单位：各编码员是否用该代码编码了这个字", "Every character is a unit: did each coder code it with the code?";
    UnitSegment => "片段", "Segments";
    UnitSegmentHint => "重叠程度达到阈值的片段视为同一单位", "Segments overlapping at least the threshold form one unit";
    OverlapThreshold => "重叠阈值（交集/并集）", "Overlap threshold (intersection / union)";
    ExcludeUncoded => "排除无人编码的文字", "Exclude uncoded text";
    ExcludeUncodedHint => "只计入至少一位编码员编码过的字，避免大段未编码文字抬高一致性", "Count only characters some coder coded, so long uncoded stretches do not inflate agreement";
    Units => "单位数", "Units";
    PercentAgreement => "一致率", "Agreement %";
    CohenKappa => "Cohen κ", "Cohen's κ";
    KrippendorffAlpha => "Krippendorff α", "Krippendorff's α";
    PositiveAgreement => "正向一致", "Positive agreement";
    AgreementColumnsHint => "κ 仅在两位编码员时计算；无法定义时显示 –。“仅已编码文字”只计入至少一位编码员编码过的字（逐字单位）", "κ only for two coders; – where a coefficient is undefined. “Coded text only” counts only characters some coder coded (character unit)";
    Overall => "（总体）", "(overall)";
    DisagreementsCount => "不一致之处：{0}", "Disagreements: {0}";
    ChooseDisagreement => "在左侧选择一处不一致，逐列对照各编码员的编码。", "Select a disagreement on the left to compare the coders side by side.";
    Present => "有", "present";
    Absent => "无", "absent";
    CoderColumnHeading => "{0}：{1} 处编码", "{0}: {1} codings";
    CodedHere => "编码了此代码", "applied the code";
    NotCodedHere => "未编码此代码", "did not apply the code";
    OpenInReader => "在阅读器中打开", "Open in reader";
    // Reader stripes (issue 12)
    StripesMenu => "编码条", "Stripes";
    StripesMenuHint => "显示或隐藏各代码、各编码员的编码条与高亮；密集模式", "Show or hide the stripes and highlights of each code and coder; density mode";
    StripesDense => "密集模式（长文档：细条、无标签）", "Density mode (long documents: thin stripes, no labels)";
    StripesCodes => "代码", "Codes";
    StripesCoders => "编码员", "Coders";
    StripesShowAll => "全部显示", "Show all";
    PercentCodedOnly => "一致率（仅已编码文字）", "Agreement % (coded text only)";
    KappaCodedOnly => "κ（仅已编码文字）", "κ (coded text only)";
    ColourScale => "颜色刻度", "Colour scale";
    ValueTrue => "是", "yes";
    ValueFalse => "否", "no";
    // Code suggestions (issue 16)
    TabSuggest => "编码建议", "Suggestions";
    SuggestHint => "在本机离线学习本项目已有的编码，把尚未用该代码编码的句子或段落按“编码员会用它编码的可能性”排序。建议不会自动编码：“接受”才编码（记为当前编码员，日志标注“建议”及模型哈希，可撤销）；“拒绝”会被记住，重新训练时作为反例；“跳过”只在本次会话中隐藏。", "Learned offline from this project's own codings: the sentences or paragraphs not coded with the code, ranked by how likely a coder would apply it. Suggestions never code anything: Accept codes it (as the current coder; the log marks it suggested, with the model's hash; undoable), Reject is remembered and used as a negative example when retraining, Skip hides it for this session.";
    SuggestChooseCode => "请在代码本中选择一个代码（或在上方选择），查看它的编码建议。", "Select a code in the codebook (or above) to see its suggestions.";
    SuggestNoCode => "（未选择）", "(none)";
    SuggestScope => "单位", "Scope";
    SuggestSentences => "句子", "Sentences";
    SuggestParagraphs => "段落", "Paragraphs";
    SuggestLimit => "条数", "Limit";
    SuggestRetrain => "重新训练", "Retrain";
    SuggestRetrainHint => "用项目当前的编码和拒绝重新训练、评估并排序", "Train, evaluate and rank again from the project's current codings and rejections";
    SuggestStale => "项目已更改：点“重新训练”以纳入新的编码和拒绝。", "The project changed: Retrain to learn from the new codings and rejections.";
    SuggestRunning => "正在计算编码建议：{0}", "Computing suggestions: {0}";
    SuggestStageSegmenting => "切分文本", "segmenting";
    SuggestStageTraining => "训练模型", "training";
    SuggestStageScoring => "打分排序", "scoring";
    SuggestStageEvaluating => "交叉验证", "cross-validating";
    SuggestModel => "模型 {0}：训练片段 {1} 个，其中已编码 {2} 个", "Model {0}: trained on {1} segments, {2} coded";
    SuggestHidden => "已隐藏 {0} 条（已接受、已拒绝或已跳过）", "{0} hidden (accepted, rejected or skipped)";
    SuggestNone => "没有可建议的片段。", "Nothing to suggest.";
    SuggestAccept => "接受", "Accept";
    SuggestAcceptHint => "用此代码编码这段文字（当前编码员，日志标注“建议”；Ctrl+Z 撤销）", "Code this text with the code (current coder, marked suggested in the log; Ctrl+Z undoes)";
    SuggestReject => "拒绝", "Reject";
    SuggestRejectHint => "不符合此代码：记住它，下次训练时作为反例", "Does not fit the code: remembered, a negative example from the next training on";
    SuggestSkip => "跳过", "Skip";
    SuggestSkipHint => "本次会话中不再显示", "Hide it for this session";
    SuggestScoreHint => "模型估计编码员会用此代码编码这段文字的概率", "The model's probability that a coder would apply the code here";
    SuggestEvalTitle => "可信度", "How far to trust it";
    SuggestEvalHow => "{0} 折交叉验证，按文档分组（训练与测试不共用文档），阈值 {1}", "{0}-fold cross-validation grouped by document (no document in training and test), threshold {1}";
    SuggestEvalCoded => "已编码 {0} 个片段，分布在 {1} 个文档", "Coded: {0} segments in {1} documents";
    SuggestEvalModel => "模型", "Model";
    SuggestEvalBaseline => "关键词基线", "Keywords";
    SuggestPrecision => "精确率", "Precision";
    SuggestRecall => "召回率", "Recall";
    SuggestF1 => "F1", "F1";
    SuggestEvalMeaning => "精确率：它会建议的片段中编码员确实编码的比例；召回率：编码员编码的片段中它能找到的比例；κ：超出偶然的一致（0 = 偶然，1 = 完全一致）。关键词基线：该代码最有区分度的词。", "Precision: of the segments it would suggest, how many a coder coded; recall: of the coded segments, how many it finds; κ: agreement beyond chance (0 = chance, 1 = perfect). Keywords: the code's most distinctive words.";
    SuggestBaselineWords => "基线关键词：{0}", "Baseline words: {0}";
    SuggestTrustNone => "编码的文档少于 2 个，无法评估：把建议当作阅读清单。", "Coded in fewer than 2 documents, so no figures: treat the list as a reading list.";
    SuggestTrustFew => "已编码的片段或文档太少，数字不稳定：把建议当作阅读清单，逐条判断。", "Too few coded segments or documents for stable figures: treat the list as a reading list and judge each one.";
    SuggestTrustBaseline => "模型不如关键词基线（F1）：关键词检索可能更可靠。", "The model does worse than the keywords (F1): a keyword search may serve better.";
    SuggestTrustWeak => "κ 低于 0.4：模型与编码员一致性弱，逐条判断。", "κ below 0.4: weak agreement with the coders; judge each one.";
    SuggestTrustModerate => "一致性中等：排名靠前的建议值得一看，仍需逐条确认。", "Moderate agreement: the top of the list is worth a look; confirm each one.";
    SuggestTrustGood => "κ ≥ 0.6 且胜过关键词基线：排名靠前的建议多半可用，仍需逐条确认。", "κ ≥ 0.6 and better than the keywords: most top suggestions fit; still confirm each one.";
    TabMemos => "备忘录浏览", "Memo browser";
    MemoKindProject => "项目", "Project";
    MemoKindDocument => "文档", "Document";
    MemoKindCode => "代码", "Code";
    MemoKindCase => "案例", "Case";
    MemoKindCoding => "编码", "Coding";
    MemoKindCell => "矩阵单元格", "Matrix cell";
    MemosSearch => "查找", "Search";
    MemosSearchHint => "备忘录、对象或作者中的文字", "text in memo, target or author";
    MemosKind => "类型", "Kind";
    MemosAllKinds => "全部类型", "All kinds";
    MemosAuthor => "作者", "Author";
    MemosAllAuthors => "全部作者", "All authors";
    MemosCount => "显示 {0} / {1} 条", "{0} of {1} shown";
    MemosNone => "没有符合条件的备忘录。", "No memos match.";
    MemosOpenTarget => "打开备忘录所在的对象", "Open what the memo is on";
    MemosExportPath => "导出到", "Export to";
    MemosExport => "导出所显示的备忘录", "Export the memos shown";
    MemosExported => "已导出 {0} 条备忘录到 {1}", "Exported {0} memos to {1}";
    GroupFilter => "文档组", "Group";
    GroupAll => "全部文档", "All documents";
    GroupNameHint => "组名", "group name";
    GroupNew => "新建组", "New group";
    GroupRename => "重命名组", "Rename group";
    GroupDelete => "删除组", "Delete group";
    GroupNone => "还没有文档组：在上方输入组名并点“新建组”。", "No document groups yet: type a name above and click New group.";
    GroupAddTo => "加入文档组", "Add to group";
    GroupAddListed => "把列出的 {0} 个文档加入文档组", "Add the {0} listed documents to group";
    GroupRemoveFrom => "移出文档组", "Remove from group";
    // Document × code overview (issue 12)
    TabOverview => "文档 × 代码", "Documents × codes";
    OverviewRows => "行：", "Rows:";
    DocumentGroups => "文档组", "Document groups";
    AllGroups => "全部文档", "All documents";
    OverviewCount => "编码数", "Codings";
    OverviewCoverage => "覆盖率", "Coverage";
    OverviewCoverageHint => "该代码的编码覆盖该行文字的百分比（重叠部分只计一次）", "Share of the row's characters the code's codings cover (overlaps counted once)";
    OverviewProfile => "{0}：各代码覆盖率", "{0}: coverage per code";
    OverviewProfileHint => "点击显示各代码的覆盖率条", "Click to show the coverage bar of every code";
    // Export dialog (issue 12)
    ExportFile => "输出文件", "Output file";
    ExportFormat => "格式", "Format";
    ExportNoFile => "请填写输出文件", "Give an output file";
    ExportCoder => "编码者", "Coder";
    ExportEveryone => "全部编码者", "Everyone";
    ExportOutcome => "QCA 结果", "QCA outcome";
    ExportOutcomeAttr => "结果属性", "Outcome attribute";
    ExportOutcomeValue => "结果取值", "Outcome value";
    ExportOutcomeDefault => "留空：案例有“运行结果”时用 运行结果=运转有效", "empty: 运行结果=运转有效 when cases have 运行结果";
    ExportOutcomeNeedsValue => "QCA 结果需要同时填写属性和取值", "The QCA outcome needs both an attribute and a value";
    ExportMinSources => "三角互证所需来源类型数", "Source types for triangulation";
    ExportCiteInterview => "访谈引文格式", "Interview citation";
    ExportCiteDocument => "文件引文格式", "Document citation";
    ExportCiteObservation => "观察笔记引文格式", "Observation citation";
    ExportCiteDefault => "默认：", "default:";
    ExportCiteHint => "占位符：{doc} 文档名、{kind} 来源类型、{start} {end} 位置、{coder} 编码者", "placeholders: {doc} document, {kind} source type, {start} {end} position, {coder} coder";
    ExportCiteReset => "恢复默认引文格式", "Reset citations";
    ExportBadCitation => "引文格式无效：花括号须成对，占位符只能是 {doc} {kind} {start} {end} {coder}", "Invalid citation pattern: braces must pair and placeholders be {doc} {kind} {start} {end} {coder}";
    ExportCases => "案例", "Cases";
    ExportAllCases => "未勾选 = 全部案例", "none ticked = all cases";
    ExportCodes => "代码", "Codes";
    ExportDefaultCodes => "未勾选 = PIV 机制代码（没有则全部代码）", "none ticked = the PIV mechanism codes (else all codes)";
    ExportChosen => "已选 {0} / {1}", "{0} of {1} ticked";
    ExportClear => "清除", "Clear";
    ExportFilter => "筛选…", "filter…";
    ExportPick => "选择…", "Pick…";
    ExportPreviewOf => "预览：前 {0} 行（共 {1} 行证据）", "Preview: first {0} of {1} evidence rows";
    ExportTablesList => "写出的表：{0}", "tables written: {0}";
    ExportCsvSiblings => "CSV：证据表写入该文件，其余各表写入同一文件夹的 <文件名>.<表>.csv", "CSV: the evidence table goes to this file, every other table to <name>.<table>.csv beside it";
    ExportAlsoWrote => "；另写出 {0}", "; also wrote {0}";
    // Document groups: multi-selection in the document panel (issue 12)
    GroupFilterView => "按文档组筛选", "Filter by document group";
    GroupAddSelected => "把选中的 {0} 个文档加入文档组", "Add the {0} selected documents to group";
    GroupRemoveSelected => "把选中的 {0} 个文档移出文档组", "Remove the {0} selected documents from group";
    DocsSelectedShort => "已选 {0} 个", "{0} selected";
    DocsSelected => "已选 {0} 个文档（Ctrl+点击 增减，Shift+点击 选范围）", "{0} documents selected (Ctrl+click toggles, Shift+click selects a range)";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_has_both_languages() {
        for &m in ALL_MSGS {
            assert!(!tr(Lang::Zh, m).is_empty(), "{m:?}");
            assert!(!tr(Lang::En, m).is_empty(), "{m:?}");
        }
    }

    #[test]
    fn locale_detection() {
        assert_eq!(Lang::from_locale("zh_CN.UTF-8"), Lang::Zh);
        assert_eq!(Lang::from_locale("zh-TW"), Lang::Zh);
        assert_eq!(Lang::from_locale("en_US.UTF-8"), Lang::En);
        assert_eq!(Lang::from_locale(""), Lang::En);
    }

    #[test]
    fn templates_are_filled() {
        assert_eq!(trf(Lang::En, Msg::CodingsCount, &[&3]), "3 codings");
        assert_eq!(
            trf(Lang::Zh, Msg::SelectionInfo, &[&1, &4, &3]),
            "选区 [1, 4)，3 字"
        );
    }
}
