//! Deterministic synthetic demo data: one fictitious city civil affairs bureau ([`DEMO_ORG`]) and
//! any number of catalog documents in the style of real bureau publications (notices, opinions,
//! policy interpretations, work plans, annual reports, budgets, statistics, announcements).
//!
//! Pure like the rest of the crate: no IO, no clock, no OS randomness. A small splitmix64 PRNG
//! seeded by the caller drives template filling from phrase pools, so the same `(seed, n)`
//! always yields the same documents, and generation costs a few microseconds per document.
//! All names, numbers and contacts are invented; nothing here describes a real person.

use crate::catalog::{Disclosure, Validity};
use crate::document::DocumentInput;
use chrono::{Datelike, NaiveDate};
use std::fmt::Write as _;

/// The demo organization: a city civil affairs bureau under a city government.
#[derive(Debug, Clone, Copy)]
pub struct DemoOrg {
    pub code: &'static str,
    pub name: &'static str,
    pub parent_code: &'static str,
    pub parent_name: &'static str,
    /// Internal divisions (处室), by name.
    pub departments: &'static [&'static str],
    pub address: &'static str,
    pub postcode: &'static str,
    pub office_hours: &'static str,
    pub phone: &'static str,
    pub fax: &'static str,
    pub email: &'static str,
    pub website: &'static str,
    /// 机关代字 of its document numbers: 发 (general), 规 (normative), 函 (letters), 办发 (office).
    pub doc_no_prefixes: &'static [&'static str],
}

/// Every contact detail is obviously fictitious: area code 0000, postcode 000000, and the
/// reserved `.example` top-level domain.
pub const DEMO_ORG: DemoOrg = DemoOrg {
    code: "0024204128",
    name: "示范市民政局",
    parent_code: "0024200001",
    parent_name: "示范市人民政府",
    departments: DEPARTMENTS,
    address: "示范市中心区民政路1号",
    postcode: "000000",
    office_hours: "工作日 上午9:00-12:00，下午13:30-17:30（法定节假日除外）",
    phone: "0000-12345678",
    fax: "0000-12345679",
    email: "xxgk@mzj.shifan.example",
    website: "https://mzj.shifan.example",
    doc_no_prefixes: &["示民发", "示民规", "示民函", "示民办发"],
};

const DEPARTMENTS: &[&str] = &[
    "办公室",
    "政策法规处",
    "规划财务处",
    "组织人事处",
    "社会救助处",
    "养老服务处",
    "儿童福利处",
    "社会组织管理局",
    "基层政权和社区建设处",
    "区划地名处",
    "社会事务处",
    "慈善事业促进和社会工作处",
];

// Department indices used below.
const D_OFFICE: usize = 0;
const D_FINANCE: usize = 2;
const D_PERSONNEL: usize = 3;

/// One generated catalog document plus its publication date.
#[derive(Debug, Clone)]
pub struct DemoDocument {
    pub input: DocumentInput,
    pub published_on: NaiveDate,
}

/// Deterministic: the same (seed, n) always yields the same documents in the same order.
/// Document numbers are unique over the whole sequence.
pub fn documents(seed: u64, n: usize) -> impl Iterator<Item = DemoDocument> {
    Generator {
        rng: Rng(seed),
        remaining: n,
        serials: [[0; YEARS]; PREFIXES],
        used: [0; USED_SLOTS],
    }
}

const CITY: &str = "示范市";
const YEAR_FIRST: i32 = 2016;
const YEARS: usize = 10; // 2016 ..= 2025
/// Days from 2016-01-01 to 2025-12-31 inclusive.
const DAYS: usize = 3653;

const PREFIXES: usize = 4;
const P_FA: usize = 0;
const P_GUI: usize = 1;
const P_HAN: usize = 2;
const P_BAN: usize = 3;

// ---------------------------------------------------------------------------------------------
// PRNG

/// splitmix64: tiny, fast, and good enough for synthetic text.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0, n < 2^32).
    fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 32) * n as u64) >> 32) as usize
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.below((hi - lo + 1) as usize) as u32
    }

    fn chance(&mut self, per_mille: u32) -> bool {
        self.below(1000) < per_mille as usize
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

// ---------------------------------------------------------------------------------------------
// Vocabulary

/// A field of civil affairs work and its phrase pools. Templates may use the placeholders
/// documented at [`Ctx::put`]; `measures` are normative statements (usable as articles of a
/// regulation), `facts` carry figures (usable in reports and statistics). Neither uses `{T}`
/// or `{W}`, so they can be borrowed by documents about another topic.
struct Topic {
    name: &'static str,
    dept: usize,
    subjects: &'static [&'static str],
    keywords: &'static [&'static str],
    works: &'static [&'static str],
    policies: &'static [&'static str],
    uppers: &'static [&'static str],
    goals: &'static [&'static str],
    measures: &'static [&'static str],
    facts: &'static [&'static str],
}

const T_RELIEF: usize = 0;
const T_ELDER: usize = 1;
const T_CHILD: usize = 2;
const T_SOCORG: usize = 3;
const T_PLACE: usize = 4;
const T_CHARITY: usize = 7;
const T_COMMUNITY: usize = 8;
const T_DISABLED: usize = 9;
const T_OPEN: usize = 11;

/// Relative frequency of each topic (same order as [`TOPICS`]).
const TOPIC_WEIGHTS: [u32; 13] = [16, 16, 8, 9, 5, 5, 6, 7, 7, 5, 4, 7, 5];

const TOPICS: [Topic; 13] = [
    Topic {
        name: "社会救助",
        dept: 4,
        subjects: &["17.03", "17.03", "15.02", "17.06"],
        keywords: &[
            "社会救助",
            "最低生活保障",
            "低保",
            "特困人员",
            "临时救助",
            "低收入人口",
        ],
        works: &[
            "困难群众基本生活保障",
            "城乡最低生活保障标准调整",
            "特困人员救助供养",
            "临时救助",
            "低收入人口动态监测",
            "社会救助家庭经济状况核对",
            "冬春困难群众救助",
            "最低生活保障边缘家庭认定",
            "社会救助“政策找人”",
            "农村低保制度与乡村振兴有效衔接",
        ],
        policies: &[
            "{C}最低生活保障审核确认办法",
            "{C}特困人员救助供养实施办法",
            "{C}临时救助实施细则",
            "{C}社会救助家庭经济状况核对办法",
            "{C}低收入人口认定办法",
            "{C}最低生活保障边缘家庭认定办法",
            "{C}支出型困难家庭救助实施办法",
            "{C}低收入人口动态监测和常态化救助帮扶工作方案",
        ],
        uppers: &[
            "《社会救助暂行办法》",
            "《最低生活保障审核确认办法》",
            "《特困人员认定办法》",
            "《国务院关于进一步加强和改进临时救助工作的意见》",
            "《关于改革完善社会救助制度的意见》",
        ],
        goals: &[
            "切实保障困难群众基本生活",
            "织密扎牢民生保障安全网",
            "加快构建分层分类的社会救助体系",
        ],
        measures: &[
            "严格落实最低生活保障审核确认程序，对申请家庭的收入、财产状况进行全面核对，做到应保尽保、应退尽退。",
            "进一步完善临时救助制度，对遭遇突发性、紧迫性、临时性生活困难的家庭和个人及时给予救助，做到“先救急、后补手续”。",
            "各区民政局应当加强对分散供养特困人员的照料服务，与照料服务人签订委托照料服务协议，明确照料服务内容和标准。",
            "健全低收入人口动态监测和常态化救助帮扶机制，将最低生活保障边缘家庭、刚性支出困难家庭纳入监测范围。",
            "深化“政策找人”工作机制，通过大数据比对主动发现潜在救助对象，变“人找政策”为“政策找人”。",
            "加强社会救助资金监管，严禁挤占、挪用、截留社会救助资金，确保资金安全、规范、高效使用。",
            "推进社会救助审核确认权限下放至乡镇人民政府（街道办事处），进一步简化申请材料，优化审核确认程序。",
            "畅通社会救助服务热线，及时受理、转办群众求助事项，确保困难群众求助有门、受助及时。",
            "依托社会救助家庭经济状况核对平台，与公安、人力资源社会保障、住房城乡建设、市场监管等部门实现数据共享。",
            "加强社会救助与慈善帮扶的衔接，引导社会力量参与社会救助工作。",
            "对最低生活保障边缘家庭中的重病、重残人员，可以参照“单人户”纳入最低生活保障范围。",
        ],
        facts: &[
            "全市城乡最低生活保障标准统一提高到每人每月{S}元，累计保障城乡低保对象{K}户。",
            "全年实施临时救助{K}人次，支出临时救助资金{M}万元。",
            "全市共有特困人员{K}人，其中集中供养{K}人，分散供养特困人员照料服务协议签订率达到100%。",
            "全年开展社会救助家庭经济状况核对{K}户次，核对准确率达到{P}%。",
            "全年共发放各类社会救助资金{M}万元，较上年增长{N}%。",
            "低保审核确认时限压缩至{N}个工作日，全年新增纳入低保{K}户。",
        ],
    },
    Topic {
        name: "养老服务",
        dept: 5,
        subjects: &["17.03", "17.03", "15.02"],
        keywords: &[
            "养老服务",
            "养老机构",
            "居家养老",
            "老年助餐",
            "医养结合",
            "适老化改造",
        ],
        works: &[
            "养老机构安全生产",
            "居家社区养老服务",
            "老年助餐服务",
            "养老服务补贴发放",
            "特殊困难老年人探访关爱",
            "养老机构等级评定",
            "家庭养老床位建设",
            "经济困难老年人家庭适老化改造",
            "养老服务领域非法集资风险排查",
            "养老护理员职业技能培训",
            "高龄津贴发放",
        ],
        policies: &[
            "{C}养老服务条例",
            "{C}养老机构管理办法",
            "{C}居家社区养老服务发展三年行动方案",
            "{C}老年助餐服务管理办法",
            "{C}基本养老服务清单",
            "{C}养老服务补贴管理办法",
            "{C}家庭养老床位建设管理办法",
            "{C}养老机构等级评定管理办法",
        ],
        uppers: &[
            "《中华人民共和国老年人权益保障法》",
            "《养老机构管理办法》",
            "《国务院办公厅关于推进养老服务发展的意见》",
            "《关于推进基本养老服务体系建设的意见》",
        ],
        goals: &[
            "加快构建居家社区机构相协调、医养康养相结合的养老服务体系",
            "更好满足老年人多层次多样化养老服务需求",
            "推动养老服务高质量发展",
        ],
        measures: &[
            "加快发展居家社区养老服务，完善社区综合为老服务中心、社区长者食堂布局，打造“15分钟养老服务圈”。",
            "深入推进医养结合，推动养老机构与周边医疗卫生机构签约合作，为入住老年人提供医疗卫生服务。",
            "开展养老机构安全生产和消防安全隐患排查整治，对排查发现的问题建立台账、限期整改、逐项销号。",
            "落实经济困难的高龄、失能老年人养老服务补贴制度，按规定及时足额发放补贴。",
            "建立特殊困难老年人探访关爱制度，对独居、空巢、留守、失能、重残等特殊困难老年人开展定期探访。",
            "防范化解养老服务领域非法集资风险，加强对养老机构预收费用的监管，切实维护老年人合法权益。",
            "养老机构应当按照有关标准和规范提供养老服务，建立入住评估、服务合同、安全管理等制度。",
            "加强养老护理员队伍建设，落实养老护理员培训、褒扬和激励政策，推动养老护理员持证上岗。",
            "实施经济困难老年人家庭适老化改造，提升老年人居家生活的安全性和便利性。",
            "鼓励社会力量举办养老机构，落实养老服务税费减免、建设补贴和运营补贴等扶持政策。",
            "推进智慧养老服务，依托养老服务信息平台为老年人提供紧急救援、健康管理等服务。",
        ],
        facts: &[
            "截至年底，全市共有养老机构{N}0余家，养老床位{K}张，护理型床位占比达到{P}%。",
            "全年新建社区综合为老服务中心{N}家、社区长者食堂{N}家，新增家庭养老床位{K}张。",
            "养老机构与医疗卫生机构签约率达到{P}%。",
            "全年发放养老服务补贴{M}万元，惠及经济困难老年人{K}人。",
            "完成经济困难老年人家庭适老化改造{K}户。",
            "组织开展养老护理员职业技能培训{K}人次，全市{N}家养老机构被评定为四星级以上。",
        ],
    },
    Topic {
        name: "儿童福利",
        dept: 6,
        subjects: &["17.03", "17.03", "14.02"],
        keywords: &["儿童福利", "困境儿童", "留守儿童", "孤儿", "未成年人保护"],
        works: &[
            "困境儿童分类保障",
            "农村留守儿童关爱保护",
            "孤儿和事实无人抚养儿童基本生活保障",
            "儿童福利机构优化提质",
            "未成年人保护工作站建设",
            "儿童督导员和儿童主任培训",
            "孤独症儿童关爱服务",
            "收养登记",
        ],
        policies: &[
            "{C}困境儿童分类保障实施办法",
            "{C}孤儿基本生活保障办法",
            "{C}农村留守儿童关爱保护工作方案",
            "{C}事实无人抚养儿童保障实施细则",
            "{C}儿童福利机构管理办法",
            "{C}未成年人救助保护机构工作规程",
        ],
        uppers: &[
            "《中华人民共和国未成年人保护法》",
            "《国务院关于加强困境儿童保障工作的意见》",
            "《关于进一步加强事实无人抚养儿童保障工作的意见》",
            "《儿童福利机构管理办法》",
        ],
        goals: &[
            "切实保障困境儿童合法权益",
            "健全农村留守儿童关爱服务体系",
            "促进儿童福利事业高质量发展",
        ],
        measures: &[
            "全面落实困境儿童分类保障制度，将符合条件的困境儿童按规定纳入最低生活保障、特困人员救助供养等范围。",
            "建立健全乡镇（街道）儿童督导员、村（居）儿童主任队伍，实现儿童主任全覆盖。",
            "常态化开展农村留守儿童和困境儿童走访排查，做到底数清、情况明、措施实。",
            "推进儿童福利机构优化提质和创新转型，拓展孤独症儿童康复、困境儿童临时照料等服务功能。",
            "规范收养登记工作，严格开展收养评估，切实保障被收养儿童的合法权益。",
            "加强未成年人保护工作站建设，为有需要的未成年人及其家庭提供关爱服务。",
            "孤儿、事实无人抚养儿童基本生活费实行按月发放，保障标准实行动态调整。",
            "加强儿童福利机构安全管理，落实安全生产责任制，防范各类安全事故发生。",
            "健全困境儿童发现报告、应急处置、评估帮扶、监护干预等工作机制。",
            "加强流浪未成年人救助保护，落实未成年人救助保护机构的临时监护职责。",
        ],
        facts: &[
            "全市集中养育孤儿基本生活最低养育标准提高到每人每月{B}元。",
            "全市{N}00余个村（社区）实现儿童主任全覆盖，建成乡镇（街道）未成年人保护工作站{N}个。",
            "组织开展儿童督导员、儿童主任业务培训{N}期，培训{K}人次。",
            "全年为{K}名困境儿童发放基本生活费{M}万元。",
        ],
    },
    Topic {
        name: "社会组织",
        dept: 7,
        subjects: &["17.05"],
        keywords: &[
            "社会组织",
            "登记管理",
            "行业协会商会",
            "等级评估",
            "社区社会组织",
        ],
        works: &[
            "社会组织年度检查",
            "社会组织等级评估",
            "行业协会商会乱收费专项清理",
            "打击整治非法社会组织",
            "社区社会组织培育发展",
            "社会组织信用信息管理",
            "“僵尸型”社会组织专项整治",
            "行业协会商会与行政机关脱钩",
        ],
        policies: &[
            "{C}社会组织登记管理实施细则",
            "{C}社会组织等级评估管理办法",
            "{C}社区社会组织培育发展实施方案",
            "{C}社会组织活动异常名录管理办法",
            "{C}社会组织抽查监督办法",
            "{C}行业协会商会综合监管办法",
        ],
        uppers: &[
            "《社会团体登记管理条例》",
            "《民办非企业单位登记管理暂行条例》",
            "《基金会管理条例》",
            "《社会组织信用信息管理办法》",
        ],
        goals: &[
            "促进社会组织健康有序发展",
            "提升社会组织规范化建设水平",
            "更好发挥社会组织在基层治理中的积极作用",
        ],
        measures: &[
            "依法开展社会组织年度检查，对未按规定参加年检的社会组织依法列入活动异常名录。",
            "深入开展打击整治非法社会组织专项行动，依法取缔非法社会组织，净化社会组织生态空间。",
            "规范行业协会商会收费行为，组织开展涉企收费专项清理，切实减轻企业负担。",
            "推进社会组织等级评估工作，引导社会组织完善内部治理、提升服务能力。",
            "加强社会组织信用信息管理，依法公开社会组织活动异常名录和严重违法失信名单。",
            "大力培育发展社区社会组织，引导其在养老服务、儿童关爱、社区治理等领域发挥积极作用。",
            "落实社会组织登记、变更、注销信息公开制度，及时在门户网站公布相关信息，接受社会监督。",
            "推进社会组织党的组织和党的工作有效覆盖，发挥党组织在社会组织中的政治引领作用。",
            "严格社会组织成立登记审查，对不符合条件的依法不予登记。",
            "加强对社会组织负责人的管理，落实社会组织负责人任职、约谈、离任审计等制度。",
        ],
        facts: &[
            "截至年底，全市共有依法登记的社会组织{K}家，其中基金会{N}家。",
            "全年参加年检的社会组织{K}家，年检合格率为{P}%。",
            "全年依法取缔非法社会组织{N}个，劝散{N}个。",
            "全年新评定{N}家社会组织为3A以上等级。",
        ],
    },
    Topic {
        name: "区划地名",
        dept: 9,
        subjects: &["17.04"],
        keywords: &["行政区划", "地名管理", "地名普查", "界线管理", "门楼牌"],
        works: &[
            "行政区域界线联合检查",
            "地名普查成果转化应用",
            "标准地名词典编纂",
            "乡村地名命名",
            "地名文化保护",
            "门楼牌规范设置",
            "不规范地名清理整治",
        ],
        policies: &[
            "{C}地名管理办法",
            "{C}地名命名更名审批工作规程",
            "{C}门楼牌管理办法",
            "{C}行政区域界线管理办法",
            "{C}地名文化遗产保护名录管理办法",
        ],
        uppers: &[
            "《地名管理条例》",
            "《行政区划管理条例》",
            "《行政区域界线管理条例》",
        ],
        goals: &[
            "推进地名管理标准化、规范化",
            "维护行政区域界线附近地区和谐稳定",
            "传承和弘扬优秀地名文化",
        ],
        measures: &[
            "严格地名命名、更名审批程序，坚持“名从主人、约定俗成”原则，确保地名标准化、规范化。",
            "依法组织开展行政区域界线联合检查，及时修复损毁界桩，维护边界地区和谐稳定。",
            "推进地名普查成果转化应用，上线地名信息查询服务，方便群众查询使用标准地名。",
            "组织开展不规范地名清理整治，对“大、洋、怪、重”等不规范地名依法进行清理。",
            "加强地名文化保护，建立地名文化遗产保护名录，传承城市历史文脉。",
            "规范门楼牌设置管理，新建道路、住宅小区应当按照标准地名设置门楼牌。",
            "深入实施乡村地名命名行动，为乡村振兴提供地名服务支撑。",
            "稳妥推进行政区划调整，严格履行行政区划变更审批程序。",
            "加强界线界桩管理，建立行政区域界线管理工作长效机制。",
            "推进地名标志设置，做到标志设置规范、信息准确、维护及时。",
        ],
        facts: &[
            "全年完成{N}条县级行政区域界线的联检任务。",
            "全年审批道路、桥梁等地名{N}条，清理整改不规范地名{N}处。",
            "全年新设、更换门楼牌{K}块。",
            "全年设置地名标志{K}块，采集更新地名信息{K}条。",
        ],
    },
    Topic {
        name: "婚姻登记",
        dept: 10,
        subjects: &["17.07"],
        keywords: &["婚姻登记", "婚俗改革", "跨省通办", "婚姻家庭辅导"],
        works: &[
            "婚姻登记“跨省通办”",
            "婚俗改革",
            "婚姻登记机关等级评定",
            "婚姻家庭辅导服务",
            "婚姻登记档案管理",
        ],
        policies: &[
            "{C}婚姻登记工作规范",
            "{C}婚俗改革实验区工作方案",
            "{C}婚姻登记档案管理办法",
        ],
        uppers: &[
            "《中华人民共和国民法典》",
            "《婚姻登记条例》",
            "《婚姻登记工作规范》",
        ],
        goals: &[
            "提升婚姻登记服务水平",
            "推动形成文明健康的婚育新风尚",
            "促进婚姻家庭和谐稳定",
        ],
        measures: &[
            "深化婚姻登记“跨省通办”，为群众提供更加便捷高效的婚姻登记服务。",
            "推进婚俗改革，倡导简约适度的婚礼习俗，抵制高价彩礼、大操大办等不良风气。",
            "在婚姻登记机关设立婚姻家庭辅导室，为当事人提供婚姻家庭辅导服务。",
            "推行婚姻登记网上预约，实现婚姻登记“预约办”“就近办”。",
            "严格执行离婚冷静期制度，依法规范离婚登记程序。",
            "加强婚姻登记机关规范化建设，开展婚姻登记机关等级评定，提升婚姻登记服务环境。",
            "推进婚姻登记档案电子化，实现婚姻登记信息跨部门共享，方便群众办理相关业务。",
            "开展结婚登记颁证服务，弘扬中华民族传统家庭美德，树立良好家风。",
            "加强婚姻登记员队伍建设，严格落实婚姻登记员持证上岗制度。",
            "规范婚姻登记补发、撤销等业务办理流程，依法保护当事人合法权益。",
        ],
        facts: &[
            "全年共办理结婚登记{K}对、离婚登记{K}对，婚姻登记合格率达到100%。",
            "全年提供婚姻家庭辅导服务{K}人次。",
            "全年开展结婚登记颁证服务{K}场次，婚姻登记网上预约率达到{P}%。",
        ],
    },
    Topic {
        name: "殡葬管理",
        dept: 10,
        subjects: &["17.07"],
        keywords: &["殡葬", "殡葬改革", "惠民殡葬", "清明祭扫", "生态安葬"],
        works: &[
            "清明节祭扫服务保障",
            "冬至祭扫服务保障",
            "殡葬领域突出问题专项整治",
            "惠民殡葬政策落实",
            "节地生态安葬推广",
            "农村公益性公墓建设",
            "殡葬服务收费检查",
        ],
        policies: &[
            "{C}殡葬管理办法",
            "{C}惠民殡葬服务实施办法",
            "{C}节地生态安葬奖补办法",
            "{C}公益性公墓管理办法",
        ],
        uppers: &[
            "《殡葬管理条例》",
            "《关于进一步推动殡葬改革促进殡葬事业发展的指导意见》",
        ],
        goals: &[
            "深化殡葬改革",
            "减轻群众殡葬负担",
            "推动移风易俗、文明节俭治丧",
        ],
        measures: &[
            "全面落实惠民殡葬政策，对本市户籍居民免除遗体接运、暂存、火化、骨灰寄存等基本殡葬服务费用。",
            "科学制定祭扫服务保障方案，推行预约祭扫、错峰祭扫，确保祭扫活动安全有序。",
            "大力推广海葬、树葬、花坛葬等节地生态安葬方式，对选择节地生态安葬的给予奖补。",
            "开展殡葬领域突出问题专项整治，重点整治违规建设经营性公墓、超标准收费等问题。",
            "加强农村公益性公墓规划建设，满足群众基本安葬需求。",
            "加强殡葬服务收费管理，严格明码标价，禁止捆绑销售和强制消费。",
            "积极倡导文明祭扫、绿色祭扫，推广网络祭扫、家庭追思等新型祭扫方式。",
            "加强殡葬服务机构管理，规范殡葬服务行为，提升殡葬服务质量。",
            "推进殡仪馆设施设备改造升级，推广使用环保火化设备。",
            "将移风易俗纳入村规民约，引导群众文明节俭办丧事。",
        ],
        facts: &[
            "清明节期间，全市共接待祭扫群众{N}.{n}万人次。",
            "全年生态安葬{K}例，新建、改扩建公益性公墓{N}个。",
            "全年落实惠民殡葬政策资金{M}万元。",
        ],
    },
    Topic {
        name: "慈善",
        dept: 11,
        subjects: &["17.03", "17.07"],
        keywords: &[
            "慈善",
            "慈善组织",
            "社会工作",
            "志愿服务",
            "慈善信托",
            "福利彩票",
        ],
        works: &[
            "“中华慈善日”宣传",
            "慈善组织信息公开",
            "慈善组织年度报告",
            "社会工作专业人才队伍建设",
            "乡镇（街道）社会工作站建设",
            "志愿服务记录",
            "福利彩票公益金使用管理",
            "慈善信托备案",
        ],
        policies: &[
            "{C}慈善组织认定办法",
            "{C}慈善信托备案管理办法",
            "{C}社会工作专业人才队伍建设实施方案",
            "{C}志愿服务记录管理办法",
            "{C}福利彩票公益金使用管理办法",
            "{C}乡镇（街道）社会工作站建设实施方案",
        ],
        uppers: &[
            "《中华人民共和国慈善法》",
            "《志愿服务条例》",
            "《慈善组织信息公开办法》",
            "《慈善组织公开募捐管理办法》",
        ],
        goals: &[
            "促进慈善事业健康发展",
            "加强社会工作专业人才队伍建设",
            "更好发挥慈善在第三次分配中的作用",
        ],
        measures: &[
            "深入宣传贯彻《中华人民共和国慈善法》，组织开展“中华慈善日”系列宣传活动，营造人人向善的良好氛围。",
            "依法做好慈善组织认定和公开募捐资格审核工作，加强对慈善组织的事中事后监管。",
            "督促慈善组织按规定履行信息公开义务，及时公开年度工作报告、财务会计报告和公开募捐情况。",
            "规范慈善信托备案管理，鼓励和支持慈善信托参与社会救助、养老服务等领域。",
            "推进乡镇（街道）社会工作站建设，推动社会工作服务向基层延伸。",
            "加强志愿服务记录和证明出具工作，保障志愿者合法权益。",
            "严格福利彩票公益金使用管理，公益金重点用于养老服务、儿童福利和社会救助等社会福利事业。",
            "鼓励和支持社会力量参与慈善事业，拓展慈善捐赠渠道。",
            "加强慈善超市规范化建设，发挥慈善超市在救助帮扶中的作用。",
            "推动慈善帮扶与社会救助有效衔接，形成政府救助与慈善帮扶的工作合力。",
        ],
        facts: &[
            "全年认定慈善组织{N}家，备案慈善信托{N}单，信托财产规模{M}万元。",
            "全市持证社会工作者达到{K}人，乡镇（街道）社会工作站实现全覆盖。",
            "全市注册志愿者{K}人，志愿服务组织{N}家。",
            "全年安排福利彩票公益金{M}万元。",
        ],
    },
    Topic {
        name: "城乡社区治理",
        dept: 8,
        subjects: &["17.07"],
        keywords: &[
            "社区治理",
            "城乡社区",
            "村务公开",
            "居民委员会",
            "社区工作者",
        ],
        works: &[
            "村（居）民委员会换届选举",
            "城乡社区协商",
            "社区工作者队伍建设",
            "村务公开和民主管理",
            "城乡社区服务体系建设",
            "基层减负",
            "“五社联动”",
        ],
        policies: &[
            "{C}城乡社区协商工作指引",
            "{C}村（居）民委员会换届选举工作方案",
            "{C}社区工作者管理办法",
            "{C}城乡社区服务体系建设规划",
            "{C}村务公开民主管理实施办法",
        ],
        uppers: &[
            "《中华人民共和国城市居民委员会组织法》",
            "《中华人民共和国村民委员会组织法》",
            "《关于加强和完善城乡社区治理的意见》",
        ],
        goals: &[
            "健全党组织领导的城乡基层治理体系",
            "提升城乡社区治理和服务水平",
            "推进基层治理体系和治理能力现代化",
        ],
        measures: &[
            "依法指导村（居）民委员会换届选举工作，确保换届选举平稳有序。",
            "健全城乡社区协商机制，推动社区协商制度化、规范化、程序化。",
            "加强社区工作者队伍建设，落实社区工作者薪酬待遇，定期开展业务培训。",
            "深化村务公开和民主管理，保障村民知情权、参与权、决策权和监督权。",
            "推进“五社联动”机制建设，发挥社区、社会组织、社会工作者、社区志愿者、社会慈善资源协同作用。",
            "持续为基层减负，清理规范村（社区）工作事项和证明事项，让基层干部有更多精力服务群众。",
            "完善城乡社区综合服务设施，推动社区服务向数字化、智能化发展。",
            "推进城乡社区服务站建设，提升社区服务便民化水平。",
            "加强村（居）民委员会规范化建设，完善村规民约和居民公约。",
            "推进智慧社区建设，推动社区服务事项“一网通办”。",
        ],
        facts: &[
            "全市{N}00余个村（社区）顺利完成村（居）民委员会换届选举。",
            "全年开展社区工作者培训{N}期，培训{K}人次。",
            "全市城乡社区综合服务设施覆盖率达到100%。",
        ],
    },
    Topic {
        name: "残疾人福利",
        dept: 10,
        subjects: &["17.03"],
        keywords: &[
            "残疾人两项补贴",
            "困难残疾人生活补贴",
            "重度残疾人护理补贴",
            "康复辅助器具",
            "精神障碍社区康复",
        ],
        works: &[
            "困难残疾人生活补贴和重度残疾人护理补贴发放",
            "精神障碍社区康复服务",
            "康复辅助器具社区租赁服务",
            "残疾人两项补贴“跨省通办”",
        ],
        policies: &[
            "{C}困难残疾人生活补贴和重度残疾人护理补贴实施办法",
            "{C}精神障碍社区康复服务工作方案",
            "{C}康复辅助器具社区租赁服务试点方案",
        ],
        uppers: &[
            "《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》",
            "《中华人民共和国残疾人保障法》",
        ],
        goals: &["切实保障残疾人基本权益", "提升残疾人福利服务水平"],
        measures: &[
            "全面落实困难残疾人生活补贴和重度残疾人护理补贴制度，确保补贴精准发放。",
            "推进残疾人两项补贴“跨省通办”和“全程网办”，方便残疾人申领补贴。",
            "推进精神障碍社区康复服务，为精神障碍患者提供生活技能训练、职业康复等服务。",
            "开展康复辅助器具社区租赁服务，为有需要的老年人、残疾人提供便捷的辅具租赁服务。",
            "建立“两项补贴”动态管理机制，定期开展资格复核，做到应补尽补。",
            "加强残疾人福利机构建设，提升残疾人集中托养服务能力。",
            "推动康复辅助器具产业发展，扩大康复辅助器具配置服务覆盖面。",
            "将符合条件的重度残疾人纳入最低生活保障范围，强化基本生活兜底保障。",
            "推进精神卫生福利机构建设，为特困、低保等困难精神障碍患者提供集中养护服务。",
        ],
        facts: &[
            "全年发放“两项补贴”{M}万元，惠及{K}人。",
            "在{N}个区开展精神障碍社区康复服务试点。",
            "全市康复辅助器具社区租赁服务点达到{N}个，全年提供租赁服务{K}人次。",
        ],
    },
    Topic {
        name: "减灾救灾",
        dept: 4,
        subjects: &["17.01"],
        keywords: &[
            "减灾救灾",
            "自然灾害",
            "救灾物资",
            "灾害救助",
            "综合减灾示范社区",
        ],
        works: &[
            "冬春受灾群众生活救助",
            "汛期自然灾害救助准备",
            "救灾物资储备管理",
            "综合减灾示范社区创建",
            "“防灾减灾日”宣传",
        ],
        policies: &[
            "{C}自然灾害救助应急预案",
            "{C}救灾物资储备管理办法",
            "{C}受灾群众生活救助实施办法",
        ],
        uppers: &["《自然灾害救助条例》", "《国家自然灾害救助应急预案》"],
        goals: &["保障受灾群众基本生活", "提升防灾减灾救灾能力"],
        measures: &[
            "做好冬春受灾群众生活救助工作，确保受灾群众有饭吃、有衣穿、有干净水喝、有临时安全住所。",
            "加强救灾物资储备管理，完善救灾物资储备、调拨和使用制度。",
            "深入开展综合减灾示范社区创建活动，夯实基层防灾减灾基础。",
            "组织开展防灾减灾宣传教育活动，提升群众防灾避险意识和自救互救能力。",
            "健全灾情信息报送制度，严格执行24小时值班制度，确保灾情信息报送及时准确。",
            "完善自然灾害救助应急预案，定期组织开展应急演练，提高应急响应能力。",
            "加强灾害信息员队伍建设，实现城乡社区灾害信息员全覆盖。",
            "灾害发生后及时启动应急响应，妥善转移安置受灾群众，保障受灾群众基本生活。",
            "做好过渡期生活救助和倒损民房恢复重建工作，帮助受灾群众尽快恢复正常生产生活。",
        ],
        facts: &[
            "下拨冬春救助资金{M}万元，救助受灾群众{K}人。",
            "市级救灾物资储备库储备帐篷、棉被等物资{K}件（套）。",
            "全年新创建综合减灾示范社区{N}个。",
        ],
    },
    Topic {
        name: "政务公开",
        dept: 0,
        subjects: &["02.01"],
        keywords: &[
            "政务公开",
            "政府信息公开",
            "信息公开",
            "政策解读",
            "依申请公开",
        ],
        works: &[
            "政务公开",
            "政府信息公开",
            "政府信息公开年度报告编制",
            "政策解读",
            "政务新媒体管理",
            "政府网站内容保障",
            "依申请公开办理",
            "基层政务公开标准化规范化",
        ],
        policies: &[
            "{C}民政局{Y}年政务公开工作要点",
            "{C}民政局政府信息公开保密审查制度",
            "{C}民政局依申请公开政府信息工作规程",
            "{C}民政局政策解读工作办法",
            "{C}民政局政务新媒体管理办法",
        ],
        uppers: &[
            "《中华人民共和国政府信息公开条例》",
            "《国务院办公厅关于全面推进政务公开工作的意见》",
            "《政府信息公开信息处理费管理办法》",
        ],
        goals: &[
            "全面推进政务公开",
            "提升政府信息公开工作质效",
            "保障人民群众知情权、参与权、表达权、监督权",
        ],
        measures: &[
            "坚持以公开为常态、不公开为例外，依法依规做好政府信息公开工作。",
            "严格执行政府信息公开保密审查制度，坚持“先审查、后公开”和“一事一审”原则。",
            "规范依申请公开办理流程，严格按照法定期限答复，提升答复质量。",
            "加强政策解读，坚持政策文件与解读方案、解读材料同步组织、同步审签、同步部署。",
            "加强政务新媒体管理，通过门户网站、微信公众号等渠道及时发布民政政策和办事服务信息。",
            "动态更新政府信息公开指南和政府信息公开目录，方便公众查询获取政府信息。",
            "围绕社会救助、养老服务、社会组织管理等重点领域，加大政府信息主动公开力度。",
            "加强政府信息公开平台建设，规范政府信息公开专栏栏目设置。",
            "做好建议提案办理结果公开，对社会广泛关注的建议提案答复全文公开。",
            "完善政务舆情回应机制，对涉及民政工作的热点问题及时回应社会关切。",
        ],
        facts: &[
            "全年主动公开政府信息{K}条，其中政策文件{N}件、政策解读{N}篇。",
            "全年共受理政府信息公开申请{N}件，均在法定期限内予以答复。",
            "门户网站全年发布信息{K}条，政务新媒体发布信息{K}条。",
        ],
    },
    Topic {
        name: "民政法治建设",
        dept: 1,
        subjects: &["02.09", "17.07"],
        keywords: &["法治建设", "行政执法", "规范性文件", "普法", "双随机一公开"],
        works: &[
            "民政法治建设",
            "行政规范性文件清理",
            "“谁执法谁普法”普法责任制落实",
            "民政行政执法监督",
            "“双随机、一公开”监管",
        ],
        policies: &[
            "{C}民政局行政规范性文件管理办法",
            "{C}民政局重大行政决策程序规定",
            "{C}民政行政执法公示办法",
            "{C}民政局“双随机、一公开”监管工作细则",
        ],
        uppers: &[
            "《法治政府建设实施纲要》",
            "《中华人民共和国行政处罚法》",
            "《国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知》",
        ],
        goals: &["推进民政领域依法行政", "加快建设法治民政"],
        measures: &[
            "严格落实行政规范性文件合法性审核机制，未经合法性审核的规范性文件不得提交审议。",
            "定期开展行政规范性文件清理，对不符合上位法规定的文件及时修改或者废止。",
            "全面推行行政执法公示制度、执法全过程记录制度、重大执法决定法制审核制度。",
            "落实“谁执法谁普法”普法责任制，围绕民法典、慈善法等法律法规开展普法宣传。",
            "推进“双随机、一公开”监管，抽查结果及时向社会公开。",
            "健全重大行政决策程序，严格落实公众参与、专家论证、风险评估、合法性审查和集体讨论决定制度。",
            "加强法律顾问和公职律师工作，充分发挥其在重大决策、合同审查等方面的作用。",
            "规范行政复议和行政应诉工作，落实行政机关负责人出庭应诉制度。",
            "加强民政执法队伍建设，组织开展行政执法人员业务培训和资格考试。",
        ],
        facts: &[
            "全年清理规范性文件{N}件，废止{N}件、修改{N}件。",
            "全年开展普法宣传活动{N}场次，开展随机抽查{N}次。",
            "全年办理行政复议和行政应诉案件{N}件，审核规范性文件和重大合同{N}件。",
        ],
    },
];

/// Statements any notice may contain. They may use `{W}` and `{T}`.
const GENERIC: &[&str] = &[
    "各区民政局要切实提高政治站位，把{W}工作摆上重要议事日程，主要负责同志亲自抓、负总责。",
    "要加强统筹协调，主动与财政、卫生健康、人力资源社会保障、医疗保障等部门沟通配合，形成工作合力。",
    "要强化资金保障，积极争取同级财政支持，将{W}所需经费纳入年度预算，确保资金及时足额到位。",
    "要加强督促检查，对工作推进不力、问题突出的地区和单位进行通报，确保各项任务落到实处。",
    "要充分利用广播、电视、报刊、门户网站和政务新媒体等渠道，加大政策宣传解读力度，不断提高群众知晓度。",
    "要建立健全工作台账，实行清单化管理，明确时间节点和责任人，做到件件有着落、事事有回音。",
    "要坚持以人民为中心的发展思想，聚焦群众急难愁盼问题，不断增强人民群众获得感、幸福感、安全感。",
    "要深入总结{W}工作中的好经验好做法，形成一批可复制、可推广的典型案例，发挥示范引领作用。",
    "要牢固树立底线思维，强化风险防范意识，及时发现和妥善处置{T}领域各类风险隐患。",
    "要加强基层民政工作力量，通过政府购买服务等方式充实基层经办服务人员，提升基层服务能力。",
    "要加快推进民政信息化建设，依托“互联网+民政服务”，推动更多事项网上办、掌上办、一次办。",
    "要严格落实党风廉政建设责任制，加强对重点领域、关键环节的监督，坚决纠治形式主义、官僚主义。",
    "要健全完善考核评价机制，将{W}工作纳入年度绩效考核，考核结果作为评先评优的重要依据。",
    "要加强业务培训，组织基层工作人员系统学习政策法规和业务规范，提高依法行政和规范服务水平。",
    "要主动接受社会监督，及时公开工作进展和办理结果，以公开促落实、以公开促规范、以公开促服务。",
    "工作中遇到的新情况、新问题，请及时报告市民政局{O}。",
];

/// Follow-on sentences that make a section read like a real notice. They may use `{W}`.
const ELABORATIONS: &[&str] = &[
    "各区民政局应当结合本地实际，细化工作措施，明确责任分工和完成时限。",
    "对工作中发现的问题，建立问题清单，实行销号管理，确保整改到位。",
    "市民政局将适时组织开展督导检查，督导检查结果纳入年度考核。",
    "有关工作情况请于每季度末报送市民政局{O}。",
    "各地要注重总结提炼，及时报送工作进展和典型经验。",
    "对群众反映强烈的突出问题，要坚持边查边改、立行立改。",
    "相关工作要与乡村振兴、基层治理等工作统筹推进，形成工作合力。",
    "要充分运用信息化手段，提高工作效率和精准度。",
    "鼓励各区在{W}方面积极探索，形成各具特色的工作模式。",
    "对政策执行中遇到的困难和问题，要及时研究解决，重大情况及时报告。",
    "要加强与司法、公安、卫生健康等部门的信息共享和业务协同。",
    "各区民政局要指导乡镇（街道）、村（社区）做好政策宣传和具体实施工作。",
    "要加强工作经费保障，确保工作有人干、有钱办、有场所。",
    "要充分发挥社会组织、社会工作者和志愿者的作用，形成多方参与的工作格局。",
    "对工作落实不力、造成不良影响的，依规依纪严肃追究相关人员责任。",
    "各区要于{Y}年12月10日前将年度工作总结报送市民政局{O}。",
    "要规范档案管理，做到一户一档、资料齐全、管理规范。",
    "有条件的地区可以在国家和省规定的基础上适当提高标准、扩大范围。",
];

/// Lead-ins put before a measure in notices and reports (not in articles of regulations).
const LEADS: &[&str] = &[
    "聚焦群众急难愁盼问题，",
    "坚持问题导向和目标导向，",
    "按照“保基本、兜底线、促公平、可持续”的原则，",
    "在总结试点经验的基础上，",
    "结合{Y}年工作实际，",
    "对照年度目标任务，",
    "针对基层反映的突出问题，",
    "坚持系统观念，",
    "坚持尽力而为、量力而行，",
    "进一步解放思想、开拓创新，",
    "以群众满意为标准，",
];

/// Closing clauses appended to a measure (its final 。 moves after them).
const TAILS: &[&str] = &[
    "切实把好事办好、实事办实",
    "确保各项政策落地见效",
    "不断提升群众满意度",
    "推动工作走深走实",
    "逐步形成长效工作机制",
    "让群众看得见、感受得到",
    "切实兜住、兜准、兜好民生底线",
    "努力实现好、维护好、发展好人民群众根本利益",
    "为全市经济社会发展大局作出民政贡献",
    "不断提高工作的精准性和实效性",
];

const PROBLEMS: &[&str] = &[
    "部分地区工作进展不平衡，个别区推进力度不够",
    "个别单位台账资料不完整，档案管理不够规范",
    "基层工作力量相对薄弱，专业人才较为缺乏",
    "信息化建设水平有待提高，部门间数据共享还不够充分",
    "政策宣传不够深入，部分群众对相关政策知晓度不高",
    "资金使用绩效有待提升，个别项目资金拨付进度较慢",
    "主动公开的深度和广度还需进一步拓展，政策解读形式还不够丰富",
];

const HEADINGS: &[&str] = &[
    "提高思想认识",
    "明确目标任务",
    "突出工作重点",
    "规范工作程序",
    "强化资金保障",
    "加强队伍建设",
    "加强督促检查",
    "注重宣传引导",
    "压实工作责任",
    "加强组织领导",
    "推进信息化建设",
    "健全长效机制",
];

const PLAN_HEADINGS: &[&str] = &[
    "突出兜底保障，织密扎牢民生保障网",
    "聚焦“一老一小”，提升民生服务水平",
    "加强社会治理，激发基层和社会组织活力",
    "优化专项社会事务，提升便民服务质量",
    "深化改革创新，推动民政事业高质量发展",
    "加强自身建设，提高依法行政能力",
];

const DUTIES: &[&str] = &[
    "贯彻执行国家和本市有关民政工作的法律、法规、规章和方针政策，拟订全市民政事业发展规划并组织实施",
    "承担全市社会救助工作，组织实施城乡最低生活保障、特困人员救助供养、临时救助等社会救助制度",
    "统筹推进、督促指导、监督管理全市养老服务工作，拟订养老服务体系建设规划、政策、标准并组织实施",
    "拟订全市儿童福利、孤弃儿童保护、儿童收养、儿童救助保护政策、标准，健全农村留守儿童关爱服务体系和困境儿童保障制度",
    "依法对全市社会团体、社会服务机构、基金会等社会组织进行登记管理和执法监督",
    "拟订全市城乡社区治理体系建设政策，指导城乡社区服务体系建设，推动基层群众自治",
    "负责全市行政区划和地名管理工作，组织、指导行政区域界线的勘定和管理工作",
    "拟订全市婚姻管理、殡葬管理政策并组织实施，推进婚俗改革和殡葬改革",
    "拟订全市促进慈善事业发展政策，组织指导社会捐助工作，指导福利彩票管理工作",
    "拟订全市社会工作、志愿服务政策和标准，推进社会工作人才队伍和志愿者队伍建设",
    "拟订全市残疾人权益保障政策，统筹推进、督促指导、监督管理残疾人福利工作",
];

const DISTRICTS: &[&str] = &[
    "东城区",
    "西湖区",
    "南山区",
    "北塘区",
    "江滨区",
    "新城区",
    "高新区",
    "滨海新区",
    "临江县",
    "青山县",
    "云溪县",
];

const ROADS: &[&str] = &[
    "兴业路",
    "和平路",
    "文华街",
    "滨江大道",
    "明德路",
    "青禾路",
    "望湖路",
    "长乐街",
    "景秀路",
    "松涛路",
    "云帆路",
    "锦程大道",
    "金桂路",
    "清源路",
    "博雅路",
    "新荷街",
];

const ASSOCIATIONS: &[&str] = &[
    "餐饮行业协会",
    "物流行业协会",
    "软件行业协会",
    "家政服务协会",
    "养老服务行业协会",
    "书法家协会",
    "摄影家协会",
    "青年企业家商会",
    "社区志愿服务中心",
    "助老服务中心",
    "社会工作服务中心",
    "物业管理协会",
    "羽毛球协会",
    "民办教育协会",
    "康复服务中心",
    "慈善基金会",
];

const UNITS: &[&str] = &[
    "示范市社会福利院",
    "示范市儿童福利院",
    "示范市救助管理站",
    "示范市殡仪馆",
    "示范市民政信息中心",
    "示范市婚姻登记服务中心",
    "示范市社会组织服务中心",
    "示范市福利彩票发行中心",
    "示范市第二社会福利院",
];

const JOBS: &[&str] = &[
    "社会工作",
    "护理",
    "会计",
    "文秘",
    "信息技术",
    "康复治疗",
    "法律事务",
];

const CN: [&str; 16] = [
    "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四",
    "十五", "十六",
];

const ON_APPLICATION_REASONS: &[&str] = &[
    "涉及特定群体的信息，依申请公开",
    "仅涉及部分单位和人员的工作事项，依申请公开",
    "属于本机关内部工作安排，依申请提供",
];

const NOT_DISCLOSED_REASONS: &[&str] = &[
    "涉及个人隐私，依据《中华人民共和国政府信息公开条例》第十五条不予公开",
    "属于行政机关内部事务信息，依据《中华人民共和国政府信息公开条例》第十六条不予公开",
    "属于过程性信息，依据《中华人民共和国政府信息公开条例》第十六条不予公开",
    "涉及商业秘密，依据《中华人民共和国政府信息公开条例》第十五条不予公开",
];

// ---------------------------------------------------------------------------------------------
// Document kinds

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Issue,
    WorkNotice,
    Opinion,
    Interpretation,
    Graphic,
    WorkPlan,
    FiveYearPlan,
    Bulletin,
    Reply,
    ProposalReply,
    News,
    Stats,
    OrgNotice,
    AnnualReport,
    Budget,
    FinalAccounts,
    Recruitment,
    Guide,
    Rules,
    Functions,
    WorkSummary,
}

/// Kinds with their relative frequency (per mille).
const KINDS: &[(Kind, u32)] = &[
    (Kind::Issue, 160),
    (Kind::WorkNotice, 218),
    (Kind::Opinion, 55),
    (Kind::Interpretation, 70),
    (Kind::Graphic, 12),
    (Kind::WorkPlan, 50),
    (Kind::FiveYearPlan, 8),
    (Kind::Bulletin, 40),
    (Kind::Reply, 55),
    (Kind::ProposalReply, 45),
    (Kind::News, 90),
    (Kind::Stats, 40),
    (Kind::OrgNotice, 50),
    (Kind::AnnualReport, 12),
    (Kind::Budget, 12),
    (Kind::FinalAccounts, 12),
    (Kind::Recruitment, 25),
    (Kind::Guide, 6),
    (Kind::Rules, 15),
    (Kind::Functions, 5),
    (Kind::WorkSummary, 20),
];

impl Kind {
    fn column(self) -> &'static str {
        match self {
            Kind::Issue | Kind::WorkNotice | Kind::Opinion | Kind::Bulletin | Kind::Reply => "zcwj",
            Kind::Interpretation | Kind::Graphic => "zcjd",
            Kind::WorkPlan | Kind::FiveYearPlan | Kind::WorkSummary => "ghjh",
            Kind::Budget | Kind::FinalAccounts => "czzj",
            Kind::Recruitment => "rsxx",
            Kind::News | Kind::Stats | Kind::OrgNotice | Kind::ProposalReply => "zdly",
            Kind::AnnualReport => "ndbg",
            Kind::Guide => "gkzn",
            Kind::Rules => "gkzd",
            Kind::Functions => "jgzn",
        }
    }

    /// Subject, department and keyword pool when they do not come from the topic.
    fn fixed(self) -> Option<(&'static str, usize, &'static [&'static str])> {
        Some(match self {
            Kind::AnnualReport => (
                "02.01",
                D_OFFICE,
                &["政府信息公开", "年度报告", "政务公开", "依申请公开"],
            ),
            Kind::Guide => (
                "02.01",
                D_OFFICE,
                &["政府信息公开指南", "依申请公开", "政府信息公开", "公开目录"],
            ),
            Kind::Rules => (
                "02.01",
                D_OFFICE,
                &["政务公开", "政府信息公开", "保密审查", "工作制度"],
            ),
            Kind::Budget => (
                "04.01",
                D_FINANCE,
                &["部门预算", "财政资金", "三公经费", "政府采购"],
            ),
            Kind::FinalAccounts => (
                "04.01",
                D_FINANCE,
                &["部门决算", "财政资金", "三公经费", "绩效评价"],
            ),
            Kind::Recruitment => (
                "15.03",
                D_PERSONNEL,
                &["公开招聘", "事业单位", "人事信息", "招聘公告"],
            ),
            Kind::Functions => (
                "17.07",
                D_OFFICE,
                &["机构职能", "内设机构", "主要职责", "民政"],
            ),
            Kind::WorkSummary => (
                "17.07",
                D_OFFICE,
                &["工作总结", "工作计划", "民政工作", "民政事业"],
            ),
            _ => return None,
        })
    }

    fn extra_keyword(self) -> Option<&'static str> {
        match self {
            Kind::Interpretation => Some("政策解读"),
            Kind::Graphic => Some("图解"),
            Kind::Stats => Some("统计数据"),
            Kind::ProposalReply => Some("建议提案办理"),
            Kind::FiveYearPlan => Some("发展规划"),
            _ => None,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Template filling

/// Per-document values that templates refer to.
struct Ctx {
    year: i32,
    date: NaiveDate,
    topic: &'static Topic,
    topic_idx: usize,
    work: &'static str,
    goal: &'static str,
    upper: &'static str,
    policy: String,
    /// What the policy calls itself: 办法, 细则, 方案, ...
    policy_kind: &'static str,
    district: &'static str,
    road: &'static str,
    unit: &'static str,
    /// A (fictitious) social organization the document is about.
    org: String,
    dept: &'static str,
    count: u32,
}

impl Ctx {
    /// Placeholders (`{X}`, one ASCII letter). From the document: Y year, X year-1, Z year+1,
    /// V year+2, C city, D district, T topic, W work item, L policy, k policy kind, g goal,
    /// u higher-level law, O department, G party congress, x guiding thought, F five-year plan,
    /// p plan period, I the year's theme, E written date, R road, U unit, a social organization,
    /// c count, w website. Drawn afresh: N 2..=30, n 0..=3, r 1..=800, K 100..=9999, B orphan
    /// allowance, S low-income standard, M money (万元), P percent, A association, Q quarter,
    /// m month, J 届, H 次.
    fn put(&self, out: &mut String, key: u8, rng: &mut Rng) {
        match key {
            b'Y' => push_num(out, self.year as u32),
            b'X' => push_num(out, (self.year - 1) as u32),
            b'Z' => push_num(out, (self.year + 1) as u32),
            b'V' => push_num(out, (self.year + 2) as u32),
            b'C' => out.push_str(CITY),
            b'D' => out.push_str(self.district),
            b'T' => out.push_str(self.topic.name),
            b'W' => out.push_str(self.work),
            b'L' => out.push_str(&self.policy),
            b'k' => out.push_str(self.policy_kind),
            b'g' => out.push_str(self.goal),
            b'u' => out.push_str(self.upper),
            b'O' => out.push_str(self.dept),
            b'G' => out.push_str(congress(self.date)),
            b'x' => out.push_str(guiding_thought(self.date)),
            b'F' => out.push_str(if self.year <= 2020 {
                "十三五"
            } else {
                "十四五"
            }),
            b'p' => out.push_str(if self.year <= 2020 {
                "2016—2020年"
            } else {
                "2021—2025年"
            }),
            b'I' => out.push_str(year_theme(self.year)),
            b'E' => push_cn_date(out, self.date),
            b'R' => out.push_str(self.road),
            b'U' => out.push_str(self.unit),
            b'a' => out.push_str(&self.org),
            b'c' => push_num(out, self.count),
            b'w' => out.push_str(DEMO_ORG.website),
            b'N' => push_num(out, rng.range(2, 30)),
            b'n' => push_num(out, rng.range(0, 3)),
            b'r' => push_num(out, rng.range(1, 800)),
            b'K' => push_num(out, rng.range(100, 9999)),
            b'B' => push_num(out, rng.range(1200, 2600)),
            b'S' => push_num(
                out,
                600 + (self.year - YEAR_FIRST).max(0) as u32 * 50 + rng.range(0, 80),
            ),
            b'M' => {
                let _ = write!(out, "{}.{}", rng.range(50, 60000), rng.range(0, 9));
            }
            b'P' => {
                let _ = write!(out, "{}.{}", rng.range(85, 99), rng.range(0, 9));
            }
            b'A' => {
                out.push_str(CITY);
                out.push_str(rng.pick(DISTRICTS));
                out.push_str(rng.pick(ASSOCIATIONS));
            }
            b'Q' => out.push_str(CN[rng.below(4)]),
            b'm' => push_num(out, rng.range(1, 12)),
            b'J' => out.push_str(rng.pick(&["十三", "十四", "十五", "十六"])),
            b'H' => out.push_str(CN[rng.below(5)]),
            other => {
                // Unknown placeholder: keep it visible (tests check none are left).
                out.push('{');
                out.push(other as char);
                out.push('}');
            }
        }
    }
}

/// Appends `tpl` with its `{X}` placeholders replaced.
fn fill(out: &mut String, tpl: &str, cx: &Ctx, rng: &mut Rng) {
    let b = tpl.as_bytes();
    let (mut start, mut i) = (0, 0);
    while i < b.len() {
        if b[i] == b'{' && i + 2 < b.len() && b[i + 2] == b'}' {
            out.push_str(&tpl[start..i]);
            cx.put(out, b[i + 1], rng);
            i += 3;
            start = i;
        } else {
            i += 1;
        }
    }
    out.push_str(&tpl[start..]);
}

fn push_num(out: &mut String, n: u32) {
    let _ = write!(out, "{n}");
}

fn push_cn_date(out: &mut String, d: NaiveDate) {
    let _ = write!(out, "{}年{}月{}日", d.year(), d.month(), d.day());
}

/// Starts a new paragraph.
fn para(out: &mut String) {
    if !out.is_empty() {
        out.push_str("\n\n");
    }
}

fn congress(d: NaiveDate) -> &'static str {
    let (y, m) = (d.year(), d.month());
    if y < 2017 || (y == 2017 && m < 11) {
        "党的十八大和十八届历次全会精神"
    } else if y < 2022 || (y == 2022 && m < 11) {
        "党的十九大和十九届历次全会精神"
    } else {
        "党的二十大和二十届历次全会精神"
    }
}

/// The guiding-thought formula, which changed with the 19th Party Congress (October 2017).
fn guiding_thought(d: NaiveDate) -> &'static str {
    if d.year() < 2017 || (d.year() == 2017 && d.month() < 11) {
        "深入学习贯彻习近平总书记系列重要讲话精神"
    } else {
        "坚持以习近平新时代中国特色社会主义思想为指导"
    }
}

fn year_theme(year: i32) -> &'static str {
    match year {
        2016 => "“十三五”开局之年",
        2017 => "实施“十三五”规划的重要一年",
        2018 => "贯彻党的十九大精神的开局之年",
        2019 => "新中国成立70周年",
        2020 => "全面建成小康社会和“十三五”规划收官之年",
        2021 => "“十四五”开局之年",
        2022 => "党的二十大召开之年",
        2023 => "全面贯彻党的二十大精神的开局之年",
        2024 => "中华人民共和国成立75周年",
        _ => "“十四五”规划收官之年",
    }
}

/// What a policy name calls itself, from its ending.
fn policy_kind(name: &str) -> &'static str {
    const KINDS: &[&str] = &[
        "细则", "办法", "规程", "规范", "方案", "清单", "条例", "规划", "制度", "指引", "预案",
        "规定", "要点",
    ];
    KINDS
        .iter()
        .copied()
        .find(|k| name.ends_with(k))
        .unwrap_or("文件")
}

/// Whether a policy is drafted as numbered articles (第一条 ...).
fn has_articles(kind: &str) -> bool {
    matches!(
        kind,
        "细则" | "办法" | "规程" | "规范" | "条例" | "制度" | "规定"
    )
}

// ---------------------------------------------------------------------------------------------
// Generator

const SLOT_GENERIC: usize = 26;
const SLOT_PROBLEMS: usize = 27;
const SLOT_ELABORATIONS: usize = 28;
const USED_SLOTS: usize = 29;

struct Generator {
    rng: Rng,
    remaining: usize,
    /// Last serial per (prefix, year) of the document numbers handed out.
    serials: [[u32; YEARS]; PREFIXES],
    /// Per-document bitmasks of pool entries already used (2 per topic, generic, problems).
    used: [u64; USED_SLOTS],
}

impl Iterator for Generator {
    type Item = DemoDocument;

    fn next(&mut self) -> Option<DemoDocument> {
        if self.remaining == 0 {
            return None;
        }
        self.remaining -= 1;
        Some(self.make())
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

/// Title, genre and document-number prefix (if the document has a number) of one document.
struct Head {
    genre: &'static str,
    prefix: Option<usize>,
    variant: usize,
}

impl Generator {
    fn make(&mut self) -> DemoDocument {
        self.used = [0; USED_SLOTS];
        let kind = self.pick_kind();
        let topic_idx = self.pick_topic(kind);
        let topic = &TOPICS[topic_idx];
        let date = self.pick_date(kind);
        let year = date.year();
        let fixed = kind.fixed();
        let dept = fixed.map_or(topic.dept, |f| f.1);

        let rng = &mut self.rng;
        let mut cx = Ctx {
            // Statistics are published for the year before.
            year: if kind == Kind::Stats { year - 1 } else { year },
            date,
            topic,
            topic_idx,
            work: rng.pick(topic.works),
            goal: rng.pick(topic.goals),
            upper: rng.pick(topic.uppers),
            policy: String::new(),
            policy_kind: "",
            district: rng.pick(DISTRICTS),
            road: rng.pick(ROADS),
            unit: rng.pick(UNITS),
            org: String::new(),
            dept: DEPARTMENTS[dept],
            count: rng.range(2, 12),
        };
        let base = if kind == Kind::Rules {
            rng.pick(&[
                "{C}民政局政府信息公开保密审查制度",
                "{C}民政局依申请公开政府信息工作规程",
                "{C}民政局政府信息公开工作考核办法",
                "{C}民政局政策解读工作实施办法",
                "{C}民政局政务公开工作制度",
                "{C}民政局政府信息公开发布协调制度",
                "{C}民政局政务新媒体管理办法",
            ])
        } else if rng.chance(450) {
            // A programme named after a work item: many more distinct titles.
            rng.pick(&[
                "{C}{W}工作实施方案",
                "{C}{Y}年{W}工作方案",
                "{C}{W}工作规程",
                "{C}{W}工作指引",
                "{C}{W}专项行动方案",
                "{C}{W}提升行动方案（{Y}—{V}年）",
            ])
        } else {
            rng.pick(topic.policies)
        };
        let mut policy = String::with_capacity(96);
        fill(&mut policy, base, &cx, rng);
        if kind == Kind::OrgNotice {
            let mut org = String::with_capacity(48);
            fill(&mut org, "{A}", &cx, rng);
            cx.org = org;
        }
        cx.policy_kind = policy_kind(&policy);
        if !base.contains("{Y}") {
            let revised = if kind == Kind::Rules { 65 } else { 35 };
            match rng.below(100) {
                0..15 => policy.push_str("（试行）"),
                r if r < revised => {
                    let _ = write!(policy, "（{year}年修订）");
                }
                _ => {}
            }
        }
        cx.policy = policy;

        let mut title = String::with_capacity(128);
        let head = self.title(kind, topic_idx, &cx, &mut title);

        let doc_no = match head.prefix {
            Some(p) => {
                let serial = &mut self.serials[p][(year - YEAR_FIRST) as usize];
                *serial += 1;
                format!("{}〔{}〕{}号", DEMO_ORG.doc_no_prefixes[p], year, serial)
            }
            None => String::new(),
        };

        let mut body = String::with_capacity(4096);
        self.body(kind, head.variant, &cx, &mut body);

        let mut summary = String::with_capacity(256);
        self.summary(kind, head.variant, &cx, &mut summary);

        let rng = &mut self.rng;
        let subject = fixed.map_or_else(|| rng.pick(topic.subjects), |f| f.0);
        let pool = fixed.map_or(topic.keywords, |f| f.2);
        let keywords = pick_keywords(rng, kind.extra_keyword(), pool);

        let forced_public = matches!(
            kind,
            Kind::AnnualReport | Kind::Budget | Kind::FinalAccounts | Kind::Guide | Kind::Functions
        );
        let (disclosure, disclosure_reason) = match rng.below(1000) {
            970..990 if !forced_public => (
                Disclosure::OnApplication,
                rng.pick(ON_APPLICATION_REASONS).to_string(),
            ),
            990.. if !forced_public => (
                Disclosure::NotDisclosed,
                rng.pick(NOT_DISCLOSED_REASONS).to_string(),
            ),
            _ => (Disclosure::Proactive, String::new()),
        };
        let validity = pick_validity(rng, kind, year);

        let mut written_on = String::with_capacity(10);
        let _ = write!(
            written_on,
            "{:04}-{:02}-{:02}",
            year,
            date.month(),
            date.day()
        );
        let published_on = date + chrono::Days::new(rng.below(21) as u64);

        let doc_no_empty = doc_no.is_empty();
        DemoDocument {
            input: DocumentInput {
                title,
                doc_no,
                publisher: DEMO_ORG.name.to_string(),
                written_on,
                subject: subject.to_string(),
                genre: head.genre.to_string(),
                disclosure: disclosure.as_str().to_string(),
                disclosure_reason,
                validity: validity.as_str().to_string(),
                keywords,
                summary,
                body,
                column: kind.column().to_string(),
                department: DEPARTMENTS[dept].to_string(),
                successor: String::new(),
                // 印发 a 办法 or 规定 with a number: what a bureau's 行政规范性文件 look like.
                legal_kind: if kind == Kind::Issue && !doc_no_empty {
                    "normative".into()
                } else {
                    String::new()
                },
                ..Default::default()
            },
            published_on,
        }
    }

    fn pick_kind(&mut self) -> Kind {
        let mut r = self.rng.below(1000) as u32;
        for &(k, w) in KINDS {
            if r < w {
                return k;
            }
            r -= w;
        }
        Kind::News
    }

    fn pick_topic(&mut self, kind: Kind) -> usize {
        let rng = &mut self.rng;
        match kind {
            Kind::AnnualReport | Kind::Guide | Kind::Rules => T_OPEN,
            Kind::OrgNotice => T_SOCORG,
            Kind::Stats => rng.pick(&[
                T_RELIEF, T_RELIEF, T_ELDER, T_ELDER, T_CHILD, T_DISABLED, T_CHARITY,
            ]),
            Kind::FiveYearPlan => {
                rng.pick(&[T_RELIEF, T_ELDER, T_ELDER, T_CHILD, T_CHARITY, T_COMMUNITY])
            }
            _ => {
                let mut r = rng.below(100) as u32;
                for (i, w) in TOPIC_WEIGHTS.iter().enumerate() {
                    if r < *w {
                        return i;
                    }
                    r -= w;
                }
                T_RELIEF
            }
        }
    }

    fn pick_date(&mut self, kind: Kind) -> NaiveDate {
        let rng = &mut self.rng;
        // Some documents have their season: reports and budgets early in the year, final
        // accounts in summer, five-year plans in the first years of their period.
        let (year, window) = match kind {
            Kind::AnnualReport => (None, Some((15, 80))),
            Kind::Budget => (None, Some((20, 59))),
            Kind::FinalAccounts => (None, Some((182, 260))),
            Kind::WorkSummary => (None, Some((10, 59))),
            Kind::FiveYearPlan => (Some(rng.pick(&[2016, 2017, 2021, 2022])), Some((1, 365))),
            _ => (None, None),
        };
        match window {
            None => {
                let start = NaiveDate::from_ymd_opt(YEAR_FIRST, 1, 1).expect("valid date");
                start + chrono::Days::new(rng.below(DAYS) as u64)
            }
            Some((lo, hi)) => {
                let year = year.unwrap_or_else(|| YEAR_FIRST + rng.below(YEARS) as i32);
                NaiveDate::from_yo_opt(year, rng.range(lo, hi)).expect("ordinal within the year")
            }
        }
    }

    // -- pools -------------------------------------------------------------------------------

    /// An index into a pool of `len` entries not yet used in this document (while there are).
    fn unused(&mut self, slot: usize, len: usize) -> usize {
        let mut i = self.rng.below(len);
        let mask = self.used[slot];
        if mask.count_ones() as usize >= len {
            self.used[slot] = 0;
        } else {
            while mask & (1 << i) != 0 {
                i = (i + 1) % len;
            }
        }
        self.used[slot] |= 1 << i;
        i
    }

    fn exhausted(&self, slot: usize, len: usize) -> bool {
        self.used[slot].count_ones() as usize >= len
    }

    /// A measure dressed for a notice or report: sometimes with a lead-in and a closing clause.
    /// Once the topic's measures are used up, a generic statement instead of a repetition.
    fn rich(&mut self, cx: &Ctx, t: usize, out: &mut String) {
        if self.exhausted(2 * t, TOPICS[t].measures.len())
            && !self.exhausted(SLOT_GENERIC, GENERIC.len())
        {
            self.generic(cx, out);
            return;
        }
        if self.rng.chance(550) {
            let lead = self.rng.pick(LEADS);
            fill(out, lead, cx, &mut self.rng);
        }
        self.measure(cx, t, out);
        if self.rng.chance(600) && out.ends_with('。') {
            out.pop();
            out.push('，');
            out.push_str(self.rng.pick(TAILS));
            out.push('。');
        }
    }

    fn riches(&mut self, cx: &Ctx, t: usize, n: usize, out: &mut String) {
        for _ in 0..n {
            self.rich(cx, t, out);
        }
    }

    fn measure(&mut self, cx: &Ctx, t: usize, out: &mut String) {
        let pool = TOPICS[t].measures;
        let i = self.unused(2 * t, pool.len());
        fill(out, pool[i], cx, &mut self.rng);
    }

    /// A figure; once the topic's figures are used up, a measure instead (no contradicting
    /// figures in one document).
    fn fact(&mut self, cx: &Ctx, t: usize, out: &mut String) {
        let pool = TOPICS[t].facts;
        if self.exhausted(2 * t + 1, pool.len()) {
            self.rich(cx, t, out);
            return;
        }
        let i = self.unused(2 * t + 1, pool.len());
        fill(out, pool[i], cx, &mut self.rng);
    }

    fn generic(&mut self, cx: &Ctx, out: &mut String) {
        let i = self.unused(SLOT_GENERIC, GENERIC.len());
        fill(out, GENERIC[i], cx, &mut self.rng);
    }

    fn elaborate(&mut self, cx: &Ctx, per_mille: u32, out: &mut String) {
        if self.rng.chance(per_mille) {
            let i = self.unused(SLOT_ELABORATIONS, ELABORATIONS.len());
            fill(out, ELABORATIONS[i], cx, &mut self.rng);
        }
    }

    /// "一是……；二是……。" from `n` problems.
    fn problems(&mut self, n: usize, out: &mut String) {
        for (k, num) in CN.iter().take(n).enumerate() {
            let i = self.unused(SLOT_PROBLEMS, PROBLEMS.len());
            out.push_str(num);
            out.push('是');
            out.push_str(PROBLEMS[i]);
            out.push_str(if k + 1 == n { "。" } else { "；" });
        }
    }

    fn measures(&mut self, cx: &Ctx, t: usize, n: usize, out: &mut String) {
        for _ in 0..n {
            self.measure(cx, t, out);
        }
    }

    fn tpl(&mut self, cx: &Ctx, tpl: &str, out: &mut String) {
        fill(out, tpl, cx, &mut self.rng);
    }

    fn one_of(&mut self, cx: &Ctx, tpls: &[&str], out: &mut String) {
        let t = self.rng.pick(tpls);
        fill(out, t, cx, &mut self.rng);
    }

    fn addressee(&mut self, out: &mut String) {
        para(out);
        out.push_str(self.rng.pick(&[
            "各区民政局，局机关各处室、局属各单位：",
            "各区民政局：",
            "各区民政局，局属各单位：",
        ]));
    }

    fn signoff(&mut self, cx: &Ctx, out: &mut String) {
        para(out);
        out.push_str(DEMO_ORG.name);
        out.push('\n');
        push_cn_date(out, cx.date);
    }

    // -- titles ------------------------------------------------------------------------------

    fn title(&mut self, kind: Kind, topic: usize, cx: &Ctx, out: &mut String) -> Head {
        // (template, genre, prefix, per-mille chance of a document number)
        type T = (&'static str, &'static str, usize, u32);
        let normative = has_articles(cx.policy_kind);
        let choices: &[T] = match kind {
            Kind::Issue => &[
                ("{C}民政局关于印发《{L}》的通知", "通知", P_FA, 1000),
                ("关于印发《{L}》的通知", "通知", P_FA, 1000),
                ("{C}民政局办公室关于印发《{L}》的通知", "通知", P_BAN, 1000),
            ],
            Kind::WorkNotice => &[
                ("关于做好{Y}年度{W}工作的通知", "通知", P_FA, 950),
                ("{C}民政局关于开展{Y}年{W}专项行动的通知", "通知", P_FA, 950),
                ("{C}民政局关于进一步加强{W}工作的通知", "通知", P_FA, 950),
                (
                    "{C}民政局办公室关于做好{Y}年{W}有关工作的通知",
                    "通知",
                    P_BAN,
                    950,
                ),
                ("{C}民政局关于在{D}开展{W}试点工作的通知", "通知", P_FA, 950),
                ("{C}民政局关于做好{Y}年{W}工作的通知", "通知", P_FA, 950),
                (
                    "{C}民政局办公室关于开展{Y}年度{W}工作督导检查的通知",
                    "通知",
                    P_BAN,
                    950,
                ),
            ],
            Kind::Opinion => &[
                (
                    "{C}民政局关于进一步加强{W}工作的实施意见",
                    "意见",
                    P_GUI,
                    1000,
                ),
                (
                    "{C}民政局关于推进{W}高质量发展的指导意见",
                    "意见",
                    P_FA,
                    1000,
                ),
                ("{C}民政局关于加快推进{W}工作的意见", "意见", P_FA, 1000),
                ("{C}民政局关于加强和改进{W}工作的意见", "意见", P_FA, 1000),
                (
                    "{C}民政局关于进一步规范{W}工作的指导意见",
                    "意见",
                    P_GUI,
                    1000,
                ),
                ("{C}民政局关于{Y}年{W}工作的实施意见", "意见", P_FA, 1000),
            ],
            Kind::Interpretation => &[
                ("《{L}》政策解读", "解读", 0, 0),
                ("关于《{L}》的解读", "解读", 0, 0),
                ("《{L}》解读问答", "解读", 0, 0),
                ("一文读懂《{L}》", "解读", 0, 0),
            ],
            Kind::Graphic => &[
                ("一图读懂《{L}》", "图解", 0, 0),
                ("图解：《{L}》", "图解", 0, 0),
            ],
            Kind::WorkPlan => &[
                ("{Y}年{C}民政局{T}工作要点", "计划", P_BAN, 800),
                ("{C}{W}三年行动计划（{Y}—{V}年）", "计划", P_FA, 800),
                ("{C}民政局{Y}年{T}工作计划", "计划", P_BAN, 800),
            ],
            Kind::FiveYearPlan => &[
                ("{C}{T}事业发展“{F}”规划", "规划", P_FA, 1000),
                ("{C}“{F}”{T}发展规划", "规划", P_FA, 1000),
                ("{C}{T}体系建设“{F}”规划", "规划", P_FA, 1000),
            ],
            Kind::Bulletin => &[
                ("关于{Y}年度全市{W}工作情况的通报", "通报", P_FA, 950),
                ("{C}民政局关于{Y}年{W}专项检查情况的通报", "通报", P_FA, 950),
                (
                    "{C}民政局关于{Y}年上半年{W}工作进展情况的通报",
                    "通报",
                    P_FA,
                    950,
                ),
            ],
            Kind::Reply if topic == T_PLACE => {
                &[("{C}民政局关于同意{D}{R}命名的批复", "批复", P_HAN, 1000)]
            }
            Kind::Reply => &[
                ("{C}民政局关于{D}{W}有关问题的批复", "批复", P_HAN, 1000),
                (
                    "{C}民政局关于征求《{L}（征求意见稿）》意见的函",
                    "函",
                    P_HAN,
                    1000,
                ),
            ],
            Kind::ProposalReply => &[
                (
                    "关于市政协{J}届{H}次会议第{r}号提案的答复",
                    "函",
                    P_HAN,
                    1000,
                ),
                ("对市{J}届人大{H}次会议第{r}号建议的答复", "函", P_HAN, 1000),
            ],
            Kind::News => &[
                ("{C}民政局召开{Y}年{W}工作推进会", "工作动态", 0, 0),
                ("{C}民政局赴{D}开展{W}专题调研", "工作动态", 0, 0),
                ("{C}民政局举办{Y}年{W}业务培训班", "工作动态", 0, 0),
                ("{D}民政局扎实推进{W}工作", "工作动态", 0, 0),
                ("{C}召开{Y}年全市{T}工作会议", "工作动态", 0, 0),
            ],
            Kind::Stats => &[
                ("{Y}年{C}{T}工作主要数据", "统计数据", 0, 0),
                ("{C}{Y}年度{T}资金发放情况", "统计数据", 0, 0),
                ("{C}{Y}年{T}统计数据", "统计数据", 0, 0),
                ("{C}{Y}年度{T}主要统计指标", "统计数据", 0, 0),
            ],
            Kind::OrgNotice => &[
                (
                    "{C}民政局{Y}年第{N}批社会组织成立登记公告",
                    "公告",
                    P_FA,
                    800,
                ),
                ("{C}民政局关于撤销{a}登记的公告", "公告", P_FA, 800),
                (
                    "{C}民政局关于{X}年度社会组织等级评估结果的公告",
                    "公告",
                    P_FA,
                    800,
                ),
                (
                    "{C}民政局关于将{a}等{c}家社会组织列入活动异常名录的公告",
                    "公告",
                    P_FA,
                    800,
                ),
            ],
            Kind::AnnualReport => &[("{C}民政局{X}年政府信息公开工作年度报告", "报告", 0, 0)],
            Kind::Budget => &[
                ("{Y}年{C}民政局部门预算", "其他", 0, 0),
                ("{C}民政局{Y}年部门预算公开", "其他", 0, 0),
                ("{U}{Y}年单位预算", "其他", 0, 0),
            ],
            Kind::FinalAccounts => &[
                ("{X}年{C}民政局部门决算", "其他", 0, 0),
                ("{C}民政局{X}年度部门决算公开", "其他", 0, 0),
                ("{U}{X}年单位决算", "其他", 0, 0),
            ],
            Kind::Recruitment => &[
                (
                    "{C}民政局所属事业单位{Y}年公开招聘工作人员公告",
                    "公告",
                    P_BAN,
                    300,
                ),
                (
                    "{C}民政局关于{Y}年第{H}批公开招聘事业单位工作人员的公告",
                    "公告",
                    P_BAN,
                    300,
                ),
                ("{U}{Y}年公开招聘工作人员公告", "公告", 0, 0),
                (
                    "关于{C}民政局所属事业单位{Y}年公开招聘笔试成绩的公告",
                    "公告",
                    0,
                    0,
                ),
            ],
            Kind::Guide => &[
                ("{C}民政局政府信息公开指南（{Y}年修订）", "其他", 0, 0),
                ("{C}民政局政府信息公开指南（{Y}年{m}月更新）", "其他", 0, 0),
            ],
            Kind::Rules => &[("{L}", "其他", P_BAN, 900)],
            Kind::Functions => &[
                ("{C}民政局主要职责", "其他", 0, 0),
                ("{C}民政局内设机构及职责", "其他", 0, 0),
                ("{C}民政局机构职能", "其他", 0, 0),
            ],
            Kind::WorkSummary => &[
                ("{C}民政局{X}年工作总结和{Y}年工作计划", "总结", P_FA, 800),
                ("{C}民政局{X}年{T}工作总结", "总结", P_FA, 800),
            ],
        };
        let variant = self.rng.below(choices.len());
        let (tpl, genre, mut prefix, chance) = choices[variant];
        fill(out, tpl, cx, &mut self.rng);
        // Normative documents (规范性文件) carry the 规 number, most of the time.
        if kind == Kind::Issue && prefix == P_FA && normative && self.rng.chance(700) {
            prefix = P_GUI;
        }
        let numbered = chance > 0 && self.rng.chance(chance);
        Head {
            genre,
            prefix: numbered.then_some(prefix),
            variant,
        }
    }

    // -- bodies ------------------------------------------------------------------------------

    fn body(&mut self, kind: Kind, variant: usize, cx: &Ctx, out: &mut String) {
        let t = cx.topic_idx;
        match kind {
            Kind::Issue => self.body_issue(cx, t, out),
            Kind::WorkNotice => self.body_notice(cx, t, out),
            Kind::Opinion => self.body_opinion(cx, t, out),
            Kind::Interpretation => self.body_interpretation(cx, t, out),
            Kind::Graphic => self.body_graphic(cx, t, out),
            Kind::WorkPlan => self.body_work_plan(cx, t, variant, out),
            Kind::FiveYearPlan => self.body_five_year_plan(cx, t, out),
            Kind::Bulletin => self.body_bulletin(cx, t, out),
            Kind::Reply => self.body_reply(cx, t, variant, out),
            Kind::ProposalReply => self.body_proposal_reply(cx, t, variant, out),
            Kind::News => self.body_news(cx, t, variant, out),
            Kind::Stats => self.body_stats(cx, t, out),
            Kind::OrgNotice => self.body_org_notice(cx, variant, out),
            Kind::AnnualReport => self.body_annual_report(cx, out),
            Kind::Budget => self.body_budget(cx, false, variant == 2, out),
            Kind::FinalAccounts => self.body_budget(cx, true, variant == 2, out),
            Kind::Recruitment => self.body_recruitment(cx, variant, out),
            Kind::Guide => self.body_guide(cx, out),
            Kind::Rules => {
                let mid = 3 + self.rng.below(4);
                self.articles(cx, t, mid, out)
            }
            Kind::Functions => self.body_functions(out),
            Kind::WorkSummary => self.body_work_summary(cx, t, variant, out),
        }
    }

    /// A regulation as numbered articles: purpose, scope, `mid` substantive articles, closing.
    fn articles(&mut self, cx: &Ctx, t: usize, mid: usize, out: &mut String) {
        para(out);
        self.tpl(
            cx,
            "第一条　为了{g}，根据{u}等有关规定，结合本市实际，制定本{k}。",
            out,
        );
        para(out);
        self.one_of(
            cx,
            &[
                "第二条　本{k}适用于本市行政区域内的{T}工作。市民政局负责全市{T}工作的统筹指导和监督管理，各区民政局负责本行政区域内的具体实施。",
                "第二条　本{k}适用于本市行政区域内{T}相关工作。各区民政局应当按照本{k}规定，做好本行政区域内的组织实施工作。",
            ],
            out,
        );
        for i in 0..mid {
            para(out);
            let _ = write!(out, "第{}条　", CN[i + 2]);
            let left = TOPICS[t].measures.len() - self.used[2 * t].count_ones() as usize;
            let n = (2 + self.rng.below(3)).min(left).max(1);
            self.measures(cx, t, n, out);
        }
        para(out);
        let _ = write!(out, "第{}条　", CN[mid + 2]);
        self.tpl(
            cx,
            "本{k}由{C}民政局负责解释，自印发之日起施行，有效期5年。",
            out,
        );
    }

    fn body_issue(&mut self, cx: &Ctx, t: usize, out: &mut String) {
        self.addressee(out);
        para(out);
        self.one_of(
            cx,
            &[
                "现将《{L}》印发给你们，请结合实际认真贯彻执行。执行中遇到的问题，请及时向市民政局{O}反馈。",
                "《{L}》已经局长办公会议审议通过，现印发给你们，请认真组织实施。",
                "为{g}，我局制定了《{L}》，现印发给你们，请遵照执行。",
            ],
            out,
        );
        self.signoff(cx, out);
        para(out);
        out.push_str(&cx.policy);
        if has_articles(cx.policy_kind) {
            self.articles(cx, t, 3, out);
        } else {
            para(out);
            self.tpl(
                cx,
                "为{g}，根据{u}等有关规定，结合本市实际，制定本{k}。",
                out,
            );
            let sections = 3 + self.rng.below(2);
            let first = self.rng.below(HEADINGS.len() - sections);
            for s in 0..sections {
                para(out);
                let _ = write!(out, "{}、{}。", CN[s], HEADINGS[first + s]);
                let n = 2 + self.rng.below(3);
                self.riches(cx, t, n, out);
                self.elaborate(cx, 600, out);
            }
        }
    }

    fn body_notice(&mut self, cx: &Ctx, t: usize, out: &mut String) {
        self.addressee(out);
        para(out);
        self.one_of(
            cx,
            &[
                "为深入贯彻落实{u}，进一步{g}，经研究，现就做好{Y}年{W}工作有关事项通知如下：",
                "根据{u}有关规定和市委、市政府工作部署，为{g}，现就{W}工作有关事项通知如下：",
                "{Y}年以来，全市各级民政部门认真贯彻落实{G}，{T}工作取得积极成效。为进一步{g}，现就{W}工作有关事项通知如下：",
            ],
            out,
        );
        if self.rng.chance(700) {
            para(out);
            self.tpl(cx, "{X}年，全市{T}工作取得积极进展。", out);
            self.fact(cx, t, out);
            self.fact(cx, t, out);
            out.push_str("但也要看到，");
            self.problems(2, out);
        }
        let sections = 3 + self.rng.below(4);
        let first = self.rng.below(HEADINGS.len() - sections);
        for s in 0..sections {
            para(out);
            let _ = write!(out, "{}、{}。", CN[s], HEADINGS[first + s]);
            let n = 3 + self.rng.below(3);
            self.riches(cx, t, n, out);
            self.elaborate(cx, 700, out);
            self.generic(cx, out);
        }
        self.signoff(cx, out);
    }

    fn body_opinion(&mut self, cx: &Ctx, t: usize, out: &mut String) {
        self.addressee(out);
        para(out);
        self.tpl(
            cx,
            "为{g}，根据{u}等有关规定，结合本市实际，现就进一步做好{W}工作提出如下意见。",
            out,
        );
        para(out);
        self.tpl(
            cx,
            "一、总体要求。{x}，深入贯彻落实{G}，坚持以人民为中心的发展思想，坚持尽力而为、量力而行，{g}。到{V}年，{W}工作制度更加健全、服务更加规范、保障更加有力。",
            out,
        );
        para(out);
        out.push_str("二、主要任务。");
        let n = 6 + self.rng.below(3);
        for num in &CN[..n] {
            let _ = write!(out, "（{num}）");
            self.rich(cx, t, out);
            self.elaborate(cx, 250, out);
        }
        para(out);
        out.push_str("三、保障措施。");
        let n = 3 + self.rng.below(2);
        for num in &CN[..n] {
            let _ = write!(out, "（{num}）");
            self.generic(cx, out);
        }
        para(out);
        out.push_str("四、组织实施。");
        self.elaborate(cx, 1000, out);
        self.elaborate(cx, 1000, out);
        self.tpl(cx, "本意见自印发之日起施行，由{C}民政局{O}负责解释。", out);
        self.signoff(cx, out);
    }

    fn body_interpretation(&mut self, cx: &Ctx, t: usize, out: &mut String) {
        let mut s = 0;
        para(out);
        let _ = write!(out, "{}、制定背景。", CN[s]);
        s += 1;
        self.tpl(cx, "近年来，{C}{T}工作取得积极进展。", out);
        self.fact(cx, t, out);
        self.fact(cx, t, out);
        self.tpl(cx, "但与人民群众的新期待相比，仍存在一些短板和不足：", out);
        self.problems(2, out);
        self.tpl(
            cx,
            "为{g}，市民政局在深入调研、广泛征求意见的基础上，起草了《{L}》。",
            out,
        );
        para(out);
        let _ = write!(out, "{}、制定依据。", CN[s]);
        s += 1;
        self.tpl(
            cx,
            "主要依据{u}等法律法规和政策文件，结合本市实际制定。",
            out,
        );
        para(out);
        let _ = write!(out, "{}、主要内容。", CN[s]);
        s += 1;
        self.tpl(cx, "《{L}》共{N}条，主要包括以下内容：", out);
        let n = 5 + self.rng.below(3);
        for num in &CN[..n] {
            let _ = write!(out, "{num}是");
            self.rich(cx, t, out);
        }
        {
            para(out);
            let _ = write!(out, "{}、创新举措。", CN[s]);
            s += 1;
            let n = 2 + self.rng.below(2);
            for num in &CN[..n] {
                let _ = write!(out, "{num}是");
                self.rich(cx, t, out);
            }
        }
        para(out);
        let _ = write!(out, "{}、施行时间。", CN[s]);
        self.tpl(
            cx,
            "《{L}》自印发之日起施行。各区民政局要认真做好宣传解读和贯彻落实工作，",
            out,
        );
        self.rich(cx, t, out);
        para(out);
        self.tpl(cx, "解读机关：{C}民政局\n解读科室：{O}", out);
    }

    fn body_graphic(&mut self, cx: &Ctx, t: usize, out: &mut String) {
        para(out);
        self.tpl(
            cx,
            "{C}民政局制发《{L}》，现以图解形式对主要内容解读如下。",
            out,
        );
        para(out);
        self.tpl(cx, "【制定目的】{g}。【制定依据】{u}。", out);
        para(out);
        out.push_str("【主要内容】");
        let n = 2 + self.rng.below(2);
        self.measures(cx, t, n, out);
        para(out);
        self.tpl(cx, "【解读机关】{C}民政局{O}", out);
    }

    fn body_work_plan(&mut self, cx: &Ctx, t: usize, variant: usize, out: &mut String) {
        para(out);
        self.tpl(
            cx,
            "{Y}年是{I}。{C}民政局{T}工作{x}，全面贯彻{G}，紧紧围绕{g}，扎实推进各项工作。",
            out,
        );
        out.push_str(match variant {
            0 => "现结合实际，制定本工作要点。",
            _ => "现结合实际，制定本计划。",
        });
        let sections = 3 + self.rng.below(3);
        let first = self.rng.below(PLAN_HEADINGS.len() - sections + 1);
        let mut item = 1;
        for s in 0..sections {
            para(out);
            let _ = write!(out, "{}、{}", CN[s], PLAN_HEADINGS[first + s]);
            for _ in 0..3 + self.rng.below(2) {
                let own = !self.exhausted(2 * t, TOPICS[t].measures.len());
                let mut from = if own && self.rng.chance(750) {
                    t
                } else {
                    self.rng.below(TOPICS.len())
                };
                if self.exhausted(2 * from, TOPICS[from].measures.len()) {
                    from = self.rng.below(TOPICS.len());
                }
                let _ = write!(out, "\n{item}.");
                self.measure(cx, from, out);
                out.pop(); // the closing 。 moves after the responsible unit
                let _ = write!(out, "（责任单位：{}）。", DEPARTMENTS[TOPICS[from].dept]);
                item += 1;
            }
        }
        para(out);
        out.push_str(
            "各责任单位要对照任务分工，细化工作措施，明确时间节点，确保各项任务按期完成。",
        );
    }

    fn body_five_year_plan(&mut self, cx: &Ctx, t: usize, out: &mut String) {
        para(out);
        self.tpl(
            cx,
            "为{g}，根据{u}和《{C}国民经济和社会发展“{F}”规划纲要》，编制本规划。规划期为{p}。",
            out,
        );
        para(out);
        out.push_str("一、发展基础。");
        for _ in 0..3 {
            self.fact(cx, t, out);
        }
        para(out);
        out.push_str("二、面临形势。当前，人口老龄化程度持续加深，困难群众需求日益多样化，民政工作既面临新的发展机遇，也面临不少困难和挑战。");
        self.problems(2, out);
        para(out);
        self.tpl(
            cx,
            "三、总体要求。{x}，全面贯彻{G}，坚持以人民为中心，坚持兜底线、织密网、建机制，{g}，为建设现代化{C}作出民政贡献。",
            out,
        );
        para(out);
        out.push_str("四、主要任务。");
        for num in &CN[..6] {
            let _ = write!(out, "（{num}）");
            self.rich(cx, t, out);
        }
        para(out);
        out.push_str("五、保障措施。");
        for num in &CN[..3] {
            let _ = write!(out, "（{num}）");
            self.generic(cx, out);
        }
    }

    fn body_bulletin(&mut self, cx: &Ctx, t: usize, out: &mut String) {
        self.addressee(out);
        para(out);
        self.tpl(
            cx,
            "根据工作安排，{Y}年{m}月，市民政局组织开展了{W}工作检查。现将有关情况通报如下：",
            out,
        );
        para(out);
        out.push_str("一、基本情况。");
        self.tpl(cx, "从检查情况看，各区民政局高度重视{W}工作，", out);
        self.riches(cx, t, 2, out);
        self.fact(cx, t, out);
        self.fact(cx, t, out);
        self.riches(cx, t, 2, out);
        para(out);
        out.push_str("二、存在的问题。检查也发现，");
        let n = 3 + self.rng.below(2);
        self.problems(n, out);
        out.push_str("对检查发现的问题，各区要认真对照、举一反三，限期整改到位。");
        para(out);
        out.push_str("三、下一步工作要求。");
        self.riches(cx, t, 3, out);
        for _ in 0..2 + self.rng.below(2) {
            self.generic(cx, out);
        }
        self.elaborate(cx, 800, out);
        self.signoff(cx, out);
    }

    fn body_reply(&mut self, cx: &Ctx, t: usize, variant: usize, out: &mut String) {
        if t == T_PLACE {
            para(out);
            self.tpl(cx, "{D}民政局：", out);
            para(out);
            self.tpl(
                cx,
                "你局《关于{R}命名的请示》收悉。经研究，现批复如下：",
                out,
            );
            para(out);
            self.tpl(
                cx,
                "一、同意将{D}新建道路命名为“{R}”。该名称符合{u}和本市地名规划要求。",
                out,
            );
            para(out);
            self.tpl(
                cx,
                "二、请你局按照有关规定做好标准地名的公布、使用和地名标志设置工作，并将设置情况报市民政局{O}备案。",
                out,
            );
            self.measure(cx, t, out);
            para(out);
            out.push_str("此复。");
        } else if variant == 0 {
            para(out);
            self.tpl(cx, "{D}民政局：", out);
            para(out);
            self.tpl(
                cx,
                "你局《关于{W}有关问题的请示》收悉。经研究，现批复如下：",
                out,
            );
            para(out);
            out.push_str("一、原则同意你局提出的工作方案。");
            self.measure(cx, t, out);
            para(out);
            out.push_str("二、");
            self.generic(cx, out);
            self.generic(cx, out);
            para(out);
            out.push_str("此复。");
        } else {
            self.addressee(out);
            para(out);
            self.tpl(
                cx,
                "为{g}，我局起草了《{L}（征求意见稿）》，现印发给你们征求意见。请于收文之日起{N}个工作日内将书面意见反馈至市民政局{O}，逾期未反馈的视为无意见。",
                out,
            );
            para(out);
            out.push_str("征求意见稿的主要内容包括：");
            self.measures(cx, t, 3, out);
            para(out);
            self.tpl(cx, "附件：{L}（征求意见稿）", out);
        }
        self.signoff(cx, out);
    }

    fn body_proposal_reply(&mut self, cx: &Ctx, t: usize, variant: usize, out: &mut String) {
        para(out);
        out.push_str(if variant == 0 {
            "尊敬的委员："
        } else {
            "尊敬的代表："
        });
        para(out);
        self.tpl(
            cx,
            "您提出的《关于加强{W}工作的建议》收悉。经认真研究，现答复如下：",
            out,
        );
        para(out);
        out.push_str("一、工作开展情况。近年来，我局高度重视");
        self.tpl(cx, "{W}工作。", out);
        self.fact(cx, t, out);
        self.fact(cx, t, out);
        self.riches(cx, t, 3, out);
        self.fact(cx, t, out);
        para(out);
        out.push_str("二、下一步工作打算。");
        self.riches(cx, t, 3, out);
        self.generic(cx, out);
        self.elaborate(cx, 500, out);
        para(out);
        self.tpl(
            cx,
            "三、关于建议的采纳情况。您提出的建议针对性和可操作性强，对进一步做好{W}工作具有重要参考价值。我局将在制定{Z}年工作计划和相关政策时认真研究吸收，",
            out,
        );
        self.rich(cx, t, out);
        para(out);
        out.push_str("感谢您对民政工作的关心和支持，欢迎继续提出宝贵意见和建议。");
        self.signoff(cx, out);
        self.tpl(cx, "\n（联系单位：{C}民政局{O}）", out);
    }

    fn body_news(&mut self, cx: &Ctx, t: usize, variant: usize, out: &mut String) {
        const LEADS: [&str; 5] = [
            "{E}，{C}民政局召开{W}工作推进会，总结前一阶段工作，分析存在问题，部署下一阶段重点任务。局机关有关处室和各区民政局分管负责同志参加会议。",
            "近日，{C}民政局主要负责同志带队赴{D}开展{W}专题调研，实地查看有关工作开展情况，听取基层意见建议。",
            "{E}，{C}民政局举办{W}业务培训班，各区民政局分管负责同志和业务骨干共{N}0余人参加培训。",
            "今年以来，{D}民政局认真落实市民政局工作部署，扎实推进{W}工作，取得积极成效。",
            "{E}，{C}召开{Y}年全市{T}工作会议，总结{X}年{T}工作，部署{Y}年重点任务。",
        ];
        const LINKS: [[&str; 3]; 5] = [
            ["会议指出，", "会议强调，", "会议要求，"],
            ["调研组指出，", "调研组强调，", "调研组要求，"],
            ["培训指出，", "培训强调，", "培训要求，"],
            ["据了解，", "下一步，", "同时，"],
            ["会议指出，", "会议强调，", "会议要求，"],
        ];
        para(out);
        self.tpl(cx, LEADS[variant], out);
        let links = LINKS[variant];
        para(out);
        out.push_str(links[0]);
        self.fact(cx, t, out);
        self.riches(cx, t, 3, out);
        self.fact(cx, t, out);
        para(out);
        out.push_str(links[1]);
        self.riches(cx, t, 2, out);
        self.generic(cx, out);
        self.generic(cx, out);
        para(out);
        out.push_str(links[2]);
        self.rich(cx, t, out);
        self.generic(cx, out);
        self.generic(cx, out);
        self.elaborate(cx, 700, out);
        para(out);
        out.push_str(match variant {
            3 => "据统计，",
            _ => "据了解，",
        });
        self.fact(cx, t, out);
        self.fact(cx, t, out);
        self.riches(cx, t, 2, out);
        self.elaborate(cx, 500, out);
        if variant == 0 || variant == 4 {
            para(out);
            self.tpl(cx, "会上，{D}民政局等{N}个单位作了交流发言。", out);
        }
    }

    fn body_stats(&mut self, cx: &Ctx, t: usize, out: &mut String) {
        para(out);
        self.tpl(cx, "现将{C}{Y}年{T}有关统计数据公布如下：", out);
        for num in &CN[..TOPICS[t].facts.len().min(4)] {
            para(out);
            let _ = write!(out, "{num}、");
            self.fact(cx, t, out);
        }
        para(out);
        self.tpl(
            cx,
            "注：以上数据为快报数据，最终数据以年度统计公报为准。数据来源：{C}民政局{O}。",
            out,
        );
    }

    /// A numbered list of `n` organizations, the document's own first.
    fn org_list(&mut self, cx: &Ctx, n: u32, out: &mut String) {
        para(out);
        for i in 1..=n {
            let _ = write!(out, "{i}.");
            self.tpl(cx, if i == 1 { "{a}" } else { "{A}" }, out);
            out.push_str(if i == n { "。" } else { "；" });
        }
    }

    fn body_org_notice(&mut self, cx: &Ctx, variant: usize, out: &mut String) {
        match variant {
            0 => {
                para(out);
                self.tpl(
                    cx,
                    "根据{u}等有关规定，经审查，下列社会组织符合成立登记条件，准予成立登记，现予以公告：",
                    out,
                );
                self.org_list(cx, cx.count, out);
            }
            1 => {
                para(out);
                self.tpl(
                    cx,
                    "经查，{a}连续两年未按规定参加年度检查，违反了{u}有关规定。根据有关规定，{C}民政局依法撤销其登记，现予以公告。",
                    out,
                );
                para(out);
                self.tpl(
                    cx,
                    "自本公告发布之日起，{a}的登记证书、印章和财务凭证作废。",
                    out,
                );
                para(out);
                out.push_str(
                    "被撤销登记的社会组织应当停止以社会组织名义进行活动，并依法办理清算事宜。对撤销登记决定不服的，可以自本公告发布之日起60日内依法申请行政复议，或者在6个月内依法提起行政诉讼。",
                );
            }
            2 => {
                para(out);
                self.tpl(
                    cx,
                    "根据《社会组织评估管理办法》有关要求，经社会组织自愿申报、第三方机构评估、评估委员会审核，现将{X}年度社会组织等级评估结果公告如下：",
                    out,
                );
                for grade in ["5A", "4A", "3A"] {
                    para(out);
                    let _ = write!(out, "评定为{grade}等级的社会组织：");
                    let n = 2 + self.rng.below(3);
                    for i in 0..n {
                        if i > 0 {
                            out.push('、');
                        }
                        self.tpl(cx, "{A}", out);
                    }
                    out.push('。');
                }
                para(out);
                out.push_str("获得评估等级的社会组织，可将评估等级证书作为信誉证明出示，评估等级有效期为5年。");
            }
            _ => {
                para(out);
                self.tpl(
                    cx,
                    "根据《社会组织信用信息管理办法》，下列{c}家社会组织未按规定参加年度检查，现将其列入活动异常名录：",
                    out,
                );
                self.org_list(cx, cx.count, out);
                para(out);
                out.push_str(
                    "被列入活动异常名录的社会组织，可在规定期限内纠正有关问题后申请移出。",
                );
            }
        }
        para(out);
        out.push_str("特此公告。");
        self.signoff(cx, out);
    }

    fn body_annual_report(&mut self, cx: &Ctx, out: &mut String) {
        para(out);
        self.tpl(
            cx,
            "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和{C}人民政府办公室有关要求编制。报告全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。本报告所列数据的统计期限自{X}年1月1日起至{X}年12月31日止。本报告电子版可在{C}民政局门户网站（{w}）下载。",
            out,
        );
        para(out);
        self.tpl(
            cx,
            "一、总体情况。{X}年，{C}民政局{x}，认真贯彻落实《条例》，坚持以公开为常态、不公开为例外，围绕社会救助、养老服务、儿童福利、社会组织管理等重点工作，扎实推进政务公开和政府信息公开工作。",
            out,
        );
        self.measures(cx, T_OPEN, 2, out);
        para(out);
        self.tpl(
            cx,
            "二、主动公开政府信息情况。{X}年，我局制发规范性文件{N}件，公开政策解读{N}篇；公开行政许可事项{N}项、行政处罚决定{n}件；在社会救助、养老服务、社会组织管理等重点领域主动公开信息{K}条。",
            out,
        );
        let rng = &mut self.rng;
        let (desk, online, post) = (rng.range(0, 5), rng.range(2, 30), rng.range(0, 4));
        let total = desk + online + post;
        let open = rng.range(0, total);
        let partly = rng.range(0, total - open);
        let absent = total - open - partly;
        para(out);
        let _ = write!(
            out,
            "三、收到和处理政府信息公开申请情况。{}年，我局共收到政府信息公开申请{total}件，其中当面申请{desk}件、网上申请{online}件、信函申请{post}件。申请均在法定期限内答复，其中予以公开{open}件，部分公开{partly}件，本机关不掌握相关政府信息{absent}件。",
            cx.year - 1
        );
        para(out);
        self.tpl(
            cx,
            "四、政府信息公开行政复议、行政诉讼情况。{X}年，我局因政府信息公开被申请行政复议{n}件、被提起行政诉讼{n}件，均未被纠错。",
            out,
        );
        para(out);
        out.push_str("五、存在的主要问题及改进情况。主要问题：");
        self.problems(2, out);
        out.push_str("下一步，我局将进一步加强政府信息公开工作，");
        self.measure(cx, T_OPEN, out);
        para(out);
        self.tpl(
            cx,
            "六、其他需要报告的事项。{X}年，我局未收取政府信息公开信息处理费。全年办理人大代表建议{N}件、政协提案{N}件，答复率100%。",
            out,
        );
    }

    /// 部门预算/决算 of the bureau, or 单位预算/决算 of one of its units (`unit`).
    fn body_budget(&mut self, cx: &Ctx, final_accounts: bool, unit: bool, out: &mut String) {
        let scope = if unit { "单位" } else { "部门" };
        let (what, year) = if final_accounts {
            ("决算", cx.year - 1)
        } else {
            ("预算", cx.year)
        };
        let rng = &mut self.rng;
        let general = rng.range(20_000, 90_000) as u64 * 10 + rng.range(0, 9) as u64;
        let fund = rng.range(1_000, 20_000) as u64 * 10 + rng.range(0, 9) as u64;
        let other = rng.range(0, 3_000) as u64 * 10 + rng.range(0, 9) as u64;
        // A unit's budget is about a tenth of the bureau's.
        let (general, fund, other) = if unit {
            (general / 10, fund / 10, other / 10)
        } else {
            (general, fund, other)
        };
        let total = general + fund + other;
        let welfare = total * rng.range(60, 85) as u64 / 100;
        let reception = rng.range(1, 50) as u64;
        let cars = rng.range(50, 600) as u64;
        let purchase = rng.range(500, 9_000) as u64 * 10 + rng.range(0, 9) as u64;
        let units = rng.range(6, 12);
        let tenths = |v: u64| format!("{}.{}", v / 10, v % 10);
        let hundredths = |v: u64| format!("{}.{:02}", v / 100, v % 100);

        para(out);
        if unit {
            self.tpl(
                cx,
                "一、单位主要职责。{U}是{C}民政局所属公益类事业单位，主要承担民政领域有关公益服务和事务性工作。",
                out,
            );
            para(out);
            let _ = write!(
                out,
                "二、单位{what}构成。{year}年单位{what}仅含本单位本级{what}，无下属单位。"
            );
        } else {
            self.tpl(
                cx,
                "一、部门主要职责。{C}民政局是{C}人民政府工作部门，主要负责拟订并组织实施全市民政事业发展规划和政策，承担社会救助、养老服务、儿童福利、社会组织登记管理、区划地名、婚姻登记、殡葬管理等工作。",
                out,
            );
            para(out);
            let _ = write!(
                out,
                "二、部门{what}单位构成。纳入{year}年部门{what}编制范围的单位包括局机关及所属{units}家事业单位，包括示范市社会福利院、示范市儿童福利院、示范市救助管理站等。"
            );
        }
        para(out);
        let _ = write!(
            out,
            "三、收支{what}总体情况。{year}年收入{what}{t}万元，支出{what}{t}万元。其中，一般公共预算拨款收入{g}万元，政府性基金预算拨款收入{f}万元，其他收入{o}万元。",
            t = tenths(total),
            g = tenths(general),
            f = tenths(fund),
            o = tenths(other),
        );
        para(out);
        let _ = write!(
            out,
            "四、财政拨款支出{what}情况。财政拨款支出主要用于最低生活保障、特困人员救助供养、养老服务、儿童福利等民生支出，共计{w}万元，占支出总额的{p}%。",
            w = tenths(welfare),
            p = welfare * 100 / total.max(1),
        );
        para(out);
        let _ = write!(
            out,
            "五、“三公”经费{what}情况。{year}年“三公”经费{what}{s}万元，其中因公出国（境）费0万元，公务接待费{r}万元，公务用车购置及运行维护费{c}万元。",
            s = hundredths((reception + cars) * 10),
            r = hundredths(reception * 10),
            c = hundredths(cars * 10),
        );
        para(out);
        let _ = write!(
            out,
            "六、政府采购{what}情况。{year}年政府采购{what}{p}万元，主要用于养老服务、社会救助等政府购买服务项目。",
            p = tenths(purchase),
        );
        para(out);
        let _ = write!(
            out,
            "七、其他重要事项的情况说明。{year}年机关运行经费{what}{r}万元，主要用于办公费、印刷费、水电费、办公用房物业管理费等日常公用经费支出。截至上年末，本{scope}共有车辆{n}辆，均为执法执勤用车和特种专业技术用车。本{scope}{year}年度所有项目支出均已纳入绩效目标管理，绩效目标覆盖率100%。",
            r = tenths(total / 40),
            n = units + 3,
        );
        para(out);
        out.push_str("八、名词解释。一般公共预算拨款收入：指市级财政当年拨付的资金。机关运行经费：指为保障行政单位运行用于购买货物和服务的各项资金。“三公”经费：指用财政拨款安排的因公出国（境）费、公务用车购置及运行维护费和公务接待费。");
    }

    fn body_recruitment(&mut self, cx: &Ctx, variant: usize, out: &mut String) {
        if variant == 3 {
            para(out);
            self.tpl(
                cx,
                "{C}民政局所属事业单位{Y}年公开招聘工作人员笔试已经结束，现将有关事项公告如下：",
                out,
            );
            para(out);
            self.tpl(
                cx,
                "一、笔试成绩查询。考生可登录{C}民政局门户网站（{w}）“人事信息”栏目，凭准考证号查询本人笔试成绩。",
                out,
            );
            para(out);
            self.tpl(
                cx,
                "二、资格复审。根据招聘公告，按照岗位招聘人数与面试人数1：3的比例，依据笔试成绩从高到低确定进入资格复审人员。资格复审时间另行通知。",
                out,
            );
            para(out);
            out.push_str("三、其他事项。考生对笔试成绩有异议的，可在本公告发布之日起3个工作日内通过门户网站“咨询留言”栏目提出复核申请。");
            self.signoff(cx, out);
            return;
        }
        para(out);
        self.tpl(
            cx,
            "根据《事业单位人事管理条例》《事业单位公开招聘人员暂行规定》等有关规定，经研究，{C}民政局所属{U}面向社会公开招聘工作人员{N}名。现将有关事项公告如下：",
            out,
        );
        para(out);
        out.push_str("一、招聘原则。坚持德才兼备的用人标准，贯彻公开、平等、竞争、择优的原则，按照公开报名、资格审查、考试、考察、体检、公示、聘用的程序进行。");
        para(out);
        let job = self.rng.pick(JOBS);
        let _ = write!(
            out,
            "二、招聘岗位及条件。招聘岗位为{job}专业技术岗位，应聘人员应当具有国家承认的大学本科及以上学历，年龄在35周岁以下，具有良好的政治素质和道德品行，具有岗位所需的专业知识和业务能力。"
        );
        para(out);
        self.tpl(
            cx,
            "三、报名方式。报名采取网上报名方式，报名时间为本公告发布之日起{N}个工作日。应聘人员须如实填写报名信息，对提交材料的真实性负责。",
            out,
        );
        para(out);
        out.push_str("四、考试与考察。考试分笔试和面试，笔试成绩和面试成绩分别按50%计入总成绩。根据总成绩从高到低按1：1的比例确定考察人选，考察合格后组织体检。体检合格的拟聘用人员在门户网站公示7个工作日，公示期满无异议的，按规定办理聘用手续，试用期按照国家有关规定执行。");
        para(out);
        self.tpl(
            cx,
            "五、纪律与监督。公开招聘工作严格执行回避制度，接受纪检监察部门和社会各界监督。对违反公开招聘纪律的应聘人员和工作人员，按照《事业单位公开招聘违纪违规行为处理规定》严肃处理。本次招聘不收取报名费。招聘有关信息在{C}民政局门户网站（{w}）发布，咨询请通过网站“咨询留言”栏目提出。",
            out,
        );
        self.signoff(cx, out);
    }

    fn body_guide(&mut self, cx: &Ctx, out: &mut String) {
        para(out);
        self.tpl(
            cx,
            "为便于公民、法人和其他组织依法获取{C}民政局的政府信息，根据《中华人民共和国政府信息公开条例》，编制本指南。",
            out,
        );
        para(out);
        self.tpl(
            cx,
            "一、主动公开。主动公开的范围包括机构职能、政策文件、政策解读、规划计划、财政资金、人事信息、重点领域信息等。主动公开的政府信息通过{C}民政局门户网站（{w}）政府信息公开专栏、政务新媒体等渠道公开，自该政府信息形成或者变更之日起20个工作日内予以公开。",
            out,
        );
        para(out);
        out.push_str("二、依申请公开。公民、法人或者其他组织可以向本机关申请获取相关政府信息。申请人可以通过当面、邮寄或者网上等方式提交政府信息公开申请。");
        para(out);
        let o = &DEMO_ORG;
        let _ = write!(
            out,
            "三、受理机构。受理机构：{}办公室。办公地址：{}；邮政编码：{}；办公时间：{}；联系电话：{}；传真：{}；电子邮箱：{}。",
            o.name, o.address, o.postcode, o.office_hours, o.phone, o.fax, o.email
        );
        para(out);
        out.push_str("四、答复期限。能够当场答复的，当场予以答复；不能当场答复的，自收到申请之日起20个工作日内予以答复；需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不得超过20个工作日。");
        para(out);
        out.push_str("五、救济方式。公民、法人或者其他组织认为本机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关或者政府信息公开工作主管部门投诉、举报，也可以依法申请行政复议或者提起行政诉讼。");
    }

    fn body_functions(&mut self, out: &mut String) {
        para(out);
        out.push_str("示范市民政局是示范市人民政府工作部门，贯彻落实党中央、国务院关于民政工作的方针政策和决策部署，在履行职责过程中坚持和加强党对民政工作的集中统一领导。");
        para(out);
        out.push_str("主要职责：");
        let n = 6 + self.rng.below(4);
        let first = self.rng.below(DUTIES.len() - n + 1);
        for i in 0..n {
            let _ = write!(out, "（{}）{}。", CN[i], DUTIES[first + i]);
        }
        let _ = write!(out, "（{}）完成市委、市政府交办的其他任务。", CN[n]);
        para(out);
        out.push_str("内设机构：");
        for (i, d) in DEPARTMENTS.iter().enumerate() {
            if i > 0 {
                out.push('、');
            }
            out.push_str(d);
        }
        out.push('。');
    }

    fn body_work_summary(&mut self, cx: &Ctx, t: usize, variant: usize, out: &mut String) {
        para(out);
        self.tpl(
            cx,
            "{X}年，在市委、市政府的坚强领导下，全市民政系统{x}，全面贯彻{G}，聚焦基本民生保障、基层社会治理、基本社会服务等职责，各项工作取得新成效。现将有关情况报告如下：",
            out,
        );
        let mut topics = [t, T_RELIEF, T_ELDER];
        if t == T_RELIEF || t == T_ELDER {
            topics = [T_RELIEF, T_ELDER, T_CHILD];
        }
        for (i, &tt) in topics.iter().enumerate() {
            para(out);
            let _ = write!(out, "（{}）{}工作。", CN[i], TOPICS[tt].name);
            self.fact(cx, tt, out);
            self.fact(cx, tt, out);
            self.riches(cx, tt, 2, out);
        }
        para(out);
        out.push_str("存在的问题：");
        self.problems(2, out);
        if variant == 0 {
            para(out);
            self.tpl(cx, "{Y}年工作计划：", out);
            for i in 0..3 {
                let _ = write!(out, "（{}）", CN[i]);
                self.rich(cx, topics[i], out);
            }
            self.generic(cx, out);
            self.generic(cx, out);
        }
    }

    // -- summaries ---------------------------------------------------------------------------

    fn summary(&mut self, kind: Kind, variant: usize, cx: &Ctx, out: &mut String) {
        let tpl = match kind {
            Kind::Issue => "{C}民政局印发《{L}》，旨在{g}，自印发之日起施行。",
            Kind::WorkNotice => "对{W}工作作出部署，要求各区民政局{g}。",
            Kind::Opinion => "围绕{g}，提出进一步做好{W}工作的总体要求、主要任务和保障措施。",
            Kind::Interpretation => "对《{L}》的制定背景、制定依据和主要内容进行解读。",
            Kind::Graphic => "以图解形式介绍《{L}》的制定目的和主要内容。",
            Kind::WorkPlan => "明确{Y}年{C}{T}工作的主要目标、重点任务和责任单位。",
            Kind::FiveYearPlan => "明确“{F}”时期{C}{T}发展的总体要求、主要任务和保障措施。",
            Kind::Bulletin => "通报{W}工作检查情况，指出存在的问题并提出下一步工作要求。",
            Kind::Reply if cx.topic_idx == T_PLACE => "同意{D}新建道路命名为“{R}”。",
            Kind::Reply if variant == 0 => "对{D}民政局关于{W}有关问题的请示予以批复。",
            Kind::Reply => "就《{L}（征求意见稿）》征求各区民政局和局属各单位意见。",
            Kind::ProposalReply => {
                "对关于加强{W}工作的建议作出答复，介绍工作开展情况和下一步打算。"
            }
            Kind::News => "介绍{C}民政局推进{W}工作的有关情况。",
            Kind::Stats => "公布{C}{Y}年{T}有关统计数据。",
            Kind::OrgNotice => "公告{C}社会组织登记管理有关事项。",
            Kind::AnnualReport => {
                "报告{C}民政局{X}年政府信息公开工作情况，包括主动公开、依申请公开、行政复议和行政诉讼等情况。"
            }
            Kind::Budget if variant == 2 => {
                "公开{U}{Y}年单位预算收支总体情况和“三公”经费预算等信息。"
            }
            Kind::Budget => {
                "公开{C}民政局{Y}年部门预算收支总体情况、财政拨款支出和“三公”经费预算等信息。"
            }
            Kind::FinalAccounts if variant == 2 => "公开{U}{X}年单位决算收支情况及有关说明。",
            Kind::FinalAccounts => "公开{C}民政局{X}年部门决算收支情况及有关说明。",
            Kind::Recruitment => "发布{C}民政局所属事业单位公开招聘工作人员的有关事项。",
            Kind::Guide => {
                "介绍{C}民政局政府信息公开的范围、方式、程序和受理机构，方便公众获取政府信息。"
            }
            Kind::Rules => "规范{C}民政局政务公开和政府信息公开工作的程序和要求。",
            Kind::Functions => "介绍{C}民政局的主要职责和内设机构设置情况。",
            Kind::WorkSummary => {
                "总结{X}年全市民政工作情况，分析存在的问题，部署下一阶段重点工作。"
            }
        };
        fill(out, tpl, cx, &mut self.rng);
    }
}

/// 2-4 distinct keywords separated by a space, the kind's own keyword first.
fn pick_keywords(rng: &mut Rng, extra: Option<&'static str>, pool: &[&'static str]) -> String {
    let want = 2 + rng.below(3);
    let mut chosen: [&str; 4] = [""; 4];
    let mut n = 0;
    if let Some(e) = extra {
        chosen[0] = e;
        n = 1;
    }
    while n < want.min(pool.len()) {
        let k = rng.pick(pool);
        if !chosen[..n].contains(&k) {
            chosen[n] = k;
            n += 1;
        }
    }
    chosen[..n].join(" ")
}

/// Mostly in force; older policies are sometimes amended, repealed or expired, and plans and
/// calls for applicants expire.
fn pick_validity(rng: &mut Rng, kind: Kind, year: i32) -> Validity {
    let age = (YEAR_FIRST + YEARS as i32 - 1 - year) as u32;
    match kind {
        Kind::Issue | Kind::Opinion | Kind::Rules | Kind::Guide => {
            if rng.chance((age * 35).min(350)) {
                rng.pick(&[Validity::Amended, Validity::Repealed, Validity::Expired])
            } else {
                Validity::InForce
            }
        }
        Kind::WorkPlan | Kind::Recruitment if age >= 1 && rng.chance(300) => Validity::Expired,
        Kind::FiveYearPlan if year <= 2020 && rng.chance(800) => Validity::Expired,
        _ => Validity::InForce,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{catalog, genre, subject::Subject};
    use std::collections::HashSet;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    fn dump(d: &DemoDocument) -> String {
        format!("{:?}|{}", d.input, d.published_on)
    }

    #[test]
    fn the_same_seed_gives_the_same_documents() {
        let a: Vec<String> = documents(7, 500).map(|d| dump(&d)).collect();
        let b: Vec<String> = documents(7, 500).map(|d| dump(&d)).collect();
        assert_eq!(a, b);
        let c: Vec<String> = documents(8, 500).map(|d| dump(&d)).collect();
        assert_ne!(a, c);
        assert!(a.iter().zip(&c).filter(|(x, y)| x == y).count() < 5);
        assert_eq!(documents(1, 123).count(), 123);
        assert_eq!(documents(1, 0).count(), 0);
    }

    #[test]
    fn the_first_two_thousand_validate() {
        for (i, d) in documents(42, 2000).enumerate() {
            if let Err(e) = d.input.validate(today()) {
                panic!("document {i} fails: {e}\n{:#?}", d.input);
            }
        }
    }

    #[test]
    fn document_numbers_are_unique_and_standard() {
        let mut seen = HashSet::new();
        let mut with = 0;
        let n = 20_000;
        for d in documents(3, n) {
            let i = &d.input;
            if i.doc_no.is_empty() {
                continue;
            }
            with += 1;
            assert!(
                seen.insert(crate::doc_no::match_key(&i.doc_no)),
                "duplicate {}",
                i.doc_no
            );
            let p = crate::doc_no::parts(&i.doc_no).expect("standard form");
            assert!(DEMO_ORG.doc_no_prefixes.contains(&p.prefix.as_str()));
            assert_eq!(p.year.to_string(), i.written_on[..4]);
        }
        let share = with as f64 / n as f64;
        assert!((0.6..0.8).contains(&share), "share with a number: {share}");
    }

    #[test]
    fn dates_stay_in_range() {
        let first = NaiveDate::from_ymd_opt(2016, 1, 1).unwrap();
        let last = NaiveDate::from_ymd_opt(2025, 12, 31).unwrap();
        let mut years = HashSet::new();
        for d in documents(5, 20_000) {
            let w = crate::time::parse_iso_date(&d.input.written_on).unwrap();
            assert!(w >= first && w <= last, "{w}");
            let lag = (d.published_on - w).num_days();
            assert!((0..=20).contains(&lag), "{lag}");
            years.insert(w.year());
        }
        assert_eq!(years.len(), 10);
    }

    #[test]
    fn disclosure_and_validity_are_distributed_plausibly() {
        let n = 20_000;
        let (mut pro, mut app, mut not, mut in_force) = (0, 0, 0, 0);
        let mut validities = HashSet::new();
        for d in documents(11, n) {
            let i = &d.input;
            match i.disclosure.as_str() {
                "proactive" => {
                    pro += 1;
                    assert!(i.disclosure_reason.is_empty());
                }
                "on_application" => {
                    app += 1;
                    assert!(!i.disclosure_reason.is_empty());
                }
                "not_disclosed" => {
                    not += 1;
                    assert!(!i.disclosure_reason.is_empty());
                }
                other => panic!("{other}"),
            }
            if i.validity == "in_force" {
                in_force += 1;
            }
            validities.insert(i.validity.clone());
            assert!(i.successor.is_empty());
        }
        let share = |k: usize| k as f64 / n as f64;
        assert!(
            (0.95..0.99).contains(&share(pro)),
            "proactive {}",
            share(pro)
        );
        assert!(
            (0.01..0.03).contains(&share(app)),
            "on application {}",
            share(app)
        );
        assert!(
            (0.004..0.02).contains(&share(not)),
            "not disclosed {}",
            share(not)
        );
        assert!(share(in_force) > 0.85, "in force {}", share(in_force));
        assert_eq!(validities.len(), 4, "{validities:?}");
    }

    #[test]
    fn every_code_and_name_is_valid() {
        let columns: HashSet<&str> = catalog::DEFAULT_COLUMNS.iter().map(|c| c.0).collect();
        let mut used_columns = HashSet::new();
        let mut used_departments = HashSet::new();
        for d in documents(13, 20_000) {
            let i = &d.input;
            assert!(columns.contains(i.column.as_str()), "{}", i.column);
            assert!(
                DEMO_ORG.departments.contains(&i.department.as_str()),
                "{}",
                i.department
            );
            assert!(Subject::from_code(&i.subject).is_some(), "{}", i.subject);
            assert!(genre::is_valid(&i.genre), "{}", i.genre);
            assert_eq!(i.publisher, DEMO_ORG.name);
            used_columns.insert(i.column.clone());
            used_departments.insert(i.department.clone());
        }
        assert_eq!(used_columns.len(), columns.len());
        assert_eq!(used_departments.len(), DEMO_ORG.departments.len());
        assert!((8..=12).contains(&DEMO_ORG.departments.len()));
    }

    #[test]
    fn text_fields_are_well_formed() {
        let n = 5_000;
        let mut titles = HashSet::new();
        let mut lengths = Vec::with_capacity(n);
        let mut hits = [0; 5];
        let phrases = ["养老", "低保", "最低生活保障", "社会救助", "政府信息公开"];
        for d in documents(17, n) {
            let i = &d.input;
            for (field, text) in [
                ("title", &i.title),
                ("summary", &i.summary),
                ("body", &i.body),
            ] {
                assert!(
                    !text.contains('{') && !text.contains('}'),
                    "placeholder left in {field}: {text}"
                );
            }
            assert!(i.title.chars().count() <= 200, "{}", i.title);
            assert!(i.summary.chars().count() <= 200, "{}", i.summary);
            assert!(!i.summary.is_empty() && !i.summary.contains('\n'));
            let words: Vec<&str> = i.keywords.split(' ').collect();
            assert!((2..=4).contains(&words.len()), "{}", i.keywords);
            assert!(words.iter().all(|w| !w.is_empty()));
            assert!(
                i.body.split("\n\n").all(|p| !p.trim().is_empty()),
                "empty paragraph: {}",
                i.title
            );
            let paragraphs = i.body.split("\n\n").count();
            assert!(
                (3..=10).contains(&paragraphs),
                "{paragraphs} paragraphs: {}",
                i.title
            );
            assert!(!i.body.starts_with('\n') && !i.body.ends_with('\n'));
            lengths.push(i.body.chars().count());
            titles.insert(i.title.clone());
            for (k, p) in phrases.iter().enumerate() {
                if i.body.contains(p) {
                    hits[k] += 1;
                }
            }
        }
        lengths.sort_unstable();
        let median = lengths[n / 2];
        assert!(
            (800..=3000).contains(&median),
            "median body length {median}"
        );
        eprintln!(
            "body length: min {}, median {median}, max {}",
            lengths[0],
            lengths[n - 1]
        );
        assert!(lengths[0] >= 100, "shortest body {}", lengths[0]);
        assert!(lengths[n - 1] <= 6000, "longest body {}", lengths[n - 1]);
        assert!(
            titles.len() * 100 >= n * 75,
            "only {} distinct titles",
            titles.len()
        );
        assert!(
            hits.iter().all(|h| *h > n / 50),
            "searchable phrases: {hits:?}"
        );
    }

    #[test]
    fn the_demo_org_is_consistent() {
        assert!(crate::org::OrgCode::parse(DEMO_ORG.code).is_ok());
        assert!(crate::org::OrgCode::parse(DEMO_ORG.parent_code).is_ok());
        for p in DEMO_ORG.doc_no_prefixes {
            assert!(crate::doc_no::parts(&format!("{p}〔2024〕1号")).is_some());
        }
    }

    /// `cargo test -p gongkai-core --release -- --ignored --nocapture demo`
    #[test]
    #[ignore]
    fn generates_a_million_documents_quickly() {
        let start = std::time::Instant::now();
        let (mut bytes, mut count) = (0usize, 0usize);
        for d in documents(1, 1_000_000) {
            bytes += d.input.body.len() + d.input.title.len();
            count += 1;
        }
        let elapsed = start.elapsed();
        eprintln!(
            "{count} documents, {} MB of text, in {elapsed:?} ({:.2} µs each)",
            bytes / 1_000_000,
            elapsed.as_secs_f64() * 1e6 / count as f64
        );
        assert!(elapsed.as_secs() < 30);
    }
}
