//! Codebook templates. `piv` is the Power / Interest / Value framework (权力 / 利益 / 价值) with an
//! outcome group; definitions are bilingual (Chinese first).

use crate::command::{CodeFields, Command};

/// A built-in codebook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Template {
    /// No codes.
    Empty,
    /// The Power–Interest–Value codebook.
    Piv,
}

impl Template {
    /// Parses `empty` or `piv`.
    pub fn parse(s: &str) -> Option<Template> {
        match s.trim().to_ascii_lowercase().as_str() {
            "empty" | "none" => Some(Template::Empty),
            "piv" => Some(Template::Piv),
            _ => None,
        }
    }
}

struct Entry {
    path: &'static str,
    color: &'static str,
    description: &'static str,
    definition: &'static str,
    inclusion: &'static str,
    exclusion: &'static str,
    example: &'static str,
}

const PIV: &[Entry] = &[
    Entry {
        path: "权力",
        color: "#C0392B",
        description: "权力机制 Power: 行动者之间的支配与影响关系",
        definition: "主导性行动者借助正式授权或上级权威推动其他行动者参与平台。\nPower: how the leading actor obtains and uses authority over other actors.",
        inclusion: "",
        exclusion: "",
        example: "",
    },
    Entry {
        path: "权力/赋权",
        color: "#E74C3C",
        description: "赋权 Empowerment",
        definition: "上级正式赋予主导部门职责与权力，如职责清单、联动机制、对企业的许可与检查权。\nA superior authority formally assigns the leading actor responsibilities and powers (duty lists, linkage mechanisms, licensing powers).",
        inclusion: "文件或访谈中明确提到授权、职责划分、制度化的联动或监管权力。\nExplicit mention of delegated duties, formal division of responsibility, institutional linkage or regulatory power.",
        exclusion: "仅依靠领导个人协调而无正式授权的，编码为“借力”。\nCoordination that rests on a leader's personal involvement without formal mandate: code 借力.",
        example: "市政府印发职责清单，明确应急局牵头平台建设、各成员单位按清单接入数据。",
    },
    Entry {
        path: "权力/借力",
        color: "#F1948A",
        description: "借力 Borrowing authority",
        definition: "主导部门借助上级领导或协调机构（领导小组、安委办、联合值班）提升议题的“政治势能”。\nThe leading actor leans on higher leaders or coordinating bodies to raise the issue's political weight.",
        inclusion: "市长牵头的领导小组、安委办督办、借上级会议推动他部门配合。\nMayor-led groups, supervision by the work-safety committee office, using higher meetings to get cooperation.",
        exclusion: "法规或文件中的正式授权本身，编码为“赋权”。\nFormal delegation in regulations or documents: code 赋权.",
        example: "我们通过安委办发督办单，住建那边才把数据接进来。",
    },
    Entry {
        path: "利益",
        color: "#1F618D",
        description: "利益机制 Interest: 参与者预期收益与风险的处理",
        definition: "平台如何处理参与者的收益与风险预期。\nInterest: how the platform handles participants' expected gains and risks.",
        inclusion: "",
        exclusion: "",
        example: "",
    },
    Entry {
        path: "利益/收益兼容",
        color: "#2E86C1",
        description: "收益兼容 Benefit compatibility",
        definition: "平台也为其他行动者解决实际问题，如共享传感器、数据互通、信用共享、统一建设为企业省钱。\nThe platform also solves real problems for other actors (shared sensors, data exchange, centrally built systems that save money).",
        inclusion: "参与者从平台获得具体好处的陈述。\nStatements of concrete gains other actors obtain from the platform.",
        exclusion: "分担成本或问责风险的安排，编码为“风险分摊”。\nArrangements that spread costs or blame: code 风险分摊.",
        example: "燃气公司接入后，自己的巡检也省了一半人力。",
    },
    Entry {
        path: "利益/风险分摊",
        color: "#85C1E9",
        description: "风险分摊 Risk sharing",
        definition: "成本与问责风险被分担或吸收，如购买服务、运维外包、数据暴露问题不追责。\nCosts and accountability risks are spread or absorbed (purchased services, outsourced O&M, no blame for revealed data).",
        inclusion: "关于谁出钱、谁担责、免责或容错安排的陈述。\nWho pays, who is accountable, exemption or error-tolerance arrangements.",
        exclusion: "单纯的收益描述，编码为“收益兼容”。\nPure descriptions of gains: code 收益兼容.",
        example: "数据报上来发现隐患不追责，各单位才敢报。",
    },
    Entry {
        path: "价值",
        color: "#1E8449",
        description: "价值机制 Value: 对共同目标的内在认同",
        definition: "行动者对风险监测预警这一共同目标的认同。\nValue: actors' internal identification with the shared goal.",
        inclusion: "",
        exclusion: "",
        example: "",
    },
    Entry {
        path: "价值/共同认知",
        color: "#28B463",
        description: "共同认知 Shared understanding",
        definition: "各方认同风险监测预警值得共同去做。\nShared understanding that risk monitoring and warning is worth doing together.",
        inclusion: "表达认同平台目标、把安全当作共同责任的陈述。\nStatements endorsing the platform's goal or treating safety as a joint responsibility.",
        exclusion: "已付诸行动的共建共享，编码为“价值共创”。\nJoint building or sharing already put into practice: code 价值共创.",
        example: "大家都明白，城市生命线出了事谁也跑不了。",
    },
    Entry {
        path: "价值/价值共创",
        color: "#82E0AA",
        description: "价值共创 Value co-creation",
        definition: "各方共同建设平台、主动共享数据、带着自己的问题来找主导部门。\nActors build the platform together, share data willingly, and bring their own problems to the leading actor.",
        inclusion: "主动参与、共建、提出需求、自愿共享的行为。\nVoluntary participation, co-building, raising needs, willing sharing.",
        exclusion: "仅停留在态度层面的认同，编码为“共同认知”。\nAgreement only in attitude: code 共同认知.",
        example: "水务局主动提出把排水管网的监测点也接到平台上。",
    },
    Entry {
        path: "结果",
        color: "#7D3C98",
        description: "运转结果 Outcome of the platform",
        definition: "平台的运转结果。\nOutcome: how the platform operates.",
        inclusion: "",
        exclusion: "",
        example: "",
    },
    Entry {
        path: "结果/运转有效",
        color: "#A569BD",
        description: "运转有效 Operating effectively",
        definition: "平台实现目标，各方围绕平台协同。\nThe platform meets its goals and actors cooperate around it.",
        inclusion: "预警被处置、数据持续更新、各方常态化使用。\nWarnings handled, data kept current, routine use by actors.",
        exclusion: "",
        example: "",
    },
    Entry {
        path: "结果/运转失效",
        color: "#D2B4DE",
        description: "运转失效 Failing",
        definition: "平台受阻、闲置、“空转”或停滞。\nThe platform is blocked, idle, running empty or stalled.",
        inclusion: "平台无人使用、数据断更、预警无人响应。\nNobody uses it, data not updated, warnings unanswered.",
        exclusion: "",
        example: "",
    },
];

/// The command that installs `template`'s codebook (one undo step); `None` for an empty one.
pub fn template_command(template: Template) -> Option<Command> {
    let entries: &[Entry] = match template {
        Template::Empty => return None,
        Template::Piv => PIV,
    };
    let commands = entries
        .iter()
        .map(|e| Command::AddCode {
            path: e.path.to_owned(),
            fields: CodeFields {
                color: Some(e.color.to_owned()),
                description: e.description.to_owned(),
                definition: e.definition.to_owned(),
                inclusion: e.inclusion.to_owned(),
                exclusion: e.exclusion.to_owned(),
                example: e.example.to_owned(),
            },
        })
        .collect();
    Some(Command::Batch {
        label: "install PIV codebook template".to_owned(),
        commands,
    })
}
