"""Strings of the Experiments page (and the report's experiments section)."""

STRINGS = {
    "nav.experiments": ("Experiments", "实验"),
    "experiments.intro": (
        "Read an A/B test of a creative, a coupon or a text message: conversion and revenue per "
        "variant with their intervals, a check of the assignment, a reading that stays valid "
        "when you look every day, and how long a test needs.",
        "解读一次 A/B 测试（素材、优惠券或短信文案）：各分组的转化率和人均收入及其区间、分组分配"
        "检查、每天查看也不失效的结论，以及测试需要多长时间。",
    ),
    # ---- inputs
    "experiments.source": ("Read the experiment from", "实验数据来源"),
    "experiments.source.events": ("Event log", "事件日志"),
    "experiments.source.orders": ("Orders", "订单"),
    "experiments.source.table": ("Typed table", "手动填写"),
    "experiments.help.source": (
        "An event log with a variant column (one row per event), orders with a variant or "
        "coupon column, or the counts typed in (variant, users, conversions, revenue).",
        "带分组列的事件日志（每行一个事件）、带分组或优惠券列的订单，或手动填写的数字（分组、用户数、"
        "转化数、收入）。",
    ),
    "experiments.variant_col": ("Variant column", "分组列"),
    "experiments.help.variant_col": (
        "The column that names each user's variant (A / B, a campaign, a UTM value or a "
        "coupon). Rows without a value are not in the test.",
        "记录每个用户所在分组的列（A / B、活动、UTM 值或优惠券）。没有取值的行不在测试中。",
    ),
    "experiments.no_variant_col": (
        "This dataset has no column that looks like a variant (a text column with 2 to 20 "
        "values). Import a file with one, or type the counts in.",
        "该数据集没有像分组的列（取值 2 到 20 个的文本列）。请导入带分组列的文件，或手动填写数字。",
    ),
    "experiments.conversion": ("Conversion event", "转化事件"),
    "experiments.value": ("Revenue from", "收入来自"),
    "experiments.value_none": ("(no revenue)", "（不计收入）"),
    "experiments.population": ("Population", "人群"),
    "experiments.population.all": ("All users", "全部用户"),
    "experiments.population.segment": ("A segment", "某个分层"),
    "experiments.segment": ("Segment (User layering)", "分层（用户分层）"),
    "experiments.help.population": (
        "Read the test on all its users, or on the customers of one User layering segment "
        "(RFM segments with that page's settings).",
        "在全部用户上解读测试，或只看某个用户分层（按用户分层页的设置计算的 RFM 分层）的客户。",
    ),
    "experiments.segment_needs_orders": (
        "Segments come from an orders dataset with customer IDs; load one to pick a segment.",
        "分层来自带客户 ID 的订单数据；请先导入订单数据再选择分层。",
    ),
    "experiments.segment_n": ("{n} customers in this segment.", "该分层共有 {n} 位客户。"),
    "experiments.orders_note": (
        "An orders file holds the buyers, not the users who saw each variant: type the users "
        "exposed per variant (recipients of the message, visitors of the page).",
        "订单文件只有购买者，没有看到各分组的用户数：请填写每个分组的曝光用户数（短信接收人数、页面访客数）。",
    ),
    "experiments.table_note": (
        "One row per variant; the first row named like a control (A, control, 对照) is the control.",
        "每个分组一行；名称像对照组的行（如 A 或“对照”）作为对照组。",
    ),
    "experiments.fill": (
        "Fill in the users and conversions of two variants or more to read the test.",
        "请至少填写两个分组的用户数和转化数，才能解读测试。",
    ),
    "experiments.cannot": ("The experiment cannot be read: {error}", "无法解读实验：{error}"),
    "experiments.mixed": (
        "{n} users appear in more than one variant and are left out.",
        "有 {n} 位用户出现在多个分组中，已排除。",
    ),
    "experiments.period": (
        "Test from {start} to {end} ({days} days).",
        "测试期 {start} 至 {end}（{days} 天）。",
    ),
    "experiments.col.variant": ("Variant", "分组"),
    "experiments.col.users": ("Users", "用户数"),
    "experiments.col.conversions": ("Conversions", "转化数"),
    "experiments.col.revenue": ("Revenue", "收入"),
    # ---- shared controls
    "experiments.control": ("Control", "对照组"),
    "experiments.alpha": ("Significance level", "显著性水平"),
    "experiments.alpha.0.1": ("10%", "10%"),
    "experiments.alpha.0.05": ("5%", "5%"),
    "experiments.alpha.0.01": ("1%", "1%"),
    "experiments.rpu": ("Revenue interval", "收入区间"),
    "experiments.rpu.welch": ("Welch", "Welch"),
    "experiments.rpu.bootstrap": ("Bootstrap", "自助法"),
    "experiments.help.rpu": (
        "Welch's t interval uses the means and spreads; the bootstrap resamples users and suits "
        "heavy tails (a few large orders). The bootstrap needs an event log.",
        "Welch t 区间基于均值和离散程度；自助法对用户重抽样，适合长尾（少数大单）。自助法需要事件日志。",
    ),
    "experiments.split": ("Planned split (control first)", "计划分配比例（对照组在前）"),
    "experiments.help.split": (
        "How users were meant to be split, e.g. 90/10 for a 10% holdout or 1:1:2; empty means "
        "an even split. The sample ratio check compares the users with it.",
        "用户原计划的分配比例，例如留出 10% 对照时填 90/10，或 1:1:2；留空表示均分。样本比例检查会据此比较"
        "实际用户数。",
    ),
    "experiments.mde": ("Smallest lift worth shipping (%)", "值得上线的最小提升（%）"),
    "experiments.help.mde": (
        "The relative lift the test was planned to detect. When the always-valid interval rules "
        "out a lift this large, the verdict says to stop.",
        "测试计划检测的相对提升。若始终有效区间排除了这么大的提升，结论会建议停止。",
    ),
    # ---- verdict
    "experiments.verdict.line": ("Verdict: {verdict}", "结论：{verdict}"),
    "experiments.verdict.ship": ("Ship {variant}", "上线 {variant}"),
    "experiments.verdict.keep_running": ("Keep running", "继续运行"),
    "experiments.verdict.stop_no_effect": (
        "Stop: no useful effect is likely",
        "停止：不太可能有有用的效果",
    ),
    "experiments.verdict.fix_assignment": ("Fix the assignment first", "请先修正分组分配"),
    "experiments.reason.srm": (
        "The users are not split as planned (χ² = {chi2}, p {p}, under 0.001): the assignment or "
        "the tracking is broken, so no result can be trusted until it is fixed.",
        "用户分配与计划不符（χ² = {chi2}，p {p}，低于 0.001）：分组或埋点有问题，修正前任何结果都不可信。",
    ),
    "experiments.reason.cs_above": (
        "{variant} converts {lift} against the control; the always-valid interval of the lift "
        "({low} to {high}) lies above zero.",
        "{variant} 的转化率相对对照组 {lift}；提升的始终有效区间（{low} 至 {high}）全部高于零。",
    ),
    "experiments.reason.bayes": (
        "Chance that {variant} beats the control: {chance}.",
        "{variant} 优于对照组的概率：{chance}。",
    ),
    "experiments.reason.worse": (
        "{variant} converts {lift} against the control; its always-valid interval ({low} to "
        "{high}) lies below zero: the change does harm.",
        "{variant} 的转化率相对对照组 {lift}；始终有效区间（{low} 至 {high}）全部低于零：改动有害。",
    ),
    "experiments.reason.mde_ruled_out": (
        "The always-valid intervals rule out a lift of {mde} or more: more users would not "
        "find the effect the test was planned for.",
        "始终有效区间排除了 {mde} 及以上的提升：增加用户也难以发现计划中的效果。",
    ),
    "experiments.reason.not_yet": (
        "Best so far: {variant} at {lift}, but its always-valid interval ({low} to {high}) "
        "still includes zero.",
        "目前最好的是 {variant}（{lift}），但其始终有效区间（{low} 至 {high}）仍包含零。",
    ),
    "experiments.reason.fixed_only": (
        "The fixed-horizon test shows p {p}, but that test is valid only when read once at "
        "the planned size; stopping at the first significant day inflates false winners.",
        "固定样本检验的 p {p}，但它只在达到计划样本量时读一次才有效；在第一次显著时就停止会增加误判。",
    ),
    "experiments.reason.more_users": (
        "The plan needs about {n} more users in the smallest variant.",
        "按计划，最小的分组还需要约 {n} 位用户。",
    ),
    "experiments.reason.rpu": (
        "Revenue per user of {variant} against the control: {diff} (interval {low} to {high}).",
        "{variant} 的人均收入相对对照组：{diff}（区间 {low} 至 {high}）。",
    ),
    "experiments.reason.method": (
        "Method: Gaussian-mixture confidence sequence at α = {alpha} per comparison "
        "({variants} against the control; Bonferroni), safe to read every day.",
        "方法：高斯混合置信序列，每个比较 α = {alpha}（{variants} 个分组对比对照组；Bonferroni 校正），"
        "每天查看也有效。",
    ),
    # ---- tabs
    "experiments.tab.reading": ("Reading", "结果"),
    "experiments.tab.time": ("Over time", "随时间"),
    "experiments.tab.planning": ("Planning", "规划"),
    "experiments.tab.method": ("Method", "方法"),
    "experiments.no_reading": (
        "Pick an input above to read an experiment; the Planning tab works without data.",
        "请在上方选择数据来源以解读实验；“规划”标签页无需数据即可使用。",
    ),
    # ---- reading
    "experiments.m.users": ("Users in the test", "测试用户数"),
    "experiments.m.srm": ("Sample ratio check", "样本比例检查"),
    "experiments.m.srm_ok": ("Passed", "通过"),
    "experiments.m.srm_bad": ("Failed", "未通过"),
    "experiments.help.srm": (
        "Pearson's χ² of the users per variant against the planned split (even unless stated); "
        "p < 0.001 means the assignment is broken and blocks the verdict.",
        "各分组用户数与计划分配比例（未填写则为均分）的 Pearson χ² 检验；p < 0.001 表示分组分配有问题，结论将被阻止。",
    ),
    "experiments.m.best": ("Best variant", "最佳分组"),
    "experiments.m.chance": ("Chance to beat control", "优于对照组的概率"),
    "experiments.col.rate": ("Conversion rate", "转化率"),
    "experiments.col.rate_ci": ("Rate interval", "转化率区间"),
    "experiments.col.lift": ("Lift", "提升"),
    "experiments.col.lift_ci": ("Lift interval", "提升区间"),
    "experiments.col.cs": ("Always-valid lift interval", "始终有效提升区间"),
    "experiments.col.p": ("p (fixed test)", "p 值（固定样本）"),
    "experiments.col.p_adj": ("p (Holm)", "p 值（Holm 校正）"),
    "experiments.col.beat": ("Chance to beat control", "优于对照组的概率"),
    "experiments.col.loss": ("Expected loss", "预期损失"),
    "experiments.col.rpu": ("Revenue per user", "人均收入"),
    "experiments.col.rpu_ci": ("Revenue per user interval", "人均收入区间"),
    "experiments.col.rpu_diff": ("Revenue per user vs control", "人均收入差（对比对照组）"),
    "experiments.col.control": ("control", "对照组"),
    "experiments.col.day": ("Day", "日期"),
    "experiments.col.diff": ("Rate difference", "转化率差"),
    "experiments.col.mde": ("Minimum detectable lift", "最小可检测提升"),
    "experiments.col.per_arm": ("Users per variant", "每组用户数"),
    "experiments.col.days": ("Days", "天数"),
    "experiments.chart.rates": ("Conversion rate per variant", "各分组转化率"),
    "experiments.chart.lifts": ("Lift against the control", "相对对照组的提升"),
    "experiments.chart.lift_caption": (
        "Blue bar: the always-valid interval (safe to read daily); orange ticks: the "
        "fixed-horizon interval (valid once, at the planned size).",
        "蓝色条：始终有效区间（可每天查看）；橙色刻度：固定样本区间（只在达到计划样本量时读一次有效）。",
    ),
    "experiments.chart.fixed": ("Fixed-horizon interval", "固定样本区间"),
    "experiments.chart.always": ("Always-valid interval", "始终有效区间"),
    "experiments.reading_caption": (
        "Intervals at {level}. Conversion rate: Wilson interval; lift: delta method; p: pooled "
        "two-proportion z test (Holm-adjusted with several variants); chance to beat control "
        "and expected loss: Beta(1 + conversions, 1 + non-conversions) posteriors; revenue per "
        "user: {rpu}.",
        "区间置信水平 {level}。转化率：Wilson 区间；提升：Delta 方法；p 值：合并方差的两比例 z 检验"
        "（多个分组时 Holm 校正）；优于对照组的概率和预期损失：Beta(1 + 转化数, 1 + 未转化数) 后验；"
        "人均收入：{rpu}。",
    ),
    "experiments.rpu_method.welch": ("Welch's t interval", "Welch t 区间"),
    "experiments.rpu_method.bootstrap": (
        "percentile bootstrap of users (2,000 resamples)",
        "用户百分位自助法（2,000 次重抽样）",
    ),
    "experiments.rpu_method.none": (
        "no interval (the spread of revenue per user is not known from a typed total)",
        "无区间（手动填写的总收入无法得知人均收入的离散程度）",
    ),
    # ---- over time
    "experiments.time_caption": (
        "Each day shows the difference in conversion rate with everyone exposed so far. The "
        "always-valid band (shaded) may be read every day; the narrower fixed-horizon interval "
        "(dashed) is valid only once, at the planned size. The first days' wide intervals run "
        "off the chart.",
        "每天显示截至当天全部曝光用户的转化率差。始终有效区间（阴影）可以每天查看；较窄的固定样本区间"
        "（虚线）只在达到计划样本量时读一次才有效。最初几天的区间很宽，超出图表范围。",
    ),
    "experiments.time_needs_events": (
        "The daily view needs an event log with times; typed counts have none.",
        "按天查看需要带时间的事件日志；手动填写的数字没有时间。",
    ),
    # ---- planning
    "experiments.plan.intro": (
        "How many users a fixed-horizon test needs (two-sided, Cohen's h as statsmodels' "
        "NormalIndPower), and the smallest lift a given duration can find.",
        "固定样本测试需要多少用户（双侧检验，Cohen's h，与 statsmodels 的 NormalIndPower 一致），以及给定"
        "时长能发现的最小提升。",
    ),
    "experiments.plan_base": ("Baseline conversion rate (%)", "基准转化率（%）"),
    "experiments.plan_mde": ("Minimum detectable lift (%)", "最小可检测提升（%）"),
    "experiments.plan_power": ("Power", "检验功效"),
    "experiments.plan_power.0.8": ("80%", "80%"),
    "experiments.plan_power.0.9": ("90%", "90%"),
    "experiments.plan_traffic": ("Users a day (all variants)", "每天用户数（所有分组）"),
    "experiments.plan_arms": ("Variants (with control)", "分组数（含对照组）"),
    "experiments.plan_days": ("Days available", "可用天数"),
    "experiments.plan.per_arm": ("Users per variant", "每组用户数"),
    "experiments.plan.total": ("Users in all", "总用户数"),
    "experiments.plan.days": ("Days needed", "所需天数"),
    "experiments.plan.mde_at": ("Lift findable in {days} days", "{days} 天内可发现的提升"),
    "experiments.plan.mde_none": ("none reachable", "无法达到"),
    "experiments.plan.chart": (
        "Users per variant by minimum detectable lift",
        "不同最小可检测提升所需的每组用户数",
    ),
    "experiments.plan.note": (
        "Planned at α = {alpha}. Read the test once at this size, or use the always-valid "
        "reading, which may be read daily and needs somewhat more users to conclude.",
        "按 α = {alpha} 规划。达到该样本量时读一次结果；或使用始终有效的结论，它可以每天查看，但需要稍多的"
        "用户才能得出结论。",
    ),
    "experiments.plan.bad": (
        "These settings cannot be planned: {error}",
        "无法按这些设置规划：{error}",
    ),
    # ---- method
    "experiments.method.text": (
        "- **Exposure**: a user enters the test at their first event carrying a variant; "
        "users seen in two variants are left out.\n"
        "- **Conversion**: the conversion event at or after exposure, until the test's last "
        "event with a variant. **Revenue per user**: the conversion events' value summed per "
        "user, zeros included.\n"
        "- **Sample ratio mismatch**: χ² of users per variant against the planned split (even "
        "unless stated); "
        "p < 0.001 blocks the verdict.\n"
        "- **Fixed-horizon test**: pooled two-proportion z test; valid when read once at the "
        "planned size; Holm's correction across variants.\n"
        "- **Always-valid reading**: Gaussian-mixture confidence sequence (Robbins' normal "
        "mixture; Howard et al. 2021, Waudby-Smith et al. 2023; as in GrowthBook and Statsig), "
        "tuned for 5,000 users, Bonferroni across variants. Looking every day does not raise "
        "false winners above α.\n"
        "- **Bayesian view**: Beta(1 + conversions, 1 + non-conversions) posteriors; chance to "
        "beat control and expected loss (the conversion rate given up on average by choosing "
        "the variant), 100,000 seeded draws.\n"
        "- **Verdict**: fix the assignment (sample ratio mismatch) > ship (always-valid "
        "interval above zero) > stop (interval below zero, or below the smallest lift worth "
        "shipping) > keep running.",
        "- **曝光**：用户第一次带分组的事件即进入测试；出现在两个分组的用户被排除。\n"
        "- **转化**：曝光时或之后、测试最后一个带分组事件之前的转化事件。**人均收入**：每位用户转化事件"
        "金额之和（含零）。\n"
        "- **样本比例不符**：各分组用户数与计划分配比例（未填写则为均分）的 χ² 检验；p < 0.001 时阻止结论。\n"
        "- **固定样本检验**：合并方差的两比例 z 检验；只在达到计划样本量时读一次才有效；多分组用 Holm 校正。\n"
        "- **始终有效的结论**：高斯混合置信序列（Robbins 正态混合；Howard 等 2021、Waudby-Smith 等 2023；"
        "与 GrowthBook、Statsig 相同），按 5,000 位用户调优，多分组用 Bonferroni 校正。每天查看也不会让"
        "误判率超过 α。\n"
        "- **贝叶斯视角**：Beta(1 + 转化数, 1 + 未转化数) 后验；优于对照组的概率和预期损失（选择该分组平均"
        "损失的转化率），100,000 次固定种子抽样。\n"
        "- **结论**：先修正分配（样本比例不符）> 上线（始终有效区间高于零）> 停止（区间低于零，或低于值得"
        "上线的最小提升）> 继续运行。",
    ),
    "experiments.download": ("Download the reading", "下载结果"),
    # ---- weekly report
    "home.report.section.experiments": ("Experiment", "实验"),
    "home.report.experiment_note": (
        "{variants} variants on the column {column}, {start} – {end}, {users} users. Verdict: "
        "{verdict}.",
        "分组列 {column} 上的 {variants} 个分组，{start} – {end}，{users} 位用户。结论：{verdict}。",
    ),
}
