"""Shared ids for resident groups, situations, tiers and populations (domain.md, 'Shared vocabulary')."""

GROUPS = {
    "ordinary": "普通城乡居民",
    "tekun": "特困人员",
    "orphan": "孤儿",
    "de_facto_orphan": "事实无人抚养儿童",
    "dibao": "低保对象",
    "dibao_edge": "低保边缘家庭成员",
    "monitoring": "防止返贫监测对象",
    "returned_poverty": "返贫致贫人口",
    "stable_out_of_poverty": "稳定脱贫人口",
    "severe_disability": "重度残疾人",
    "general_disability": "一般残疾人（三、四级）",
    "priority_care": "重点优抚对象",
    "land_expropriated_elderly": "被征地农转非超龄人员",
    "family_planning_special": "计划生育特别扶助对象",
    "downsized_retired": "精减退休老职工",
    "civil_disabled_worker": "民政伤残民工等特殊救助对象",
}

SITUATIONS = {
    "renewal": "正常参保续保",
    "newborn": "新生儿",
    "freshman": "新入学大中专学生",
    "employee_lapse": "职工医保断保",
    "welfare_child": "儿童福利机构接收的儿童",
    "released": "退役军人、征兵退回、刑满释放、社区矫正人员",
}

# Situations every notice answers: a notice silent on newborns still answers by its general
# rules (with a note); the others exist only where a notice defines them.
ALWAYS_ALLOWED_SITUATIONS = ("renewal", "newborn")

TIERS = {"high": "高档次", "low": "低档次"}

# Populations (人群) of a notice that sets the personal standard by who the resident is (北京:
# 城乡老年人 / 学生儿童 / 劳动年龄内居民). Unlike a tier nobody chooses one: the resident belongs to
# one, so there is no default. The page shows the notice's own name for each (figures.populations).
POPULATIONS = {"elderly": "老年居民", "working_age": "劳动年龄内居民（成年居民）", "student_child": "学生儿童（未成年人）"}


# The figures' keys as a reader names them (intake's review report and diff, the site's
# "与上一年度相比" box): groups.dibao, tiers.high, situations.newborn, collection, …
FIGURE_NAMES = {"standard": "个人缴费标准", "fiscal_subsidy": "财政补助标准", "best_group_rule": "就高不就低",
                "collection": "集中征缴期", "cover": "待遇享受期", "late": "期外缴费", "waiting": "待遇等待期",
                "populations": "各人群的缴费标准"}


def figure_name(key):
    head, _, rest = key.partition(".")
    if head == "groups":
        return f"{GROUPS.get(rest, rest)}的资助"
    if head == "tiers":
        return f"{TIERS.get(rest, rest)}缴费标准"
    if head == "populations" and rest:
        pid, _, part = rest.partition(".")  # populations.elderly.fiscal_subsidy: its own fiscal subsidy
        return f"{POPULATIONS.get(pid, pid)}的{'财政补助标准' if part == 'fiscal_subsidy' else '缴费标准'}"
    if head == "situations":
        return f"特殊情形：{SITUATIONS.get(rest, rest)}"
    if head == "subsidy_notes":
        return "资助说明"
    if key.startswith("collection.notes"):
        return "征缴期说明"
    return FIGURE_NAMES.get(key, key)
