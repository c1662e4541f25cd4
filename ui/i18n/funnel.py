"""Strings of the funnel page."""

STRINGS: dict[str, tuple[str, str]] = {
    "funnel.intro": (
        "Where do users drop out between the steps of buying? Pick the steps from your event log, state how they are counted, and see which step broke, for whom, and what it costs.",
        "用户在购买的哪一步流失？从行为日志中选择步骤、设定计数规则，查看哪一步出了问题、影响了哪些用户、损失多少。",
    ),
    "funnel.input": ("Input", "输入"),
    "funnel.input.events": ("Event log", "行为日志"),
    "funnel.input.table": ("Aggregated counts", "汇总数据"),
    "funnel.help.input": (
        "Event log: one row per user event, all features. Aggregated counts: one number per step (e.g. 生意参谋 visitors / add-to-cart users / ordering buyers / paying buyers); no per-user features.",
        "行为日志：每行一个用户行为，可用全部功能。汇总数据：每步一个数字（如生意参谋的访客数 / 加购人数 / 下单买家数 / 支付买家数），不含按用户的分析。",
    ),
    "funnel.cannot": (
        "The funnel cannot be computed with these settings: {error}",
        "无法按当前设置计算漏斗：{error}",
    ),
    # aggregated table
    "funnel.table.intro": (
        "Give one count per step, in funnel order. Conversion rates, intervals and drop-offs are computed from these counts.",
        "按漏斗顺序为每一步填写一个数字，据此计算转化率、置信区间和流失。",
    ),
    "funnel.table.source": ("Counts from", "数据来源"),
    "funnel.table.source.type": ("Type or paste", "手动输入或粘贴"),
    "funnel.table.source.traffic": ("Traffic dataset (column totals)", "渠道流量数据（列合计）"),
    "funnel.table.source.upload": ("Upload a table", "上传表格"),
    "funnel.table.upload": ("Funnel table (CSV or Excel)", "漏斗表（CSV 或 Excel）"),
    "funnel.table.upload_hint": (
        "Upload a table with a step column and a count column, or one number column per step (e.g. 访客数, 加购人数, 下单买家数, 支付买家数; rows such as days are summed).",
        "上传包含“步骤”列和“数量”列的表，或每步一列数字的表（如访客数、加购人数、下单买家数、支付买家数；按天等多行会被合计）。",
    ),
    "funnel.table.bad": (
        "This table cannot be used as a funnel: {error}",
        "此表无法用作漏斗：{error}",
    ),
    "funnel.table.columns": ("Steps (number columns, in order)", "步骤（数字列，按顺序）"),
    "funnel.table.pick_two": (
        "Pick at least two columns, in funnel order.",
        "请按漏斗顺序至少选择两列。",
    ),
    "funnel.table.traffic_note": (
        "Each count is the column's total over all rows of the traffic dataset. Daily visitor counts summed over days count a returning visitor once per day.",
        "每个数字是该列在渠道流量数据中所有行的合计。按天的访客数相加时，回访访客每天各计一次。",
    ),
    "funnel.table.default.0": ("Visitors", "访客数"),
    "funnel.table.default.1": ("Add-to-cart users", "加购人数"),
    "funnel.table.default.2": ("Ordering buyers", "下单买家数"),
    "funnel.table.default.3": ("Paying buyers", "支付买家数"),
    "funnel.table.fill": (
        "Fill in a name and a count for every step (delete empty rows).",
        "请为每一步填写名称和数量（删除空行）。",
    ),
    "funnel.table.steps_range": (
        "A funnel needs 2 to 10 steps; this table has {n}.",
        "漏斗需要 2 到 10 步；此表有 {n} 步。",
    ),
    "funnel.table.limits": (
        "With aggregated counts there is no conversion window, step order, breakdown, trend, time to convert or list of dropped users: load an event log for those.",
        "汇总数据没有转化窗口、步骤顺序、细分、趋势、转化时长和流失用户名单；如需这些功能请加载行为日志。",
    ),
    # steps
    "funnel.few_names": (
        "The event log has fewer than two different event names; a funnel needs at least two steps.",
        "行为日志中的事件名称少于两种；漏斗至少需要两步。",
    ),
    "funnel.steps": ("Steps", "步骤"),
    "funnel.steps_help": (
        "Pick 2 to 10 steps in order. A step can group several event names (e.g. view, page_view and 浏览 as one View step). The numbers in brackets are event counts.",
        "按顺序选择 2 到 10 个步骤。一个步骤可以合并多个事件名称（如 view、page_view、浏览 合为“浏览”）。括号内为事件次数。",
    ),
    "funnel.n_steps": ("Number of steps", "步骤数"),
    "funnel.step_label": ("Step {i} name", "第 {i} 步名称"),
    "funnel.step_events": ("Step {i} events", "第 {i} 步事件"),
    "funnel.step_n": ("Step {i}", "第 {i} 步"),
    # lang15: display names of the standard stages of analytics.funnel.STEP_VOCABULARY
    "funnel.stage.View": ("View", "浏览"),
    "funnel.stage.Cart": ("Cart", "加购"),
    "funnel.stage.Checkout": ("Checkout", "结算"),
    "funnel.stage.Purchase": ("Purchase", "支付"),
    "funnel.err.empty_step": (
        "Every step needs at least one event name: pick events for the empty steps or lower the number of steps.",
        "每一步至少需要一个事件名称：请为空的步骤选择事件，或减少步骤数。",
    ),
    "funnel.err.twice": (
        "An event name is used in two steps; each event name can belong to one step only.",
        "有事件名称被用在两个步骤中；每个事件名称只能属于一个步骤。",
    ),
    # rules
    "funnel.rules": ("Counting rules", "计数规则"),
    "funnel.count": ("Count", "计数方式"),
    "funnel.count.users": ("Unique users", "去重用户"),
    "funnel.count.totals": ("Totals", "总次数"),
    "funnel.help.count": (
        "Unique users: each user once, by their attempt that got furthest. Totals: every attempt (every step-1 event starts one) counts.",
        "去重用户：每个用户只计一次，取其走得最远的一次尝试。总次数：每次尝试（每个第 1 步事件开始一次）都计入。",
    ),
    "funnel.order": ("Step order", "步骤顺序"),
    "funnel.order.sequential": ("Sequential", "依次完成"),
    "funnel.order.strict": ("Strict", "严格连续"),
    "funnel.order.any": ("Any order", "任意顺序"),
    "funnel.help.order": (
        "Sequential: steps in order, other events allowed between. Strict: each step must be the user's very next event. Any order: after step 1, the other steps in any order.",
        "依次完成：按顺序完成，中间可有其他行为。严格连续：每一步必须是用户的下一个行为。任意顺序：第 1 步之后，其余步骤顺序不限。",
    ),
    "funnel.window": ("Conversion window", "转化窗口"),
    "funnel.window_unit": ("Unit", "单位"),
    "funnel.help.window": (
        "Measured from the step-1 event: later steps count only within this time (minutes up to 90 days).",
        "从第 1 步事件开始计时：之后的步骤只在此时长内计入（从几分钟到 90 天）。",
    ),
    "funnel.window_max": (
        "The conversion window is at most 90 days; 90 days is used.",
        "转化窗口最长 90 天；已按 90 天计算。",
    ),
    "funnel.unit.minutes": ("minutes", "分钟"),
    "funnel.unit.hours": ("hours", "小时"),
    "funnel.unit.days": ("days", "天"),
    "funnel.exclude": ("Leave out in-progress users", "排除转化期内用户"),
    "funnel.help.exclude": (
        "A user is in progress when the window of their latest step-1 event had not ended by the last event in the data: their result could still change.",
        "若用户最近一次第 1 步事件的转化窗口在数据最后一个事件时仍未结束，则视为仍在转化期内：其结果仍可能变化。",
    ),
    "funnel.rule.order.sequential": (
        "- **Order: sequential.** Steps must happen in order; other events may happen between them.",
        "- **顺序：依次完成。** 各步骤须按顺序发生，中间可以有其他行为。",
    ),
    "funnel.rule.order.strict": (
        "- **Order: strict.** Each step must be the user's very next event; any other event in between (a repeat of a step too) breaks the attempt.",
        "- **顺序：严格连续。** 每一步必须是用户紧接着的下一个行为；中间出现任何其他行为（包括重复某一步）即中断。",
    ),
    "funnel.rule.order.any": (
        "- **Order: any.** Step 1 starts the attempt; the other steps may follow in any order. A user reaches step k when steps 1 to k have all happened.",
        "- **顺序：任意。** 第 1 步开始一次尝试，其余步骤顺序不限；完成了第 1 到第 k 步全部步骤才算到达第 k 步。",
    ),
    "funnel.rule.window": (
        "- **Window: {window}**, measured from the step-1 event (a step exactly at the end still counts).",
        "- **窗口：{window}**，从第 1 步事件开始计时（恰好在窗口结束时发生的步骤也计入）。",
    ),
    "funnel.rule.count.users": (
        "- **Unique users:** each user counts once, by the attempt that got furthest (ties: the earliest). Every step-1 event starts an attempt.",
        "- **去重用户：** 每个用户计一次，取走得最远的一次尝试（并列时取最早的）。每个第 1 步事件开始一次尝试。",
    ),
    "funnel.rule.count.totals": (
        "- **Totals:** every attempt counts; every step-1 event starts one, so one user can count several times.",
        "- **总次数：** 每次尝试都计入；每个第 1 步事件开始一次尝试，因此同一用户可计多次。",
    ),
    "funnel.rule.ties": (
        "- Events with the same timestamp are taken in step order. Users who start mid-funnel (no step-1 event) are not counted.",
        "- 时间戳相同的事件按步骤顺序处理。没有第 1 步事件、从中途开始的用户不计入。",
    ),
    "funnel.progress_excluded": (
        "{n} still in progress (window not ended by the last event in the data) are left out of the rates.",
        "{n} 个仍在转化期内（窗口在数据最后一个事件时尚未结束），未计入转化率。",
    ),
    "funnel.progress_included": (
        "{n} still in progress (window not ended by the last event in the data) are included; their rates may still rise.",
        "{n} 个仍在转化期内（窗口在数据最后一个事件时尚未结束），已计入；其转化率可能还会上升。",
    ),
    "funnel.totals_note": (
        "Totals count attempts, not people; breakdowns, trend, time to convert and exports below count unique users.",
        "总次数统计的是尝试次数而非人数；下方的细分、趋势、转化时长和导出按去重用户统计。",
    ),
    # tabs
    "funnel.tab.steps": ("Steps", "步骤转化"),
    "funnel.tab.time": ("Time to convert", "转化时长"),
    "funnel.tab.breakdown": ("Breakdown", "细分"),
    "funnel.tab.trend": ("Trend and comparison", "趋势与对比"),
    "funnel.tab.export": ("Export", "导出"),
    # results
    "funnel.metric.entered": ("Entered (step 1)", "进入（第 1 步）"),
    "funnel.help.entered": (
        "Users (or attempts, in totals) who did step 1, after leaving out those in progress when that option is on.",
        "完成第 1 步的用户数（总次数模式下为尝试次数），开启排除选项时不含仍在转化期内的用户。",
    ),
    "funnel.metric.completed": ("Completed (last step)", "完成（最后一步）"),
    "funnel.metric.overall": ("Overall conversion", "整体转化率"),
    "funnel.help.overall": (
        "Overall conversion = users reaching the last step / users at step 1.",
        "整体转化率 = 到达最后一步的用户数 / 第 1 步用户数。",
    ),
    "funnel.no_entries": (
        "No one entered the funnel with these settings: check the step-1 events, or turn off leaving out users in progress.",
        "按当前设置没有人进入漏斗：请检查第 1 步事件，或关闭“排除仍在转化期内的用户”。",
    ),
    "funnel.not_nested": (
        "Some step has more than the step before it: the counts are not nested (e.g. purchases without a cart event), so some rates exceed 100% and have no interval.",
        "有步骤的数量超过了上一步：各步不是逐层包含的（如未加购直接购买），部分转化率超过 100%，无法给出置信区间。",
    ),
    "funnel.biggest": (
        "Biggest drop-off: {prev} → {step}, {n} lost ({share} of the previous step).",
        "最大流失：{prev} → {step}，流失 {n}（占上一步的 {share}）。",
    ),
    "funnel.col.step": ("Step", "步骤"),
    # lang15: columns of the dropped-users export
    "funnel.col.last_step": ("Last step reached", "最后到达的步骤"),
    "funnel.col.start": ("First step at", "第 1 步时间"),
    "funnel.col.last_step_time": ("Last step at", "最后一步时间"),
    "funnel.col.users": ("Users", "用户数"),
    "funnel.col.count": ("Count", "数量"),
    "funnel.col.conv_prev": ("Conversion from previous step", "较上一步转化率"),
    "funnel.col.conv_prev_low": ("from previous: 95% low", "较上一步：95% 下限"),
    "funnel.col.conv_prev_high": ("from previous: 95% high", "较上一步：95% 上限"),
    "funnel.col.conv_first": ("Conversion from step 1", "较第 1 步转化率"),
    "funnel.col.conv_first_low": ("from step 1: 95% low", "较第 1 步：95% 下限"),
    "funnel.col.conv_first_high": ("from step 1: 95% high", "较第 1 步：95% 上限"),
    "funnel.col.dropped": ("Dropped", "流失数"),
    "funnel.col.drop_share": ("Drop-off share", "流失率"),
    "funnel.col.biggest_drop": ("Biggest drop-off", "最大流失"),
    "funnel.col.revenue_at_risk": ("Revenue at risk", "潜在损失金额"),
    "funnel.help.conv_prev": (
        "Users at this step / users at the previous step.",
        "本步用户数 / 上一步用户数。",
    ),
    "funnel.help.conv_first": (
        "Users at this step / users at step 1.",
        "本步用户数 / 第 1 步用户数。",
    ),
    "funnel.help.dropped": (
        "Users at the previous step who did not reach this one; drop-off share = dropped / users at the previous step.",
        "到达上一步但未到达本步的用户数；流失率 = 流失数 / 上一步用户数。",
    ),
    "funnel.help.risk": (
        "Revenue at risk = users dropped at this step x average order value (AOV = revenue / orders). An upper bound: not every lost user would have bought.",
        "潜在损失金额 = 本步流失用户数 x 客单价（客单价 = 收入 / 订单数）。这是上限：并非每位流失用户都会购买。",
    ),
    "funnel.ci_note": (
        "Intervals are 95% Wilson score intervals on each rate.",
        "区间为各转化率的 95% Wilson 置信区间。",
    ),
    "funnel.aov.orders": (
        "Revenue at risk uses the average order value of the orders dataset ({aov}; AOV = revenue / orders, returns left out).",
        "潜在损失金额使用订单数据的客单价（{aov}；客单价 = 收入 / 订单数，不含退货）。",
    ),
    "funnel.aov.events": (
        "Revenue at risk uses the average price of the last step's events ({aov}), as no orders dataset is loaded.",
        "未加载订单数据，潜在损失金额使用最后一步事件的平均价格（{aov}）。",
    ),
    "funnel.aov.none": (
        "Load an orders dataset (or an event log with prices) to see the revenue at risk.",
        "加载订单数据（或带价格的行为日志）即可查看潜在损失金额。",
    ),
    # time to convert
    "funnel.time.from": ("From step", "起始步骤"),
    "funnel.time.to": ("To step", "目标步骤"),
    "funnel.time.same": ("Pick two different steps.", "请选择两个不同的步骤。"),
    "funnel.time.none": ("No user reached both steps.", "没有用户同时到达这两步。"),
    "funnel.time.n": ("Users who reached both", "同时到达的用户数"),
    "funnel.time.median": ("Median", "中位数"),
    "funnel.time.p90": ("90th percentile", "第 90 百分位"),
    "funnel.time.axis": ("Time to convert ({unit})", "转化时长（{unit}）"),
    "funnel.time.note": (
        "Time between the two steps in each user's counted attempt. In any-order mode the later step can come first: those times are negative.",
        "每位用户计入的那次尝试中两步之间的时间。任意顺序模式下，后一步可能先发生，此时时长为负。",
    ),
    # breakdown
    "funnel.bd.none": (
        "The event log has no property columns (channel, device, ...) to break the funnel down by; load an orders dataset to break it down by RFM segment.",
        "行为日志中没有可用于细分的属性列（渠道、设备等）；加载订单数据可按 RFM 分层细分。",
    ),
    "funnel.bd.by": ("Break down by", "细分维度"),
    "funnel.bd.rfm": ("RFM segment (from orders)", "RFM 分层（来自订单）"),
    "funnel.bd.top": ("Top values shown", "显示前几个值"),
    "funnel.bd.other": ("Other", "其他"),
    "funnel.bd.missing": ("(missing)", "（缺失）"),
    "funnel.bd.segment": ("Segment", "细分"),
    "funnel.bd.rate": ("Overall conversion", "整体转化率"),
    "funnel.bd.low": ("95% low", "95% 下限"),
    "funnel.bd.high": ("95% high", "95% 上限"),
    "funnel.bd.rest": ("Conversion of the rest", "其余用户转化率"),
    "funnel.bd.p": ("p-value vs the rest", "与其余用户比较的 p 值"),
    "funnel.bd.test": ("Test", "检验方法"),
    "funnel.bd.small_col": ("Under 30 users", "少于 30 人"),
    "funnel.bd.small": (
        "{n} segments have fewer than 30 users: their rates are unreliable (shown faded).",
        "{n} 个细分少于 30 人：其转化率不可靠（图中以浅色显示）。",
    ),
    "funnel.bd.note": (
        "Each user is put in the segment of their step-1 event (RFM: their customer segment, joined on user ID = customer ID). Each segment's overall conversion is tested against all other users: two-sided two-proportion z-test, or Fisher's exact test when an expected count is below 5. The dashed line is the overall conversion.",
        "每位用户按其第 1 步事件的属性归入细分（RFM：按用户 ID = 客户 ID 匹配客户分层）。各细分的整体转化率与其余全部用户比较：双侧两比例 z 检验；期望频数小于 5 时用 Fisher 精确检验。虚线为整体转化率。",
    ),
    "funnel.test.z": ("two-proportion z-test", "两比例 z 检验"),
    "funnel.test.fisher": ("Fisher's exact test", "Fisher 精确检验"),
    # trend and comparison
    "funnel.trend.by": ("Entry", "进入时间"),
    "funnel.trend.D": ("by day", "按天"),
    "funnel.trend.W": ("by week", "按周"),
    "funnel.trend.bucket": ("Entry (step-1 date)", "进入时间（第 1 步日期）"),
    "funnel.trend.progress": ("still in progress", "仍在转化期内"),
    "funnel.trend.done": ("complete", "已完整"),
    "funnel.trend.none": ("No users entered the funnel.", "没有用户进入漏斗。"),
    "funnel.trend.note": (
        "Users are bucketed by the step-1 date of their counted attempt (weeks start on Monday). Red triangles: buckets whose users could still be inside their window at the end of the data; their rates may still rise.",
        "用户按其计入尝试的第 1 步日期分组（每周从周一开始）。红色三角：该组用户在数据结束时可能仍在窗口内，转化率可能还会上升。",
    ),
    "funnel.cmp.title": ("This period against the previous one", "本期与上期对比"),
    "funnel.cmp.days": ("Period length (days)", "周期长度（天）"),
    "funnel.cmp.empty": (
        "One of the two periods has no users entering the funnel: choose a shorter or longer period.",
        "两个周期中有一个没有用户进入漏斗：请调整周期长度。",
    ),
    "funnel.cmp.prev": ("Previous: {rng}", "上期：{rng}"),
    "funnel.cmp.cur": ("This period: {rng}", "本期：{rng}"),
    "funnel.cmp.pp": ("{pp} pp", "{pp} 个百分点"),
    "funnel.cmp.entered": ("Entered this period", "本期进入人数"),
    "funnel.cmp.cur_short": ("This period", "本期"),
    "funnel.cmp.prev_short": ("Previous period", "上期"),
    "funnel.cmp.split": (
        "Change in overall conversion, split by step",
        "整体转化率变化的分步贡献",
    ),
    "funnel.cmp.pp_axis": ("Contribution (percentage points)", "贡献（百分点）"),
    "funnel.cmp.split_note": (
        "Overall conversion is the product of the step-to-step rates. Each bar is that step's share of the change (Shapley split: the average effect of switching that rate from the previous period to this one); the bars add up to the change. Periods end at the last event in the data, or one window earlier when users in progress are left out.",
        "整体转化率等于各步转化率的乘积。每根柱子是该步对变化的贡献（Shapley 分解：把该步转化率从上期换成本期的平均影响），各柱之和等于总变化。周期截止于数据最后一个事件；排除转化期内用户时再提前一个窗口。",
    ),
    "funnel.cmp.no_split": (
        "A step had no users in one period, so the change cannot be split by step.",
        "某一步在其中一期没有用户，无法按步骤分解变化。",
    ),
    # export
    "funnel.export.steps": ("Step table", "步骤表"),
    "funnel.export.dropped": ("Users who dropped (for retargeting)", "流失用户名单（用于再营销）"),
    "funnel.export.at": ("Dropped before", "流失于"),
    "funnel.export.at_fmt": ("{prev} → {step}", "{prev} → {step}"),
    "funnel.export.count": (
        "{n} users reached the previous step but not this one.",
        "{n} 位用户到达了上一步但未到达这一步。",
    ),
    # --- issue 14 item 2 (helper "kinds"): a log with a single event name ---
    "funnel.one_event": (
        'Every event in this log is "{event}": a funnel needs two or more steps (for example view, '
        "then cart, then purchase), so there is no funnel to draw. Load an event log with more "
        "than one kind of event (or, for a log without an event column, pick its event name on "
        "the Import page). Below is what this log can show: how many users were active.",
        "此日志中的所有事件都是“{event}”：漏斗需要两个或以上的步骤（例如浏览、加购、购买），"
        "因此无法绘制漏斗。请加载包含多种事件的行为日志（没有事件列的日志可在导入页选择事件名称）。"
        "下面是此日志能显示的内容：活跃用户数。",
    ),
    "funnel.one.users": ("Users", "用户数"),
    "funnel.one.events": ("Events", "事件数"),
    "funnel.one.per_user": ("Events per user", "人均事件数"),
    "funnel.one.day": ("Day", "日期"),
    "funnel.one.daily": ("Users per day", "每日用户数"),
    "funnel.one.help": (
        "Users per day = distinct user IDs with at least one event that day.",
        "每日用户数 = 当天至少有一次事件的不同用户 ID 数。",
    ),
    # issue 15 (meeting15): the time-to-convert histogram in human buckets
    "funnel.dur.min": ("min", "分钟"),
    "funnel.dur.h": ("h", "小时"),
    "funnel.dur.d": ("d", "天"),
    "funnel.dur.axis": ("Time to convert", "转化耗时"),
    "funnel.dur.share": ("Share of users", "用户占比"),
}
